"""A page's JSON-LD nodes, with `@graph` flattened and `@id` references resolved.

CMS plugins (Yoast, Rank Math, schema.org exports) publish one `@graph` in which the article
names its author and publisher only as `{"@id": "…#/schema/person/1"}`; the person's name is
in another node. Reading a node without its graph would miss every such author, so the nodes
are indexed by `@id` and a reference is looked up before a name is read.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

_MAX_DEPTH = 5
_MAX_NODES = 500
_MARKUP = re.compile(r"<[^>]{0,500}>")
ORGANISATION_TYPES = frozenset(
    {"organization", "newsmediaorganization", "corporation", "website", "brand", "organisation"}
)


@dataclass(slots=True)
class JsonLdGraph:
    """Every JSON-LD node of a page, in document order, and the nodes that have an `@id`."""

    nodes: list[dict[str, Any]] = field(default_factory=list)
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)

    def resolve(self, value: Any) -> Any:
        """The node a `{"@id": …}` reference points to; any other value unchanged."""
        if isinstance(value, dict) and "@id" in value and len(value) <= 2 and "name" not in value:
            return self.by_id.get(str(value["@id"]), value)
        return value

    def people(self, value: Any) -> list[str]:
        """An `author` property's people; its organisations only when it names no person
        (the outlet credited beside a reporter is not an author, alone it is the byline)."""
        values = [self.resolve(v) for v in (value if isinstance(value, list) else [value])]
        people = [v for v in values if not _is_organisation(v)]
        return self.names(people) or self.names(values)

    def names(self, value: Any) -> list[str]:
        """The names a property gives (a string, a node, a reference, or a list of them),
        markup and entities removed."""
        values = value if isinstance(value, list) else [value]
        found: list[str] = []
        for entry in values[:20]:
            entry = self.resolve(entry)
            if isinstance(entry, dict):
                entry = entry.get("name")
            if isinstance(entry, list):
                entry = next((e for e in entry if isinstance(e, str)), None)
            name = plain_text(entry) if isinstance(entry, str) else ""
            if name and not name.startswith(("http://", "https://")) and name not in found:
                found.append(name)
        return found


def read_json_ld(tree: etree._Element) -> JsonLdGraph:
    return json_ld_of(tree.iter("script"))


def json_ld_of(scripts: Iterable[etree._Element]) -> JsonLdGraph:
    """The graph of the `application/ld+json` ones among a page's `<script>` elements."""
    graph = JsonLdGraph()
    for script in scripts:
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (json.JSONDecodeError, RecursionError):
            continue
        for node in _nodes(data, depth=0):
            if len(graph.nodes) >= _MAX_NODES:
                return graph
            graph.nodes.append(node)
            if isinstance(node.get("@id"), str):
                graph.by_id.setdefault(node["@id"], node)
    return graph


def _nodes(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _nodes(data["@graph"], depth + 1)


def _is_organisation(node: Any) -> bool:
    return isinstance(node, dict) and bool(types_of(node) & ORGANISATION_TYPES)


def types_of(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def plain_text(value: str) -> str:
    """A JSON-LD string as text: some CMSs put a link or `&amp;` into a name or headline."""
    text = html.unescape(_MARKUP.sub(" ", value))
    return " ".join(html.unescape(text).split())


def first_url(value: Any) -> str | None:
    """An `image` property's URL: a string, an ImageObject, or a list of either."""
    for entry in value if isinstance(value, list) else [value]:
        if isinstance(entry, dict):
            entry = entry.get("url") or entry.get("contentUrl")
        if isinstance(entry, str) and entry.strip():
            return entry.strip()
    return None
