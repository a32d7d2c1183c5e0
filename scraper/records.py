"""The records that flow through the pipeline: `Page` in, `Block`s inside cleaning, `Article` out.

They are frozen so that a stage can never change what an earlier stage produced; lists are
tuples for the same reason and become JSON arrays on the way out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from scraper.errors import error_kinds, is_retryable
from scraper.structure import BLOCK_SCHEMA, BodyBlock, paragraph_blocks, to_html, to_markdown


def now_iso() -> str:
    """The time stamps records and job states carry: UTC, ISO 8601, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class Page:
    """What came in: raw bytes or text plus where it came from.

    `origin` names the input (a file path or a URL) and `offset` the record inside a container
    (a WARC record offset, a line of a JSONL file); together they make the article id stable.
    `content_type` is `html` or `text`: a hint that only breaks ties when the content is
    judged, unless `sniff` is off because the source knows (a WARC response record is HTML,
    a WET conversion record text). `status` is the HTTP status the page came with;
    `revalidated` says the server answered 304, so the content is what was cached before.
    `extras` keeps provenance that nothing decides on (requested URL, WARC record id).
    """

    content: bytes | str
    origin: str
    url: str | None = None
    offset: int | None = None
    content_type: str | None = None
    encoding: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    fetched_at: str | None = None
    status: int | None = None
    revalidated: bool = False
    sniff: bool = True
    extras: Mapping[str, str] = field(default_factory=dict)

    @property
    def record_id(self) -> str:
        key = self.url or (self.origin if self.offset is None else f"{self.origin}#{self.offset}")
        return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24]


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of page text with the evidence the classifier needs.

    Text dumps give one block per paragraph (`kind="line"`, `path="line:N"`); HTML gives one
    per block-level element with its tag path, class tokens and link density. `cells` keeps the
    columns of a line that was laid out with runs of spaces (a menu, a table row, a byline
    next to a date), which collapsing whitespace would otherwise hide.
    """

    text: str
    index: int
    kind: str = "line"
    path: str = ""
    link_density: float = 0.0
    tokens: frozenset[str] = frozenset()
    blank_before: bool = True
    cells: tuple[str, ...] = ()

    @property
    def rule_text(self) -> str:
        """The text rules match: columns of a laid-out line joined by bars, like a menu."""
        return " | ".join(self.cells) if self.cells else self.text


@dataclass(frozen=True, slots=True)
class Removal:
    """A block that left the body, the id of the rule or heuristic that took it out, and
    where it was: its block index (`Block.index`) and, for HTML, the XPath of its element, so
    that a site rule can be written against it. Records read back from before positions
    existed have neither."""

    text: str
    rule: str
    index: int | None = None
    xpath: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "rule": self.rule, "index": self.index, "xpath": self.xpath}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Removal:
        return cls(data["text"], data["rule"], data.get("index"), data.get("xpath"))


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    kind: str
    message: str

    @property
    def retryable(self) -> bool:
        """Follows from the kind (`scraper.errors` draws the line), so it cannot disagree."""
        return is_retryable(self.kind)


@dataclass(frozen=True, slots=True)
class Article:
    """The output record; its JSON form is the contract every sink and consumer relies on.

    `blocks` is the body's structure (`scraper.structure`), which the renderers are made from;
    the JSON form holds it only when asked, so the default record keeps its shape.
    """

    id: str
    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    source: str | None = None
    site: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    description: str | None = None
    image: str | None = None
    language: str | None = None
    body: str = ""
    word_count: int = 0
    content_hash: str | None = None
    removed: tuple[Removal, ...] = ()
    error: ErrorInfo | None = None
    input: str | None = None
    input_offset: int | None = None
    blocks: tuple[BodyBlock, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def structure(self) -> tuple[BodyBlock, ...]:
        """The body's blocks; a record read back without them has paragraphs only."""
        return self.blocks or paragraph_blocks(self.body)

    def to_text(self) -> str:
        """The body as plain text: the record's `body`."""
        return self.body

    def to_markdown(self, links: bool = False) -> str:
        """The title and body as Markdown (`links`: with the body's links)."""
        return to_markdown(self.title, self.structure, links) if self.ok else ""

    def to_html(self, links: bool = False) -> str:
        """The title and body as one escaped, self-contained `<article>` HTML fragment."""
        return to_html(self.title, self.structure, links) if self.ok else ""

    def to_dict(self, *, blocks: bool = False, markdown: bool = False) -> dict[str, Any]:
        """The JSON record; `blocks` and `body_markdown` only when asked, so that the default
        record keeps its shape."""
        record = {
            "id": self.id,
            "url": self.url,
            "input": self.input,
            "input_offset": self.input_offset,
            "canonical_url": self.canonical_url,
            "title": self.title,
            "authors": list(self.authors),
            "published": self.published,
            "modified": self.modified,
            "source": self.source,
            "site": self.site,
            "section": self.section,
            "tags": list(self.tags),
            "description": self.description,
            "image": self.image,
            "language": self.language,
            "body": self.body,
            "word_count": self.word_count,
            "content_hash": self.content_hash,
            "removed": [r.to_dict() for r in self.removed],
            "error": None
            if self.error is None
            else {
                "kind": self.error.kind,
                "message": self.error.message,
                "retryable": self.error.retryable,
            },
        }
        if blocks:
            record["blocks"] = [block.to_json() for block in self.blocks]
        if markdown:
            record["body_markdown"] = to_markdown(None, self.structure) if self.ok else ""
        return record

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        error = data.get("error")
        return cls(
            id=data["id"],
            url=data.get("url"),
            canonical_url=data.get("canonical_url"),
            title=data.get("title"),
            authors=tuple(data.get("authors") or ()),
            published=data.get("published"),
            modified=data.get("modified"),
            source=data.get("source"),
            site=data.get("site"),
            section=data.get("section"),
            tags=tuple(data.get("tags") or ()),
            description=data.get("description"),
            image=data.get("image"),
            language=data.get("language"),
            body=data.get("body") or "",
            word_count=int(data.get("word_count") or 0),
            content_hash=data.get("content_hash"),
            removed=tuple(Removal.from_dict(r) for r in data.get("removed") or ()),
            error=None if not error else ErrorInfo(error["kind"], error["message"]),
            input=data.get("input"),
            input_offset=data.get("input_offset"),
            blocks=tuple(BodyBlock.from_json(b) for b in data.get("blocks") or ()),
        )


def error_article(page: Page, kind: str, message: str) -> Article:
    """The record an input becomes when it cannot be cleaned: same id, a reason, no body."""
    return Article(
        id=page.record_id,
        url=page.url,
        error=ErrorInfo(kind, message),
        input=page.origin,
        input_offset=page.offset,
    )


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


ARTICLE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://github.com/scraper/scraper/article.schema.json",
    "title": "Article",
    "description": "One cleaned input: an article, or an error record saying what went wrong.",
    "type": "object",
    "additionalProperties": False,
    "required": [
        "id",
        "url",
        "canonical_url",
        "title",
        "authors",
        "published",
        "modified",
        "source",
        "site",
        "section",
        "tags",
        "description",
        "image",
        "language",
        "body",
        "word_count",
        "content_hash",
        "removed",
        "error",
        "input",
        "input_offset",
    ],
    "properties": {
        "id": {
            "type": "string",
            "description": "Stable per input: the first 24 hex digits of the sha256 of the "
            "page URL when known (fetched, from a WARC, a raw-response sidecar or --url), else "
            "of `input` (plus `#` and `input_offset` inside an archive).",
        },
        "url": _nullable("string"),
        "canonical_url": _nullable("string"),
        "title": _nullable("string"),
        "authors": {"type": "array", "items": {"type": "string"}},
        "published": {
            **_nullable("string"),
            "description": "ISO 8601 date-time, with UTC offset when known.",
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2})?$",
        },
        "modified": {
            **_nullable("string"),
            "description": "ISO 8601 date-time the page says the story last changed, if it says.",
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2})?$",
        },
        "source": {**_nullable("string"), "description": "Who published the story."},
        "site": {**_nullable("string"), "description": "Host site name or domain."},
        "section": _nullable("string"),
        "tags": {"type": "array", "items": {"type": "string"}},
        "description": {**_nullable("string"), "description": "The page's own summary."},
        "image": {**_nullable("string"), "description": "URL of the lead image."},
        "language": {**_nullable("string"), "description": "ISO 639-1 code."},
        "body": {"type": "string", "description": "Paragraphs separated by one blank line."},
        "word_count": {"type": "integer", "minimum": 0},
        "content_hash": {**_nullable("string"), "description": "sha256 of the normalized body."},
        "removed": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["text", "rule", "index", "xpath"],
                "properties": {
                    "text": {"type": "string"},
                    "rule": {
                        "type": "string",
                        "description": "The id of what removed it: `scraper rules` lists "
                        "every id with its reason.",
                    },
                    "index": {
                        **_nullable("integer"),
                        "description": "The block's place in the page's reading order, from "
                        "0 (a paragraph of a text page, an element's text run of an HTML page).",
                    },
                    "xpath": {
                        **_nullable("string"),
                        "description": "HTML only: the XPath of the element whose text it "
                        "was, in the page as lxml parses it (null for text pages).",
                    },
                },
            },
        },
        "error": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["kind", "message", "retryable"],
                    "properties": {
                        "kind": {
                            "type": "string",
                            "enum": error_kinds(),
                            "description": "What went wrong; `scraper.errors` names each kind.",
                        },
                        "message": {"type": "string"},
                        "retryable": {
                            "type": "boolean",
                            "description": "True when the machine, not the input, stopped "
                            "the work (an OS or memory error, a dead worker): `scraper run` "
                            "processes the input again on its next run.",
                        },
                    },
                },
            ]
        },
        "duplicate_of": {
            **_nullable("string"),
            "description": "Only in `scraper run` output: the id of the first copy of this "
            "article in the job (same or nearly the same body), or null.",
        },
        # last, so that the columns of tables and CSV files written before they existed
        # keep their places
        "input": {
            **_nullable("string"),
            "description": "Where the record came from: the file path as given (relative to "
            "the job file's folder in `scraper run`), the URL requested for a fetched page, "
            "`<stdin>`, or `<html>` / `<text>` / `<bytes>` / `<string>` for a page handed to "
            "the library in memory.",
        },
        "input_offset": {
            **_nullable("integer"),
            "description": "Byte offset of the record inside the WARC/WET file `input` names; "
            "null for inputs that are not archives.",
        },
        # only when asked (`--with-blocks`, `--with-markdown`): not columns of the sinks
        "blocks": {
            "type": "array",
            "items": BLOCK_SCHEMA,
            "description": "The body's structure, block by block (headings, paragraphs, list "
            "items, tables, code, quotes, captions): what the Markdown and HTML renderings "
            "are made from.",
        },
        "body_markdown": {
            "type": "string",
            "description": "The body as Markdown, without the title (empty for an error record).",
        },
    },
}
ON_REQUEST = ("blocks", "body_markdown")
"""Keys a record holds only when asked for: the default record keeps its shape."""
