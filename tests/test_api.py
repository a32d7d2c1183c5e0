from __future__ import annotations

import scraper
from scraper.records import Article


def test_public_api_is_small_and_sorted() -> None:
    assert scraper.__all__ == sorted(scraper.__all__)
    assert set(scraper.__all__) == {
        "Article",
        "CleanerConfig",
        "Page",
        "clean",
        "clean_html",
        "clean_text",
        "errors",
        "run_job",
    }


def test_clean_dispatches_on_content_not_extension(tmp_path) -> None:
    html = "<html><head><title>T</title></head><body>" + "<p>Plain words here.</p>" * 10
    (tmp_path / "page.txt").write_text(html + "</body></html>")
    text = "A title line\n\n" + "This is a paragraph of real prose that goes on for a while. " * 5
    (tmp_path / "page.html").write_text(text)
    from_txt = scraper.clean(tmp_path / "page.txt")
    from_html = scraper.clean(tmp_path / "page.html")
    assert "<p>" not in from_txt.body and "Plain words here." in from_txt.body
    assert from_html.title == "A title line"


def test_bad_input_gives_error_records_not_exceptions(tmp_path) -> None:
    cases = {
        "missing": scraper.clean(tmp_path / "nope.txt"),
        "pdf": scraper.clean(b"%PDF-1.7 binary"),
        "empty": scraper.clean_text(""),
        "whitespace": scraper.clean_html("   \n  "),
    }
    for name, article in cases.items():
        assert isinstance(article, Article), name
        assert article.error is not None, name
        assert article.error.kind and article.error.message, name
    assert cases["missing"].error.kind == "input"
    assert cases["pdf"].error.kind == "decode"
    assert cases["empty"].error.kind == "no_content"


def test_run_job_runs_a_job_file(tmp_path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_text(
        "A title line\n\n" + "This is a paragraph of real prose that goes on for a while. " * 5
    )
    job = tmp_path / "job.toml"
    job.write_text('[job]\nname = "api"\n[[sources]]\ntype = "files"\npaths = ["pages"]\n'
                   "[execution]\nworkers = 0\n")  # fmt: skip
    stats = scraper.run_job(job)
    assert stats.emitted == 1 and (tmp_path / "api.jsonl").read_text().count("\n") == 1
    assert scraper.run_job(str(job)).emitted == 0


PROSE = "This is a paragraph of real prose that goes on for a while. " * 5
HTML = f"<html><head><title>T</title></head><body><h1>A headline</h1><p>{PROSE}</p></body></html>"


def test_clean_tells_a_page_given_as_a_string_from_a_path(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "saved.html").write_text(HTML)
    pages = {
        "markup": HTML,
        "markup after a BOM and blank lines": "\ufeff\n\n  " + HTML,
        "text with line breaks": f"A title line\n\n{PROSE}",
        "text too long for a path": "A title line. " + PROSE * 20,
    }
    for name, page in pages.items():
        article = scraper.clean(page)
        assert article.error is None, (name, article.error)
        assert article.input == "<string>" and PROSE.strip() in article.body, name
    by_path = scraper.clean("saved.html")
    assert (by_path.error, by_path.input) == (None, "saved.html")
    assert by_path.body == scraper.clean(HTML).body
    url = "https://example.org/a/b"
    with_url = scraper.clean(HTML, url=url)
    assert (with_url.url, with_url.id) == (url, scraper.Page(b"", "<string>", url).record_id)
    # in memory, the input is what the page was handed as, whatever its address
    text = pages["text with line breaks"]
    handed = [scraper.clean_html(HTML, url), scraper.clean_text(text, url)]
    assert [a.input for a in [*handed, scraper.clean(HTML.encode(), url)]] == [
        "<html>",
        "<text>",
        "<bytes>",
    ]
    assert {a.id for a in handed} == {with_url.id}  # the id is the URL's, as it always was


def test_an_error_message_repeats_only_the_start_of_what_it_was_given() -> None:
    for given in ("x" * 300, "no/such/folder/" + "y" * 3000):
        article = scraper.clean(given)
        assert article.error is not None and article.error.kind == "input"
        assert len(article.error.message) < 200, article.error.message
        assert article.error.message.startswith(given[:40])
