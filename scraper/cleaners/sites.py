"""Site rules: per-site selectors for the pages generic rules get wrong.

A file `defaults/sites/<domain>.toml` applies to pages whose host is that domain or one of its
subdomains (`hosts = [...]` in `[site]` names more). It may say where the article body is,
what inside it to remove, and where the title, date and authors are:

    [site]
    hosts = ["example.com", "example.co.uk"]
    [select]
    body = ["article .story-body"]          # CSS; blocks outside these are removed
    remove = [".promo-box", "#newsletter"]  # CSS; blocks inside these are removed
    title = "h1.headline"                   # CSS; text of the first match
    date = "time.published"                 # CSS; datetime/content attribute, else text
    authors = [".byline a"]                 # CSS; text of every match

Site rules are a last resort, written for a site a user needs, never for a test page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError

from scraper.cleaners.labels import SITE_OUTSIDE_BODY, SITE_REMOVE, Label
from scraper.config import load_toml
from scraper.errors import ConfigError

_SITE_KEYS = {"hosts"}
_SELECT_KEYS = {"body", "remove", "title", "date", "authors"}


@dataclass(frozen=True, slots=True)
class SiteRule:
    name: str
    hosts: tuple[str, ...]
    body: tuple[CSSSelector, ...] = ()
    remove: tuple[CSSSelector, ...] = ()
    title: CSSSelector | None = None
    date: CSSSelector | None = None
    authors: tuple[CSSSelector, ...] = ()

    def block_labels(
        self, tree: etree._Element, owners: Sequence[etree._Element]
    ) -> list[Label]:
        """Per block, `site.remove` / `site.outside_body`, or None where the site rule has
        nothing against it."""
        removed = {el for selector in self.remove for el in selector(tree)}
        bodies = {el for selector in self.body for el in selector(tree)}
        labels: list[Label] = []
        for owner in owners:
            ancestors = [owner, *owner.iterancestors()]
            if removed and any(a in removed for a in ancestors):
                labels.append(SITE_REMOVE)
            elif bodies and not any(a in bodies for a in ancestors):
                labels.append(SITE_OUTSIDE_BODY)
            else:
                labels.append(None)
        return labels

    def title_text(self, tree: etree._Element) -> str | None:
        return _first_text(self.title, tree)

    def date_text(self, tree: etree._Element) -> str | None:
        if self.date is None:
            return None
        for element in self.date(tree):
            value = element.get("datetime") or element.get("content") or _text(element)
            if value:
                return value
        return None

    def author_texts(self, tree: etree._Element) -> list[str]:
        return [t for selector in self.authors for el in selector(tree) if (t := _text(el))]


class SiteRules:
    """All site rules of a folder, looked up by host."""

    def __init__(self, rules: Sequence[SiteRule]) -> None:
        self.by_host = {host: rule for rule in rules for host in rule.hosts}

    @classmethod
    def load(cls, folder: Path) -> SiteRules:
        if not folder.is_dir():
            return cls([])
        return cls([_parse(path) for path in sorted(folder.glob("*.toml"))])

    def for_url(self, url: str | None) -> SiteRule | None:
        """The rule of the URL's host, or of the nearest parent domain that has one."""
        if not url or not self.by_host:
            return None
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
        parts = host.split(".")
        for start in range(len(parts) - 1):
            rule = self.by_host.get(".".join(parts[start:]))
            if rule is not None:
                return rule
        return None


def _parse(path: Path) -> SiteRule:
    data = load_toml(path)
    unknown = set(data) - {"site", "select"}
    site, select = data.get("site", {}), data.get("select", {})
    unknown |= {f"site.{k}" for k in set(site) - _SITE_KEYS}
    unknown |= {f"select.{k}" for k in set(select) - _SELECT_KEYS}
    if unknown:
        raise ConfigError(f"{path}: unknown keys {sorted(unknown)}")
    hosts = site.get("hosts", [path.stem])
    if not isinstance(hosts, list) or not all(isinstance(h, str) and h for h in hosts):
        raise ConfigError(f"{path}: site.hosts must be a list of domain names")
    return SiteRule(
        name=path.stem,
        hosts=tuple(h.lower().removeprefix("www.") for h in hosts),  # www. is a subdomain
        body=_selectors(path, "body", select.get("body", [])),
        remove=_selectors(path, "remove", select.get("remove", [])),
        title=_one(path, "title", select.get("title")),
        date=_one(path, "date", select.get("date")),
        authors=_selectors(path, "authors", select.get("authors", [])),
    )


def _selectors(path: Path, key: str, values: object) -> tuple[CSSSelector, ...]:
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        raise ConfigError(f"{path}: select.{key} must be a CSS selector or a list of them")
    return tuple(_compile(path, key, v) for v in values)


def _one(path: Path, key: str, value: object) -> CSSSelector | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{path}: select.{key} must be a CSS selector")
    return _compile(path, key, value)


def _compile(path: Path, key: str, value: object) -> CSSSelector:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{path}: select.{key}: empty selector")
    try:
        return CSSSelector(value)
    except SelectorError as exc:
        raise ConfigError(f"{path}: select.{key}: bad CSS selector {value!r}: {exc}") from exc


def _first_text(selector: CSSSelector | None, tree: etree._Element) -> str | None:
    if selector is None:
        return None
    return next((t for el in selector(tree) if (t := _text(el))), None)


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())
