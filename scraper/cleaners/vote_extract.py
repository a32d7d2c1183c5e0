"""trafilatura's extraction for the vote, without the work whose result the vote never reads.

The vote needs one thing from trafilatura: the body it extracts (its XML tree). Its public
entry, `bare_extraction`, does more on the way, for options the vote never sets: it builds
a new `Extractor` from its configuration file on every call, and, after cleaning the tree,
copies it once more as a backup for the slower mode's comparison with other extractors (the
vote runs in the fast mode, which never reads it). Its recall escalation then renders the
whole page as text (`html2txt`: another copy of the tree, cleaned and walked) only to compare
that text's length with the extraction's; whenever a cheap upper bound on that length
already settles the comparison, the rendering is not needed.

So the vote runs trafilatura's own stages in the order and with the options of
`bare_extraction(fast=True, include_comments=False, include_tables=True, deduplicate=False)`,
minus that work. The stages are trafilatura's internals, whose signatures are not its stable
API: the lean path runs only under the versions it was checked on (`TESTED_VERSIONS`: the same
extracted lines as `bare_extraction` on all 3,932 evaluation pages,
`benchmarks/same_votes.py`); under any other version, or if an internal is missing, every
vote goes through `bare_extraction` as before.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

TESTED_VERSIONS = frozenset({"2.3.1"})
"""trafilatura versions whose `bare_extraction` the lean path was checked to equal."""
PRUNED_TAGS = ("div", "section", "aside", "details", "list", "ol", "ul")
"""The tags trafilatura's two whole-page prunes remove (infinite-scroll follow-ups, share
buttons; comment sections), which they pick by class or id."""
RAW_MARKS = ("mvp-post-add", "infinite", "elementor-share-buttons")
COMMENT_MARKS = ("omment", "comol", "disqus_thread")
"""What the class or id of an element must contain for each prune's XPath to pick it (they
are regular expressions, run by lxml as a Python call per element: about a millisecond a
page each, where a look at the names finds nothing to prune on most pages)."""

Extract = Callable[[HtmlElement, "str | None", bool], "etree._Element | None"]


def extracted_body(
    tree: HtmlElement, url: str | None, owned: bool = False
) -> etree._Element | None:
    """trafilatura's extracted body for the page, or None where it extracts nothing. The
    tree is left untouched, unless `owned`: a copy made for the vote alone, which the
    lean path then prunes in place instead of copying it again."""
    return _extractor()(tree, url, owned)


def bare_body(tree: HtmlElement, url: str | None, owned: bool = False) -> etree._Element | None:
    """The body through trafilatura's public entry: the fallback, and the reference the
    lean path is compared with (it copies the tree itself, owned or not)."""
    from trafilatura import bare_extraction

    document = bare_extraction(
        tree,
        url=url,
        fast=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        output_format="xml",
    )
    body: etree._Element | None = getattr(document, "body", None)
    return body


@lru_cache(maxsize=1)
def _extractor() -> Extract:
    """The lean path where trafilatura's version and internals are the tested ones, else
    `bare_body`. Decided once a process, at the first vote."""
    try:
        import trafilatura

        if trafilatura.__version__ not in TESTED_VERSIONS:
            return bare_body
        return _Lean(_stages()).body
    except (ImportError, AttributeError):
        return bare_body


@dataclass(frozen=True, slots=True)
class _Stages:
    """trafilatura's internals the lean path calls, with the options of the vote."""

    options: Any  # trafilatura.settings.Extractor
    forum_page: Callable[[HtmlElement], bool]
    prune: Callable[..., HtmlElement]
    raw_prune: list[Any]
    comments_prune: list[Any]
    tree_cleaning: Callable[[HtmlElement, Any], HtmlElement]
    convert_tags: Callable[[HtmlElement, Any, str | None], HtmlElement]
    extract_content: Callable[[HtmlElement, Any], tuple[etree._Element, str]]
    baseline: Callable[[HtmlElement], tuple[etree._Element, str, int]]
    html2txt: Callable[[HtmlElement], str]
    block_tags: tuple[str, ...]
    escalation_max_length: int
    escalation_page_share: float
    escalation_accept_ratio: float


def _stages() -> _Stages:
    from trafilatura.baseline import _BLOCK_ELEMS, baseline, html2txt
    from trafilatura.core import (
        ESCALATION_ACCEPT_RATIO,
        ESCALATION_MAX_LENGTH,
        ESCALATION_PAGE_SHARE,
        _forum_thread_page,
    )
    from trafilatura.htmlprocessing import convert_tags, prune_unwanted_nodes, tree_cleaning
    from trafilatura.main_extractor import extract_content
    from trafilatura.settings import Extractor
    from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

    options = Extractor(output_format="xml", fast=True, comments=False, tables=True, dedup=False)
    return _Stages(
        options=options,
        forum_page=_forum_thread_page,
        prune=prune_unwanted_nodes,
        raw_prune=RAW_TREE_PRUNE_XPATH,
        comments_prune=REMOVE_COMMENTS_AND_LISTS_XPATH,
        tree_cleaning=tree_cleaning,
        convert_tags=convert_tags,
        extract_content=extract_content,
        baseline=baseline,
        html2txt=html2txt,
        block_tags=tuple(sorted(_BLOCK_ELEMS)),
        escalation_max_length=ESCALATION_MAX_LENGTH,
        escalation_page_share=ESCALATION_PAGE_SHARE,
        escalation_accept_ratio=ESCALATION_ACCEPT_RATIO,
    )


@dataclass(frozen=True, slots=True)
class _Lean:
    stages: _Stages

    def body(
        self, page: HtmlElement, url: str | None, owned: bool = False
    ) -> etree._Element | None:
        """`bare_extraction`'s body for the vote's options: the same stages in the same
        order (its `trafilatura_sequence` with comments off and the fast mode), without the
        backup copy the fast mode never reads, and the page rendering only where the
        escalation's length test needs it."""
        s = self.stages
        options = copy(s.options)  # per call: the url is the page's, the template is shared
        options.url = url
        options.source = url and url.encode("utf-8", "replace").decode("utf-8")
        tree = page if owned else copy(page)  # trafilatura prunes and rewrites its tree
        forum = s.forum_page(tree)
        names = _names(tree)
        if any(mark in names for mark in RAW_MARKS):
            tree = s.prune(tree, s.raw_prune)
        # comments off: they go before any stage, unless they are a forum's posts
        if not forum and any(mark in names for mark in COMMENT_MARKS):
            tree = s.prune(tree, s.comments_prune)
        body, text = s.extract_content(self._prepared(tree, options, url), options)
        if len(text) < options.min_extracted_size:  # rescue: the whole page's text, if longer
            rescued, rescued_text, rescued_chars = s.baseline(tree)
            if rescued_chars > len(text):
                body, text = rescued, rescued_text
        if 0 < len(text) < s.escalation_max_length and self._covers_little(tree, len(text)):
            retried, retried_text = self._retried(tree, options, url)
            if (
                len(retried_text) >= options.min_extracted_size
                and len(retried_text) > s.escalation_accept_ratio * len(text)
            ):
                body, text = retried, retried_text
        if len(text) < options.min_output_size:
            return None
        return body

    def _retried(
        self, tree: HtmlElement, options: Any, url: str | None
    ) -> tuple[etree._Element | None, str]:
        """The escalation: the extraction again with the recall focus (nothing where it
        fails, as in trafilatura)."""
        recall = copy(options)  # a copy: the template keeps its focus
        recall.focus = "recall"
        try:
            return self.stages.extract_content(self._prepared(tree, recall, url), recall)
        except Exception:
            return None, ""

    def _prepared(self, tree: HtmlElement, options: Any, url: str | None) -> HtmlElement:
        """A cleaned, converted copy of the pruned tree (the pruned tree stays for the
        rescue and the escalation)."""
        s = self.stages
        return s.convert_tags(s.tree_cleaning(copy(tree), options), options, url)

    def _covers_little(self, tree: HtmlElement, extracted: int) -> bool:
        """trafilatura's escalation test: the extraction is under a share of the page's
        text as `html2txt` renders it. That rendering deletes elements, drops control
        characters and collapses white space, and only adds a space on each side of a
        block element; so the page's raw text plus two characters per block element bounds
        its length, and where the extraction reaches the share of that bound the answer is
        no without rendering."""
        s = self.stages
        body = tree.find(".//body")
        root = tree if body is None else body
        bound = len(root.text_content()) + 2 * sum(1 for _ in root.iter(*s.block_tags))
        if extracted >= s.escalation_page_share * bound:
            return False
        return extracted < s.escalation_page_share * len(s.html2txt(tree))


def _names(tree: HtmlElement) -> str:
    """The ids and classes of the elements the whole-page prunes may remove, one a line."""
    return "\n".join(
        name
        for element in tree.iter(*PRUNED_TAGS)
        for name in (element.get("id"), element.get("class"))
        if name
    )
