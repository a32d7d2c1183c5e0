from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from scraper.cleaners.decode import decode_bytes, looks_like_html
from scraper.errors import DecodeError, InputError, TooLarge
from scraper.sources.files import expand_inputs, load_page, read_capped


def test_byte_order_marks_win() -> None:
    text, codec = decode_bytes("\ufeffCafé".encode("utf-16-le"))
    assert (text, codec) == ("Café", "utf-16")
    assert decode_bytes(b"\xef\xbb\xbfhello")[0] == "hello"


def test_declared_meta_charset_is_used() -> None:
    html = '<html><head><meta charset="windows-1251"></head><body>Привет</body></html>'
    text, codec = decode_bytes(html.encode("cp1251"))
    assert "Привет" in text and codec == "cp1251"


def test_header_charset_beats_meta() -> None:
    raw = '<meta charset="utf-8"><p>naïve café</p>'.encode("latin-1")
    text, codec = decode_bytes(raw, declared="ISO-8859-1")
    assert "naïve café" in text and codec == "cp1252"


def test_undeclared_cp1252_is_detected() -> None:
    raw = ("Les élèves ont célébré la fête à l’école. " * 20).encode("cp1252")
    text, _codec = decode_bytes(raw)
    assert "élèves" in text and "l’école" in text


def test_utf8_without_declaration() -> None:
    assert decode_bytes("Grüße aus Köln".encode())[0] == "Grüße aus Köln"


def test_utf16_without_a_byte_order_mark_is_recognised() -> None:
    page = "<p>Grüße aus Köln, sagte der Bürgermeister am Dienstag.</p>"
    assert decode_bytes(page.encode("utf-16-le")) == (page, "utf-16-le")
    assert decode_bytes(page.encode("utf-16-be")) == (page, "utf-16-be")


def test_a_declared_utf16_is_believed_only_when_the_bytes_show_it() -> None:
    page = b"<html><head><meta charset=utf-16></head><body><p>Hello there</p></body></html>"
    assert decode_bytes(page) == (page.decode(), "utf-8")
    assert decode_bytes(b"<p>Hello</p>", declared="UTF-16")[0] == "<p>Hello</p>"


def test_windows_1252_wins_a_detection_tie() -> None:
    """charset-normalizer rates cp1250, cp1252 and cp1257 the same on this paragraph; name
    order used to pick cp1250, which reads crêpes as crępes."""
    text = (
        "The café on Rue Saint-Honoré reopened on Tuesday, its owner, Zoë Brontë, said. “We’re "
        "back,” she told customers who queued for crêpes and café au lait. "
    ) * 3
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")


@pytest.mark.parametrize(
    "data", [b"%PDF-1.7\n...", b"\x89PNG\r\n\x1a\n\x00\x00", bytes(range(0, 32)) * 100]
)
def test_binary_input_is_rejected(data: bytes) -> None:
    with pytest.raises(DecodeError):
        decode_bytes(data)


def test_html_is_sniffed_from_content() -> None:
    assert looks_like_html("<!DOCTYPE html><html><body>x</body></html>")
    assert looks_like_html("  <!-- c --><html>")
    assert looks_like_html("<div><p>a</p><p>b</p><p>c</p><p>d</p></div>")
    assert not looks_like_html("A text page that mentions the <b> tag once.\n\nMore text.")


def test_inputs_expand_from_files_folders_and_globs(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    for name in ("a/one.txt", "a/two.html", "a/skip.json", "b.htm.gz", "c.txt"):
        (tmp_path / name).write_bytes(b"x")
    found = list(
        expand_inputs(
            [
                str(tmp_path / "a"),
                str(tmp_path / "*.gz"),
                str(tmp_path / "c.txt"),
                str(tmp_path / "a"),
            ]
        )
    )
    names = [p.name for p in found]
    assert names == ["one.txt", "two.html", "b.htm.gz", "c.txt"]


def test_gzip_files_are_read_and_capped(tmp_path: Path) -> None:
    path = tmp_path / "p.html.gz"
    path.write_bytes(gzip.compress(b"<p>hello</p>"))
    assert read_capped(path) == b"<p>hello</p>"
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"\0" * 5_000_000))
    with pytest.raises(TooLarge):
        read_capped(bomb, max_bytes=1_000_000)
    broken = tmp_path / "broken.txt.gz"
    broken.write_bytes(gzip.compress(b"hello world" * 1000)[:40])
    with pytest.raises(DecodeError):
        read_capped(broken)


def test_size_cap_and_missing_files(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2000)
    with pytest.raises(TooLarge):
        read_capped(big, max_bytes=1000)
    with pytest.raises(InputError, match="no such file"):
        load_page(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="directory"):
        read_capped(tmp_path)
