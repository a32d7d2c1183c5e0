"""Records identical before and after a speed change: every evaluation page's record, HTML and
text, dumped on one commit and compared with the dump of another.

A change made only for speed or memory must not move a single record: body, removed blocks
and their rule ids, title, authors, dates, everything `Article.to_dict` writes. Each page is
cleaned as HTML (`clean_html`) and as its whole-page text rendering (`clean_text` of
`text_dump`, the metadata evaluation's text protocol), with a generous timeout so that a busy
machine cannot turn a record into a timeout.

`--learned` cleans with the learned core (`CleanerConfig(learned=True)`) instead of the
default one: a change to what both cores share (labelling, the vote) is compared under each.

Usage (run `dump` with each commit's own checkout and venv, one process at a time is enough):
    python benchmarks/same_records.py dump out/records-main.jsonl.gz [--learned]
    python benchmarks/same_records.py dump out/records-branch.jsonl.gz [--learned]
    python benchmarks/same_records.py compare out/records-main.jsonl.gz out/records-branch.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from itertools import islice
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_pages import EVAL_SET  # noqa: E402

import scraper  # noqa: E402
from scraper.config import CleanerConfig  # noqa: E402
from scraper.eval.data import iter_eval_pages  # noqa: E402
from scraper.eval.metadata_protocols import text_dump  # noqa: E402

TIMEOUT = 600.0
MODES = ("html", "text")


def dump(out: Path, limit: int | None, learned: bool = False) -> int:
    """One line per page and mode: the page id, the mode and the record."""
    out.parent.mkdir(parents=True, exist_ok=True)
    config = CleanerConfig(learned=learned)
    count = 0
    with gzip.open(out, "wt", encoding="utf-8") as handle:
        for page in islice(iter_eval_pages(EVAL_SET), limit):
            records = {
                "html": scraper.clean_html(
                    page.html, url=page.url, config=config, timeout=TIMEOUT
                ),
                "text": scraper.clean_text(
                    text_dump(page.html), url=page.url, config=config, timeout=TIMEOUT
                ),
            }
            for mode in MODES:
                line = {"page": page.id, "mode": mode, "record": records[mode].to_dict()}
                handle.write(json.dumps(line, sort_keys=True, ensure_ascii=False) + "\n")
            count += 1
    core = "learned" if learned else "default"
    print(f"{count} pages, HTML and text, {core} core: {out}")
    return 0


def _read(path: Path) -> dict[tuple[str, str], dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lines = (json.loads(line) for line in handle)
        return {(line["page"], line["mode"]): line["record"] for line in lines}


def compare(before: Path, after: Path) -> int:
    """Which records differ, and in which fields; exit status 1 when any does."""
    old, new = _read(before), _read(after)
    if old.keys() != new.keys():
        print(f"different pages: {len(old.keys() ^ new.keys())} in one dump only")
        return 1
    differ = sorted(key for key in old if old[key] != new[key])
    for mode in MODES:
        pages = sum(1 for _page, m in old if m == mode)
        changed = sum(1 for _page, m in differ if m == mode)
        print(f"{mode}: identical on {pages - changed} of {pages} pages")
    for page, mode in differ[:50]:
        fields = sorted(k for k in old[page, mode] if old[page, mode][k] != new[page, mode].get(k))
        print(f"  {page} ({mode}): {', '.join(fields)}")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump", help="clean every page and write the records")
    dumping.add_argument("out", type=Path)
    dumping.add_argument("--limit", type=int, default=None, help="the first N pages only")
    dumping.add_argument(
        "--learned", action="store_true", help="clean with the learned core, not the default"
    )
    comparing = commands.add_parser("compare", help="compare two dumps")
    comparing.add_argument("before", type=Path)
    comparing.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        return dump(args.out, args.limit, args.learned)
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
