"""Dates printed on the page for a reader: a "last updated" stamp, and the first date line
when the markup states none.

Both read the visible text only, so that they serve the page as a reader sees it (the
visible protocol of the evaluation, or a page without structured data).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from lxml import etree, html

from scraper.normalize.date_lines import labelled_date
from scraper.normalize.dates import date_in_line, find_date

_MAX_DATE_TEXT = 80


def _all_text(tree: etree._Element) -> str:
    return str(etree.tostring(tree, method="text", encoding="unicode"))


def _text_after(element: etree._Element) -> str:
    """The text that follows a label standing alone in its element (`<span>Updated:</span>
    <time>…</time>`): its tail and its next siblings', up to a date line's length."""
    parts = [element.tail or ""]
    for sibling in element.itersiblings():
        parts.append("".join(sibling.itertext()) + (sibling.tail or ""))
        if sum(len(p) for p in parts) > _MAX_DATE_TEXT * 2:
            break
    return " ".join(" ".join(parts).split())[: _MAX_DATE_TEXT * 2]


def label_pattern(labels: Sequence[str]) -> re.Pattern[str] | None:
    """A modified label where a stamp starts: a line's start or after a separator."""
    if not labels:
        return None
    words = "|".join(re.escape(w) for w in sorted(labels, key=len, reverse=True))
    return re.compile(
        rf"(?:^|[,|·•/—–(]\s*)(?:{words})\b\s*(?:on|am|le|el|il|em|at|:)?\s*:?\s*", re.I
    )


def _holds_any(text: str, words: tuple[str, ...]) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in words)


def _page_holds_any(text: str, words: tuple[str, ...]) -> bool:
    """`_holds_any` on the page's text with its whitespace runs made single spaces, told
    mostly without making them so (a copy of the whole page's text): a word of one token is
    in the page's text as it is, and a word of several needs each of its tokens there first.
    A word holding another ("last updated", "updated") is not looked for: the other is there
    whenever it is."""
    lowered = text.lower()
    spaced = []
    for word in _fewest(words):
        tokens = word.split()
        if tokens == [word]:
            if word in lowered:
                return True
        elif all(token in lowered for token in tokens):
            spaced.append(word)
    return bool(spaced) and _holds_any(" ".join(text.split()), tuple(spaced))


@cache
def _fewest(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w for w in words if not any(o != w and o in w for o in words))


def printed_modified(
    tree: etree._Element, label: re.Pattern[str] | None, words: tuple[str, ...]
) -> str | None:
    """A "last changed" stamp printed on the page: a short line with a modified label and
    a date after it ("Updated: 4 March 2021", "Publié le …, mis à jour le …")."""
    if label is None or not _page_holds_any(_all_text(tree), words):
        return None
    for element in tree.iter():
        if not isinstance(element.tag, str) or not (element.text or "").strip():
            continue
        if element.tag in ("script", "style") or len(element.text) > _MAX_DATE_TEXT * 2:
            continue
        text = " ".join("".join(element.itertext()).split())[: _MAX_DATE_TEXT * 2]
        if not _holds_any(text, words):
            continue
        match = label.search(text)
        if match is None:
            continue
        after = text[match.end() :] or _text_after(element)
        in_line = date_in_line(after)
        if in_line:
            return in_line
        opening = find_date(after)  # "13 février 2020 à 10h00" in "…, mis à jour le …"
        if opening and opening[1][0] == 0:
            return opening[0]
    return None


_PRINTED_TEXTS = etree.XPath(
    "//title/text() | //body//text()[not(parent::script or parent::style)]"
    "[string-length(normalize-space(.)) > 5]"
)
"""The page's text runs, its title first: an element's text or the tail after a child
(`<h5>Datum:</h5>03.11.2021`, `Benni<br>10. September 2017`)."""
_LABEL_CHARS = 40
_MAX_PRINTED_LINES = 400
_TITLE_PARTS = re.compile(r"\s+[-–—|·•:]\s+")


def printed_date(tree: html.HtmlElement) -> str | None:
    """The first short line of the page, its `<title>` first, that is a date line or opens
    with a date ("Veröffentlicht am 3. März 2021", "Story – 14.03.2023"): what htmldate's
    extensive search found through dateparser, read by our own multilingual parser."""
    for run in _PRINTED_TEXTS(tree)[:_MAX_PRINTED_LINES]:
        line = " ".join(run.split())
        owner = run.getparent()
        if run.is_tail and owner is not None and len(label := (owner.text or "")) <= _LABEL_CHARS:
            line = " ".join([*label.split(), line])  # "Datum:" in the element, the date after it
        parts = _TITLE_PARTS.split(line)[1:] if owner is not None and owner.tag == "title" else []
        for text in (line, *parts):
            if found := labelled_date(text):
                return found
    return None
