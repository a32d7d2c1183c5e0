"""The headline of a text dump, chosen among the lines that agree with its title line.

A page rendered to text opens with its document title and prints its visible headline further
down, and the two often differ: the title line is shortened ("Museum reopens east wing after
repairs" over the headline "Museum reopens east wing after two years of roof repairs"), words
the story another way, or glues the site's name on with a colon the separators do not know. So
after the title line's exact repeats are read (`title_line`), every short line down to just
below the body's start is weighed: how well its words and the title line's story words agree,
how near it stands to the body's start, whether it stands right above the body, a byline or a
date line, whether it is printed twice in a row, and whether it repeats a run of the title
line's parts exactly; a kicker line ending with a colon just above it joins it when the title
line prints the two together, and a standfirst the rendering glued on after a bare space is
cut, as is a kicker glued on in front (`glued_kicker`). A sentence, a date line or a photo
credit is rarely the headline, and a sentence of the body never is. The headline read before
keeps a small lead; a title that no line prints (the title line's story part) gives way to any
line that agrees well enough, since the page's own headline is what a reader sees. The weights
are data (`defaults/text_titles.toml`).
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass
from pathlib import Path

from scraper.cleaners.features import WORD
from scraper.cleaners.glued_kicker import (
    cut_glued_kicker,
    heading_under_title_run,
    headline_under_kicker,
)
from scraper.cleaners.header_lines import Header
from scraper.cleaners.header_words import HeaderWords
from scraper.cleaners.labels import BYLINE, DATE, SECTION, TITLE, Label
from scraper.cleaners.title_line import (
    line_key,
    site_parts,
    title_line_parts,
    title_line_spans,
    use_headline,
)
from scraper.config import load_toml
from scraper.normalize.dates import find_date
from scraper.records import Block

__all__ = ["HeadlineWeights", "choose_headline"]

SEARCH_LINES = 80
CLUE_CHARS = 2
MASTHEAD_LINES = 3
BELOW_BODY = 10
MAX_WORDS = 30
MAX_CHARS = 300
FAR = 20
SENTENCE_WORDS = 4
KICKER_WORDS = 8
STORY_WORDS = 3
_SETS_OFF = frozenset(":-|")


@dataclass(frozen=True, slots=True)
class HeadlineWeights:
    """How a line that may be the headline is scored (`defaults/text_titles.toml`). The default
    asks for more agreement than any line can have, so it keeps the earlier reading."""

    agreement: float = 0.0
    own_words: float = 0.0
    exact_run: float = 0.0
    distance: float = 0.0
    below_body: float = 0.0
    printed_twice: float = 0.0
    above_anchor: float = 0.0
    sentence: float = 0.0
    date_line: float = 0.0
    caption: float = 0.0
    kept: float = 0.0
    holds_story: float = 0.0
    least_agreement: float = 2.0

    @classmethod
    def load(cls, path: Path) -> HeadlineWeights:
        data = load_toml(path).get("headline", {})
        names = cls.__dataclass_fields__
        return cls(**{k: float(v) for k, v in data.items() if k in names})


@dataclass(frozen=True, slots=True)
class _Page:
    """What every candidate line is weighed against."""

    title_words: frozenset[str]
    clues: tuple[str, ...]
    runs: frozenset[str]
    first_body: int
    anchors: frozenset[int]
    story: str


def choose_headline(
    blocks: Sequence[Block],
    labels: Sequence[Label],
    header: Header,
    weights: HeadlineWeights,
    words: HeaderWords,
    host: str | None = None,
) -> None:
    """Make the best-scored line the headline (see the module's docstring); `words` give the
    photo-credit words and the site's chrome shaped like a headline, `host` the page's host
    name."""
    _choose(blocks, labels, header, weights, words, host)
    if blocks:
        headline_under_kicker(blocks, header)
        heading_under_title_run(blocks, header)
        _join_kicker(blocks, header)
        _cut_glued_tail(blocks, header)
        cut_glued_kicker(blocks, header)


def _choose(
    blocks: Sequence[Block],
    labels: Sequence[Label],
    header: Header,
    weights: HeadlineWeights,
    words: HeaderWords,
    host: str | None,
) -> None:
    body = [i for i, label in enumerate(labels) if label is None]
    if not blocks or not body:
        return
    first = blocks[0].text
    last = min(len(blocks), max(SEARCH_LINES, body[0] + BELOW_BODY))
    site = site_parts(blocks, header, last, host)
    keyed = {line_key(part): part for part in title_line_parts(first)}
    site |= set() if site & set(keyed) else _masthead(blocks, set(keyed))
    parts = [part for key, part in keyed.items() if key not in site]
    title_words = frozenset(WORD.findall(" ".join(parts or [first]).casefold()))
    if not title_words:
        return
    page = _Page(
        title_words,
        _clues(title_words),
        frozenset(line_key(run) for run in title_line_spans(first)) - site,
        body[0],
        frozenset(i for i, rule in header.used.items() if rule in (BYLINE, DATE)),
        _story_key(parts),
    )
    kept = next((i for i, rule in header.used.items() if rule == TITLE), None)
    best: tuple[float, int] | None = None
    for i in range(1, last):
        if header.used.get(i, TITLE) not in (TITLE, SECTION):
            continue
        if labels[i] is None and i != kept and _is_sentence(blocks[i].text):
            continue  # a sentence of the body, whatever words it shares with the title line
        score = _score(blocks, i, page, weights, words, i == kept)
        if score is not None and (best is None or score > best[0]):
            best = (score, i)
    if best is not None and best[1] != kept:
        at = best[1]
        use_headline(header, at, blocks)
        if at + 1 < len(blocks) and line_key(blocks[at + 1].text) == line_key(blocks[at].text):
            header.use(at + 1, TITLE)  # printed twice: the second printing is no byline


def _story_key(parts: Sequence[str]) -> str:
    """The title line's story part (its longest part not the site's), as `line_key` gives it,
    when it is long enough that a line holding it tells the same story."""
    story = max(parts, key=lambda part: len(part.split()), default="")
    return line_key(story) if len(story.split()) >= STORY_WORDS else ""


def _holds_story(key: str, story: str) -> bool:
    """The line holds the story part set off by a colon or a dash, a kicker before it or a
    tail after it ("Second trip abroad: President starts tour of the south"); not quoted or
    run into a phrase ("2 thoughts on “…”", "1 Comment on …"), as comment links print it."""
    at = key.find(story) if story and len(key) > len(story) else -1
    if at < 0:
        return False
    before, after = key[:at].rstrip(), key[at + len(story) :].lstrip()
    return (not before or before[-1] in _SETS_OFF) and (not after or after[0] in _SETS_OFF)


def _join_kicker(blocks: Sequence[Block], header: Header) -> None:
    """A kicker printed on a line of its own that ends with a colon, right above the headline
    ("Dance at the old depot:" over "Wet through and happy"), is the headline's first part
    when the title line prints the two as one run of words: the page's heading holds both."""
    at = next((i for i, rule in header.used.items() if rule == TITLE), None)
    if at is None or at < 2 or header.used.get(at - 1) is not None:
        return
    kicker = blocks[at - 1].text
    if not kicker.endswith(":") or len(kicker.split()) > KICKER_WORDS:
        return
    joined = WORD.findall(f"{kicker} {blocks[at].text}".casefold())
    line = WORD.findall(blocks[0].text.casefold())
    if any(line[k : k + len(joined)] == joined for k in range(len(line) - len(joined) + 1)):
        header.title = f"{kicker} {blocks[at].text}"
        header.use(at - 1, TITLE)


def _cut_glued_tail(blocks: Sequence[Block], header: Header) -> None:
    """A headline line that opens with a run of the title line's parts and goes on, after a
    bare space, with a capitalised word ("Crews walk out at dawn Union calls for talks") has
    the next element glued on (a standfirst, a subtitle, a welcome) by the rendering; the
    run is the headline. A tail after a separator or in lower case goes on with the
    headline's own words ("… – which pays?", "… in Tennessee") and stays."""
    if header.title is None:
        return
    tokens = header.title.split(maxsplit=MAX_WORDS)
    if len(tokens) > MAX_WORDS:  # no headline; and each cut below joins the words again
        return
    runs = {line_key(span) for span in title_line_spans(blocks[0].text)}
    for n in range(len(tokens) - 1, STORY_WORDS - 1, -1):
        glued = tokens[n - 1][-1].isalnum() or tokens[n - 1][-1] in "?!"
        if glued and tokens[n][:1].isupper() and line_key(" ".join(tokens[:n])) in runs:
            header.title = " ".join(tokens[:n])
            return


def _is_sentence(text: str) -> bool:
    return text.endswith(".") and len(text.split(maxsplit=SENTENCE_WORDS)) > SENTENCE_WORDS


def _clues(title_words: frozenset[str]) -> tuple[str, ...]:
    """The title words a line must hold one of to be weighed: a line that shares only words
    of one or two letters ("in", "de") with the title line agrees with it by chance. A
    substring test finds them without a regex on the many lines that hold none."""
    longer = tuple(w for w in title_words if len(w) > CLUE_CHARS)
    return longer or tuple(title_words)


def _masthead(blocks: Sequence[Block], keys: Set[str]) -> set[str]:
    """A title-line part printed right under the title line, when the title line has other
    parts (`keys`, as `line_key` gives them) and none is known to be the site: the site's
    name over its menu, rarely the headline, which stands nearer the body."""
    top = {line_key(block.text) for block in blocks[1:MASTHEAD_LINES]} & keys
    return top if top != keys else set()


def _score(
    blocks: Sequence[Block],
    i: int,
    page: _Page,
    weights: HeadlineWeights,
    header_words: HeaderWords,
    kept: bool,
) -> float | None:
    """The line's score, or None when it cannot be the headline or agrees too little."""
    text = blocks[i].text
    if len(text) > MAX_CHARS or text.endswith((",", ":", ";")):
        return None
    folded = text.casefold()
    if not kept and not any(word in folded for word in page.clues):
        return None  # most lines share no word: a substring test says so without a regex
    words = frozenset(WORD.findall(folded))
    shared = len(words & page.title_words)
    if not words or (shared == 0 and not kept):
        return None
    own = shared / len(words)
    told = shared / len(page.title_words)
    agreement = 2 * own * told / (own + told) if shared else 0.0
    if agreement < weights.least_agreement and (not kept or len(words) == 1):
        return None  # one word read before is likely the section printed above the headline
    tokens = text.split()
    if len(tokens) > MAX_WORDS:
        return None
    if 2 * sum(any(ch.isalpha() for ch in t) for t in tokens) < len(tokens):
        return None  # mostly figures: a date or a count
    if header_words.chrome.search(text):
        return None  # the site's chrome: searched only on the few lines that agree
    score = weights.agreement * agreement + weights.own_words * own
    above = page.first_body - i
    if line_key(text) in page.runs:
        score += weights.exact_run
    elif above >= 0 and _holds_story(line_key(text), page.story):
        score += weights.holds_story
    if above >= 0:
        score -= weights.distance * min(above, FAR)
    else:
        score -= weights.below_body * min(-above, FAR)
    after = i + 1
    if after < len(blocks) and line_key(blocks[after].text) == line_key(text):
        score += weights.printed_twice
        after += 1
    if after == page.first_body or after in page.anchors:
        score += weights.above_anchor
    if _is_sentence(text):
        score -= weights.sentence
    if find_date(text):
        score -= weights.date_line
    if header_words.caption.search(text):
        score -= weights.caption
    return score + (weights.kept if kept else 0.0)
