"""The plain-text cleaner: text page → blocks → labels → metadata → `Article`.

Where a learned block model is loaded (`learned.py`), it has the last word on each line.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import copy_context
from dataclasses import dataclass, field, replace

from scraper.cleaners.assemble import Metadata, assemble, site_of
from scraper.cleaners.deadline import NO_DEADLINE, Deadline
from scraper.cleaners.evidence import BlockEvidence
from scraper.cleaners.features import BlockStats, block_stats
from scraper.cleaners.foot_byline import read_foot_byline
from scraper.cleaners.header import Header, read_header
from scraper.cleaners.header_words import HeaderWords
from scraper.cleaners.headline_choice import HeadlineWeights, choose_headline
from scraper.cleaners.heuristics import (
    BodyWeights,
    label_author_bios,
    label_body,
    label_duplicates,
    trim_after_duplicates,
)
from scraper.cleaners.labels import TOPICS, Label
from scraper.cleaners.learned import BlockModels
from scraper.cleaners.limits import check_lines
from scraper.cleaners.masthead import site_name
from scraper.cleaners.page_byline import (
    read_name_above_role,
    read_name_beside_date,
    read_page_byline,
)
from scraper.cleaners.rules import RuleSet
from scraper.cleaners.segment import segment_text
from scraper.cleaners.text_dates import first_printed_date, header_dates
from scraper.cleaners.text_structure import text_structure
from scraper.cleaners.title_line import title_line_date, use_title_line
from scraper.cleaners.under_headline import read_under_headline
from scraper.config import CleanerConfig
from scraper.normalize.authors import NameBook
from scraper.normalize.dates import read_slash_dates_day_first
from scraper.normalize.language import detect_language, language_sample, stopwords
from scraper.normalize.page_dates import DateKeys, story_date
from scraper.records import Article, Block, Page

PULL_QUOTE_WORDS = 40
TEXT_SOURCES = {
    "title": "the headline line", "authors": "the byline", "modified": "the 'updated' date line",
    "source": "the source or agency line", "site": "the masthead line (the site's name)",
    "section": "the section label line", "tags": "the topics line",
    "language": "detected from the text",
}  # fmt: skip
"""Where a text page's fields come from, for `scraper explain`."""


@dataclass(frozen=True, slots=True)
class TextJudgement:
    """`hand` is what the hand-set stages decided (a model's input), `labels` the final
    choice; `scores` the block model's probabilities that each line is article text, where
    a model judged the page (kept for `scraper explain`)."""

    blocks: list[Block]
    stats: list[BlockStats]
    hand: list[Label]
    labels: list[Label]
    evidence: BlockEvidence
    header: Header
    language: str | None
    scores: tuple[float, ...] | None = None


@dataclass(frozen=True, slots=True)
class TextCleaner:
    config: CleanerConfig
    rules: RuleSet
    names: NameBook
    weights: BodyWeights = field(default_factory=BodyWeights)
    dates: DateKeys = field(default_factory=DateKeys)
    header_words: HeaderWords = field(default_factory=HeaderWords)
    headlines: HeadlineWeights = field(default_factory=HeadlineWeights)
    models: BlockModels | None = None

    def clean(self, page: Page, text: str, deadline: Deadline = NO_DEADLINE) -> Article:
        """The page's article; its dates are read in a context of their own (see
        `read_slash_dates_day_first`)."""
        return copy_context().run(self._clean, page, text, deadline)[0]

    def explain(
        self, page: Page, text: str, deadline: Deadline = NO_DEADLINE
    ) -> tuple[Article, TextJudgement, Metadata]:
        """The article with what it was made from: every line's judgement, and the metadata
        with where each field came from (`scraper explain`)."""
        return copy_context().run(self._clean, page, text, deadline)

    def judge(self, page: Page, text: str, deadline: Deadline = NO_DEADLINE) -> TextJudgement:
        """The page's blocks and every block's label, with the header read out of them:
        cleaning before metadata, and what a block model learns from."""
        check_lines(text, self.config)
        blocks = segment_text(text)
        deadline.check("segmentation")
        language = detect_language(language_sample([b.text for b in blocks]))
        locale = self.dates.url_locale(page.url, language)
        read_slash_dates_day_first(self.dates.slash_day_first(locale))
        stats = block_stats(blocks, stopwords(language), deadline)
        deadline.check("block features")
        labels, evidence = label_body(blocks, stats, self.rules, self.weights)
        deadline.check("labelling")
        doc_title = blocks[0].text if blocks else None
        header = read_header(blocks, stats, labels, self.names, self.header_words, doc_title)
        host = site_of(page.url)
        use_title_line(blocks, labels, header, host)
        choose_headline(blocks, labels, header, self.headlines, self.header_words, host)
        read_under_headline(blocks, stats, header, self.names, self.header_words)
        read_foot_byline(blocks, labels, header, self.names, self.header_words)
        read_page_byline(blocks, header, self.names, self.header_words)
        trimmed = (self.header_words.trimmed_name(name) for name in header.authors)
        header.authors = list(dict.fromkeys(name for name in trimmed if name))
        for i, rule in header.used.items():
            labels[i] = rule
        label_author_bios(blocks, labels, header.authors)
        label_duplicates(blocks, labels, _short)
        trim_after_duplicates(stats, labels)
        hand, scores = labels, None
        if self.models is not None:
            probabilities, labels = self.models.text_lines(blocks, stats, evidence, hand)
            scores = tuple(probabilities.tolist())
        return TextJudgement(blocks, stats, hand, labels, evidence, header, language, scores)

    def _clean(
        self, page: Page, text: str, deadline: Deadline
    ) -> tuple[Article, TextJudgement, Metadata]:
        judged = self.judge(page, text, deadline)
        blocks, stats, header = judged.blocks, judged.stats, judged.header
        labels = judged.hand  # the metadata readers' view: the model judges the body alone
        language = judged.language
        site = site_name(blocks, stats, labels, header.title)
        dates = header_dates(header, blocks, self.dates)
        stated, said = dates.published, "the date line in the header"
        if not stated:
            stated, said = title_line_date(blocks), "the date in the title line"
        if not stated:
            stated, said = first_printed_date(blocks, labels), "the first date printed in the text"
        if not stated:
            stated, said = dates.modified, "the 'updated' date in the header"
        published = story_date([stated], page.url)
        read_name_beside_date(blocks, header, self.names, self.header_words, published)
        read_name_above_role(blocks, header, self.names, self.header_words)
        meta = Metadata(
            title=header.title,
            authors=header.authors,
            published=published,
            modified=dates.modified,
            source=header.source or site,
            site=site,
            section=header.section,
            tags=_tags(blocks, labels),
            language=language,
        )
        meta.sources = {
            **TEXT_SOURCES,
            "published": said if published == stated else "the date in the URL's path",
            "source": TEXT_SOURCES["source" if header.source else "site"],
        }
        article = assemble(page, blocks, judged.labels, meta, self.config.min_body_words)
        if article.ok:
            article = replace(article, blocks=text_structure(blocks, judged.labels, text))
        return article, judged, meta


def _short(block: Block) -> bool:
    """Pull quotes repeat a sentence; a whole repeated paragraph may be the text's own."""
    return len(block.text.split(maxsplit=PULL_QUOTE_WORDS)) <= PULL_QUOTE_WORDS  # no 45 MB list


def _tags(blocks: Sequence[Block], labels: Sequence[Label]) -> list[str]:
    tags: list[str] = []
    for block, label in zip(blocks, labels, strict=True):
        if label == TOPICS and ":" in block.text:
            values = block.text.split(":", 1)[1]
            tags.extend(t.strip() for t in values.replace("|", ",").split(",") if t.strip())
    return tags
