"""The cleaners keep each kept block's kind: HTML from its elements, text dumps from their
layout; the Markdown of small hand-written pages is checked exactly."""

from __future__ import annotations

import scraper
from scraper.structure import BodyBlock
from tests.conftest import ROOT

PROSE = "Tide tables list the times and heights of high and low water for a harbour"
# the page of the fixture html-23-structure-tide-guide: one copy, checked here exactly
PAGE = (ROOT / "fixtures/html-23-structure-tide-guide/page.html").read_text(encoding="utf-8")

MARKDOWN = f"""# Tide tables explained

{PROSE}, and sailors read them before every passage out of the estuary.

## Reading a table

Each row is one day; see the [units guide](https://harbour.test/guide/units) for the heights, \
which are given in metres above chart datum for the port.

- High water times come first in every row of the table.
- Low water times follow them:
    1. morning low water is given before noon,
    2. evening low water after it.
- Heights are in metres above the datum of the chart.

| Day of the week | High water time | Low water time |
|---|---|---|
| Monday | 06:12 | 12:30 |
| Tuesday | 06:58 | 13:15 |

```
tides = load("harbour.csv")

for day in tides:
    print(day.high_water)
```

> Time and tide wait for no one, and neither does the harbour master.

With the table in hand, a passage can be planned around the flood and the ebb, whatever the \
weather brings that week.
"""


def test_html_page_renders_as_exact_markdown() -> None:
    article = scraper.clean_html(PAGE, url="https://harbour.test/tides")
    assert article.ok, article.error
    assert article.to_markdown(links=True) == MARKDOWN


def test_html_structure_kinds_and_body_unchanged() -> None:
    article = scraper.clean_html(PAGE, url="https://harbour.test/tides")
    kinds = [b.kind for b in article.blocks]
    assert kinds == [
        "paragraph", "heading", "paragraph", "item", "item", "item", "item", "item", "table",
        "code", "quote", "paragraph",
    ]  # fmt: skip
    table = article.blocks[8]
    assert table.head == 1 and table.rows[0] == (
        "Day of the week",
        "High water time",
        "Low water time",
    )
    # the body stays plain text: the code's line breaks live in the structure only
    assert "for day in tides: print(day.high_water)" in article.body
    assert "[units guide]" not in article.body and "|" not in article.body
    assert "Home" not in article.to_markdown() and "Copyright" not in article.to_markdown()


def test_html_links_are_absolute_and_point_into_the_text() -> None:
    article = scraper.clean_html(PAGE, url="https://harbour.test/tides")
    (with_link,) = [b for b in article.blocks if b.links]
    (link,) = with_link.links
    assert with_link.text[link.start : link.end] == "units guide"
    assert link.href == "https://harbour.test/guide/units"


def test_thead_rows_are_header_rows_and_layout_tables_give_paragraphs() -> None:
    rows = "".join(
        f"<tr><td>Port number {i} of the coast</td><td>{i * 3} metres at low tide</td></tr>"
        for i in range(1, 4)
    )
    page = (
        f"<html><body><article><p>{PROSE} on the coast, and every port keeps its own table "
        "of depths for the boats that use it.</p><table><thead><tr><td>Port of the coast</td>"
        f"<td>Depth of water at low tide</td></tr></thead><tbody>{rows}</tbody></table>"
        "<table><tr><td>A layout table holds this sentence in a cell of its own, as old pages "
        "did with their text.</td></tr><tr><td>And a second row holds one more sentence of "
        "the story, in one column.</td></tr></table></article></body></html>"
    )
    article = scraper.clean_html(page)
    tables = [b for b in article.blocks if b.kind == "table"]
    assert len(tables) == 1 and tables[0].head == 1 and len(tables[0].rows) == 4
    lone = "A layout table holds this sentence in a cell of its own, as old pages did with"
    assert article.blocks[-2:] == (
        BodyBlock("paragraph", f"{lone} their text."),
        BodyBlock(
            "paragraph", "And a second row holds one more sentence of the story, in one column."
        ),
    )


TEXT = """Allotment notes for the spring season

The committee met on Tuesday to plan the spring season, and members agreed on a new \
watering rota for the long dry spells that summer usually brings.

Watering rota

Each plot holder waters the shared beds for one week, in the order of the plot numbers, \
starting with the plots nearest the gate.

What to bring

- a hose of at least ten metres
- gloves and a trowel
  * a spare pair for visitors
- the rota card from the noticeboard

Steps for new members

1. Pay the yearly fee at the shed.
2. Collect a key from the secretary.

The next meeting is on the first Tuesday of May, in the village hall, and everyone with a \
plot is welcome to come along and bring ideas.
"""


def test_text_dump_headings_and_lists_render_as_exact_markdown() -> None:
    article = scraper.clean_text(TEXT)
    assert article.ok, article.error
    assert article.to_markdown() == (
        "# Allotment notes for the spring season\n\n"
        "The committee met on Tuesday to plan the spring season, and members agreed on a new "
        "watering rota for the long dry spells that summer usually brings.\n\n"
        "## Watering rota\n\n"
        "Each plot holder waters the shared beds for one week, in the order of the plot "
        "numbers, starting with the plots nearest the gate.\n\n"
        "## What to bring\n\n"
        "- a hose of at least ten metres\n"
        "- gloves and a trowel\n"
        "    - a spare pair for visitors\n"
        "- the rota card from the noticeboard\n\n"
        "## Steps for new members\n\n"
        "1. Pay the yearly fee at the shed.\n"
        "2. Collect a key from the secretary.\n\n"
        "The next meeting is on the first Tuesday of May, in the village hall, and everyone "
        "with a plot is welcome to come along and bring ideas.\n"
    )
    assert "- a hose of at least ten metres" in article.body  # the body keeps the text's own


def test_text_line_that_ends_a_sentence_or_runs_on_is_no_heading() -> None:
    text = TEXT.replace("Watering rota\n", "Watering rota.\n").replace(
        "What to bring\n\n", "What to bring\nto the shed\n\n"
    )
    article = scraper.clean_text(text)
    headings = [b.text for b in article.blocks if b.kind == "heading"]
    assert headings == ["Steps for new members"]


def test_a_separator_line_is_no_heading() -> None:
    article = scraper.clean_text(TEXT.replace("Watering rota\n", "* * *\n"))
    assert "* * *" not in [b.text for b in article.blocks if b.kind == "heading"]
    assert "\\* \\* \\*" in article.to_markdown()  # a paragraph, escaped: no list, no rule
