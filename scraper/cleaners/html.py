"""The HTML cleaner: DOM blocks, votes, vetoes and recovery, then metadata and the record.

1. Segment the page into blocks with DOM evidence (`dom.py`).
2. Votes on what the article is: trafilatura's extraction (`vote.py`) and our own densest run
   of prose over the blocks (`heuristics.py`, with link density).
3. Vetoes: chrome rules on block text, chrome regions by class/id/role/tag
   (`containers.py`) and the side cells of layout tables (`layout.py`) take blocks out even
   where the votes kept them.
4. Recovery: prose, headings and list items lying between voted blocks come back.
5. Where a learned block model is loaded (`learned.py`), it has the last word on each block,
   and trafilatura's vote is asked for only where the model without it is unsure.
6. Metadata from the head (JSON-LD, Open Graph, `<meta>`) completed by the visible header
   (`html_metadata.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import copy_context
from dataclasses import dataclass, field, replace
from typing import Literal

from lxml.html import HtmlElement

from scraper.cleaners.assemble import Metadata, assemble
from scraper.cleaners.deadline import NO_DEADLINE, Deadline
from scraper.cleaners.dom import HEADINGS, DomPage, Segmenter, drop_code, parse_html
from scraper.cleaners.evidence import BlockEvidence
from scraper.cleaners.features import BlockStats, block_stats, body_words
from scraper.cleaners.header import Header, HeaderPage, read_header
from scraper.cleaners.header_words import HeaderWords
from scraper.cleaners.heuristics import (
    BodyWeights,
    label_duplicates,
)
from scraper.cleaners.html_labels import PageFacts, label_blocks, page_facts
from scraper.cleaners.html_metadata import apply_site_rule, date_story, merge_metadata
from scraper.cleaners.html_structure import html_structure
from scraper.cleaners.labels import (
    TITLE,
    TRAILING_HEADING,
    Label,
)
from scraper.cleaners.lead_heading import drop_lead_title, lead_heading
from scraper.cleaners.learned import BlockModels
from scraper.cleaners.limits import check_elements, check_markup, vote_affordable
from scraper.cleaners.rules import RuleSet
from scraper.cleaners.sites import SiteRule, SiteRules
from scraper.cleaners.vote import sure_chrome_subtrees, trafilatura_text, votes
from scraper.config import CleanerConfig
from scraper.normalize.authors import NameBook
from scraper.normalize.dates import read_slash_dates_day_first
from scraper.normalize.language import detect_language, language_sample, stopwords
from scraper.normalize.marked import MarkedMetadata, read_marked
from scraper.normalize.metadata import HeadMetadata, read_head
from scraper.normalize.page_dates import DateKeys, PageDates, declared_locale, stated_dates
from scraper.normalize.title_choice import TitleWeights
from scraper.records import Article, Block, Page

QUOTE_TOKENS = frozenset(
    {"quote", "pullquote", "blockquote", "cite", "quotation", "<aside>", "<blockquote>"}
)
TRAILING_HEADING_WORDS = 6
Votes = Literal["gated", "always", "never"]
"""When trafilatura votes: where the block model is unsure (always, without a model), on
every page, or never (the rows a model without votes learns from)."""


@dataclass(frozen=True, slots=True)
class HtmlJudgement:
    """`voted` in `evidence` is what the extractor (or a site rule) said, all False where
    neither did. `hand` is what the hand-set stages decided (a model's input), `labels` the
    final choice; `extractor_ran`: whether trafilatura was asked. `scores` are the block
    model's probabilities that each block is article text, where the model judged the page
    (kept from its run, for `scraper explain`)."""

    dom: DomPage
    stats: list[BlockStats]
    hand: list[Label]
    labels: list[Label]
    evidence: BlockEvidence
    header: Header
    language: str | None
    tree: HtmlElement
    head: HeadMetadata
    stated: PageDates
    marked: MarkedMetadata
    site: SiteRule | None
    extractor_ran: bool
    scores: tuple[float, ...] | None = None


@dataclass(frozen=True, slots=True)
class HtmlCleaner:
    config: CleanerConfig
    rules: RuleSet
    names: NameBook
    sites: SiteRules = field(default_factory=lambda: SiteRules([]))
    weights: BodyWeights = field(default_factory=BodyWeights)
    dates: DateKeys = field(default_factory=DateKeys)
    titles: TitleWeights = field(default_factory=TitleWeights)
    header_words: HeaderWords = field(default_factory=HeaderWords)
    models: BlockModels | None = None

    def clean(self, page: Page, markup: str, deadline: Deadline = NO_DEADLINE) -> Article:
        """The page's article; its dates are read in a context of their own (see
        `read_slash_dates_day_first`)."""
        return copy_context().run(self._clean, page, markup, deadline)[0]

    def explain(
        self, page: Page, markup: str, deadline: Deadline = NO_DEADLINE
    ) -> tuple[Article, HtmlJudgement, Metadata]:
        """The article with what it was made from: every block's judgement, and the metadata
        with where each field came from (`scraper explain`)."""
        return copy_context().run(self._clean, page, markup, deadline)

    def judge(
        self, page: Page, markup: str, deadline: Deadline = NO_DEADLINE, votes: Votes = "gated"
    ) -> HtmlJudgement:
        """The page's blocks and every block's label, with what the head and the visible
        header say: cleaning before metadata, and what a block model learns from."""
        check_markup(markup, self.config)
        tree = parse_html(markup)
        deadline.check("parsing")
        elements = check_elements(tree, self.config)
        head = read_head(tree, self.names, self.titles)
        # machine-written: the CMS's order, not the page's
        stated = stated_dates(tree, self.dates, head.json_ld)
        drop_code(tree)
        dom = Segmenter(deadline, self.rules.class_tokens).run(tree)
        language = head.language or detect_language(language_sample([b.text for b in dom.blocks]))
        locale = declared_locale(tree) or language
        read_slash_dates_day_first(self.dates.slash_day_first(locale))
        marked = read_marked(dom.marked)
        stats = block_stats(dom.blocks, stopwords(language), deadline)
        deadline.check("block features")
        site = self.sites.for_url(page.url)
        site_labels = site.block_labels(tree, dom.owners) if site else None
        trusted = bool(site and site.body and site_labels)
        scores = None
        found = _Found(dom, stats, elements, len(markup), page.url, head, site_labels)
        if trusted and site_labels:  # the site rule says where the article is
            labels, header, evidence = self._labels(
                found, [label is None for label in site_labels], True
            )
            hand = labels
        elif self.models is None or votes != "gated":
            hand, header, evidence = self._hand(found, votes != "never", deadline)
            labels = hand
        else:
            hand, labels, header, evidence, scores = self._learned(found, self.models, deadline)
        return HtmlJudgement(
            dom, stats, hand, labels, evidence, header, language, tree, head, stated, marked,
            site, found.extractor_ran, scores,
        )

    def _hand(
        self, found: _Found, vote: bool, deadline: Deadline
    ) -> tuple[list[Label], Header, BlockEvidence]:
        """The hand-set stages' labels, guided by trafilatura's vote when `vote`."""
        voted = self._vote(found, deadline) if vote else None
        unguided = [False] * len(found.dom.blocks)
        labels, header, evidence = self._labels(found, voted or unguided, False)
        if voted and body_words(found.stats, labels) < self.config.min_body_words:
            # the extractor latched onto chrome the vetoes then took out, or kept nothing:
            # judge the page without it rather than return no article
            labels, header, evidence = self._labels(found, unguided, False)
        deadline.check("labelling")
        return labels, header, evidence

    def _learned(
        self, found: _Found, models: BlockModels, deadline: Deadline
    ) -> tuple[list[Label], list[Label], Header, BlockEvidence, tuple[float, ...]]:
        """The block model's choice, with trafilatura's vote only where it is unsure, and
        the probabilities it chose by."""
        blocks, stats = found.dom.blocks, found.stats
        hand, header, evidence = self._labels(found, [False] * len(blocks), False)
        probabilities, rows = models.probabilities(models.html, blocks, stats, evidence, hand)
        labels = models.html_blocks(hand, probabilities, stats, voted=False)
        deadline.check("block model")
        scores = tuple(probabilities.tolist())
        if not models.wants_vote(probabilities, stats, labels, hand):
            return hand, labels, header, evidence, scores
        voted = self._vote(found, deadline, models.sure_chrome(probabilities, evidence))
        if voted is None:
            return hand, labels, header, evidence, scores
        voted_hand, voted_header, voted_evidence = self._labels(found, voted, False)
        probabilities, _rows = models.probabilities(
            models.html_voted, blocks, stats, voted_evidence, voted_hand, rows
        )
        voted_labels = models.html_blocks(voted_hand, probabilities, stats, voted=True)
        deadline.check("block model")
        if body_words(stats, voted_labels) < self.config.min_body_words:
            return hand, labels, header, evidence, scores  # as in `_hand`: the vote misled
        return voted_hand, voted_labels, voted_header, voted_evidence, tuple(probabilities.tolist())

    def _clean(
        self, page: Page, markup: str, deadline: Deadline
    ) -> tuple[Article, HtmlJudgement, Metadata]:
        judged = self.judge(page, markup, deadline)
        dom, head, labels, site = judged.dom, judged.head, judged.labels, judged.site
        title_at = next(
            (i for i, b in enumerate(dom.blocks) if head.cue_title and b.text == head.cue_title),
            None,
        )
        lead = lead_heading(dom.blocks, judged.hand)  # metadata reads the hand-set labels
        if lead and lead != head.title:
            head.title = head.title_candidates.best(self.titles, lead)
            head.sources["title"] = head.title_candidates.sources_of(head.title, lead)
        meta = merge_metadata(
            head, judged.marked, judged.header, title_at, self.names, judged.language, page.url
        )
        date_story(meta, judged.stated, markup, page.url, deadline)
        if site:
            apply_site_rule(meta, site, judged.tree, self.names)
        labels = list(labels)
        drop_lead_title(dom.blocks, labels, meta.title)
        root, owners = judged.tree.getroottree(), dom.owners
        article = assemble(
            page, dom.blocks, labels, meta, self.config.min_body_words,
            lambda i: root.getpath(owners[i]),
        )
        if article.ok:
            article = replace(article, blocks=html_structure(dom, labels, page.url))
        return article, judged, meta

    def _vote(
        self, found: _Found, deadline: Deadline, sure_chrome: list[bool] | None = None
    ) -> list[bool] | None:
        """trafilatura's vote on each block; None when the page is past the size the vote can
        finish in time (`limits.py`), and our own signals decide alone. The subtrees of
        blocks `sure_chrome` are left out of what it reads."""
        if not vote_affordable(found.elements, found.chars, self.config):
            return None
        found.extractor_ran = True
        dom = found.dom
        left_out = sure_chrome_subtrees(dom.owners, sure_chrome) if sure_chrome else ()
        extracted = trafilatura_text(dom.tree, found.url, left_out)
        deadline.check("extractor votes")
        return votes(dom.blocks, extracted, deadline)

    def _labels(
        self, found: _Found, voted: list[bool], trusted: bool
    ) -> tuple[list[Label], Header, BlockEvidence]:
        """Every block's label, the visible header (byline, date line) taken out of it, and
        what each stage found."""
        dom, stats, head, site_labels = found.dom, found.stats, found.head, found.site_labels
        found.facts = found.facts or page_facts(dom, stats, self.rules)
        labels, evidence = label_blocks(
            dom, stats, voted, self.rules, self.weights, trusted, found.facts
        )
        if site_labels:
            labels = [s or label for s, label in zip(site_labels, labels, strict=True)]
        self._drop_title(dom.blocks, labels, head)
        _drop_trailing_headings(stats, labels)
        label_duplicates(dom.blocks, labels, _is_quotation)
        if found.lines is None and None in labels:  # a header is read only above a body
            found.lines = HeaderPage.of(dom.blocks, stats, self.header_words)
        header = read_header(
            dom.blocks, stats, labels, self.names, self.header_words, head.cue_title, found.lines
        )
        for i, rule in header.used.items():
            if rule == TITLE and not _visible_title_ok(dom.blocks[i], head):
                header.title = None
                continue
            if labels[i] is None:
                labels[i] = rule
        return labels, header, evidence

    @staticmethod
    def _drop_title(blocks: Sequence[Block], labels: list[Label], head: HeadMetadata) -> None:
        """The headline is the record's title, not the first line of its body."""
        titles = {t.casefold() for t in (head.cue_title, head.h1) if t}
        for i, block in enumerate(blocks):
            if labels[i] is None:
                if block.text.casefold() in titles:
                    labels[i] = TITLE
                break


@dataclass(slots=True)
class _Found:
    """What labelling reads, found once per page however many times it labels (`facts` and
    `lines` at the first pass); and whether trafilatura was asked."""

    dom: DomPage
    stats: list[BlockStats]
    elements: int
    chars: int
    url: str | None
    head: HeadMetadata
    site_labels: list[Label] | None
    facts: PageFacts | None = None
    lines: HeaderPage | None = None
    extractor_ran: bool = False


def _drop_trailing_headings(stats: Sequence[BlockStats], labels: list[Label]) -> None:
    """A heading with no body text after it heads something that is not the article (a
    newsletter box, a recirculation list the rules took out below it)."""
    for _ in range(2):
        last = max((i for i, label in enumerate(labels) if label is None), default=None)
        if last is None or stats[last].words > TRAILING_HEADING_WORDS or stats[last].terminal:
            return
        if sum(1 for label in labels if label is None) < 3:  # a page of a few lines keeps them
            return
        labels[last] = TRAILING_HEADING


def _is_quotation(block: Block) -> bool:
    return block.kind == "blockquote" or bool(block.tokens & QUOTE_TOKENS)


def _visible_title_ok(block: Block, head: HeadMetadata) -> bool:
    """In HTML the head names the headline; a visible guess must be a heading that agrees."""
    if head.cue_title:
        return block.text.casefold() == head.cue_title.casefold()
    return block.kind in HEADINGS
