"""The heading right above the body's first kept block (`lead_heading`), the structural
evidence the title choice weighs: blocks and labels as the HTML cleaner leaves them."""

from __future__ import annotations

from scraper.cleaners.labels import LINK_LIST, NOT_MAIN_CONTENT, TITLE, Label
from scraper.cleaners.lead_heading import LEAD_REACH, lead_heading
from scraper.records import Block


def blocks_of(*kinds_texts: tuple[str, str]) -> list[Block]:
    return [Block(text, i, kind) for i, (kind, text) in enumerate(kinds_texts)]


def test_the_nearest_heading_above_the_first_kept_block_past_a_date_line() -> None:
    blocks = blocks_of(
        ("h1", "Notices"),
        ("li", "Moorings"),
        ("h2", "Mooring fees rise from April"),
        ("div", "12 March 2024"),
        ("p", "The harbour board agreed the new fees on Tuesday."),
    )
    labels: list[Label] = [NOT_MAIN_CONTENT, LINK_LIST, NOT_MAIN_CONTENT, NOT_MAIN_CONTENT, None]
    assert lead_heading(blocks, labels) == "Mooring fees rise from April"


def test_a_kept_heading_that_opens_the_body_is_the_lead() -> None:
    blocks = blocks_of(
        ("li", "Notices"),
        ("h2", "Checklist for submissions"),
        ("p", "Authors are asked to check each item below."),
    )
    assert lead_heading(blocks, [LINK_LIST, None, None]) == "Checklist for submissions"


def test_a_higher_heading_right_above_a_section_heading_is_the_headline() -> None:
    blocks = blocks_of(
        ("h2", "Weekly report on the river levels"),
        ("h3", "Risk analysis"),
        ("p", "The gauges rose on three of the five rivers."),
    )
    assert lead_heading(blocks, [TITLE, NOT_MAIN_CONTENT, None]) == (
        "Weekly report on the river levels"
    )


def test_no_lead_past_the_reach_or_without_a_kept_block() -> None:
    far = blocks_of(("h1", "Headline"), *[("li", f"Menu {i}") for i in range(LEAD_REACH)])
    far.append(Block("The story starts here.", len(far), "p"))
    labels: list[Label] = [LINK_LIST] * (len(far) - 1) + [None]
    assert lead_heading(far, labels) is None
    assert lead_heading(far, [LINK_LIST] * len(far)) is None
