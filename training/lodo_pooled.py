"""The pooled figure of a `pipeline_lodo.py` run: every full-text page of every held-out fold
scored together, learned and hand-set cores side by side.

`pipeline_lodo.py` scores each held-out dataset on its own; the text target is one figure
over all 2,942 full-text renderings (corpus precision and recall are means over pages, so
pooling the datasets' figures by page count is not the same number). This cleans each
dataset's pages again with the models of its own fold (`OUT/folds/<dataset>/`, left by the
run), exactly as the run cleaned them, and pools the page scores.

Usage: `python training/lodo_pooled.py OUT DATASET_DIR [--html]` (OUT as given to
`pipeline_lodo.py`; `make train` uses out/train).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lodo import HELD_OUT, page_scores  # noqa: E402
from pipeline_lodo import cleaned  # noqa: E402

from scraper.eval.data import load_truth  # noqa: E402
from scraper.eval.scoring import PageScore, corpus_score  # noqa: E402

TUNING_LEFT_OUT = (HELD_OUT,)  # the tuning datasets' figure leaves out the pure held-out one


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--html", action="store_true", help="HTML too (slower: votes run)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    truth = load_truth(args.dataset)
    full = {r["source_dataset"] for r in truth.values() if r.get("truth_kind") == "full_text"}
    modes = ("html", "text") if args.html else ("text",)
    scores: dict[str, dict[str, list[PageScore]]] = {}
    for held in sorted(full):
        chosen = {i: r for i, r in truth.items() if r["source_dataset"] == held}
        folder = args.out / "folds" / held
        pages = list(cleaned(args.dataset, chosen, folder, args.jobs, True, not args.html))
        for mode in modes:
            for core in ("learned", "hand"):
                key = f"{core}/{mode}"
                kept = {p["id"]: p[key] for p in pages}
                scores.setdefault(key, {})[held] = page_scores(kept, chosen)[0]
        print(f"{held}: {len(pages)} pages", file=sys.stderr, flush=True)
    report = {}
    for key, by_dataset in scores.items():
        every = [s for pages in by_dataset.values() for s in pages]
        tuning = [s for d, pages in by_dataset.items() if d not in TUNING_LEFT_OUT for s in pages]
        report[key] = {
            "pooled": corpus_score(every, bootstrap=200).as_dict(),
            "tuning": corpus_score(tuning, bootstrap=200).as_dict(),
        }
        pooled, tuned = report[key]["pooled"], report[key]["tuning"]
        print(
            f"{key:13} pooled {pooled['f1']:.4f} ± {pooled['f1_stderr']:.4f} "
            f"(P {pooled['precision']:.4f}, R {pooled['recall']:.4f}, {pooled['pages']} pages)"
            f" | tuning {tuned['f1']:.4f}"
        )
    (args.out / "pipeline-lodo-pooled.json").write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
