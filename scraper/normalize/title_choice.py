"""The headline chosen among every text that may name the page, by their agreement.

A page names itself several times: in its head (the `<title>`, often "Headline | Site", the
stated titles: JSON-LD `headline`, `og:title`, `twitter:title`, Dublin Core) and on the page
(its `<h1>`s, a marked post title, the first `<h2>`s). Any one of them can be wrong in its own
way: the `<title>` carries the site's name or a search engine's wording, the first `<h1>` is the
logo, an `<h1>` has a kicker in it. What is right is what the two sides agree on, so each
candidate (each text, each run of its parts between separators, each run of an `<h1>`'s
elements) scores its source's prior plus how well the best text of the other side repeats its
words. The site's name is never a candidate. The weights are data (`defaults/titles.toml`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from scraper.config import load_toml

TITLE_SEPARATORS = re.compile(r"\s+(?:[|–—•·»«›‹~:/\\⋆★◆♦∙│]|-{1,2}|::|>>|<<)\s+")
DOMAIN_ONLY = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?$", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_MAX_WORDS = 40
_MAX_PARTS = 5
_MAX_RUNS = 15
GROUPS: Mapping[str, str] = MappingProxyType(
    {
        "h1": "visible", "post": "visible", "h2": "visible", "lead": "visible",
        "head": "head", "json_ld": "head", "og": "head", "twitter": "head", "meta": "head",
        "title": "head",
    }
)  # fmt: skip
"""The two sides: the head's texts are copies of one another (`og:title` and `twitter:title`
are written by the same plugin, the `<title>` by the same template), so agreement counts only
between the visible page and the head."""


@dataclass(frozen=True, slots=True)
class TitleWeights:
    """How much each source is believed alone, how much agreement adds, and the class words
    that mark an `<h1>`'s kicker with what a candidate that begins with it loses
    (`defaults/titles.toml`)."""

    prior: Mapping[str, float] = field(default_factory=dict)
    part: float = 0.0
    later: float = 0.0
    agreement: float = 0.0
    least_overlap: float = 1.0
    kicker: float = 0.0
    kicker_marks: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path) -> TitleWeights:
        data = load_toml(path)
        scores = data.get("scores", {})
        return cls(
            prior=MappingProxyType({k: float(v) for k, v in data.get("prior", {}).items()}),
            part=float(scores.get("part", 0.0)),
            later=float(scores.get("later", 0.0)),
            agreement=float(scores.get("agreement", 0.0)),
            least_overlap=float(scores.get("least_overlap", 1.0)),
            kicker=float(scores.get("kicker", 0.0)),
            kicker_marks=frozenset(m.casefold() for m in data.get("kicker", {}).get("marks", [])),
        )


@dataclass(frozen=True, slots=True)
class Candidate:
    """A text that may be the headline: where it came from, its rank among its source's texts
    (the second `<h1>` is 1) and whether it is only a part of that text."""

    text: str
    source: str
    rank: int = 0
    part: bool = False
    words: frozenset[str] = frozenset()
    pieced: bool = False  # cut at an element's edge, not at a separator in the text
    kicked: bool = False  # begins with the kicker the page marks in its `<h1>`

    @property
    def group(self) -> str:
        return GROUPS.get(self.source, self.source)


def candidates_of(source: str, texts: Sequence[str], sites: Collection[str]) -> list[Candidate]:
    """Each text and, when separators cut it into parts, each run of its parts that is not
    the site's name: the headline of "Headline | Site", of "Headline - Deck | Site" and the
    kicker-free end of "Kicker: Headline"."""
    found: list[Candidate] = []
    for rank, text in enumerate(texts):
        if _unfit(text, sites):
            continue
        found.append(Candidate(text, source, rank, False, title_words(text)))
        found += [
            Candidate(run, source, rank, True, title_words(run))
            for run in part_runs(text)
            if not _unfit(run, sites)
        ]
    return found


def pieced(source: str, rank: int, pieces: Sequence[str]) -> list[Candidate]:
    """The runs of a heading's pieces (its children's texts), the whole left out: the
    headline without the kicker or deck the template prints in the same element."""
    runs = [
        " ".join(pieces[i : j + 1])
        for i in range(len(pieces))
        for j in range(i, len(pieces))
        if (i, j) != (0, len(pieces) - 1)
    ]
    return [Candidate(r, source, rank, True, title_words(r), True) for r in runs[:_MAX_RUNS]]


def _pieces(text: str) -> list[tuple[str, int, int]]:
    found, at = [], 0
    for piece in TITLE_SEPARATORS.split(text):
        at = text.index(piece, at)
        found.append((piece, at, at + len(piece)))
        at += len(piece)
    return found


def part_runs(text: str) -> list[str]:
    """The runs of consecutive parts of a text cut at separators, the whole text left out:
    "A | B | C" gives A, A | B, B, B | C, C."""
    pieces = _pieces(text)
    if len(pieces) < 2 or len(pieces) > _MAX_PARTS:
        return []
    return [
        text[pieces[i][1] : pieces[j][2]]
        for i in range(len(pieces))
        for j in range(i, len(pieces))
        if (i, j) != (0, len(pieces) - 1)
    ]


def choose(found: Sequence[Candidate], weights: TitleWeights) -> str | None:
    """The candidate with the best prior plus agreement; the earlier one on a tie."""
    best: tuple[float, int] | None = None
    chosen = None
    by_group: dict[str, list[Candidate]] = {}
    for candidate in found:
        by_group.setdefault(candidate.group, []).append(candidate)
    for order, candidate in enumerate(found):
        score = weights.prior.get(candidate.source, 0.0)
        score -= weights.part * candidate.part + weights.later * min(candidate.rank, 3)
        score -= weights.kicker * candidate.kicked
        for group, others in by_group.items():
            if group != candidate.group:
                score += weights.agreement * _agreement(candidate, others, weights)
        if best is None or (score, -order) > best:
            best, chosen = (score, -order), candidate.text
    return chosen


def _agreement(candidate: Candidate, others: Sequence[Candidate], weights: TitleWeights) -> float:
    """How well another group's best text repeats the candidate's words. Two parts cut at
    separators do not confirm each other: a template cuts its `<title>` and its `og:title` at
    the same places, so the site's name and each half of a "Topic – Headline" match across
    them alike; an `<h1>` cut at its elements' edges is evidence of another kind."""
    top = max(
        (overlap(candidate.words, o.words) for o in others if _independent(candidate, o)),
        default=0.0,
    )
    return top if top >= weights.least_overlap else 0.0


def _independent(one: Candidate, other: Candidate) -> bool:
    return not (one.part and other.part) or one.pieced or other.pieced


def overlap(mine: frozenset[str], theirs: frozenset[str]) -> float:
    """The share of the two word sets they have in common, of the larger: 1 when the same
    words, ½ when one has twice the other's."""
    if not mine or not theirs:
        return 0.0
    return len(mine & theirs) / max(len(mine), len(theirs))


def title_words(text: str) -> frozenset[str]:
    plain = unicodedata.normalize("NFKC", text).replace("\xad", "")  # soft hyphens
    return frozenset(_WORD.findall(plain.casefold()))


def _unfit(text: str, sites: Collection[str]) -> bool:
    """The site's name, a bare domain, or no words / a paragraph's worth of them."""
    folded = text.strip().casefold()
    words = len(text.split())
    return not folded or folded in sites or bool(DOMAIN_ONLY.match(folded)) or words > _MAX_WORDS
