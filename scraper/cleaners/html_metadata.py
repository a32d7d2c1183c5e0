"""The HTML record's metadata: the head's reading completed by the marked elements and the
visible header, the story's dates, and a site rule's selectors over both.

The head (JSON-LD, Open Graph, `<meta>`) is what the publisher states for machines, so it comes
first; the page's own markup and the visible header fill what it leaves out.
"""

from __future__ import annotations

from lxml import etree

from scraper.cleaners.assemble import Metadata, site_of
from scraper.cleaners.deadline import Deadline
from scraper.cleaners.dom import parse_html
from scraper.cleaners.header import Header, published_date
from scraper.cleaners.sites import SiteRule
from scraper.normalize.authors import NameBook
from scraper.normalize.dates import date_in_line, parse_date
from scraper.normalize.marked import MarkedMetadata
from scraper.normalize.metadata import HeadMetadata, absolute_url
from scraper.normalize.page_dates import (
    SEARCH_MAX_CHARS,
    PageDates,
    headline_date,
    searched_date,
    story_date,
)


def merge_metadata(
    head: HeadMetadata,
    marked: MarkedMetadata,
    header: Header,
    title_at: int | None,
    names: NameBook,
    language: str | None,
    url: str | None,
) -> Metadata:
    """Head metadata first, then elements marked as author/date, then the visible header;
    where each field came from goes into `sources`."""
    by_head = names.authors_of(head.authors, most=len(head.authors))
    by_marked = [] if by_head else names.authors_of(marked.author_texts)
    by_profile: list[str] = []
    authors = (
        by_head
        or by_marked
        or header.authors
        or (by_profile := names.authors_of(head.profile_links, most=1))
        or names.handle_of([*head.authors, *marked.author_texts])
    )
    visible_date = published_date(header, title_at)
    marked_date = next(iter(marked.dates), None)
    site = head.site_name or site_of(url)
    outlets = {n.casefold() for n in (site, head.publisher, header.source) if n}
    people = [a for a in authors if a.casefold() not in outlets]  # the outlet beside a person
    meta = Metadata(
        title=head.title or header.title,
        authors=people or authors,
        published=head.published or headline_date(visible_date, marked_date),
        source=head.publisher or header.source or head.site_name,
        site=site,
        section=head.section or header.section,
        tags=head.tags,
        description=head.description,
        image=absolute_url(url, head.image),
        language=language,
        canonical_url=head.canonical_url,
    )
    authors_by = (bool(by_head), bool(by_marked), bool(by_profile))
    _note_sources(meta, head, header, authors_by, visible_date)
    return meta


def _note_sources(
    meta: Metadata,
    head: HeadMetadata,
    header: Header,
    authors_by: tuple[bool, bool, bool],
    visible_date: str | None,
) -> None:
    """Where `merge_metadata` took each field from: the head's own note, else the markup or
    the visible header that filled it. `authors_by`: whether the head, the marked elements
    or a profile link gave the authors; `visible_date` the date line beside the headline."""
    by_head, by_marked, by_profile = authors_by
    said = meta.sources = dict(head.sources)
    if not head.title:
        said["title"] = "the visible headline"
    if by_marked:
        said["authors"] = "an element marked as the author (`rel=author`, `itemprop`, class)"
    elif not by_head and header.authors:
        said["authors"] = "the byline in the visible header"
    elif not by_head:
        said["authors"] = "a link to the writer's profile page" if by_profile else "a handle"
    if not head.published:
        said["published"] = (
            "the date line beside the headline"
            if meta.published and meta.published == visible_date
            else "an element marked as the date (`<time datetime>`, `itemprop`, class)"
        )
    said["source"] = (
        "JSON-LD publisher"
        if head.publisher
        else "the visible header's source line"
        if header.source
        else said.get("site_name", "")
    )
    said["site"] = said.get("site_name", "") if head.site_name else "the page's host name"
    if not head.section:
        said["section"] = "the visible header's section label"
    if not head.language:
        said["language"] = "detected from the text"


def date_story(
    meta: Metadata, stated: PageDates, markup: str, url: str | None, deadline: Deadline
) -> None:
    """The story's day from the stated dates and the page's reading; htmldate's search of the
    page's top only when neither gave one, as it re-parses the markup (scripts included)."""
    earlier = meta.published
    meta.published = story_date([stated.published, meta.published], url)
    if meta.published is None:  # htmldate reads the scripts drop_code took out of the tree
        deadline.check("metadata")
        top = parse_html(markup[:SEARCH_MAX_CHARS])
        meta.published = searched_date(top, url)
        meta.sources["published"] = "htmldate's search of the page's top"
    elif stated.published and meta.published == stated.published:
        meta.sources["published"] = stated.sources.get("published", "")
    elif meta.published != earlier:
        meta.sources["published"] = "the date in the URL's path"
    meta.modified = stated.modified
    meta.sources["modified"] = stated.sources.get("modified", "")


def apply_site_rule(meta: Metadata, site: SiteRule, tree: etree._Element, names: NameBook) -> None:
    """A site rule's selectors win over what the page's markup said."""
    title = site.title_text(tree)
    meta.title = title or meta.title
    stamp = site.date_text(tree)
    stamped = stamp and (parse_date(stamp) or date_in_line(stamp))
    meta.published = stamped or meta.published
    authors = names.authors_of(site.author_texts(tree))
    meta.authors = authors or meta.authors
    rule = f"the site rule {site.name}"
    if title and site.title is not None:
        meta.sources["title"] = f"{rule}: title = {site.title.css}"
    if stamped and site.date is not None:
        meta.sources["published"] = f"{rule}: date = {site.date.css}"
    if authors:
        meta.sources["authors"] = f"{rule}: authors = {', '.join(a.css for a in site.authors)}"
