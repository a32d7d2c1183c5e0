"""`scraper clean --format …`, `--out-dir`, `--with-markdown`: real subprocesses of the
command, checked against the library's own renderers of the same pages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema

import scraper
from scraper.records import ARTICLE_SCHEMA
from tests.cleaners.test_structure_kept import MARKDOWN, PAGE, TEXT
from tests.cli.test_cli import run
from tests.conftest import ROOT

URL = "https://harbour.test/tides"


def _pages(folder: Path) -> tuple[Path, Path, Path]:
    page, notes, empty = folder / "tides.html", folder / "notes.txt", folder / "empty.txt"
    page.write_text(PAGE, encoding="utf-8")
    notes.write_text(TEXT, encoding="utf-8")
    empty.write_text("", encoding="utf-8")
    return page, notes, empty


def test_markdown_of_one_page_with_links(tmp_path: Path) -> None:
    page, _notes, _empty = _pages(tmp_path)
    result = run("clean", str(page), "--url", URL, "--format", "markdown", "--links", "-q")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"<!-- scraper: {page} ({URL}) -->\n{MARKDOWN}\n"


def test_markdown_text_and_html_streams_separate_records_and_keep_errors(
    tmp_path: Path,
) -> None:
    page, notes, empty = _pages(tmp_path)
    articles = [scraper.clean_html(PAGE), scraper.clean_text(TEXT)]
    for form, render, head in (
        ("markdown", lambda a: a.to_markdown(), "<!-- scraper: {} -->"),
        ("html", lambda a: a.to_html(), "<!-- scraper: {} -->"),
        ("text", lambda a: a.to_text() + "\n", "==> {} <=="),
    ):
        result = run("clean", str(page), str(notes), str(empty), "--format", form, "-q")
        assert result.returncode == 1, result.stderr  # the empty file is an error record
        error = f"{empty}: no_content error: no article body found (0 words of body, 0 blocks)"
        assert result.stdout == (
            f"{head.format(page)}\n{render(articles[0])}\n"
            f"{head.format(notes)}\n{render(articles[1])}\n"
            f"{head.format(error)}\n\n"
        ), form


def test_json_records_get_markdown_and_blocks_only_when_asked(tmp_path: Path) -> None:
    page, _notes, _empty = _pages(tmp_path)
    plain = json.loads(run("clean", str(page), "-q").stdout)
    assert "body_markdown" not in plain and "blocks" not in plain
    result = run("clean", str(page), "--with-markdown", "--with-blocks", "-q")
    record = json.loads(result.stdout)
    jsonschema.validate(record, ARTICLE_SCHEMA)
    assert record["body"] == plain["body"]
    assert record["body_markdown"] == MARKDOWN.split("\n\n", 1)[1].replace(
        "[units guide](https://harbour.test/guide/units)", "units guide"
    )
    kinds = {block["kind"] for block in record["blocks"]}
    assert kinds == {"paragraph", "heading", "item", "table", "code", "quote"}
    assert scraper.Article.from_dict(record).to_markdown() == scraper.clean_html(PAGE).to_markdown()


def test_out_dir_writes_one_file_per_record_named_by_id(tmp_path: Path) -> None:
    page, notes, empty = _pages(tmp_path)
    out = tmp_path / "md"
    result = run(
        "clean", str(page), str(notes), str(empty), "--format", "markdown", "--out-dir", str(out)
    )
    assert result.returncode == 1
    assert f"records written to {out}" in result.stderr
    records = [
        json.loads(line)
        for line in run("clean", str(page), str(notes), str(empty)).stdout.splitlines()
    ]
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted(f"{r['id']}.md" for r in records)
    first = (out / f"{records[0]['id']}.md").read_text(encoding="utf-8")
    assert first == scraper.clean_html(PAGE).to_markdown()
    assert "no_content error" in (out / f"{records[2]['id']}.md").read_text(encoding="utf-8")


def test_csv_has_the_sinks_columns_and_one_row_per_record(tmp_path: Path) -> None:
    page, notes, _empty = _pages(tmp_path)
    result = run("clean", str(page), str(notes), "--format", "csv", "-q")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["input"] for r in rows] == [str(page), str(notes)]
    assert rows[0]["body"] == scraper.clean_html(PAGE).body
    assert "blocks" not in rows[0]


def test_mismatched_format_options_are_usage_errors(tmp_path: Path) -> None:
    page, _notes, _empty = _pages(tmp_path)
    both = run("clean", str(page), "-o", str(tmp_path / "x"), "--out-dir", str(tmp_path / "d"))
    assert both.returncode == 2 and "not both" in both.stderr
    markdown_csv = run("clean", str(page), "--format", "csv", "--with-markdown")
    assert markdown_csv.returncode == 2 and "--format jsonl" in markdown_csv.stderr


def test_fetch_takes_the_formats_too(tmp_path: Path) -> None:
    """`scraper fetch --format markdown --out-dir`: a file per URL, errors included, each the
    rendering of the record the same fetch gives as JSON."""
    from tests.support.http_server import ALLOW_LOOPBACK, serve

    served = serve()
    server = next(served)
    try:
        urls = [server.url("/article/c1"), server.url("/missing")]
        base = ["fetch", *urls, "--rate", "0", "--no-cache", *ALLOW_LOOPBACK, "-q"]
        records = [json.loads(line) for line in run(*base).stdout.splitlines()]
        out = tmp_path / "md"
        result = run(*base, "--format", "markdown", "--out-dir", str(out))
    finally:
        next(served, None)
    assert result.returncode == 1, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{r['id']}.md" for r in records)
    article, missing = (scraper.Article.from_dict(r) for r in records)
    assert (out / f"{article.id}.md").read_text(encoding="utf-8").startswith(f"# {article.title}\n")
    assert "http_status error" in (out / f"{missing.id}.md").read_text(encoding="utf-8")


def test_the_readme_markdown_example_is_what_the_command_prints() -> None:
    """The "Structured output" example is the real output for its fixture: a change to the
    rendering shows here until the README shows it too."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = readme.split("````markdown\n", 1)[1].split("````\n", 1)[0]
    page = "fixtures/html-23-structure-tide-guide/page.html"
    result = run("clean", page, "--url", "https://harbour.test/tides", "--format", "markdown",
                 "--links", "-q", cwd=ROOT)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == shown
