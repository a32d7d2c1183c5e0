"""Distinct, realistic benchmark inputs.

Real pages come from the evaluation set (`../shared/datasets/main-content-eval`), read at run
time and never copied into the repository. Where a benchmark needs more pages than it holds, or
it is absent, articles are generated: every paragraph a fresh draw of sentences (the evaluation
set's own article sentences when present, else sentences composed from a small vocabulary), set
in the template of one of many sites (its menu, footer, related links and inline script). So no
two pages share a paragraph by design, and the cleaner's per-block caches see what a real crawl
gives them, not the same few texts again and again.
"""

from __future__ import annotations

import html
import json
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scraper.eval.data import EvalPage, choose, iter_eval_pages, load_truth

EVAL_SET = Path(__file__).resolve().parent.parent.parent / "shared/datasets/main-content-eval"

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“])")
_SUBJECTS = (
    "The council",
    "A spokesperson",
    "The harbour board",
    "Local residents",
    "The company",
    "Researchers at the university",
    "The new ferry operator",
    "Our reporter",
    "The minister",
    "Two engineers",
    "The museum",
    "Shop owners in the old town",
    "The regional hospital",
    "A group of parents",
    "The football club",
    "Farmers in the valley",
    "The weather service",
)
_VERBS = (
    "announced",
    "questioned",
    "postponed",
    "approved",
    "criticised",
    "welcomed",
    "reviewed",
    "published",
    "rejected",
    "defended",
    "described",
    "funded",
    "measured",
    "cancelled",
)
_OBJECTS = (
    "the plan for a second bridge",
    "a report on river pollution",
    "the early morning timetable",
    "new rules for parking near the school",
    "the budget for road repairs",
    "a study of bird",
    "the proposal to close the library on Sundays",
    "plans for a solar farm",
    "the price rise",
    "the results of the spring survey",
    "a long-delayed housing project",
    "the summer festival",
)
_TAILS = (
    "after a heated meeting on Tuesday evening",
    "despite objections from several members",
    "according to documents seen by this newspaper",
    "for the third time this year",
    "citing rising costs",
    "in a statement released on Friday",
    "without giving a reason",
    "following months of consultation",
    "at a press conference in the town hall",
    "as the deadline approached",
    "while visitors queued outside",
    "before the end of the month",
)
_SECTIONS = (
    "News",
    "Sport",
    "Business",
    "Culture",
    "Opinion",
    "Science",
    "Travel",
    "Weather",
    "Local",
    "World",
    "Politics",
    "Health",
    "Technology",
    "Food",
    "Books",
    "Music",
    "Property",
    "Jobs",
)


def eval_set(path: Path | None = None) -> Path | None:
    """The evaluation set's folder, or None when it is not there."""
    folder = path or EVAL_SET
    return folder if (folder / "truth.jsonl").is_file() else None


def eval_pages(root: Path, count: int, seed: int = 0) -> list[EvalPage]:
    """`count` distinct real pages drawn reproducibly from every source dataset."""
    return list(iter_eval_pages(root, truth=choose(load_truth(root), sample=count, seed=seed)))


def eval_sentences(root: Path) -> list[str]:
    """Sentences of the evaluation set's full-text article bodies (5 to 60 words)."""
    sentences = []
    with open(root / "truth.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("truth_kind") != "full_text":
                continue
            for text in _SENTENCE_END.split(record.get("article_body") or ""):
                if 5 <= len(text.split()) <= 60:
                    sentences.append(" ".join(text.split()))
    return sentences


def composed_sentences(count: int = 20_000, seed: int = 0) -> list[str]:
    """Plain English news sentences from a small vocabulary, for when there is no eval set."""
    rng = random.Random(seed)
    made = []
    for i in range(count):
        parts = [rng.choice(_SUBJECTS), rng.choice(_VERBS), rng.choice(_OBJECTS)]
        parts.append(rng.choice(_TAILS))
        if i % 3 == 0:
            parts.append(
                f"and said a decision on the {rng.randrange(2, 40)} remaining cases "
                f"would follow in {rng.choice(('May', 'June', 'autumn', 'spring'))}"
            )
        made.append(" ".join(parts) + ".")
    return made


@dataclass(frozen=True)
class Article:
    number: int
    site: int
    title: str
    paragraphs: tuple[str, ...]


class ArticleWriter:
    """Distinct articles, numbered: article `n` is the same on every run."""

    def __init__(self, sentences: Sequence[str], sites: int = 60) -> None:
        if len(sentences) < 100:
            raise ValueError("too few sentences to make distinct paragraphs")
        self.sentences = sentences
        self.sites = sites

    @classmethod
    def for_machine(cls, root: Path | None = None) -> ArticleWriter:
        folder = eval_set(root)
        return cls(eval_sentences(folder) if folder else composed_sentences())

    def paragraph(self, rng: random.Random) -> str:
        return " ".join(rng.choices(self.sentences, k=rng.randint(2, 6)))

    def article(self, number: int, min_chars: int = 2_500) -> Article:
        rng = random.Random(number)
        title = " ".join(rng.choice(self.sentences).rstrip(".!?").split()[:14])
        paragraphs: list[str] = []
        chars = 0
        while chars < min_chars:
            paragraphs.append(self.paragraph(rng))
            chars += len(paragraphs[-1])
        return Article(number, number % self.sites, title, tuple(paragraphs))


@dataclass(frozen=True)
class SiteTemplate:
    """What every page of one site shares: menu, footer, script and style."""

    name: str
    menu: tuple[str, ...]
    script: str
    style: str

    @classmethod
    def for_site(cls, site: int, script_bytes: int) -> SiteTemplate:
        rng = random.Random(f"site-{site}")
        menu = tuple(rng.sample(_SECTIONS, rng.randint(5, 10)))
        lines: list[str] = []
        while len(lines) * 40 < script_bytes:
            n = len(lines)
            lines.append(f"var s{site}_{n}=function(a,b){{return a*{rng.randrange(99)}+b-{n};}};\n")
        style = "".join(
            f".s{site}-{i}{{margin:{i % 9}px auto;color:#{rng.randrange(4096):03x}}}"
            for i in range(script_bytes // 400)
        )
        return cls(f"The {rng.choice(_SECTIONS)} Gazette {site}", menu, "".join(lines), style)


def render_html(article: Article, template: SiteTemplate, related: Sequence[str] = ()) -> str:
    """The article as its site prints it: head with script and style, menu, story, related
    links, newsletter box and footer."""
    esc = html.escape
    menu = "".join(f"<li><a href='/{m.lower()}'>{m}</a></li>" for m in template.menu)
    story = "\n".join(f"<p>{esc(p)}</p>" for p in article.paragraphs)
    links = "".join(f"<li><a href='/story/{i}'>{esc(t)}</a></li>" for i, t in enumerate(related))
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{esc(article.title)} | {esc(template.name)}</title>"
        f"<script>{template.script}</script><style>{template.style}</style></head><body>"
        f"<header><a href='/'>{esc(template.name)}</a><nav><ul>{menu}</ul></nav></header>"
        f"<main><article><h1>{esc(article.title)}</h1>"
        f"<p class='byline'>By staff reporter, {1 + article.number % 28} March 2026</p>\n"
        f"{story}</article>"
        f"<aside class='related'><h2>Read more</h2><ul>{links}</ul></aside></main>"
        "<div class='newsletter'>Sign up for our morning newsletter. <a href='/subscribe'>"
        "Subscribe</a></div>"
        f"<footer>© 2026 {esc(template.name)}. All rights reserved. <a href='/privacy'>Privacy"
        "</a> <a href='/contact'>Contact</a></footer></body></html>"
    )


def render_text(article: Article, template: SiteTemplate) -> str:
    """The page as a text dump gives it: menu line, story, footer."""
    return "\n\n".join(
        [
            " | ".join(template.menu),
            article.title,
            *article.paragraphs,
            "Sign up for our morning newsletter.",
            f"© 2026 {template.name}. All rights reserved.",
        ]
    )


class GeneratedPages:
    """Generated pages, `n` always the same page, templates built once per site."""

    def __init__(self, writer: ArticleWriter, script_bytes: int = 90_000) -> None:
        self.writer = writer
        self.script_bytes = script_bytes
        self._templates: dict[int, SiteTemplate] = {}

    def template(self, site: int) -> SiteTemplate:
        if site not in self._templates:
            self._templates[site] = SiteTemplate.for_site(site, self.script_bytes)
        return self._templates[site]

    def html(self, number: int, min_chars: int = 2_500) -> str:
        article = self.writer.article(number, min_chars)
        related = [self.writer.article(number * 7 + k, 1).title for k in range(1, 6)]
        return render_html(article, self.template(article.site), related)

    def text(self, number: int, min_chars: int = 2_500) -> str:
        article = self.writer.article(number, min_chars)
        return render_text(article, self.template(article.site))

    def sized_html(self, number: int, size: int) -> bytes:
        """A page of exactly `size` bytes (the story cut to fit): the fetch server's pages."""
        page = self.html(number, min_chars=max(200, size)).encode("utf-8")
        cut = page.rfind(b"</p></article>")
        tail = page[cut:]
        room = size - len(tail)
        if room < page.find(b"<article>"):
            raise ValueError(f"{size} bytes is too small for a page")
        return (page[:room].decode("utf-8", "ignore").encode("utf-8") + tail).ljust(size, b" ")
