"""The thin-body threshold of the vote gate (`thin_body_words`), swept with given models.

Each value gets a copy of the models' folder whose `models.toml` says it; the learned HTML
core cleans every page of the evaluation set with each, and the kept blocks are scored as
`scraper eval` scores a body, per dataset and over the full-text pages of every dataset but
the held-out `l3s-gn1` (the figure a value is chosen by; l3s-gn1's is printed, not used).

Usage: `python training/sweep_thin.py DATASET_DIR OUT [--models scraper/defaults/models]
[--values 0,30,60,120]`.
"""

from __future__ import annotations

import argparse
import json
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
from scraper.records import Page  # noqa: E402


def _kept_for_each(task: tuple[EvalPage, dict[int, str]]) -> dict[str, Any]:
    page, folders = task
    row: dict[str, Any] = {"id": page.id}
    for value, folder in folders.items():
        config = CleanerConfig(learned=True, model_dir=Path(folder))
        judged = cleaners(config)[1].judge(
            Page(content=page.html, origin=page.id, url=page.url), page.html
        )
        row[str(value)] = (
            _kept(judged.dom.blocks, judged.labels, config.min_body_words),
            judged.extractor_ran,
        )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--models", type=Path, default=DEFAULTS_DIR / "models")
    parser.add_argument("--values", default="0,30,60,120")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    folders = {}
    for value in (int(v) for v in args.values.split(",")):
        folder = args.out / "thin" / str(value)
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(args.models, folder)
        settings = (folder / "models.toml").read_text(encoding="utf-8")
        kept = [line for line in settings.splitlines() if not line.startswith("thin_body_words")]
        text = "\n".join(kept).replace("[gate]", f"[gate]\nthin_body_words = {value}", 1)
        (folder / "models.toml").write_text(text + "\n", encoding="utf-8")
        folders[value] = str(folder)
    truth = load_truth(args.dataset)
    tasks = ((page, folders) for page in iter_eval_pages(args.dataset, truth=truth))
    with ProcessPoolExecutor(args.jobs) as pool:
        pages = list(pool.map(_kept_for_each, tasks, chunksize=8))
    groups = sorted({r["source_dataset"] for r in truth.values()})
    results: dict[str, Any] = {}
    for value in folders:
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
            found = score({p["id"]: p[str(value)][0] for p in pages if p["id"] in chosen}, chosen)
            voted = sum(p[str(value)][1] for p in pages if p["id"] in chosen) / len(chosen)
            results[f"{value}/{group}"] = found | {"voted": voted}
            print(f"{value:5d} {group:28s} F1 {found['f1']:.4f} voted {voted:.0%}", file=sys.stderr)
    (args.out / "thin-sweep.json").write_text(json.dumps(results, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
