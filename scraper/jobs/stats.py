"""What a run did, for its summary on stderr and for `scraper.run_job`'s return value: inputs
by outcome, removals by rule, records emitted. `scraper clean`, `scraper fetch` and
`scraper run` all count with it, so their summaries read the same."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from scraper.records import Article

TOP_RULES = 12


def outcome_of(article: Article, duplicate: str | None = None) -> str:
    """`article`, `duplicate:<kind>` or `error:<kind>`: an error wins over a duplicate."""
    if article.error is not None:
        return f"error:{article.error.kind}"
    return f"duplicate:{duplicate}" if duplicate else "article"


@dataclass(slots=True)
class RunStats:
    """`outcomes` counts inputs; `not_pages` the files found in folders that were not
    inputs, by reason (`scraper.sources.sniff`)."""

    outcomes: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)
    emitted: int = 0
    not_pages: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: str, article: Article | None) -> None:
        self.outcomes[outcome] += 1
        if article is not None and outcome != "already done":
            self.emitted += 1
            self.rules.update(r.rule for r in article.removed)

    def add_article(self, article: Article) -> None:
        self.add(outcome_of(article), article)

    @property
    def errors(self) -> int:
        return sum(n for k, n in self.outcomes.items() if k.startswith("error:"))

    @property
    def seen(self) -> int:
        return sum(self.outcomes.values())

    def lines(self) -> list[str]:
        parts = ", ".join(f"{k} {n}" for k, n in sorted(self.outcomes.items()))
        lines = [f"{self.seen} inputs, {self.emitted} records emitted: {parts or 'none'}"]
        if self.rules:
            top = ", ".join(f"{rule} {n}" for rule, n in self.rules.most_common(TOP_RULES))
            lines.append(f"removed by rule: {top}")
        if self.not_pages:
            reasons = ", ".join(f"{why} {n}" for why, n in sorted(self.not_pages.items()))
            lines.append(f"skipped in folders: {reasons}")
        return lines
