"""A comments header cuts the rest of a text page only after a story: a comments counter
printed over the story (under a standfirst or an archive notice) must not remove it."""

from __future__ import annotations

import scraper

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
