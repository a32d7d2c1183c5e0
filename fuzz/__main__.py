"""`python -m fuzz TARGET [libFuzzer flags...]`: coverage-guided fuzzing with atheris.

    python -m fuzz clean_html -max_total_time=600     # ten minutes on the HTML cleaner
    python -m fuzz warc -runs=20000                    # a fixed number of inputs
    python -m fuzz clean_text --replay fuzz/findings/clean_text/crash-*   # re-run inputs

The corpus lives in `fuzz/corpus/TARGET/` (seeded on first use from `fixtures/` and from a
few WARC/WET files written with warcio) and findings land in `fuzz/findings/TARGET/`; both
are git-ignored. A finding that was fixed goes into `tests/test_fuzz_regressions.py`.
`--replay` needs no atheris, so findings can be re-run anywhere.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULTS = ["-timeout=30", "-max_len=20000", "-rss_limit_mb=3072", "-print_final_stats=1"]
INSTRUMENTED = ["scraper", "fuzz", "warcio"]
TARGET_NAMES = ("clean_html", "clean_text", "warc")
"""Named here, not imported: scraper must first be imported under atheris' instrumentation."""


def _usage() -> int:
    print(__doc__.strip(), file=sys.stderr)
    print(f"\ntargets: {', '.join(TARGET_NAMES)}", file=sys.stderr)
    return 2


def replay(target: str, paths: list[str]) -> int:
    """Run the target on each file and report the ones that still fail."""
    import traceback

    from fuzz.targets import TARGETS

    failed = 0
    for name in paths:
        try:
            TARGETS[target](Path(name).read_bytes())
        except Exception:
            failed += 1
            print(f"FAIL {name}", file=sys.stderr)
            traceback.print_exc()
        else:
            print(f"ok   {name}", file=sys.stderr)
    return 1 if failed else 0


def fuzz(target: str, flags: list[str]) -> None:
    import atheris

    with atheris.instrument_imports(include=INSTRUMENTED):
        import scraper.cli  # noqa: F401  (imported lazily elsewhere: instrument it now)
        from fuzz.seeds import seed_corpus
        from fuzz.targets import TARGETS
    corpus = HERE / "corpus" / target
    findings = HERE / "findings" / target
    findings.mkdir(parents=True, exist_ok=True)
    seed_corpus(target, corpus, ROOT / "fixtures")
    argv = [sys.argv[0], *DEFAULTS, f"-artifact_prefix={findings}/", *flags, str(corpus)]
    atheris.Setup(argv, TARGETS[target])
    atheris.Fuzz()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in TARGET_NAMES:
        return _usage()
    target, rest = argv[0], argv[1:]
    if rest[:1] == ["--replay"]:
        return replay(target, rest[1:])
    fuzz(target, rest)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
