"""Tiny evaluation sets in the main-content-eval format (pages/<dataset>.jsonl.gz and
truth.jsonl), written to a temporary folder: the real set may not be copied into the repo."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

EvalPage = tuple[dict[str, Any], dict[str, Any]]
"""(page line, truth record) of one page."""


def eval_page(page_id: str, body_html: str, **truth: Any) -> EvalPage:
    """A page whose id reads `<source_dataset>/<name>`, with the truth fields given."""
    dataset = page_id.split("/")[0]
    html = f"<html><body>{body_html}</body></html>"
    page = {"id": page_id, "source_dataset": dataset, "url": None, "html": html}
    record = {"id": page_id, "source_dataset": dataset, "url": None, "flags": [], **truth}
    return page, record


def full_text(text: str) -> dict[str, Any]:
    return {"truth_kind": "full_text", "article_body": text}


def write_eval_set(root: Path, pages: list[EvalPage]) -> Path:
    (root / "pages").mkdir(parents=True)
    by_dataset: dict[str, list[dict[str, Any]]] = {}
    for page, _ in pages:
        by_dataset.setdefault(page["source_dataset"], []).append(page)
    for name, lines in by_dataset.items():
        with gzip.open(root / "pages" / f"{name}.jsonl.gz", "wt", encoding="utf-8") as handle:
            handle.writelines(json.dumps(page) + "\n" for page in lines)
    truth = "".join(json.dumps(record) + "\n" for _, record in pages)
    (root / "truth.jsonl").write_text(truth, encoding="utf-8")
    return root
