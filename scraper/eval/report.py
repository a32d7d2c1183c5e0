"""What an evaluation run writes: the readable side-by-side table of its summary (see
`run.summarise`; one block per source dataset, a row per extractor, so extractors compare down
a column), the JSON summary, and the per-page JSON lines."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scraper.eval.run import Outcome

_NAME = 24
SPEED_NOTE = (
    "docs/s = pages / the sum of each extraction's CPU time, measured in its worker process:\n"
    "a single-process figure whatever --jobs is; wall = the same with wall-clock time."
)


def _figure(block: dict[str, Any], key: str) -> str:
    value = block.get(key)
    if value is None:
        return f"{'n/a':<15}"
    stderr = block.get(f"{key}_stderr")
    text = f"{value:.3f}" if stderr is None else f"{value:.3f} ± {stderr:.3f}"
    return f"{text:<15}"


def _blocks(summary: dict[str, Any], kind: str) -> list[tuple[str, dict[str, dict[str, Any]]]]:
    """(dataset, {extractor: scores}) in the order the datasets appear."""
    datasets: dict[str, dict[str, dict[str, Any]]] = {}
    for name, result in summary.items():
        for dataset, scores in result[kind].items():
            datasets.setdefault(dataset, {})[name] = scores
    return list(datasets.items())


def render(summary: dict[str, Any]) -> str:
    lines: list[str] = []
    full_text = _blocks(summary, "full_text")
    if full_text:
        lines.append(
            "Full-text truth: word-shingle F1, P, R (ScrapingHub benchmark) ± bootstrap SE"
        )
    for dataset, rows in full_text:
        pages = next(iter(rows.values()))["pages"]
        lines += ["", f"{dataset} ({pages} pages)"]
        lines.append(f"  {'extractor':<{_NAME}}{'F1':<15}{'precision':<15}{'recall':<15}exact")
        for name, scores in rows.items():
            figures = "".join(_figure(scores, k) for k in ("f1", "precision", "recall"))
            lines.append(f"  {name:<{_NAME}}{figures}{scores['accuracy']:.3f}")
    snippets = _blocks(summary, "snippets")
    if snippets:
        lines += [
            "",
            "Snippet truth: must / must-not-contain snippets, micro-averaged ± bootstrap SE",
        ]
    for dataset, rows in snippets:
        first = next(iter(rows.values()))
        lines += ["", f"{dataset} ({first['pages']} pages, {first['snippets']} snippets)"]
        lines.append(f"  {'extractor':<{_NAME}}{'F1':<15}{'precision':<15}{'recall':<15}accuracy")
        for name, scores in rows.items():
            figures = "".join(_figure(scores, k) for k in ("f1", "precision", "recall", "accuracy"))
            lines.append(f"  {name:<{_NAME}}{figures.rstrip()}")
    lines += ["", "Speed and failures (a failed extraction scores as empty output)"]
    lines.append(
        f"  {'extractor':<{_NAME}}{'pages':>6}{'docs/s':>9}{'wall':>9}"
        f"{'errors':>8}{'timeouts':>10}{'crashes':>9}"
    )
    for name, result in summary.items():
        failures = result["failures"]
        lines.append(
            f"  {name:<{_NAME}}{result['pages']:>6}{_rate(result['docs_per_s']):>9}"
            f"{_rate(result['docs_per_s_wall']):>9}{failures['error']:>8}"
            f"{failures['timeout']:>10}{failures['crash']:>9}"
        )
    lines += ["", SPEED_NOTE]
    return "\n".join(lines)


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def write_per_page(path: Path, outcomes: list[Outcome], names: list[str]) -> None:
    """One JSON line per page and extractor, sorted so two runs diff line by line."""
    order = {name: i for i, name in enumerate(names)}
    rows = sorted(outcomes, key=lambda o: (o.page_id, order[o.extractor]))
    write_json_lines(path, (outcome.record() for outcome in rows))


def write_json_lines(path: Path, records: Iterable[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_json(path: Path, summary: dict[str, Any], run: dict[str, Any]) -> None:
    document = {**run, "speed": SPEED_NOTE.replace("\n", " "), "results": summary}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
