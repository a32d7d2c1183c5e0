"""The metadata evaluation's protocols and `scraper eval --metadata` end to end, as a
subprocess, on a three-page evaluation set in the main-content-eval format written here.

The pages say their author and date only in `<meta>` and JSON-LD, never in visible text, so
the visible and text protocols cannot find them whatever the readers do, and the as-is
protocol can; the titles are the same in `<title>` and `<h1>`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from click.testing import CliRunner

from scraper.cli import cli
from scraper.eval.metadata_protocols import text_dump, visible_html
from tests.support.eval_set import EvalPage, write_eval_set

STORY = (
    "The city council approved the new budget on Tuesday evening after a debate that lasted"
    " almost six hours, with several members asking for more money for schools and roads."
    " The mayor said that the plan would keep taxes at the same level for another year."
)
STRUCTURED = (
    '<meta name="author" content="Jane Doe">'
    '<meta property="article:published_time" content="2021-03-04T10:00:00Z">'
    '<script type=" Application/LD+JSON ">{"@context": "https://schema.org", "@type":'
    ' "NewsArticle", "headline": "Council approves new budget", "author": {"@type": "Person",'
    ' "name": "Jane Doe"}, "datePublished": "2021-03-04T10:00:00Z"}</script>'
)


def page_html(title: str, head: str = "") -> str:
    return (
        f"<html><head><title>{title}</title>{head}"
        "<script>var counter = 1;</script></head>"
        f"<body><article><h1>{title}</h1><p>{STORY}</p><p>{STORY}</p></article></body></html>"
    )


def meta_page(page_id: str, html: str, **truth: Any) -> EvalPage:
    dataset = page_id.split("/")[0]
    page = {"id": page_id, "source_dataset": dataset, "url": None, "html": html}
    fields = {"title": None, "author": None, "date": None, "truth_kind": "snippets"} | truth
    return page, {"id": page_id, "source_dataset": dataset, "url": None, "flags": [], **fields}


PAGES = [
    meta_page(
        "alpha/structured",
        page_html("Council approves new budget", STRUCTURED),
        title="Council approves new budget",
        author="Jane Doe",
        date="2021-03-04",
    ),
    meta_page(
        "alpha/expected-empty",
        page_html("Rain expected across the north"),
        title="Rain expected across the north",
        author="",
        date="",
    ),
    meta_page(
        "l3s-gn1/held", page_html("Storm closes the harbour"), title="Storm closes the harbour"
    ),
    meta_page("alpha/no-metadata-truth", page_html("Not scored")),
]


def test_visible_protocol_strips_json_ld_and_every_meta() -> None:
    html = page_html("Council approves new budget", STRUCTURED + '<meta charset="utf-8">')
    tree = lxml.html.document_fromstring(visible_html(html))
    assert tree.xpath("//meta") == []
    assert [s.text for s in tree.xpath("//script")] == ["var counter = 1;"]
    assert tree.findtext(".//title") == "Council approves new budget"
    assert STORY in tree.text_content()
    assert "Jane Doe" not in visible_html(html) and "Jane Doe" in html


def test_text_protocol_renders_the_page_as_lines_of_visible_text() -> None:
    lines = text_dump(page_html("Council approves new budget", STRUCTURED)).splitlines()
    assert "Council approves new budget" in lines and STORY in lines
    assert "Jane Doe" not in "\n".join(lines)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_eval_set(tmp_path_factory.mktemp("meta-set"), PAGES)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "scraper", "eval", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def figure(results: dict[str, Any], protocol: str, name: str, kind: str, field: str) -> Any:
    return {g: (s["right"], s["pages"]) for g, s in results[protocol][name][kind][field].items()}


def test_metadata_eval_end_to_end(dataset: Path, tmp_path: Path) -> None:
    summary_path, per_page_path = tmp_path / "meta.json", tmp_path / "meta.jsonl"
    result = run(
        str(dataset),
        "--metadata",
        "--extractors",
        "scraper,htmldate",
        "--jobs",
        "2",
        "--json",
        str(summary_path),
        "--per-page",
        str(per_page_path),
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(summary_path.read_text())
    assert document["pages"] == 3  # the page without title, author or date truth is left out
    results = document["results"]
    assert list(results) == ["as-is", "visible", "text"]
    assert list(results["text"]) == ["scraper"]  # htmldate reads HTML only
    everywhere = {"alpha": (2, 2), "l3s-gn1": (1, 1), "ALL": (3, 3), "ALL but held out": (2, 2)}
    for protocol in results:
        assert figure(results, protocol, "scraper", "value", "title") == everywhere
        assert "title" not in results[protocol]["scraper"]["empty"]
        assert figure(results, protocol, "scraper", "empty", "authors")["ALL"] == (1, 1)
    one = {"alpha": (1, 1), "ALL": (1, 1), "ALL but held out": (1, 1)}
    none = {group: (0, 1) for group in one}
    assert figure(results, "as-is", "scraper", "value", "authors") == one
    assert figure(results, "as-is", "scraper", "value", "date") == one
    assert figure(results, "as-is", "htmldate", "value", "date") == one
    assert list(results["as-is"]["htmldate"]["value"]) == ["date"]
    for protocol, name in (("visible", "scraper"), ("visible", "htmldate"), ("text", "scraper")):
        assert figure(results, protocol, name, "value", "date") == none
    assert figure(results, "visible", "scraper", "value", "authors") == none
    rows = [json.loads(line) for line in per_page_path.read_text().splitlines()]
    assert len(rows) == 3 * 5
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    structured = [r for r in rows if r["id"] == "alpha/structured" and r["extractor"] == "scraper"]
    assert [r["right"]["authors"] for r in structured] == [True, False, False]
    assert "Protocol visible" in result.stdout and "ALL but held out" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--protocols", "as-is,sideways"], "unknown protocol sideways"),
        (["--extractors", "readability-lxml"], "unknown metadata extractor readability-lxml"),
        (["--dataset-name", "beta"], "unknown source dataset beta"),
        (["--extractors", "htmldate", "--protocols", "text"], "htmldate: none reads the text form"),
    ],
)
def test_metadata_usage_errors_exit_2(dataset: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["eval", str(dataset), "--metadata", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_an_error_record_is_scored_on_the_fields_it_carries() -> None:
    from scraper.eval.metadata_protocols import scraper_as_is

    found = json.loads(scraper_as_is(page_html("Only a headline").replace(STORY, ""), None))
    assert found["error"] == "no_content"
    assert found["title"] == "Only a headline"
