"""Which blocks are the article: quality classes, chrome rules, and the densest body run.

Each block gets a quality class from its text features (jusText's good / near-good / short /
bad idea). The body is the run of blocks that maximises the weight of good text minus the
weight of chrome and short lines inside it (the body-text-extraction idea of Finn et al.,
computed with a maximum-subarray pass). Short blocks inside that run stay (sub-headings,
captions, one-line paragraphs); prose next to the run is recovered; everything else is
removed with the id of the rule or heuristic that decided it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scraper.cleaners.evidence import BlockEvidence
from scraper.cleaners.features import WORD, BlockStats, Quality, quality, trigrams
from scraper.cleaners.labels import (
    AFTER_COMMENTS,
    AUTHOR_BIO,
    DUPLICATE,
    LIST_AFTER_HEADER,
    MENU_LINES,
    OUTSIDE_BODY,
    Label,
    group_of,
)
from scraper.cleaners.rules import Rule, RuleSet
from scraper.normalize.dates import find_date
from scraper.records import Block

SCOPED_MIN_WORDS = 4
REST_AFTER_SHARE = 4.0  # article words after a comments header, over those before: not its end
# below a comments header on a text page, a run of prose this many times the prose above it
# (and at least a story's worth), with fewer comment stamps than this share of its
# paragraphs, is the story under a menu's "Comments" item, not a thread
REST_STORY_SHARE = 2.0
REST_STAMP_SHARE = 0.3
REST_RUN_GAP = 2  # lines between two paragraphs of one run: a photo credit, a subheading
STAMP_MAX_WORDS = 20  # a comment's stamp line: its writer, a date or a clock time, links
_CLOCK = re.compile(r"\b[012]?\d:[0-5]\d(?!\d)")


@dataclass(frozen=True, slots=True)
class BodyWeights:
    """Tuned on text renderings of the main-content-eval pages; see BENCHMARKS.md."""

    near: float = 0.3
    short_penalty: float = 2.5
    bad_penalty: float = 3.0
    recover_words: float = 25.0
    recover_distance: int = 3
    rest_after_words: float = 30.0
    rest_story_words: float = 150.0
    rest_look_ahead: int = 6
    rest_story_paragraphs: int = 3
    list_max_items: int = 15


def match_rules(
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    rules: RuleSet,
    judged: Sequence[bool] | None = None,
) -> list[Rule | None]:
    """The rule matching each block.

    Blocks that `judged` excludes (already known to be chrome by stronger evidence) are only
    matched against rules that reach beyond their block, and only when they are headings of
    some length ("Re: the thread's subject"): a one-word "Comments" menu item starts nothing.
    This saves most of the work on menus.
    """
    if judged is None:
        judged = [True] * len(blocks)
    return [
        match_block(block, s, rules, judge)
        for block, s, judge in zip(blocks, stats, judged, strict=True)
    ]


def match_block(block: Block, stats: BlockStats, rules: RuleSet, judged: bool) -> Rule | None:
    """One block's rule, as `match_rules` finds it."""
    if judged:
        return rules.match(block.rule_text, int(stats.words))
    if stats.words >= SCOPED_MIN_WORDS:
        return rules.match_scoped(block.rule_text, int(stats.words))
    return None


def rule_hits(
    matched: Sequence[Rule | None],
    stats: Sequence[BlockStats],
    weights: BodyWeights,
    evidence: Sequence[bool] | None = None,
    stamped: Callable[[int], bool] | None = None,
) -> list[Label]:
    """The rule id that vetoes each block, expanding `list` and `rest` scopes.

    A `rest` rule (a comments header) only reaches to the end once some of the article came
    before it: prose, or the blocks another signal (`evidence`) takes for the article, and,
    when that signal is given, only if far more of what it takes for the article does not
    follow. So a "99 comments" link in the byline, after a teaser or under a standfirst, does
    not cut the story. Without such a signal, a header with less than a story's worth of
    prose above it (`rest_story_words`) and a story right below it (`_story_follows`) is a
    counter printed over the story, under a standfirst or an archive notice, and cuts nothing.
    Where `stamped` tells which blocks carry a comment's stamp, a header with a story below
    it (`_story_below`) cuts nothing either, however much prose came first: a registration
    form or a standfirst above a menu's "Comments" item is no story the thread follows.
    """
    matched = [None if rule is None or rule.keep else rule for rule in matched]
    hits: list[Label] = [rule.id if rule else None for rule in matched]
    guided = evidence is not None  # by an extractor, not only by prose (comments are prose)
    if evidence is None:
        evidence = [quality(s) is Quality.GOOD for s in stats]
    needed = weights.rest_after_words
    good_words = 0.0
    # the guided article's words, and those of it up to the current block: what is left of
    # it below a comments header is their difference, not a sum over the rest per header
    article_words = sum(s.words for s, e in zip(stats, evidence, strict=True) if e)
    article_seen = 0.0
    for i, rule in enumerate(matched):
        if evidence[i]:
            article_seen += stats[i].words
        if rule is None:
            if evidence[i]:
                good_words += stats[i].words
            continue
        if rule.scope == "rest" and good_words >= needed:
            after = article_words - article_seen
            if guided and after > REST_AFTER_SHARE * good_words:  # the article goes on
                continue
            if (
                not guided
                and good_words < weights.rest_story_words
                and _story_follows(i, matched, stats, weights)
            ):
                continue
            if stamped is not None and _story_below(
                i, rule, matched, stats, weights, good_words, stamped
            ):
                continue
            for j in range(i + 1, len(matched)):
                hits[j] = hits[j] or AFTER_COMMENTS
            break
        if rule.scope == "list":
            for j in range(i + 1, min(len(matched), i + 1 + weights.list_max_items)):
                if hits[j] is not None and matched[j] is not None:
                    continue
                if quality(stats[j]) is Quality.GOOD:
                    break
                hits[j] = LIST_AFTER_HEADER
    return hits


def _story_follows(
    i: int, matched: Sequence[Rule | None], stats: Sequence[BlockStats], weights: BodyWeights
) -> bool:
    """Whether paragraphs of prose follow block `i` at once: a story's worth of them in the
    next few blocks. Comments do not read so: each comes with a name, a date and a reply
    link, and a comment form or a pager often comes first."""
    ahead = range(i + 1, min(len(stats), i + 1 + weights.rest_look_ahead))
    prose = [j for j in ahead if matched[j] is None and quality(stats[j]) is Quality.GOOD]
    words = sum(stats[j].words for j in prose)
    return len(prose) >= weights.rest_story_paragraphs and words >= weights.rest_story_words


def is_stamp(text: str) -> bool:
    """Whether a short line carries a date or a clock time, as a comment's header line does
    ("Elena July 14, 2012 at 9:52 pm", "posted by Aaron @ 9:43 AM")."""
    return _CLOCK.search(text) is not None or find_date(text) is not None


def _story_below(
    i: int,
    header: Rule,
    matched: Sequence[Rule | None],
    stats: Sequence[BlockStats],
    weights: BodyWeights,
    above: float,
    stamped: Callable[[int], bool],
) -> bool:
    """Whether the prose below block `i`, which the `header` rule matched, is a story rather
    than a comment thread: a run of paragraphs (sentences of prose, a few lines apart at most)
    outweighs the prose `above` the header `REST_STORY_SHARE` times, and a story's worth at
    least, and few of the lines from the header to the run's end are stamps. A thread is
    prose too, but each comment comes with its writer and a date or a time, or a line of the
    header's own rule group (a reply's heading, the comment form): a stamp ends a run, and a
    thread's short lines are mostly stamps where a story's are subheadings and credits.
    (Lists of dated teasers further down the page do not count against the story.)"""
    group = group_of(header.id)
    needed = max(REST_STORY_SHARE * above, weights.rest_story_words)
    stamps = paragraphs = in_run = last = 0
    run = 0.0
    for j in range(i + 1, len(stats)):
        s, rule = stats[j], matched[j]
        if (rule is not None and group_of(rule.id) == group) or (
            s.words <= STAMP_MAX_WORDS and stamped(j)
        ):
            stamps += 1
            run, in_run = 0.0, 0
        elif rule is None and s.terminal and quality(s) is Quality.GOOD:
            paragraphs += 1
            if in_run and j - last - 1 > REST_RUN_GAP:
                run, in_run = 0.0, 0
            run, in_run, last = run + s.words, in_run + 1, j
            story = in_run >= weights.rest_story_paragraphs and run >= needed
            if story and stamps < REST_STAMP_SHARE * paragraphs:
                return True
    return False


def densest_run(scores: Sequence[float]) -> tuple[int, int]:
    """Start and end (inclusive) of the maximum-sum run; (0, -1) when nothing scores."""
    best, current, start, best_range = 0.0, 0.0, 0, (0, -1)
    for i, score in enumerate(scores):
        if current <= 0:
            current, start = score, i
        else:
            current += score
        if current > best:
            best, best_range = current, (start, i)
    return best_range


def block_score(q: Quality, words: float, vetoed: bool, weights: BodyWeights) -> float:
    """What a block adds to the body run: its words when it is prose, a penalty when it is
    chrome (vetoed, or bad text), a small one for a short line."""
    if vetoed or q is Quality.BAD:
        return -words - weights.bad_penalty
    if q is Quality.GOOD:
        return words
    if q is Quality.NEAR:
        return words * weights.near
    return -weights.short_penalty


def label_body(
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    rules: RuleSet,
    weights: BodyWeights = BodyWeights(),
) -> tuple[list[Label], BlockEvidence]:
    """Per block: None when it is body, else the id of what removed it; plus what each stage
    found."""
    matched = match_rules(blocks, stats, rules)
    hits = rule_hits(matched, stats, weights, stamped=lambda j: is_stamp(blocks[j].text))
    kept = [bool(rule and rule.keep) for rule in matched]
    qualities = [Quality.GOOD if keep else quality(s) for keep, s in zip(kept, stats, strict=True)]
    scores = [
        block_score(q, s.words, hit is not None, weights)
        for q, s, hit in zip(qualities, stats, hits, strict=True)
    ]
    start, end = densest_run(scores)
    end = _extend_group(blocks, stats, qualities, hits, start, end)
    labels: list[Label] = []
    for i, (q, s, hit) in enumerate(zip(qualities, stats, hits, strict=True)):
        if hit is not None:
            labels.append(hit)
        elif start <= i <= end:
            labels.append(MENU_LINES if q is Quality.BAD else None)
        elif _recoverable(i, start, end, q, s, weights) or (
            kept[i] and _near(i, start, end, weights)
        ):
            labels.append(None)
        else:
            labels.append(OUTSIDE_BODY)
    own = [start <= i <= end for i in range(len(blocks))]
    return labels, BlockEvidence(qualities, matched, hits, own)


def _extend_group(
    blocks: Sequence[Block],
    stats: Sequence[BlockStats],
    qualities: Sequence[Quality],
    hits: Sequence[Label],
    start: int,
    end: int,
) -> int:
    """Stretch the run over the sentences printed in the same block group as its last block
    ("Referee: …. Attendance: …." under a line-up). Only where the page groups its lines with
    blank lines at all; a page without blank lines is one group and says nothing.
    """
    if end < start or sum(b.blank_before for b in blocks) < 3:
        return end
    while (
        end + 1 < len(blocks)
        and not blocks[end + 1].blank_before
        and hits[end + 1] is None
        and qualities[end + 1] is not Quality.BAD
        and stats[end + 1].terminal
    ):
        end += 1
    return end


def _recoverable(
    i: int, start: int, end: int, q: Quality, stats: BlockStats, weights: BodyWeights
) -> bool:
    if q is not Quality.GOOD or stats.words < weights.recover_words:
        return False
    return _near(i, start, end, weights)


def _near(i: int, start: int, end: int, weights: BodyWeights) -> bool:
    if end < start:
        return False
    distance = start - i if i < start else i - end
    return distance <= weights.recover_distance


BIO_TAIL_BLOCKS = 3
_BIO_VERBS = (" is ", " covers ", " writes ", " was ", " has ", " reports ", " lives ", ", ")


def label_author_bios(
    blocks: Sequence[Block], labels: list[Label], authors: Sequence[str]
) -> None:
    """The last body blocks that start with a byline's name ("Jane Doe covers Congress …") are
    the author's bio, printed after the story rather than part of it."""
    if not authors:
        return
    body = [i for i, label in enumerate(labels) if label is None]
    for i in body[-BIO_TAIL_BLOCKS:]:
        text = blocks[i].text
        if any(text.startswith(name + verb) for name in authors for verb in _BIO_VERBS):
            labels[i] = AUTHOR_BIO


_DUPLICATE_SHARE = 0.8
_DUPLICATE_MIN_GRAMS = 5


def trim_after_duplicates(stats: Sequence[BlockStats], labels: list[Label]) -> None:
    """Short lines left at the end of the body by a duplicate's removal leave it too. The
    body run reached past them to the prose beyond; with that prose gone as a repeat, they
    would end this body but not the same body cleaned again (cleaning must be idempotent)."""
    body = [i for i, label in enumerate(labels) if label is None]
    while (
        body
        and DUPLICATE in labels[body[-1] + 1 :]
        and quality(stats[body[-1]]) in (Quality.SHORT, Quality.BAD)
    ):
        labels[body.pop()] = OUTSIDE_BODY


def label_duplicates(
    blocks: Sequence[Block], labels: list[Label], candidate: Callable[[Block], bool]
) -> None:
    """A body block that repeats text already in the body (a quoted post, a pull quote)
    adds nothing: it leaves with `heuristic.duplicate`. Only blocks `candidate` accepts are
    judged, since a page may well repeat a real paragraph (a chorus, a refrain)."""
    judged = [i for i, block in enumerate(blocks) if labels[i] is None and candidate(block)]
    if not judged:  # most pages: no quotation in the body, nothing to compare
        return
    seen: set[tuple[str, ...]] = set()
    for i, block in enumerate(blocks[: judged[-1] + 1]):
        if labels[i] is not None:
            continue
        tokens = WORD.findall(block.text.casefold())
        grams = set(trigrams(tokens))
        repeated = len(grams & seen)
        if (
            len(grams) >= _DUPLICATE_MIN_GRAMS
            and repeated >= _DUPLICATE_SHARE * len(grams)
            and candidate(block)
        ):
            labels[i] = DUPLICATE
            continue
        seen |= grams
