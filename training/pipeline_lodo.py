"""Leave-one-dataset-out through the real cleaners, beside the hand-set core.

`lodo.py` scores a model's choice of blocks on the training table; this scores what a user
gets. For each dataset D, the block models (HTML without the extractor's vote, HTML with it,
and for text lines the first tree model, the line sequence model and the second tree model
that reads both) are fitted on every other dataset except the held-out `l3s-gn1` and those
named by `--exclude`, written to `OUT/folds/D/` like `scraper/defaults/models/`, and
the cleaners built on them clean D's pages — HTML as served, and the whole-page text
rendering of the text benchmark — with trafilatura asked only where the first model is
unsure. The hand-set core (`CleanerConfig(learned=False)`) cleans the same pages. Scored
like `scraper eval`.

The hand-set core's choices do not depend on the models: they are kept in
`OUT/hand-<dataset>.json` and read back by the next run (delete them after changing the
hand-set stages).

The fold of `l3s-gn1` is fitted on everything but it (and `--exclude`): those are the models
to ship, and `--ship DIR` copies them there (`make train` writes `scraper/defaults/models/`).

Usage: `python training/pipeline_lodo.py out/train DATASET_DIR OUT [--exclude dragnet]
[--ship scraper/defaults/models]`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from export_model import from_sklearn  # noqa: E402
from lodo import HELD_OUT, SEED, Table, balanced, model, page_weights, score  # noqa: E402
from sequence_model import SequenceFits  # noqa: E402
from text_context import second_stage  # noqa: E402

from scraper.cleaners import cleaners  # noqa: E402
from scraper.cleaners.learned import (  # noqa: E402
    DEFAULT_THIN_BODY_WORDS,
    DEFAULT_UNSURE,
    DEFAULT_UNSURE_SHARE,
)
from scraper.cleaners.line_sequence import COLUMN as SEQUENCE_COLUMN  # noqa: E402
from scraper.cleaners.text_context import NAMES as CONTEXT_NAMES  # noqa: E402
from scraper.config import CleanerConfig  # noqa: E402
from scraper.eval.data import EvalPage, iter_eval_pages, load_truth  # noqa: E402
from scraper.eval.metadata_protocols import text_dump  # noqa: E402
from scraper.normalize.text import count_words  # noqa: E402
from scraper.records import Page  # noqa: E402

MODEL_FILES = {
    "html": "block-html.npz",
    "html_voted": "block-html-voted.npz",
    "text": "block-text.npz",
}
CONTEXT_FILE = "block-text-context.npz"
SEQUENCE_FILE = "block-text-sequence.npz"
UNSURE = DEFAULT_UNSURE
UNSURE_SHARE = DEFAULT_UNSURE_SHARE  # the gate where `--gates` (choose_gate.py) has none
# what trafilatura's vote does not read: the link lists and chrome regions the first model
# gives under this (chosen among 0.2/0.5 on the tuning datasets: BENCHMARKS.md, "Sixth round
# of issue 15")
VOTE_PRUNE_BELOW = 0.2
# after the run of a page's likeliest blocks only what the model is sure of stays (chosen
# among 0.2-0.8 (none), 0.4/0.5/0.6/0.7/0.8-0.8 and both sides or after only on the tuning
# datasets: BENCHMARKS.md, "Seventh round of issue 15"); the run reaches a block past it
AFTER_RUN_BAND = (0.8, 0.8)
RUN_REACH = 1
# the text core chosen on the five tuning datasets (BENCHMARKS.md, "Fourth round of issue 15:
# the text core"): the second model, removing what it doubts outside the likeliest run
TEXT_CONTEXT = True
TEXT_UNSURE = (0.6, 0.8)
TEXT_RUN_UNSURE = DEFAULT_UNSURE
TEXT_RUN_REACH = 2  # the run's band reaches two lines past it (a credit line after a lineup)
# the line sequence model's probability as a column of the second model (BENCHMARKS.md,
# "Twelfth round of issue 15" measured it, the thirteenth shipped it)
TEXT_SEQUENCE = True


def fit_models(
    tables: dict[str, Table], leave_out: set[str], trees: int, depth: int | None, folder: Path,
    card: dict[str, str], gate: float = UNSURE_SHARE, text: TextCore | None = None,
    reuse: Path | None = None, sequence: SequenceFits | None = None,
) -> None:
    """Fit one model per table on the datasets not in `leave_out`; write them with
    `models.toml` into `folder`. With `text.context`, the text lines get a second model
    (`training/text_context.py`), and `text.band` is their unsure band; with `sequence`
    too, the line sequence model fitted on the same datasets is a column of it. A model file
    found in `reuse` (the same fold of an earlier run, fitted alike) is copied instead."""
    folder.mkdir(parents=True, exist_ok=True)
    text = text or TextCore()
    text_files = [CONTEXT_FILE] if text.context else []
    if text.context and sequence is not None:
        text_files.append(SEQUENCE_FILE)
    for name in [*MODEL_FILES.values(), *text_files]:
        if reuse is not None and (reuse / name).exists():
            shutil.copyfile(reuse / name, folder / name)
    for mode, table in tables.items():
        needed = [MODEL_FILES[mode], *(text_files if mode == "text" else [])]
        if all((folder / name).exists() for name in needed):
            continue
        words = np.expm1(table.X[:, table.names.index("log_words")])
        weights = page_weights(table.y, table.page, words)
        row_dataset = table.datasets[table.page]
        fit = ~np.isin(row_dataset, sorted(leave_out)) & (table.y >= 0)
        classifier = model(SEED, trees, depth)
        classifier.fit(
            table.X[fit], table.y[fit], sample_weight=balanced(weights, row_dataset, fit)[fit]
        )
        trained_on = sorted(set(row_dataset[fit]))
        from_sklearn(classifier, table.names).save(
            folder / MODEL_FILES[mode], card | {"mode": mode, "trained on": ", ".join(trained_on)}
        )
        if mode == "text" and text.context:
            on = frozenset(trained_on)
            names = table.names + CONTEXT_NAMES
            extra = None
            if sequence is not None:
                sequence.model(on)  # fitted here, or found where an earlier run kept it
                shutil.copyfile(sequence.path(on), folder / SEQUENCE_FILE)
                extra, names = sequence.column, (*names, SEQUENCE_COLUMN)
            width = len(names) - len(table.names) - len(CONTEXT_NAMES)
            second = second_stage(table, on, trees, depth, extra=extra, extra_width=width)
            from_sklearn(second, names).save(
                folder / CONTEXT_FILE,
                card | {"mode": "text context", "trained on": ", ".join(trained_on)},
            )
    files = "\n".join(f'{mode} = "{name}"' for mode, name in MODEL_FILES.items())
    if text.context:
        files += f'\ntext_context = "{CONTEXT_FILE}"'
    if SEQUENCE_FILE in text_files:
        files += f'\ntext_sequence = "{SEQUENCE_FILE}"'
    low, high = UNSURE
    after_low, after_high = AFTER_RUN_BAND
    text_low, text_high = text.band
    run_low, run_high = text.run_band
    (folder / "models.toml").write_text(
        f"[files]\n{files}\n\n[gate]\nunsure = [{low}, {high}]\nunsure_share = {gate}\n"
        f"thin_body_words = {DEFAULT_THIN_BODY_WORDS}\nvote_prune_below = {VOTE_PRUNE_BELOW}\n"
        f"after_run_band = [{after_low}, {after_high}]\nrun_reach = {RUN_REACH}\n"
        f"text_unsure = [{text_low}, {text_high}]\n"
        + (
            f"text_run_unsure = [{run_low}, {run_high}]\ntext_run_reach = {text.run_reach}\n"
            if text.context
            else ""
        ),
        encoding="utf-8",
    )


@dataclass(frozen=True)
class TextCore:
    """How text lines are decided: with the second model or not, the band inside which the
    hand-set label stands, and (with the second model) the band for the lines of its likeliest
    run and how many lines past the run it reaches."""

    context: bool = TEXT_CONTEXT
    band: tuple[float, float] = TEXT_UNSURE
    run_band: tuple[float, float] = TEXT_RUN_UNSURE
    run_reach: int = TEXT_RUN_REACH


def _clean_page(task: tuple[EvalPage, str, bool, bool]) -> dict[str, Any]:
    """The learned (models in the folder) and, with `hand`, the hand-set choices for one
    page, HTML (unless `text_only`) and text."""
    page, folder, hand, text_only = task
    out: dict[str, Any] = {"id": page.id}
    text = text_dump(page.html)
    cores = [("learned", CleanerConfig(learned=True, model_dir=Path(folder)))]
    if hand:
        cores.append(("hand", CleanerConfig(learned=False)))
    for core, config in cores:
        text_cleaner, html_cleaner = cleaners(config)
        if not text_only:
            source = Page(content=page.html, origin=page.id, url=page.url)
            html = html_cleaner.judge(source, page.html)
            out[f"{core}/html"] = _kept(html.dom.blocks, html.labels, config.min_body_words)
            out[f"{core}/ran"] = html.extractor_ran
        lines = text_cleaner.judge(Page(content=text, origin=page.id, url=page.url), text)
        out[f"{core}/text"] = _kept(lines.blocks, lines.labels, config.min_body_words)
    return out


def _kept(blocks: Any, labels: Any, min_words: int) -> list[str]:
    """The body's blocks, none where `assemble` would find too few words for an article."""
    kept = [b.text for b, label in zip(blocks, labels, strict=True) if label is None]
    return kept if sum(count_words(text) for text in kept) >= min_words else []


def cleaned(
    root: Path, truth: dict[str, Any], folder: Path, jobs: int, hand: bool, text_only: bool
) -> Iterator[dict[str, Any]]:
    tasks = ((page, str(folder), hand, text_only) for page in iter_eval_pages(root, truth=truth))
    with ProcessPoolExecutor(jobs) as pool:
        yield from pool.map(_clean_page, tasks, chunksize=4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("table", type=Path)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--exclude", action="append", default=[])
    parser.add_argument("--only", action="append", default=[], help="only these held-out folds")
    parser.add_argument("--trees", type=int, default=100)
    parser.add_argument("--max-depth", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--gates", type=Path, help="per fold, from training/choose_gate.py")
    parser.add_argument("--ship", type=Path, help=f"copy the models fitted without {HELD_OUT} here")
    parser.add_argument("--text-only", action="store_true", help="clean and score text alone")
    parser.add_argument(
        "--reuse", type=Path, help="copy each fold's model files from REUSE/<fold>/ where there"
    )
    parser.add_argument(
        "--text-context", action=argparse.BooleanOptionalAction, default=TEXT_CONTEXT,
        help="a second text model over the first one's probabilities around each line",
    )
    parser.add_argument(
        "--text-sequence", action=argparse.BooleanOptionalAction, default=TEXT_SEQUENCE,
        help="with --text-context: the line sequence model's probability as its column (fits"
        " kept in OUT/sequence/)",
    )
    parser.add_argument(
        "--text-band", type=float, nargs=2, default=TEXT_UNSURE, metavar=("LOW", "HIGH"),
        help="the text lines' unsure band",
    )
    parser.add_argument(
        "--text-run-band", type=float, nargs=2, default=TEXT_RUN_UNSURE, metavar=("LOW", "HIGH"),
        help="with --text-context: the band of the lines in the second model's likeliest run",
    )
    parser.add_argument(
        "--text-run-reach", type=int, default=TEXT_RUN_REACH,
        help="with --text-context: lines either side of the run judged in its band too",
    )
    args = parser.parse_args()
    text = TextCore(
        args.text_context, (args.text_band[0], args.text_band[1]),
        (args.text_run_band[0], args.text_run_band[1]), args.text_run_reach,
    )
    tables = {mode: Table.load(args.table, mode) for mode in MODEL_FILES}
    sequence = (
        SequenceFits(tables["text"], args.out / "sequence")
        if args.text_context and args.text_sequence
        else None
    )
    truth = load_truth(args.dataset)
    datasets = sorted({record["source_dataset"] for record in truth.values()})
    results: dict[str, Any] = {}
    card = {"seed": str(SEED), "trees": str(args.trees), "max depth": str(args.max_depth)}
    gates = json.loads(args.gates.read_text(encoding="utf-8")) if args.gates else {}
    for held in args.only or datasets:
        gate = gates.get(held, {}).get("gate", UNSURE_SHARE)
        folder = args.out / "folds" / held
        shutil.rmtree(folder, ignore_errors=True)
        started = time.process_time()
        fit_models(
            tables, {held, HELD_OUT, *args.exclude}, args.trees, args.max_depth, folder, card,
            gate, text, args.reuse / held if args.reuse else None, sequence,
        )
        fitted = time.process_time() - started
        chosen = {
            id_: record for id_, record in truth.items() if record["source_dataset"] == held
        }
        # the hand-set core does not depend on the models: cleaned once, then read back
        hand_file = args.out / f"hand-{held}.json"
        known = json.loads(hand_file.read_text(encoding="utf-8")) if hand_file.exists() else None
        pages = list(
            cleaned(args.dataset, chosen, folder, args.jobs, known is None, args.text_only)
        )
        if known is None:
            known = {p["id"]: {k: v for k, v in p.items() if k.startswith("hand/")} for p in pages}
            hand_file.write_text(json.dumps(known), encoding="utf-8")
        for page in pages:
            page.update(known[page["id"]])
        line: dict[str, Any] = {
            "fit_cpu_seconds": round(fitted, 1), "pages": len(pages), "gate": gate
        }
        modes = ("text",) if args.text_only else ("html", "text")
        for key in (f"{core}/{mode}" for mode in modes for core in ("learned", "hand")):
            line[key] = score({p["id"]: p[key] for p in pages}, chosen)
        shown = [
            f"{mode} learned {line[f'learned/{mode}']['f1']:.3f}"
            f" (P {line[f'learned/{mode}']['precision']:.3f}) hand {line[f'hand/{mode}']['f1']:.3f}"
            for mode in modes
        ]
        if not args.text_only:
            line["extractor_share"] = sum(p["learned/ran"] for p in pages) / max(len(pages), 1)
            shown.append(f"trafilatura on {line['extractor_share']:.0%}")
        results[held] = line
        print(f"{held:18} " + " | ".join(shown), file=sys.stderr)
        (args.out / "pipeline-lodo.json").write_text(
            json.dumps(results, indent=1) + "\n", encoding="utf-8"
        )
        if held == HELD_OUT and args.ship:
            args.ship.mkdir(parents=True, exist_ok=True)
            for name in (CONTEXT_FILE, SEQUENCE_FILE):
                (args.ship / name).unlink(missing_ok=True)
            for name in (*MODEL_FILES.values(), "models.toml", CONTEXT_FILE, SEQUENCE_FILE):
                if (folder / name).exists():
                    shutil.copyfile(folder / name, args.ship / name)


if __name__ == "__main__":
    main()
