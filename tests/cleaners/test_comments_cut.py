"""A comments header cuts the rest of a text page only after a story: a comments counter
printed over the story (under a standfirst or an archive notice), or a menu's "Comments" item
over it, must not remove it; a thread below the story, its comments stamped with dates or
headed by reply lines, is still cut."""

from __future__ import annotations

import pytest

import scraper
from scraper.cleaners.heuristics import is_stamp
from scraper.config import CleanerConfig

STANDFIRST = (
    "The long-awaited extension of the tram line to the airport has been approved by the "
    "government, two decades after it was first proposed, at a cost of 380 million pounds."
)
STORY = [
    f"Paragraph {n}: the council said work on section {n} of the line would start in the "
    f"spring, with {n + 3} new stops and trams running every ten minutes once it opens."
    for n in range(1, 9)
]
COMMENTS = [
    "Great news at last, I have waited twenty years for this and hope it opens on time.",
    "I live on the route and nobody asked us what we thought about the noise at night.",
]


def _page(lines: list[str]) -> str:
    return "\n\n".join(["Tram extension approved after twenty years", *lines]) + "\n"


def test_a_comments_counter_over_the_story_does_not_cut_it() -> None:
    body = scraper.clean_text(_page([STANDFIRST, "12 comments", *STORY])).body
    assert STORY[0][:40] in body and STORY[-1][:40] in body
    assert "12 comments" not in body


def test_a_comments_header_after_the_story_still_cuts_the_comments() -> None:
    body = scraper.clean_text(_page([STANDFIRST, *STORY, "2 comments", *COMMENTS])).body
    assert STORY[-1][:40] in body
    assert all(comment[:30] not in body for comment in COMMENTS)


# A sign-up form's prose, a menu's "Comments" item and the story's furniture above the story:
# more prose above the header than a counter's standfirst, and the story starts past the
# few lines `_story_follows` reads.
FORM = [
    "Please register to gain free access to our tools, newsletters and the archive of "
    "every story we have published since the paper went online in the spring of 1996.",
    "From time to time we will send you announcements about new features and special "
    "offers from the paper and its partners, which you can turn off at any time you like.",
]
FURNITURE = ["Comments", "More in Transport »", "Smaller", "Larger", "By Jane Doe"]
LONG_STORY = [
    "The council approved the plan on Tuesday after a debate that lasted most of the night, "
    "with councillors from every party speaking for the extension in the end.",
    "Engineers expect the first section, from the central station to the hospital, to take "
    "two years to build, because the old bridge over the canal has to be strengthened.",
    "Residents along the route were promised that work at night would be kept to a minimum "
    "and that the road would stay open to buses while the rails are laid.",
    "The airport's owners agreed to pay for the new terminus, a glass hall beside the "
    "arrivals building where passengers will be able to check in their luggage.",
    "Critics of the scheme said the money would be better spent on buses, which already "
    "carry four times as many passengers as the trams on the existing lines.",
    "The transport committee's chair answered that buses were stuck in the same traffic "
    "as cars, while trams on their own tracks would keep to the timetable.",
    "Fares will be set by the regional authority and are expected to match those of the "
    "existing network, with a single ticket valid on trams, buses and local trains.",
    "A public inquiry in 2019 found that the route through the old town would damage "
    "listed buildings, so the line now runs along the river instead.",
    "Shopkeepers on the riverside road worried that two years of digging would keep their "
    "customers away, and asked the council for help with their rents.",
    "The council said a fund of two million pounds would compensate businesses that lose "
    "trade while the street is closed, paid out every three months.",
    "Construction firms have until the end of March to bid for the contract, and the "
    "winner will be named in the summer, once the government has signed off the budget.",
    "If the timetable holds, the first passengers will ride to the airport in the spring "
    "of 2029, more than thirty years after the line was first drawn on a map.",
]
THREAD = [
    line
    for n in range(1, 13)
    for line in (
        f"Reader{n} said on July {n}, 2012 at 9:{10 + n} pm",
        f"Comment {n}: I have taken the tram to work for years and the new line will save me "
        f"an hour a day, though I doubt it will open on time or that fares will stay at "
        f"{n + 1} pounds once the private operator takes over the whole network next year.",
    )
]


@pytest.mark.parametrize("learned", [False, True])
def test_a_menus_comments_item_over_a_story_does_not_cut_it(learned: bool) -> None:
    page = _page([*FORM, *FURNITURE, *LONG_STORY])
    body = scraper.clean_text(page, config=CleanerConfig(learned=learned)).body
    assert LONG_STORY[0][:40] in body and LONG_STORY[-1][:40] in body


@pytest.mark.parametrize("learned", [False, True])
def test_a_stamped_thread_below_the_story_is_still_cut(learned: bool) -> None:
    page = _page([STANDFIRST, *STORY, "12 comments", *THREAD])
    body = scraper.clean_text(page, config=CleanerConfig(learned=learned)).body
    assert STORY[-1][:40] in body
    assert not any(line[:30] in body for line in THREAD)


def test_replies_headed_by_the_comments_rules_are_a_thread_without_dates() -> None:
    replies = [
        line for n in range(1, 13) for line in (f"Re: the tram line, part {n}", THREAD[2 * n - 1])
    ]
    body = scraper.clean_text(_page([STANDFIRST, *STORY, "Comments", *replies])).body
    assert STORY[-1][:40] in body
    assert not any(line[:30] in body for line in replies)


@pytest.mark.parametrize(
    ("line", "stamp"),
    [
        ("Elena July 14, 2012 at 9:52 pm", True),
        ("by ackthpt writes: on Tuesday July 24, @11:10AM (#40749935)", True),
        ("posted by Aaron @ 9:43 AM", True),
        ("By Jane Doe", False),
        ("Prices rose 3.50 per cent", False),
    ],
)
def test_a_stamp_is_a_line_with_a_date_or_a_clock_time(line: str, stamp: bool) -> None:
    assert is_stamp(line) is stamp
