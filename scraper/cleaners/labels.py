"""What cleaning decides for each block: kept in the body, or removed by the rule with this id.

Chrome rules are data: their ids (`newsletter.signup`, `nav.menu`, ...) come from
`defaults/rules/*.toml`, and a rule's group is the part before the dot. Everything else that
takes a block out is code — the heuristics (`heuristic.*`), the header and footer lines read
into the record's fields (`meta.*`), site rules (`site.*`) — and its id is named here, once,
with what it means, so that any id in a record's `removed` list can be explained from this
module (and `MEANINGS` can document them). The few rule-file ids the code relies on are named
here too, and a test checks that the bundled rules still define them.
"""

from __future__ import annotations

from typing import NewType

RuleId = NewType("RuleId", str)
Label = RuleId | None
"""A block's label: None while it is in the body, else the id of what removed it."""
KEPT: Label = None

MEANINGS: dict[RuleId, str] = {}
"""Every id named in code, with one line on what it means."""


def _named(rule_id: str, meaning: str) -> RuleId:
    named = RuleId(rule_id)
    MEANINGS[named] = meaning
    return named


def group_of(rule_id: str) -> str:
    """`newsletter` for `newsletter.signup`: the rule file (or the code) that owns the id."""
    return rule_id.split(".", 1)[0]


HEURISTIC = "heuristic"
META = "meta"
SITE = "site"
MODEL = "model"
CODE_GROUPS = frozenset({HEURISTIC, META, SITE, MODEL})
"""Groups whose ids the code owns: no rule file may be named after one."""
FOOTER = "footer"

OUTSIDE_BODY = _named("heuristic.outside_body", "outside the densest run of prose")
NOT_MAIN_CONTENT = _named(
    "heuristic.not_main_content", "HTML: outside what the extractor's votes took for the article"
)
MENU_LINES = _named("heuristic.menu_lines", "a run of short menu-like lines inside the body")
LIST_AFTER_HEADER = _named(
    "heuristic.list_after_header", "an item of the list under a chrome header (related, more)"
)
AFTER_COMMENTS = _named("heuristic.after_comments", "below the start of the comments")
AUTHOR_BIO = _named("heuristic.author_bio", "the author's bio after the story")
DUPLICATE = _named("heuristic.duplicate", "repeats text already in the body (a pull quote)")
TOO_LITTLE_TEXT = _named(
    "heuristic.too_little_text", "the page has too little body text to be an article"
)
LAYOUT_COLUMN = _named(
    "heuristic.layout_column", "HTML: a side cell of a layout table whose other cell is the story"
)
LINK_LIST = _named("heuristic.link_list", "HTML: a block made mostly of links")
TRAILING_HEADING = _named(
    "heuristic.trailing_heading", "HTML: a heading with no article text after it"
)
OUTSIDE = frozenset({OUTSIDE_BODY, NOT_MAIN_CONTENT})
"""Labels that only say "not the article": the header zone above the body is read from these."""

TITLE = _named("meta.title", "the headline, which becomes the record's title")
BYLINE = _named("meta.byline", "a byline, read into authors (and source, date)")
DATE = _named("meta.date", "the date line, read into published")
OTHER_DATE = _named("meta.other_date", "another date (updated, a timestamp) near the header")
FIELD_LABEL = _named("meta.label", "a label whose value is on the next line (Source:, Date:)")
SOURCE = _named("meta.source", "the outlet or agency line, read into source")
SECTION = _named("meta.section", "the section label, read into section")

UNLIKELY_TEXT = _named(
    "model.unlikely_text", "the block model: probably not article text (learned.py)"
)
AFTER_STORY = _named(
    "model.after_story", "the block model: after the story, and not sure it is article text"
)

SITE_OUTSIDE_BODY = _named("site.outside_body", "outside the site rule's body selector")
SITE_REMOVE = _named("site.remove", "inside one of the site rule's remove selectors")

BREADCRUMB = RuleId("nav.breadcrumb")
"""Rule-file ids the code reads: the breadcrumb gives the section, topic lines the tags."""
TOPICS = RuleId("related.topics")
RULE_FILE_IDS = (BREADCRUMB, TOPICS)
