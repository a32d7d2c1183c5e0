# Quick start: `make demo` runs scraper/defaults/jobs/example.toml (the bundled fixtures → out/);
# `make test` runs the linters (ruff, mypy) and the test suite. Both set up .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
EXTRAS ?= test
EVAL_DATASET ?= ../shared/datasets/main-content-eval
BENCH_FLAGS ?=

.PHONY: demo test test-versions lint bench-text bench-html bench-html-speed bench-code-speed bench-embed bench-fetch bench-jobs \
	bench-meta gate bench-gate bench-pathological fuzz bad-inputs clean-venv train-data train train-gate \
	docs-screenshot
FUZZ_TARGETS ?= clean_html clean_text warc
FUZZ_SECONDS ?= 600

$(STAMP): pyproject.toml setup.py scraper/cleaners/_walk.pyx scraper/cleaners/_trees.pyx scraper/normalize/_marks.pyx
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip uninstall --quiet --yes scraper 2>/dev/null || true  # the old name
	$(BIN)/python -m pip install --quiet -e ".[$(EXTRAS)]"
	touch $(STAMP)

demo: $(STAMP)
	rm -rf out/articles.jsonl out/articles.sqlite* out/example.state.sqlite*
	$(BIN)/scraper run scraper/defaults/jobs/example.toml; rc=$$?; [ $$rc -le 1 ]
	@echo "records written to out/articles.jsonl and out/articles.sqlite"

# The README's picture of `scraper explain`, made by the current code and shown in Debian's
# headless chromium the way tests/report/test_explain_browser.py does (apt-get install chromium)
EXPLAIN_PAGE ?= fixtures/html-01-news-html5-inline-boxes/page.html
docs-screenshot: $(STAMP)
	mkdir -p out
	$(BIN)/scraper explain $(EXPLAIN_PAGE) -o out/explain-report.html
	$(BIN)/python -m tests.support.browser out/explain-report.html docs/explain.png

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest
	$(MAKE) test-versions

# The oldest and newest Python the package declares (pyproject.toml: requires-python and its
# classifiers), each in its own venv (.venv-versions/X.Y, made again when pyproject.toml
# changes) with the package and pytest, running a smoke subset: every module imports, the
# package's shape, every fixture cleans. The interpreters are pyenv builds (PYENV_ROOT), or
# pythonX.Y on PATH; a missing one stops with a message saying how to get it.
TEST_VERSIONS ?= 3.10 3.13
PYENV_ROOT ?= $(HOME)/.pyenv
SMOKE_TESTS ?= tests/test_imports.py tests/test_architecture.py tests/fixtures/test_fixtures.py
test-versions:
	@set -e; for v in $(TEST_VERSIONS); do \
	  py=$$(ls -d $(PYENV_ROOT)/versions/$$v.*/bin/python 2>/dev/null | sort -V | tail -n 1); \
	  [ -n "$$py" ] || py=$$(command -v python$$v || true); \
	  if [ -z "$$py" ]; then \
	    echo "make test-versions: no Python $$v (neither $(PYENV_ROOT)/versions/$$v.* nor" \
	      "python$$v on PATH): install it (pyenv install $$v) or set TEST_VERSIONS" >&2; \
	    exit 1; \
	  fi; \
	  env=.venv-versions/$$v; \
	  if [ ! -f $$env/.stamp ] || [ pyproject.toml -nt $$env/.stamp ]; then \
	    rm -rf $$env && $$py -m venv $$env && \
	    $$env/bin/python -m pip install --quiet -e . pytest hypothesis && touch $$env/.stamp; \
	  fi; \
	  echo "smoke run on $$($$env/bin/python -V)"; \
	  $$env/bin/python -m pytest -q -p no:cacheprovider -x $(SMOKE_TESTS); \
	done

# The accuracy gate alone (pytest runs it too): tests/eval/gate/pages.txt against floors.toml.
gate: $(STAMP)
	$(BIN)/scraper gate check --dataset $(EVAL_DATASET)

# Benchmarks (BENCHMARKS.md shows these exact commands). Each refuses to run while the machine is
# busy (exit status 3); `make bench-jobs BENCH_FLAGS=--force` tries things out, and its output is
# NOT A RESULT. Results JSON: out/bench/.
bench-text: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[eval]"
	$(BIN)/python benchmarks/text_accuracy.py $(EVAL_DATASET) $(BENCH_FLAGS)

# Ours and the baselines side by side on every page (about 10 minutes on 2 cores).
bench-html: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[eval]"
	mkdir -p out
	$(BIN)/scraper eval $(EVAL_DATASET) --baselines --jobs 2 \
		--json out/bench-html.json --per-page out/bench-html-pages.jsonl

# Title, authors and date: ours and the baselines in the three protocols, on every page with
# such truth (a few minutes on 2 cores; BENCHMARKS.md "Metadata").
bench-meta: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[eval]"
	mkdir -p out
	$(BIN)/scraper eval $(EVAL_DATASET) --metadata --baselines --jobs 2 \
		--json out/bench-meta.json --per-page out/bench-meta-pages.jsonl

# The labelled-block table a block model learns from (training/build_table.py): every page's
# HTML blocks and text lines with keep/remove labels from the truth, and the ceiling of a
# perfect block classifier per dataset. Written to out/train/ (never committed: it indexes
# the evaluation pages).
train-data: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[eval]"
	$(BIN)/python training/build_table.py $(EVAL_DATASET) out/train --jobs 2

# The block models shipped in scraper/defaults/models/ (cleaners/learned.py): HTML without and with
# trafilatura's vote, and text lines (two tree models and the line sequence model, PyTorch on
# the CPU), fitted with fixed seeds on every dataset but l3s-gn1 (research use only). The gate
# that decides when trafilatura runs is chosen per fold on the training datasets alone
# (training/choose_gate.py); then each dataset is scored leave-one-out through the real
# cleaners beside the hand-set core (training/pipeline_lodo.py, figures in
# out/train/pipeline-lodo.json; training/MODEL_CARD.md). About an hour on 2 cores, the table
# included; a rerun with the same torch writes the shipped files byte for byte (BENCHMARKS.md,
# fifth and thirteenth rounds of issue 15). torch comes from PyTorch's CPU index (PyPI's Linux
# build pulls gigabytes of CUDA that training on the CPU never uses), PyPI's where that index
# cannot be reached.
TRAIN_FLAGS ?= --trees 100 --max-depth 8
TORCH ?= torch==2.13.0
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
train: $(STAMP)
	$(BIN)/python -c "import torch" 2>/dev/null \
		|| $(BIN)/python -m pip install --quiet --retries 1 --timeout 30 "$(TORCH)" \
			--index-url $(TORCH_INDEX) \
		|| $(BIN)/python -m pip install --quiet "$(TORCH)"
	$(BIN)/python -m pip install --quiet -e ".[train,eval]"
	test -f out/train/html_voted.npz || $(MAKE) train-data
	$(BIN)/python training/choose_gate.py out/train $(EVAL_DATASET) $(TRAIN_FLAGS) \
		--json out/train/gates.json
	$(BIN)/python training/pipeline_lodo.py out/train $(EVAL_DATASET) out/train $(TRAIN_FLAGS) \
		--gates out/train/gates.json --ship scraper/defaults/models

# The learned vote gate, validated leave-one-dataset-out on `make train`'s folds
# (out/train/gate-lodo.json); measured, not shipped (training/MODEL_CARD.md, "The vote gate").
train-gate: $(STAMP)
	test -d out/train/folds || $(MAKE) train
	$(BIN)/python training/fit_gate.py $(EVAL_DATASET) out/train

# The accuracy gate's wall time (make test runs the gate; it must stay under 60 s).
bench-gate: $(STAMP)
	$(BIN)/python benchmarks/gate_time.py --rounds 5 $(BENCH_FLAGS)

bench-html-speed: $(STAMP)
	$(BIN)/python benchmarks/html_speed.py --dataset $(EVAL_DATASET) --every 5 --rounds 5 \
		$(BENCH_FLAGS)

# this checkout's clean_html against another checkout's (OTHER=path), in lockstep
bench-code-speed: $(STAMP)
	$(BIN)/python benchmarks/code_speed.py $(OTHER) --dataset $(EVAL_DATASET) --every 5 \
		--rounds 5 $(BENCH_FLAGS)

bench-embed: $(STAMP)
	$(BIN)/python benchmarks/embed_memory.py --calls 10000 --rounds 3 $(BENCH_FLAGS)

bench-fetch: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/fetch_throughput.py --rounds 7 --clean $(BENCH_FLAGS)
	$(BIN)/python benchmarks/fetch_politeness.py --rounds 5 $(BENCH_FLAGS)
	$(BIN)/python benchmarks/fetch_memory.py --rounds 5 $(BENCH_FLAGS)

bench-jobs: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/jobs_scaling.py --rounds 5 $(BENCH_FLAGS)
	$(BIN)/python benchmarks/jobs_overhead.py --rounds 5 $(BENCH_FLAGS)
	$(BIN)/python benchmarks/jobs_big_warc.py --rounds 3 $(BENCH_FLAGS)

# Pathological pages (RELIABILITY.md): each through `scraper clean`, and gzip'd through
# `scraper fetch` from a local server; wall time and peak RSS per process, 3 rounds.
bench-pathological: $(STAMP)
	$(BIN)/python benchmarks/pathological.py --rounds 3

# Each target in turn for FUZZ_SECONDS (fuzz/README.md); findings land in fuzz/findings/.
fuzz: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[fuzz]"
	for target in $(FUZZ_TARGETS); do \
	  $(BIN)/python -m fuzz $$target -max_total_time=$(FUZZ_SECONDS) || exit 1; \
	done

# The bad-input corpus (RELIABILITY.md), written to out/bad-inputs/ and cleaned.
bad-inputs: $(STAMP)
	$(BIN)/python -m tests.support.bad_inputs out/bad-inputs
	$(BIN)/scraper clean out/bad-inputs -o out/bad-inputs.jsonl; [ $$? -le 1 ]

clean-venv:
	rm -rf $(VENV) .venv-versions
