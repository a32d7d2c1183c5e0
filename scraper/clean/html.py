"""The HTML cleaner, first path: trafilatura finds the main content and the metadata.

trafilatura gives the body and metadata; our chrome rules then run over its paragraphs so
that prompts it keeps inside the main container (newsletter boxes, share lines) still leave
with a rule id. The block-level HTML engine replaces this path.
"""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura

from scraper.clean.assemble import Metadata, assemble, site_of
from scraper.clean.features import block_stats
from scraper.clean.heuristics import BodyWeights, match_rules, rule_hits
from scraper.clean.rules import RuleSet
from scraper.clean.segment import segment_text
from scraper.config import CleanerConfig
from scraper.errors import ParseError
from scraper.normalize.dates import parse_date
from scraper.normalize.language import detect_language, stopwords
from scraper.records import Article, Page


@dataclass(frozen=True, slots=True)
class HtmlCleaner:
    config: CleanerConfig
    rules: RuleSet

    @classmethod
    def from_config(cls, config: CleanerConfig) -> HtmlCleaner:
        return cls(config, RuleSet.load(config.rules_dir))

    def clean(self, page: Page, html: str) -> Article:
        try:
            doc = trafilatura.bare_extraction(
                html,
                url=page.url,
                with_metadata=True,
                include_comments=False,
                favor_precision=True,
            )
        except Exception as exc:  # trafilatura raises many kinds on broken markup
            raise ParseError(f"HTML could not be parsed: {exc}") from exc
        doc = doc.as_dict() if doc is not None else {}
        text = doc.get("text") or ""
        blocks = segment_text(text)
        language = doc.get("language") or detect_language(text)
        stats = block_stats(blocks, stopwords(language))
        labels = rule_hits(match_rules(blocks, stats, self.rules), stats, BodyWeights())
        if blocks and labels[0] is None and blocks[0].text == doc.get("title"):
            labels[0] = "meta.title"
        meta = Metadata(
            title=doc.get("title"),
            authors=[a.strip() for a in (doc.get("author") or "").split(";") if a.strip()],
            published=parse_date(doc["date"]) if doc.get("date") else None,
            source=doc.get("sitename"),
            site=doc.get("hostname") or site_of(page.url),
            section=(doc.get("categories") or [None])[0],
            tags=list(doc.get("tags") or []),
            language=language,
            canonical_url=doc.get("url"),
        )
        return assemble(page, blocks, labels, meta, self.config.min_body_words)
