"""A setting of the vote gate (`[gate]` in `models.toml`) swept with given models.

Each value gets a copy of the models' folder whose `models.toml` says it; the learned HTML
core cleans the evaluation pages with each, and the kept blocks are scored as `scraper eval`
scores a body, per dataset and over the full-text pages of every dataset but the held-out
`l3s-gn1` (the figure a value is chosen by; l3s-gn1's is printed, never used to choose).

With `--models DIR`, every page is cleaned by the same models (the shipped ones were fitted
on every dataset but l3s-gn1, so this is in-sample for the others). With `--folds DIR`, each
dataset's pages are cleaned by the models fitted without it (`DIR/<dataset>/`, written by
`pipeline_lodo.py`): the value is then chosen on pages no model saw.

Usage: `python training/sweep_gate.py DATASET_DIR OUT (--models DIR | --folds DIR)
--key thin_body_words --values 0,30,60,120`; a band is written low:high
(`--key unsure --values 0.2:0.8,0.3:0.7`). With `--text`, the learned text core judges the
text benchmark's rendering of each page instead (for the `text_*` keys).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lodo import HELD_OUT, score  # noqa: E402
from pipeline_lodo import _kept  # noqa: E402

from scraper.cleaners import cleaners  # noqa: E402
from scraper.config import DEFAULTS_DIR, CleanerConfig  # noqa: E402
from scraper.eval.data import EvalPage, iter_eval_pages, load_truth  # noqa: E402
from scraper.eval.metadata_protocols import text_dump  # noqa: E402
from scraper.records import Page  # noqa: E402


def _kept_for_each(task: tuple[EvalPage, dict[str, str], bool]) -> dict[str, Any]:
    page, folders, text_mode = task
    row: dict[str, Any] = {"id": page.id}
    text = text_dump(page.html) if text_mode else ""
    for value, folder in folders.items():
        config = CleanerConfig(learned=True, model_dir=Path(folder))
        text_cleaner, html_cleaner = cleaners(config)
        if text_mode:  # the text benchmark's rendering of the page, judged line by line
            lines = text_cleaner.judge(Page(content=text, origin=page.id, url=page.url), text)
            row[value] = (_kept(lines.blocks, lines.labels, config.min_body_words), False)
            continue
        judged = html_cleaner.judge(
            Page(content=page.html, origin=page.id, url=page.url), page.html
        )
        row[value] = (
            _kept(judged.dom.blocks, judged.labels, config.min_body_words),
            judged.extractor_ran,
        )
    return row


def toml_value(value: str) -> str:
    """`0.2:0.8` is a band, `[0.2, 0.8]`; anything else a number (`1` whole, `0.5` not)."""
    if ":" in value:
        low, high = (float(part) for part in value.split(":"))
        return f"[{low}, {high}]"
    return value if value.isdigit() else str(float(value))  # a count stays whole


def with_setting(models: Path, folder: Path, settings: dict[str, str]) -> None:
    """A copy of `models` whose `[gate]` says `key = value` for each of `settings`."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(models, folder)
    text = (folder / "models.toml").read_text(encoding="utf-8")
    for key, value in settings.items():
        kept = [line for line in text.splitlines() if not re.match(rf"{key}\s*=", line)]
        text = "\n".join(kept).replace("[gate]", f"[gate]\n{key} = {toml_value(value)}", 1)
    (folder / "models.toml").write_text(text + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("out", type=Path)
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--models", type=Path, default=DEFAULTS_DIR / "models")
    source.add_argument("--folds", type=Path, help="OUT/folds of pipeline_lodo.py")
    parser.add_argument("--key", default="thin_body_words")
    parser.add_argument("--values", default="0,30,60,120")
    parser.add_argument(
        "--set", action="append", default=[], metavar="KEY=VALUE",
        help="another [gate] setting, the same for every value swept (a band low:high)",
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--text", action="store_true", help="clean the text rendering of each page (text keys)"
    )
    args = parser.parse_args()
    values = args.values.split(",")
    fixed = dict(setting.split("=", 1) for setting in args.set)
    truth = load_truth(args.dataset)
    groups = sorted({r["source_dataset"] for r in truth.values()})
    # which models clean which dataset's pages: the same everywhere, or each dataset's fold
    sources = {g: (args.folds / g if args.folds else args.models) for g in groups}
    folders: dict[str, dict[str, str]] = {}
    for group, models in sources.items():
        name = group if args.folds else "all"
        folders[group] = {v: str(args.out / "sweep" / args.key / v / name) for v in values}
        if args.folds or group == groups[0]:
            for value, folder in folders[group].items():
                with_setting(models, Path(folder), fixed | {args.key: value})
    tasks = (
        (page, folders[truth[page.id]["source_dataset"]], args.text)
        for page in iter_eval_pages(args.dataset, truth=truth)
    )
    with ProcessPoolExecutor(args.jobs) as pool:
        pages = list(pool.map(_kept_for_each, tasks, chunksize=8))
    results: dict[str, Any] = {}
    for value in values:
        for group in [*groups, f"full text but {HELD_OUT}"]:
            chosen = {
                page_id: record
                for page_id, record in truth.items()
                if (record["source_dataset"] == group)
                or (
                    group.startswith("full text")
                    and record["source_dataset"] != HELD_OUT
                    and record.get("truth_kind") == "full_text"
                )
            }
            found = score({p["id"]: p[value][0] for p in pages if p["id"] in chosen}, chosen)
            voted = sum(p[value][1] for p in pages if p["id"] in chosen) / len(chosen)
            results[f"{value}/{group}"] = found | {"voted": voted}
            print(
                f"{value:>9} {group:28s} F1 {found['f1']:.4f} P {found['precision']:.4f}"
                f" voted {voted:.0%}",
                file=sys.stderr,
            )
    (args.out / f"sweep-{args.key}.json").write_text(json.dumps(results, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
