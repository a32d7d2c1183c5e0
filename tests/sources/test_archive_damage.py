"""Archives cut short or not WARC at all: the whole records before the damage become
records as usual, and the damage becomes one `input` error saying how many records were read
and the byte where reading stopped. Every cut point of small real archives is tried."""

from __future__ import annotations

import gzip
import io
import json
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from scraper.cli import cli
from scraper.records import Page
from scraper.sources.base import Failed, Item
from scraper.sources.warc import WarcSource
from tests.support.warc_files import write_warc, write_wet

ARCHIVES: dict[str, Callable[[Path], None]] = {
    "crawl.warc.gz": write_warc,
    "crawl.warc": lambda path: write_warc(path, compress=False),
    "text.wet.gz": write_wet,
}
STOPPED = re.compile(r"; (\d+) whole WARC records read, up to byte ([\d,]+)$")


def spans(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of every record as warcio reads the whole archive; for a `.warc.gz`
    a record is its gzip member, uncompressed the blank lines after it are not part of it."""
    records = ArchiveIterator(io.BytesIO(data))
    found = []
    for _ in records:
        records.read_to_end()
        start = records.get_record_offset()
        found.append((start, start + records.get_record_length()))
    return found


def read(data: bytes) -> list[Item]:
    return list(WarcSource(()).read(io.BytesIO(data), Path("cut.warc")))


def same_item(cut: Item, whole: Item) -> bool:
    if isinstance(cut, Page) and isinstance(whole, Page):
        return (cut.url, cut.offset, cut.content) == (whole.url, whole.offset, whole.content)
    if isinstance(cut, Failed) and isinstance(whole, Failed):
        return (cut.url, cut.offset, cut.message) == (whole.url, whole.offset, whole.message)
    return False


@pytest.mark.parametrize("name", sorted(ARCHIVES))
def test_every_cut_keeps_the_whole_records_and_says_where_reading_stopped(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    ARCHIVES[name](path)
    data = path.read_bytes()
    records = spans(data)
    whole_items = read(data)
    assert len(records) >= 2 and not any("whole WARC records" in str(i) for i in whole_items)
    for cut in range(len(b"WARC/"), len(data)):
        items = read(data[:cut])
        inside = [i for i, (start, end) in enumerate(records) if start < cut < end]
        if not inside:  # a cut between records leaves a shorter, valid archive
            assert all(map(same_item, items, whole_items)), cut
            assert len(items) == sum(1 for i in whole_items if (i.offset or 0) < cut), cut
            continue
        *kept, last = items
        assert isinstance(last, Failed) and last.kind == "input", (cut, last)
        assert "cut short" in last.message, (cut, last.message)
        assert all(map(same_item, kept, whole_items)), cut
        (index,) = inside
        match = STOPPED.search(last.message)
        assert match, last.message
        read_records, stopped_at = int(match[1]), int(match[2].replace(",", ""))
        # the cut record itself is lost, unless only the end of its gzip member is missing
        assert (read_records, stopped_at) in ((index, records[index][0]), (index + 1, cut))
        read_starts = {start for start, _ in records[:read_records]}
        assert [i.offset for i in kept] == [
            i.offset for i in whole_items if i.offset in read_starts
        ]


def test_scraper_clean_of_a_cut_warc_gz_exits_1_with_the_error_record(tmp_path: Path) -> None:
    """The reproduction of issue 13: before, "article 2" and exit 0."""
    whole = tmp_path / "crawl.warc.gz"
    write_warc(whole)
    data = whole.read_bytes()
    records = spans(data)
    cut_at = (records[2][0] + records[2][1]) // 2  # in the middle of the third record
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[:cut_at])
    result = CliRunner().invoke(cli, ["clean", str(cut)])
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1
    errors = [r["error"] for r in out if r["error"] and r["error"]["kind"] == "input"]
    assert [r["url"] for r in out if not r["error"]] == ["http://a.test/1"]
    assert len(errors) == 1
    assert errors[0]["message"].endswith(f"2 whole WARC records read, up to byte {records[2][0]:,}")
    assert f"the file ends at byte {cut_at:,}" in errors[0]["message"]
    assert "error:input 1" in result.stderr


def _gzipped(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


NOT_WARC: dict[str, tuple[bytes, str]] = {
    "random bytes": (random.Random(13).randbytes(3000), "starts with b'"),
    "an HTML page": (b"<!doctype html><html><body>hi</body></html>", "<!doctype html><html>"),
    "an empty file": (b"", "the file is empty"),
    "gzipped HTML": (
        _gzipped(b"<html><body>hi</body></html>"),
        "b'<html><body>hi</body></html>' (inflated)",
    ),
    "broken gzip": (b"\x1f\x8b\x08\x00garbage" * 40, "broken gzip data"),
}


@pytest.mark.parametrize("case", sorted(NOT_WARC))
def test_a_file_that_is_not_warc_is_one_error_saying_what_it_starts_with(
    tmp_path: Path, case: str
) -> None:
    data, found = NOT_WARC[case]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "junk.warc").write_bytes(data)
    result = CliRunner().invoke(cli, ["clean", str(folder)])
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 1, result.output
    assert record["error"]["kind"] == "input"
    assert record["error"]["message"].startswith(f"{folder / 'junk.warc'}: not a WARC archive")
    assert found in record["error"]["message"]


TAILS: dict[str, tuple[str, bytes, str | None]] = {
    "blank lines": ("crawl.warc", b"\r\n\r\n", None),
    "an empty gzip member": ("crawl.warc.gz", _gzipped(b""), None),
    "a second copy": ("crawl.warc.gz", b"", None),
    "garbage": ("crawl.warc", b"garbage here\r\n", "Invalid WARC record, first line: garbage here"),
    "NUL padding": ("crawl.warc.gz", b"\0" * 10, "Invalid WARC record"),
}


@pytest.mark.parametrize("case", sorted(TAILS))
def test_what_follows_the_last_record_is_fine_or_one_error(tmp_path: Path, case: str) -> None:
    """Harmless tails (blank lines, an empty gzip member, another archive) read as valid; any
    other bytes after the last record are damage: the records, then one error."""
    name, tail, damage = TAILS[case]
    path = tmp_path / name
    ARCHIVES[name](path)
    data = path.read_bytes()
    whole = read(data)
    items = read(data + (tail or data))
    if damage is None:
        assert len(items) == len(whole) * (1 if tail else 2)
        assert not any("whole WARC records" in str(i) for i in items)
        return
    *kept, last = items
    assert all(map(same_item, kept, whole)) and len(kept) == len(whole)
    assert isinstance(last, Failed) and last.kind == "input" and damage in last.message
    assert last.message.endswith(
        f"; {len(spans(data))} whole WARC records read, up to byte {len(data):,}"
    )
