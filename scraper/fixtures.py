"""Fixture regression cases: a saved raw page plus what its record must look like.

`fixtures/<case>/` holds `page.<ext>` and `expected.json`. The expectation has generated parts
(`fields`, `body_starts_with`, `body_ends_with`, `removed_groups`, `error_kind`), which
`scraper fixtures update` rewrites on purpose from the current output and shows as a diff, and
curated parts (`description`, `url`, `must_contain`, `must_not_contain`) that only a person
edits: an update keeps them and reports any that no longer hold.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scraper.cleaners import clean_page
from scraper.config import CleanerConfig
from scraper.fetch.files import load_page
from scraper.records import Article

FIELD_KEYS = ("title", "authors", "published", "source", "section", "language")
CURATED_KEYS = ("description", "url", "must_contain", "must_not_contain")
GENERATED_KEYS = ("fields", "body_starts_with", "body_ends_with", "removed_groups", "error_kind")
_EXPECTED = "expected.json"
_SPACE = re.compile(r"\s+")
SNIPPET_CHARS = 60


@dataclass(frozen=True, slots=True)
class FixtureCase:
    name: str
    folder: Path

    @property
    def expected_path(self) -> Path:
        return self.folder / _EXPECTED

    @property
    def page_path(self) -> Path:
        pages = sorted(p for p in self.folder.iterdir() if p.name.startswith("page."))
        if not pages:
            raise FileNotFoundError(f"{self.folder}: no page.* file")
        return pages[0]

    def expected(self) -> dict[str, Any]:
        if not self.expected_path.exists():
            return {}
        return json.loads(self.expected_path.read_text(encoding="utf-8"))

    def run(self, config: CleanerConfig | None = None) -> Article:
        page = load_page(self.page_path)
        url = self.expected().get("url")
        if url:
            page = type(page)(
                content=page.content, origin=page.origin, url=url, content_type=page.content_type
            )
        return clean_page(page, config)


def load_cases(root: Path, names: Iterable[str] = ()) -> list[FixtureCase]:
    wanted = set(names)
    cases = [
        FixtureCase(p.name, p)
        for p in sorted(root.iterdir())
        if p.is_dir() and any(c.name.startswith("page.") for c in p.iterdir())
    ]
    if wanted:
        missing = wanted - {c.name for c in cases}
        if missing:
            raise KeyError(f"no fixture case named {', '.join(sorted(missing))} in {root}")
        cases = [c for c in cases if c.name in wanted]
    return cases


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def removed_groups(article: Article) -> list[str]:
    groups = {r.rule.split(".", 1)[0] for r in article.removed}
    return sorted(groups - {"meta", "heuristic"})


def check(expected: dict[str, Any], article: Article) -> list[str]:
    """Every way the article misses its expectation; empty when it meets it."""
    problems: list[str] = []
    record = article.to_dict()
    want_error = expected.get("error_kind")
    got_error = article.error.kind if article.error else None
    if "error_kind" in expected and want_error != got_error:
        problems.append(f"error_kind: expected {want_error!r}, got {got_error!r}")
    for key, value in expected.get("fields", {}).items():
        if record.get(key) != value:
            problems.append(f"{key}: expected {value!r}, got {record.get(key)!r}")
    body = _flat(article.body)
    start, end = expected.get("body_starts_with"), expected.get("body_ends_with")
    if start and not body.startswith(_flat(start)):
        problems.append(f"body should start with {start!r}, starts with {body[:SNIPPET_CHARS]!r}")
    if end and not body.endswith(_flat(end)):
        problems.append(f"body should end with {end!r}, ends with {body[-SNIPPET_CHARS:]!r}")
    for snippet in expected.get("must_contain", []):
        if _flat(snippet) not in body:
            problems.append(f"body is missing {snippet!r}")
    for snippet in expected.get("must_not_contain", []):
        if _flat(snippet) in body:
            problems.append(f"body still contains chrome {snippet!r}")
    missing_groups = set(expected.get("removed_groups", [])) - set(removed_groups(article))
    if missing_groups:
        problems.append(f"nothing removed by rule groups {sorted(missing_groups)}")
    return problems


def regenerate(expected: dict[str, Any], article: Article) -> dict[str, Any]:
    """The expectation with its generated parts taken from `article`, curated parts kept."""
    record = article.to_dict()
    new: dict[str, Any] = {k: expected[k] for k in ("description", "url") if k in expected}
    if article.error is None:
        new["fields"] = {k: record[k] for k in FIELD_KEYS}
        body = _flat(article.body)
        new["body_starts_with"] = body[:SNIPPET_CHARS]
        new["body_ends_with"] = body[-SNIPPET_CHARS:]
    for key in ("must_contain", "must_not_contain"):
        if key in expected:
            new[key] = expected[key]
    new["removed_groups"] = removed_groups(article)
    new["error_kind"] = article.error.kind if article.error else None
    return new


def render(expected: dict[str, Any]) -> str:
    return json.dumps(expected, indent=2, ensure_ascii=False) + "\n"


def update(case: FixtureCase, config: CleanerConfig | None = None) -> tuple[str, list[str]]:
    """Rewrite the case's expectation; returns the unified diff and curated checks now failing."""
    old = case.expected()
    article = case.run(config)
    new = regenerate(old, article)
    before = render(old).splitlines(keepends=True) if old else []
    after = render(new).splitlines(keepends=True)
    diff = "".join(
        difflib.unified_diff(
            before, after, f"{case.name}/{_EXPECTED} (before)", f"{case.name}/{_EXPECTED} (after)"
        )
    )
    case.expected_path.write_text(render(new), encoding="utf-8")
    curated = {k: new[k] for k in ("must_contain", "must_not_contain") if k in new}
    return diff, check(curated, article)
