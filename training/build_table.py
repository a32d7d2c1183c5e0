"""The labelled-block table a block model learns from (`make train-data`).

Every page of a `main-content-eval`-style set is judged three times by the hand-set stages
(no block model): the HTML cleaner on the page without trafilatura's vote (`html`, what the
model that runs first learns from) and with it (`html_voted`), and the text cleaner on its
whole-page text rendering (`text_dump`). Each block becomes a row of `FeatureSpace` numbers
(the hand-set stages' findings, its neighbourhood) with a keep/remove label from the page's truth
(`scraper.eval.block_labels`; -1 where snippet truth says nothing). No text is written, only
numbers and page ids, in `OUT_DIR/<mode>.npz`; the blocks' text, for scoring, goes to
`OUT_DIR/<mode>-texts.jsonl.gz` (evaluation data: it stays in `out/`).

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
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from scraper.cleaners import cleaners  # noqa: E402
from scraper.cleaners.block_features import FeatureSpace  # noqa: E402
from scraper.cleaners.html import Votes  # noqa: E402
from scraper.config import CleanerConfig  # noqa: E402
from scraper.eval.block_labels import kept_text, shingle_labels, snippet_labels  # noqa: E402
from scraper.eval.data import EvalPage, choose, iter_eval_pages, load_truth  # noqa: E402
from scraper.eval.metadata_protocols import text_dump  # noqa: E402
from scraper.eval.scoring import PageScore, corpus_score, score_page  # noqa: E402
from scraper.records import Page  # noqa: E402

MODES = ("html", "html_voted", "text")
HAND = CleanerConfig(learned=False)


@lru_cache(maxsize=1)
def feature_space() -> FeatureSpace:
    text_cleaner, _html = cleaners(HAND)
    return FeatureSpace(text_cleaner.rules.groups)


def judged_blocks(page: EvalPage, mode: str) -> tuple[list[str], list[list[float]]]:
    """The blocks' text and feature rows, as the cleaner of `mode` judged them."""
    text_cleaner, html_cleaner = cleaners(HAND)
    space = feature_space()
    if mode == "text":
        text = text_dump(page.html)
        judged = text_cleaner.judge(Page(content=text, origin=page.id, url=page.url), text)
        return [block.text for block in judged.blocks], space.rows(
            judged.blocks, judged.stats, judged.evidence, judged.hand
        )
    source = Page(content=page.html, origin=page.id, url=page.url)
    votes: Votes = "always" if mode == "html_voted" else "never"
    html = html_cleaner.judge(source, page.html, votes=votes)
    return [block.text for block in html.dom.blocks], space.rows(
        html.dom.blocks, html.stats, html.evidence, html.hand
    )


def label_page(page: EvalPage) -> list[dict[str, Any]]:
    """One result per mode: the block labels, and the ceiling's page score."""
    results: list[dict[str, Any]] = []
    for mode in MODES:
        try:
            blocks, rows = judged_blocks(page, mode)
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
                "labels": [-1 if label is None else int(label) for label in labels],
                "texts": blocks,
                "rows": np.asarray(rows, np.float32).reshape(len(rows), len(feature_space().names)),
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


def summarise(pages: list[dict[str, Any]]) -> dict[str, Any]:
    by: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for page in pages:
        if "labels" in page:
            by[page["dataset"], page["mode"]].append(page)
    summary: dict[str, Any] = {}
    for (dataset, mode), group in sorted(by.items()):
        labels = [label for page in group for label in page["labels"]]
        entry: dict[str, Any] = {
            "pages": len(group),
            "blocks": len(labels),
            "keep": labels.count(1),
            "remove": labels.count(0),
            "unknown": labels.count(-1),
        }
        ceilings = [page["ceiling"] for page in group if page["ceiling"]]
        if ceilings:
            entry["ceiling"] = corpus_score([PageScore(**c) for c in ceilings]).as_dict()
        summary[f"{dataset}/{mode}"] = entry
    return summary


def write_texts(pages: list[dict[str, Any]], mode: str, path: Path) -> None:
    """The blocks' text per page, for scoring a model's choice against the truth. It is the
    evaluation pages' text: it stays in `out/` and is never committed."""
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for page in pages:
            if page["mode"] == mode and "labels" in page:
                handle.write(json.dumps({"id": page["id"], "texts": page["texts"]}) + "\n")


def write_mode(pages: list[dict[str, Any]], mode: str, path: Path) -> None:
    """`X` (blocks × features), `y` (1 keep, 0 remove, -1 unknown), `page` (row → index into
    `ids`), `ids` and `datasets` per page, and the feature names."""
    chosen = [page for page in pages if page["mode"] == mode and "labels" in page]
    width = len(feature_space().names)
    np.savez_compressed(
        path,
        X=np.concatenate([page["rows"] for page in chosen] or [np.zeros((0, width), np.float32)]),
        y=np.asarray([label for page in chosen for label in page["labels"]], dtype=np.int8),
        page=np.repeat(np.arange(len(chosen), dtype=np.int32), [len(p["rows"]) for p in chosen]),
        ids=np.asarray([page["id"] for page in chosen]),
        datasets=np.asarray([page["dataset"] for page in chosen]),
        names=np.asarray(feature_space().names),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sample", type=int, default=None)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    pages = list(labelled(args.dataset, args.jobs, args.sample))
    pages.sort(key=lambda page: (page["id"], page["mode"]))
    for mode in MODES:
        write_mode(pages, mode, args.out / f"{mode}.npz")
        write_texts(pages, mode, args.out / f"{mode}-texts.jsonl.gz")
    summary = summarise(pages)
    errors = [page for page in pages if "error" in page]
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
