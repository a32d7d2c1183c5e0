"""The labelled-block table a block model learns from (`make train-data`).

Every page of a `main-content-eval`-style set is cut into blocks twice, as each cleaner sees
it: HTML blocks (parse, scripts dropped, `Segmenter`) and the lines of its whole-page text
rendering (`text_dump`, `segment_text`). Each block gets a keep/remove label from the page's
truth (`scraper.eval.block_labels`). Rows hold positions and labels, not text, so the table
can be kept next to the model without copying the pages; features are computed from the
pages at training time by the cleaners' own code.

The summary scores, per dataset and mode, the text a perfect block classifier would return
(the labelled-keep blocks) against the truth with the benchmark's scorer: the ceiling of any
block model, and a check that the labels say what the truth says.

Usage: `python training/build_table.py DATASET_DIR OUT_DIR [--jobs N] [--sample N]`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scraper.cleaners.dom import Segmenter, drop_code, parse_html  # noqa: E402
from scraper.cleaners.segment import segment_text  # noqa: E402
from scraper.eval.block_labels import kept_text, shingle_labels, snippet_labels  # noqa: E402
from scraper.eval.data import EvalPage, choose, iter_eval_pages, load_truth  # noqa: E402
from scraper.eval.metadata_protocols import text_dump  # noqa: E402
from scraper.eval.scoring import PageScore, corpus_score, score_page  # noqa: E402

MODES = ("html", "text")


def mode_blocks(page: EvalPage, mode: str) -> list[str]:
    if mode == "text":
        return [block.text for block in segment_text(text_dump(page.html))]
    tree = parse_html(page.html)
    drop_code(tree)
    return [block.text for block in Segmenter().run(tree).blocks]


def label_page(page: EvalPage) -> list[dict[str, Any]]:
    """One result per mode: the block labels, and the ceiling's page score."""
    results: list[dict[str, Any]] = []
    for mode in MODES:
        try:
            blocks = mode_blocks(page, mode)
        except Exception as exc:  # a page the segmenter refuses is a row of its own
            results.append({"id": page.id, "mode": mode, "error": f"{type(exc).__name__}: {exc}"})
            continue
        truth = page.truth
        if page.full_text:
            labels = shingle_labels(blocks, truth["article_body"] or "")
            score = score_page(kept_text(blocks, labels), truth["article_body"] or "")
            ceiling: dict[str, Any] = {
                "tp": score.tp, "fp": score.fp, "fn": score.fn, "exact": score.exact
            }
        else:
            labels = snippet_labels(
                blocks, truth.get("with_snippets") or [], truth.get("without_snippets") or []
            )
            ceiling = {}
        results.append(
            {
                "id": page.id,
                "dataset": page.dataset,
                "mode": mode,
                "labels": [None if label is None else int(label) for label in labels],
                "words": [len(text.split()) for text in blocks],
                "ceiling": ceiling,
            }
        )
    return results


def labelled(root: Path, jobs: int, sample: int | None) -> Iterator[dict[str, Any]]:
    truth = choose(load_truth(root), sample=sample)
    pages = iter_eval_pages(root, truth=truth)
    if jobs <= 1:
        for page in pages:
            yield from label_page(page)
        return
    with ProcessPoolExecutor(jobs) as pool:
        for results in pool.map(label_page, pages, chunksize=8):
            yield from results


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    by: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if "labels" in row:
            by[row["dataset"], row["mode"]].append(row)
    summary: dict[str, Any] = {}
    for (dataset, mode), group in sorted(by.items()):
        labels = [label for row in group for label in row["labels"]]
        entry: dict[str, Any] = {
            "pages": len(group),
            "blocks": len(labels),
            "keep": labels.count(1),
            "remove": labels.count(0),
            "unknown": labels.count(None),
        }
        ceilings = [row["ceiling"] for row in group if row["ceiling"]]
        if ceilings:
            entry["ceiling"] = corpus_score([PageScore(**c) for c in ceilings]).as_dict()
        summary[f"{dataset}/{mode}"] = entry
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sample", type=int, default=None)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = list(labelled(args.dataset, args.jobs, args.sample))
    rows.sort(key=lambda row: (row["id"], row["mode"]))
    with gzip.open(args.out / "blocks.jsonl.gz", "wt", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, sort_keys=True) + "\n")
    summary = summarise(rows)
    errors = [row for row in rows if "error" in row]
    (args.out / "summary.json").write_text(
        json.dumps({"summary": summary, "errors": errors}, indent=1) + "\n", encoding="utf-8"
    )
    for key, entry in summary.items():
        ceiling = entry.get("ceiling", {})
        print(
            f"{key:28} pages {entry['pages']:5} blocks {entry['blocks']:7} keep {entry['keep']:6}"
            f" remove {entry['remove']:7} unknown {entry['unknown']:6}"
            + (f"  ceiling F1 {ceiling['f1']:.3f}" if ceiling else ""),
            file=sys.stderr,
        )
    print(f"{len(errors)} errors", file=sys.stderr)


if __name__ == "__main__":
    main()
