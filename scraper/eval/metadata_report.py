"""What a metadata evaluation writes: a table per protocol (rows: source datasets, `ALL`, and
`ALL but held out`; columns: field × extractor, each field with its page count), the JSON
summary, and the per-page JSON lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scraper.eval.metadata_protocols import FIELDS
from scraper.eval.metadata_run import ALL, EMPTY, VALUE, MetaOutcome, group_order
from scraper.eval.report import write_json_lines
from scraper.eval.settings import HELD_OUT

PROTOCOL_NOTES = {
    "as-is": "the page as served, through clean_html",
    "visible": "JSON-LD scripts and <meta> removed first (what a reader sees)",
    "text": "whole-page text (html_text, guess_layout) through clean_text; no baseline reads text",
}
RULES = (
    "share of pages right ± binomial SE; n = pages whose truth has a value. title: word-set\n"
    "overlap |A∩B|/max(|A|,|B|) ≥ 0.8; authors: a true person among the extracted; date: the\n"
    f"same day ±1. {', '.join(HELD_OUT)} is held out of tuning: its row and ALL include it,\n"
    "'ALL but held out' does not. A failed extraction counts as nothing found; an error\n"
    "record (no body found) is scored on the title, authors and date it carries."
)
_LABEL, _COUNT, _CELL = 18, 6, 15


def _cell(figure: dict[str, Any] | None) -> str:
    if figure is None or figure["share"] is None:
        return f"{'-':<{_CELL}}"
    return f"{figure['share']:.3f} ± {figure['stderr']:.3f}".ljust(_CELL)


def _columns(block: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(field, extractors giving it) in field order."""
    columns = [(f, [n for n, r in block.items() if f in r[VALUE]]) for f in FIELDS]
    return [(f, names) for f, names in columns if names]


def render_protocol(protocol: str, block: dict[str, Any]) -> list[str]:
    columns = _columns(block)
    groups = sorted(
        {g for result in block.values() for f in result[VALUE].values() for g in f},
        key=group_order,
    )
    lines = [f"Protocol {protocol}: {PROTOCOL_NOTES[protocol]}", ""]
    top = "".join(f"{f:<{_COUNT + _CELL * len(names)}}" for f, names in columns)
    lines.append(f"  {'':<{_LABEL}}{top}".rstrip())
    sub = "".join(
        f"{'n':<{_COUNT}}" + "".join(f"{n:<{_CELL}}" for n in names) for _, names in columns
    )
    lines.append(f"  {'dataset':<{_LABEL}}{sub}".rstrip())
    for group in groups:
        row = ""
        for name, extractors in columns:
            figures = [block[e][VALUE][name].get(group) for e in extractors]
            pages = next((f["pages"] for f in figures if f), 0)
            row += f"{pages:<{_COUNT}}" + "".join(_cell(f) for f in figures)
        lines.append(f"  {group:<{_LABEL}}{row}".rstrip())
    lines += ["", *_empty_lines(block), *_failure_lines(block)]
    return lines


def _empty_lines(block: dict[str, Any]) -> list[str]:
    """Expected-empty truths (""), overall: the share where nothing was extracted."""
    parts = []
    for name in FIELDS:
        figures = {e: r[EMPTY][name][ALL] for e, r in block.items() if name in r[EMPTY]}
        if figures:
            pages = next(iter(figures.values()))["pages"]
            shares = ", ".join(f"{e} {f['share']:.3f}" for e, f in figures.items())
            parts.append(f"{name} ({pages} pages): {shares}")
    return ["  expected empty, nothing found: " + "; ".join(parts)] if parts else []


def _failure_lines(block: dict[str, Any]) -> list[str]:
    counts = [
        f"{name} {sum(r['failures'].values())} of {r['pages']}"
        + (f" (and {r['error_records']} error records)" if r["error_records"] else "")
        + f" [{1000 * r['cpu_seconds'] / max(r['pages'], 1):.0f} ms CPU/page]"
        for name, r in block.items()
    ]
    return ["  failed extractions: " + ", ".join(counts)]


def render(summary: dict[str, Any]) -> str:
    lines = ["Metadata: " + RULES.replace("\n", "\n          "), ""]
    for protocol, block in summary.items():
        lines += [*render_protocol(protocol, block), ""]
    return "\n".join(lines).rstrip()


def write_per_page(path: Path, outcomes: list[MetaOutcome], order: list[tuple[str, str]]) -> None:
    """One JSON line per page, protocol and extractor, sorted so two runs diff line by line."""
    rank = {pair: i for i, pair in enumerate(order)}
    rows = sorted(outcomes, key=lambda o: (o.page_id, rank[(o.protocol, o.extractor)]))
    write_json_lines(path, (outcome.record() for outcome in rows))


def write_json(path: Path, summary: dict[str, Any], run: dict[str, Any]) -> None:
    document = {**run, "rules": RULES.replace("\n", " "), "results": summary}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
