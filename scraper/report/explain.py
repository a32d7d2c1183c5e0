"""One page explained: its blocks in reading order, each kept or removed by a named rule with
its reason (and the block model's score where the model judged the page), the record's
metadata with where each field came from, and the site rule that applied.

It is made by the same cleaning run that makes the record (`HtmlCleaner.explain`,
`TextCleaner.explain`), so what it shows is what `scraper clean` writes: a block's rule is
the one in the record's `removed[]` at that block's index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from scraper.cleaners import cleaners, kind_of, page_text
from scraper.cleaners.deadline import Deadline
from scraper.cleaners.sites import SiteRule
from scraper.config import CleanerConfig
from scraper.errors import ParseError, ScraperError
from scraper.records import Article, Block, Page, error_article
from scraper.report.rule_ids import rule_reasons

FIELDS = (
    "title", "authors", "published", "modified", "source", "site", "section", "tags",
    "description", "image", "language", "canonical_url",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ExplainedBlock:
    """`rule` is None for a kept block; `score` the block model's probability that the block
    is article text, where a model judged the page; `xpath` only for removed HTML blocks
    (from the record)."""

    index: int
    text: str
    kind: str
    rule: str | None = None
    score: float | None = None
    xpath: str | None = None


@dataclass(frozen=True, slots=True)
class MetadataField:
    name: str
    value: str
    source: str


@dataclass(frozen=True, slots=True)
class Explanation:
    article: Article
    kind: Literal["html", "text"]
    blocks: tuple[ExplainedBlock, ...] = ()
    fields: tuple[MetadataField, ...] = ()
    reasons: dict[str, str] = field(default_factory=dict)
    site_rule: str | None = None

    @property
    def scored(self) -> bool:
        return any(block.score is not None for block in self.blocks)


def explain_page(page: Page, config: CleanerConfig | None = None) -> Explanation:
    """The page cleaned as `scraper clean` would, with every block's judgement. A page that
    cannot be cleaned (undecodable, past a limit) is explained by its error record alone."""
    text_cleaner, html_cleaner = cleaners(config)
    reasons = {entry.id: entry.reason for entry in rule_reasons(text_cleaner.rules)}
    deadline = Deadline(text_cleaner.config.timeout)
    try:
        text = page_text(page)
        kind: Literal["html", "text"] = "html" if kind_of(page, text) == "html" else "text"
        if kind == "html":
            article, judged, meta = html_cleaner.explain(page, text, deadline)
            blocks, scores, site = judged.dom.blocks, judged.scores, judged.site
        else:
            article, text_judged, meta = text_cleaner.explain(page, text, deadline)
            blocks, scores, site = text_judged.blocks, text_judged.scores, None
    except ScraperError as exc:
        return Explanation(error_article(page, exc.kind, str(exc)), "text", reasons=reasons)
    except RecursionError:
        error = error_article(page, ParseError.kind, "document nested too deeply to clean")
        return Explanation(error, "text", reasons=reasons)
    return Explanation(
        article,
        kind,
        tuple(_explained(article, blocks, scores)),
        tuple(_fields(article, meta.sources)),
        reasons,
        _site_rule_text(site) if site else None,
    )


def _explained(
    article: Article, blocks: list[Block], scores: tuple[float, ...] | None
) -> list[ExplainedBlock]:
    removed = {r.index: r for r in article.removed if r.index is not None}
    found = []
    for i, block in enumerate(blocks):
        removal = removed.get(i)
        found.append(
            ExplainedBlock(
                i,
                block.text,
                block.kind,
                removal.rule if removal else None,
                scores[i] if scores else None,
                removal.xpath if removal else None,
            )
        )
    return found


def _fields(article: Article, sources: dict[str, str]) -> list[MetadataField]:
    found = []
    record = article.to_dict()
    for name in FIELDS:
        value = record[name]
        if isinstance(value, list):
            value = ", ".join(value)
        if value:
            found.append(MetadataField(name, str(value), sources.get(name, "not recorded")))
    return found


def _site_rule_text(site: SiteRule) -> str:
    """The site rule's name and selectors, as its file states them."""
    parts = [f"{site.name} (hosts: {', '.join(site.hosts)})"]
    for label, selectors in (
        ("body", site.body),
        ("remove", site.remove),
        ("title", (site.title,) if site.title else ()),
        ("date", (site.date,) if site.date else ()),
        ("authors", site.authors),
    ):
        if selectors:
            parts.append(f"{label} = {', '.join(s.css for s in selectors)}")
    return "; ".join(parts)
