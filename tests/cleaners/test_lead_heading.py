"""The heading right above the body's first kept block (`lead_heading`), the structural
evidence the title choice weighs: blocks and labels as the HTML cleaner leaves them."""

from __future__ import annotations

from scraper.cleaners.labels import LINK_LIST, NOT_MAIN_CONTENT, TITLE, Label
from scraper.cleaners.lead_heading import KICKER_WORDS, LEAD_REACH, drop_lead_title, lead_heading
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


def test_a_heading_opening_the_body_that_says_the_title_goes_to_the_title() -> None:
    blocks = blocks_of(
        ("h2", "Weekly report on the  river levels"),
        ("p", "The county board met on Tuesday."),
    )
    labels: list[Label] = [None, None]
    drop_lead_title(blocks, labels, "weekly report on the river levels")
    assert labels == [TITLE, None]


def test_a_kicker_run_into_the_headline_goes_with_it() -> None:
    blocks = blocks_of(
        ("h1", "Recipe of the week Lentil soup with lemon"),
        ("p", "This soup takes half an hour."),
    )
    labels: list[Label] = [None, None]
    drop_lead_title(blocks, labels, "Lentil soup with lemon")
    assert labels == [TITLE, None]


def test_the_body_keeps_a_first_block_that_is_not_the_headline() -> None:
    kicker = " ".join(["word"] * (KICKER_WORDS + 1))
    cases = [
        (("p", "Lentil soup with lemon"), "Lentil soup with lemon"),  # not a heading
        (("h2", "Ingredients"), "Lentil soup with lemon"),  # a section heading
        (("h2", f"{kicker} Lentil soup"), "Lentil soup"),  # more than a kicker before it
        (("h4", "Lentil soup"), "Lentil soup"),  # below the headline levels
    ]
    for first, title in cases:
        labels: list[Label] = [None, None]
        drop_lead_title(blocks_of(first, ("p", "Text.")), labels, title)
        assert labels == [None, None], first
    labels = [NOT_MAIN_CONTENT, None]  # only the body's first block is the headline's place
    drop_lead_title(blocks_of(("h2", "Menu"), ("p", "Lentil soup")), labels, "Lentil soup")
    assert labels == [NOT_MAIN_CONTENT, None]
