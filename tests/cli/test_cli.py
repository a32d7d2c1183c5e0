"""The command line, run as a real subprocess the way users run it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema

from scraper.records import ARTICLE_SCHEMA
from tests.conftest import FIXTURES, SEED


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scraper", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def test_clean_writes_one_record_per_input_and_exits_0(tmp_path: Path) -> None:
    result = run("clean", str(SEED))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 1 and records[0]["source"] == "Iran Press TV"
    jsonschema.validate(records[0], ARTICLE_SCHEMA)
    assert "1 inputs, 1 records emitted: article 1" in result.stderr


def test_clean_with_bad_inputs_exits_1_with_error_records(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "fake.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    out = tmp_path / "out.jsonl"
    result = run(
        "clean",
        str(SEED),
        str(tmp_path / "empty.txt"),
        str(tmp_path / "fake.html"),
        str(tmp_path / "missing.txt"),
        "-o",
        str(out),
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["error"] and r["error"]["kind"] for r in records] == [
        None,
        "no_content",
        "decode",
        "input",
    ]
    for record in records:
        jsonschema.validate(record, ARTICLE_SCHEMA)


def test_usage_errors_exit_2() -> None:
    assert run("clean").returncode == 2
    assert run("clean", "--no-such-flag", str(SEED)).returncode == 2
    assert run("nonsense").returncode == 2


def test_schema_command_prints_the_schema() -> None:
    result = run("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout) == ARTICLE_SCHEMA


def test_fixtures_update_regenerates_and_prints_a_diff(tmp_path: Path) -> None:
    case = tmp_path / "fx" / "seed"
    case.mkdir(parents=True)
    shutil.copy(SEED, case / "page.txt")
    expected = json.loads((FIXTURES / "seed-defence-news-wire" / "expected.json").read_text())
    expected["fields"]["title"] = "A wrong title"
    (case / "expected.json").write_text(json.dumps(expected))
    check = run("fixtures", "check", "--dir", str(tmp_path / "fx"))
    assert check.returncode == 1 and "A wrong title" in check.stdout
    update = run("fixtures", "update", "seed", "--dir", str(tmp_path / "fx"))
    assert update.returncode == 0
    assert '-    "title": "A wrong title"' in update.stdout
    assert '+    "title": "Syria peace talks in Astana' in update.stdout
    after = json.loads((case / "expected.json").read_text())
    assert after["must_not_contain"] == expected["must_not_contain"]
    assert run("fixtures", "check", "--dir", str(tmp_path / "fx")).returncode == 0
    assert run("fixtures", "update", "nope", "--dir", str(tmp_path / "fx")).returncode == 2
