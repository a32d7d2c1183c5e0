"""`scraper explain`: the page's blocks as the record judged them, the metadata with where
each field came from, the site rule, the block model's scores; one self-contained file."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scraper.cleaners import clean_page
from scraper.config import CleanerConfig
from scraper.normalize.text import join_paragraphs, normalize_paragraph
from scraper.records import Page
from scraper.report.explain import Explanation, explain_page
from scraper.report.html_report import render_report
from tests.cleaners.test_site_rules import PAGE as SITE_PAGE
from tests.cleaners.test_site_rules import RULE
from tests.conftest import FIXTURES, SEED

SCRAPER = str(Path(sys.executable).with_name("scraper"))
HTML_PAGE = FIXTURES / "html-01-news-html5-inline-boxes" / "page.html"
SITE_URL = "https://www.news.example.org/a/1"


def explained(
    path: Path, config: CleanerConfig | None = None, url: str | None = None
) -> tuple[Explanation, Page]:
    page = Page(content=path.read_bytes(), origin=str(path), url=url)
    return explain_page(page, config), page


def test_the_blocks_are_the_record_s() -> None:
    for path in (HTML_PAGE, SEED):
        explanation, page = explained(path)
        article = explanation.article
        assert article == clean_page(page)  # the very record `scraper clean` writes
        removed = [(b.index, b.rule, b.xpath) for b in explanation.blocks if b.rule]
        assert removed == [(r.index, r.rule, r.xpath) for r in article.removed]
        kept = (normalize_paragraph(b.text) for b in explanation.blocks if not b.rule)
        assert join_paragraphs(kept) == article.body
        assert all(b.rule in explanation.reasons for b in explanation.blocks if b.rule)


def test_html_blocks_carry_xpaths_and_text_lines_none() -> None:
    html, _ = explained(HTML_PAGE)
    text, _ = explained(SEED)
    assert (html.kind, text.kind) == ("html", "text")
    assert all(b.xpath and b.xpath.startswith("/html") for b in html.blocks if b.rule)
    assert all(b.xpath is None for b in text.blocks)


def test_each_field_says_where_it_came_from() -> None:
    explanation, _ = explained(HTML_PAGE)
    fields = {f.name: f for f in explanation.fields}
    record = explanation.article.to_dict()
    for name, field in fields.items():
        value = record[name]
        assert field.value == (", ".join(value) if isinstance(value, list) else str(value))
        assert field.source and field.source != "not recorded", name
    assert "JSON-LD headline" in fields["title"].source
    assert fields["published"].source == "JSON-LD datePublished"
    assert fields["canonical_url"].source == "`<link rel=canonical>`"
    text, _ = explained(SEED)
    assert {f.name: f.source for f in text.fields}["title"] == "the headline line"


def test_a_site_rule_is_named_with_what_it_selected(tmp_path: Path) -> None:
    config_dir = tmp_path / "config"
    shutil.copytree(CleanerConfig().config_dir, config_dir)
    (config_dir / "sites").mkdir(exist_ok=True)
    (config_dir / "sites" / "news.example.org.toml").write_text(RULE, "utf-8")
    page = tmp_path / "saved.html"
    page.write_text(SITE_PAGE, "utf-8")
    explanation, _ = explained(page, CleanerConfig(config_dir=config_dir), SITE_URL)
    assert explanation.site_rule and "remove = .x-plug" in explanation.site_rule
    fields = {f.name: f.source for f in explanation.fields}
    assert fields["title"].endswith("title = .x-h")
    assert "site.remove" in {b.rule for b in explanation.blocks}
    plain, _ = explained(page)
    assert plain.site_rule is None


def test_the_block_model_s_scores_show_where_it_judged() -> None:
    plain, _ = explained(HTML_PAGE)
    learned, _ = explained(HTML_PAGE, CleanerConfig(learned=True))
    assert not plain.scored
    assert learned.scored
    assert all(b.score is not None and 0.0 <= b.score <= 1.0 for b in learned.blocks)
    assert "model 0." in render_report(learned) or "model 1." in render_report(learned)


def test_the_report_needs_nothing_from_outside() -> None:
    report = render_report(explained(HTML_PAGE)[0])
    assert not re.search(r"<(script|img|iframe)[^>]+src=|<link |@import|url\(", report)
    assert "default-src 'none'" in report


def test_the_command_writes_the_report_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = subprocess.run(
        [SCRAPER, "explain", "-", "--url", SITE_URL, "-o", str(out)],
        input=SEED.read_bytes(),
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"{out}: " in result.stderr.decode()
    assert "input: &lt;stdin&gt; · url: " + SITE_URL in out.read_text("utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", "utf-8")
    failed = subprocess.run(
        [SCRAPER, "explain", str(empty)], capture_output=True, text=True, timeout=120
    )
    assert failed.returncode == 1
    assert 'data-error="no_content"' in failed.stdout



@pytest.mark.parametrize(("flag", "scored"), [("--learned", True), ("--hand", False)])
def test_the_command_explains_the_core_it_is_asked_for(
    tmp_path: Path, flag: str, scored: bool
) -> None:
    """The learned core's report shows the block model's scores; the hand-set core's none."""
    out = tmp_path / "report.html"
    result = subprocess.run(
        [SCRAPER, "explain", str(HTML_PAGE), flag, "-o", str(out)], capture_output=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert ('class="score">model ' in out.read_text("utf-8")) is scored

PROSE = "This sentence is long enough to be read as running prose by the cleaner, and it ends."
MARKED = f"""<html lang="en"><head><title>Bridge repairs begin on Monday</title>{{head}}</head>
<body><article><h1>Bridge repairs begin on Monday</h1><p class="byline">By Jane Roe{{time}}</p>
<p>{PROSE} One.</p><p>{PROSE} Two.</p><p>{PROSE} Three.</p><p>{PROSE} Four.</p>
</article></body></html>"""


def test_a_date_says_which_markup_stated_it() -> None:
    stated = MARKED.format(
        head='<meta property="article:published_time" content="2021-05-04T10:00:00Z">', time=""
    )
    marked = MARKED.format(head="", time=' <time datetime="2021-05-04T10:00:00">4 May</time>')
    sources = []
    for markup in (stated, marked):
        explanation = explain_page(Page(content=markup, origin="<html>"))
        sources.append({f.name: f.source for f in explanation.fields})
    assert "article:published_time" in sources[0]["published"]
    assert "`<time datetime>`" in sources[1]["published"]
    assert sources[1]["title"] == "the page's `<h1>`, the `<title>`"
    assert sources[1]["authors"].startswith("an element marked as the author")
