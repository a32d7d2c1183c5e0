"""Literal prefilters for rule patterns.

Python's regex engine tries every alternative of a pattern at every position of a text, which
made rule matching the largest cost of cleaning a page. Most rule patterns cannot match unless
some word is present ("subscribe", "newsletter", "cookie"), and a substring test for a few
words costs a fraction of a regex search. `required_literals` reads the parsed pattern and
returns such a set of words, one of which every match must contain, or None when it cannot
tell (then the regex always runs). The prefilter only ever skips searches that could not match.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from itertools import product
from typing import Any

if sys.version_info >= (3, 11):  # the parser moved (the old module name warns now)
    from re import _parser as sre_parse
else:  # pragma: no cover
    import sre_parse

Token = tuple[Any, Any]
"""What the regex parser yields: an opcode, and an argument whose shape the opcode decides."""

LITERAL = sre_parse.LITERAL
BRANCH = sre_parse.BRANCH
SUBPATTERN = sre_parse.SUBPATTERN
MAX_REPEAT = sre_parse.MAX_REPEAT
MIN_REPEAT = sre_parse.MIN_REPEAT
AT = sre_parse.AT
AT_STARTS = (sre_parse.AT_BEGINNING, sre_parse.AT_BEGINNING_STRING)
MAX_ALTERNATIVES = 64
MAX_UNION = 256

Literals = frozenset[str]


def required_literals(pattern: re.Pattern[str]) -> Literals | None:
    """Lower-cased strings, one of which occurs in (the lower-cased form of) every text the
    pattern matches; None when no such set was found. Only for case-insensitive patterns."""
    if not pattern.flags & re.IGNORECASE:
        return None
    parsed = _parsed(pattern)
    if parsed is None:
        return None
    found = _required(parsed)
    if not found or any(not s for s in found):
        return None
    return frozenset(s.lower() for s in found)


def _parsed(pattern: re.Pattern[str]) -> list[Any] | None:
    """The pattern's parse (a fresh list of it); None when it cannot be read, and the
    pattern goes unfiltered."""
    parsed = _parse(pattern)
    return None if parsed is None else list(parsed.data)


@lru_cache(maxsize=64)
def _parse(pattern: re.Pattern[str]) -> Any:
    """Parsed once for both readers of a pattern: start-up reads every rule's."""
    try:
        return sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:
        return None


Gate = tuple[tuple[str, ...], tuple[str, ...]]
"""(starts, holds): lower-cased strings; a text may match when it starts with one of `starts`
or holds one of `holds`."""


def required_gate(pattern: re.Pattern[str]) -> Gate | None:
    """What (the lower-cased form of) every text the pattern matches has, alternative by
    alternative: an alternative anchored at the start must start the text with its first
    words, any other must hold its required literals. None when some alternative has
    neither, or when no alternative is anchored (the literal index then says as much).

    Chrome lines are often whole-line patterns ("^(share|tweet|email …)$"), whose words
    ("x", "on", "email") are in most texts but start few of them."""
    if not pattern.flags & re.IGNORECASE or pattern.flags & re.MULTILINE:
        return None
    parsed = _parsed(pattern)
    if parsed is None:
        return None
    starts: set[str] = set()
    holds: set[str] = set()
    for alternative in _alternatives(parsed):
        prefixes = _anchored(alternative)
        if prefixes:
            starts |= prefixes
            continue
        literals = _required(alternative)
        if not literals or not all(literals):
            return None
        holds |= literals
    if not starts:
        return None
    return tuple(sorted({s.lower() for s in starts})), tuple(sorted({s.lower() for s in holds}))


def _alternatives(items: list[Token]) -> list[list[Token]]:
    """The pattern's top-level alternatives (`a|b`, `(?:a)|(?:b)`), each a sequence."""
    if len(items) == 1:
        op, av = items[0]
        if op is SUBPATTERN and not _multiline(av):
            return _alternatives(list(av[-1]))
        if op is BRANCH:
            return [alt for branch in av[1] for alt in _alternatives(list(branch))]
    return [items]


def _multiline(av: Any) -> bool:
    """A group with its own flags that make `^` match at every line."""
    return bool(av[1] & re.MULTILINE)


def _anchored(items: list[Token]) -> set[str] | None:
    """The prefixes of a sequence that starts at the start of the text, or None."""
    if not items:
        return None
    op, av = items[0]
    if op is AT and av in AT_STARTS:
        return _prefixes(items[1:])
    if op is SUBPATTERN and not _multiline(av):
        return _anchored(list(av[-1]))
    if op is BRANCH:
        return _union([_anchored(list(branch)) for branch in av[1]])
    return None


def _prefixes(items: list[Token]) -> set[str] | None:
    """Strings one of which every text matched by the sequence starts with, or None."""
    run: set[str] = {""}
    for op, av in items:
        exact = _exact([(op, av)]) if op is not AT else {""}
        if exact is None or len(run) * len(exact) > MAX_UNION:
            break
        run = {a + b for a, b in product(run, exact)}
    if run != {""}:
        return run
    first = next((token for token in items if token[0] is not AT), None)  # it holds text
    if first is None:
        return None
    op, av = first
    if op is SUBPATTERN and not _multiline(av):
        return _prefixes(list(av[-1]))
    if op is BRANCH:
        return _union([_prefixes(list(branch)) for branch in av[1]])
    if op in (MAX_REPEAT, MIN_REPEAT) and av[0] >= 1:
        return _prefixes(list(av[2]))
    return None


def _union(sets: list[set[str] | None]) -> set[str] | None:
    found: set[str] = set()
    for strings in sets:
        if not strings or not all(strings):
            return None
        found |= strings
    return found if len(found) <= MAX_UNION else None


def _exact(items: list[Token]) -> set[str] | None:
    """All strings a purely literal sequence can match, or None if it is not purely literal."""
    strings = {""}
    for op, av in items:
        options: set[str] | None
        if op is LITERAL:
            options = {chr(av)}
        elif op is SUBPATTERN:
            options = _exact(list(av[-1]))
        elif op is BRANCH:
            options = set()
            for branch in av[1]:
                sub = _exact(list(branch))
                if sub is None:
                    return None
                options |= sub
        elif op is AT:
            continue  # anchors and word boundaries match no text
        else:
            return None
        if options is None or len(strings) * len(options) > MAX_ALTERNATIVES:
            return None
        strings = {a + b for a, b in product(strings, options)}
    return strings


def _required(items: list[Token]) -> set[str] | None:
    """The most selective set of required strings found along one sequence."""
    candidates: list[set[str]] = []
    run: set[str] = {""}
    for op, av in items:
        exact = _exact([(op, av)]) if op is not AT else {""}
        if exact is not None and len(run) * len(exact) <= MAX_ALTERNATIVES:
            run = {a + b for a, b in product(run, exact)}
            continue
        if run != {""}:
            candidates.append(run)
        run = {""}
        inner = _inner_required(op, av)
        if inner:
            candidates.append(inner)
    if run != {""}:
        candidates.append(run)
    candidates = [c for c in candidates if all(c)]
    if not candidates:
        return None
    return max(candidates, key=_selectivity)


def _selectivity(strings: set[str]) -> tuple[int, int]:
    """Longer strings are rarer, up to a point; past it, fewer of them cost fewer tests."""
    return min(min(map(len, strings)), 5), -len(strings)


def _inner_required(op: Any, av: Any) -> set[str] | None:
    if op is SUBPATTERN:
        return _required(list(av[-1]))
    if op is BRANCH:
        found: set[str] = set()
        for branch in av[1]:
            sub = _required(list(branch))
            if not sub:
                return None
            found |= sub
        return found if len(found) <= MAX_UNION else None
    if op in (MAX_REPEAT, MIN_REPEAT) and av[0] >= 1:
        return _required(list(av[2]))
    return None


Piece = tuple[str, str, str]
IndexState = dict[str, Any]
"""A `LiteralIndex` as JSON values (lists and strings)."""
_COMMON = frozenset("etaoinsrhl ")  # the most frequent letters in Latin-script text


class LiteralIndex:
    """Which of many patterns a text may match, from their required literals in one pass.

    Each literal is represented by one of its three-character pieces; a text's pieces,
    intersected with the index in one set operation, name the patterns worth a closer look.
    Literals shorter than a piece are tested directly; patterns without literals always pass.
    """

    def __init__(self, literal_sets: list[Literals | None]) -> None:
        self.always: set[int] = set()
        self.short: list[tuple[str, int]] = []
        self.by_piece: dict[Piece, list[tuple[str, int]]] = {}
        self._file(literal_sets)
        self.pieces = frozenset(self.by_piece)

    def _file(self, literal_sets: list[Literals | None]) -> None:
        for index, literals in enumerate(literal_sets):
            if literals is None:
                self.always.add(index)
                continue
            for literal in sorted(literals):
                if len(literal) < 3:
                    self.short.append((literal, index))
                else:
                    piece = min(_pieces(literal), key=self._cost)
                    self.by_piece.setdefault(piece, []).append((literal, index))

    def to_json(self) -> IndexState:
        """What the index holds, as JSON values: building it weighs every piece of every
        literal, which a second process can skip (`rule_cache.py`)."""
        return {
            "always": sorted(self.always),
            "short": [list(entry) for entry in self.short],
            "by_piece": [
                ["".join(piece), [list(entry) for entry in entries]]
                for piece, entries in self.by_piece.items()
            ],
        }

    @classmethod
    def from_json(cls, state: IndexState) -> LiteralIndex:
        """The index `to_json` described; TypeError/ValueError when `state` is not one."""
        index = cls([])
        index.always = {int(position) for position in state["always"]}
        index.short = [(str(literal), int(position)) for literal, position in state["short"]]
        for text, entries in state["by_piece"]:
            a, b, c = tuple(str(text))  # ValueError unless three characters
            index.by_piece[(a, b, c)] = [(str(lit), int(position)) for lit, position in entries]
        index.pieces = frozenset(index.by_piece)
        return index

    def _cost(self, piece: Piece) -> tuple[int, int]:
        """Rare letters first, then pieces few literals share: each hit costs a check of all
        the literals filed under its piece."""
        return _commonness(piece), len(self.by_piece.get(piece, ()))

    def candidates(self, folded: str) -> list[int]:
        """Indexes (ascending) of the patterns whose required literals the lower-cased text
        contains, and of those that have none."""
        found = set(self.always)
        # the text's pieces go straight from the zip into the intersection, never into a set
        # of their own: a paragraph has hundreds of pieces, of which a few are in the index
        for piece in self.pieces.intersection(zip(folded, folded[1:], folded[2:], strict=False)):
            for literal, index in self.by_piece[piece]:
                if index not in found and literal in folded:
                    found.add(index)
        found.update(index for literal, index in self.short if literal in folded)
        return sorted(found)


def _pieces(literal: str) -> list[Piece]:
    return list(zip(literal, literal[1:], literal[2:], strict=False))


@lru_cache(maxsize=16384)
def _commonness(piece: Piece) -> int:
    """Remembered: every tier's index weighs the same rules' pieces again."""
    return sum(ch in _COMMON or not ch.isalpha() for ch in piece)
