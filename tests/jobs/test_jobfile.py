"""Job files: the documented forms load; every mistake fails at load time naming the file,
the key and the reason."""

from __future__ import annotations

from ipaddress import ip_address
from pathlib import Path

import pytest

from scraper.config import DEFAULTS_DIR
from scraper.errors import ConfigError
from scraper.jobs.inputs import FilesInput, SitemapInput, UrlsInput
from scraper.jobs.runner import load_job
from tests.conftest import ROOT
from tests.support.job_helpers import write_job

MINIMAL = """
[job]
name = "news"
state = "state.sqlite"

[[sources]]
type = "files"
paths = ["pages/"]

[[sinks]]
type = "jsonl"
path = "out/articles.jsonl"

[[sinks]]
type = "sqlite"
path = "out/articles.sqlite"
"""


def test_minimal_job_file_loads_with_paths_from_its_folder(tmp_path: Path) -> None:
    job = load_job(write_job(tmp_path, MINIMAL))
    assert job.name == "news"
    assert job.state == tmp_path / "state.sqlite"
    assert [(s.type, s.path) for s in job.sinks] == [
        ("jsonl", tmp_path / "out/articles.jsonl"),
        ("sqlite", tmp_path / "out/articles.sqlite"),
    ]
    (source,) = job.sources
    assert isinstance(source, FilesInput) and source.paths == (str(tmp_path / "pages"),)
    assert job.execution.executor == "local" and job.dedup.threshold == 0.8


def test_defaults_state_and_jsonl_sink_next_to_the_job_file(tmp_path: Path) -> None:
    job = load_job(write_job(tmp_path, '[job]\nname = "n"\n[[sources]]\ntype = "files"\n'
                                        'paths = ["a"]\n'))  # fmt: skip
    assert job.state == tmp_path / "n.state.sqlite"
    assert [(s.type, s.path) for s in job.sinks] == [("jsonl", tmp_path / "n.jsonl")]


def test_every_section_and_source_type(tmp_path: Path) -> None:
    (tmp_path / "urls.txt").write_text("https://example.org/a\n")
    text = MINIMAL + f"""
[[sources]]
type = "urls"
urls = ["https://example.org/b"]
urls_file = "urls.txt"
hosts = ["example.org"]

[[sources]]
type = "sitemap"
urls = ["https://example.org/sitemap.xml"]
path_globs = ["/news/*"]

[fetch]
timeout = 5
robots = false
user_agent = "mybot/1.0"
retries = 1
allow_networks = ["10.1.0.0/16"]

[politeness]
rate = 2
concurrency = 4
host_concurrency = 2

[cleaner]
config_dir = "{DEFAULTS_DIR}"
min_body_words = 20
max_elements = 1000
max_vote_elements = 500
max_vote_chars = 20000
max_lines = 300

[dedup]
near = false
threshold = 0.9

[execution]
executor = "dask"
workers = 3
scheduler = "tcp://127.0.0.1:8786"
"""
    job = load_job(write_job(tmp_path, text))
    assert isinstance(job.sources[1], UrlsInput)
    assert job.sources[1].urls_file == tmp_path / "urls.txt"
    assert isinstance(job.sources[2], SitemapInput)
    assert job.sources[2].url_filter.path_globs == ("/news/*",)
    assert job.settings.fetch.timeout == 5 and not job.settings.fetch.robots
    assert job.settings.fetch.addresses.why_refused(ip_address("10.1.2.3")) is None
    assert job.settings.fetch.addresses.why_refused(ip_address("10.2.0.1")) == "private"
    assert job.settings.politeness.delay == 0.5 and job.settings.politeness.host_concurrency == 2
    assert job.cleaner.min_body_words == 20 and job.cleaner.config_dir == DEFAULTS_DIR
    limits = job.cleaner
    assert (limits.max_elements, limits.max_vote_elements) == (1000, 500)
    assert (limits.max_vote_chars, limits.max_lines) == (20000, 300)
    assert not job.dedup.near and job.dedup.threshold == 0.9
    assert job.execution.workers == 3 and job.execution.scheduler == "tcp://127.0.0.1:8786"


@pytest.mark.parametrize(
    ("change", "where", "reason"),
    [
        (('name = "news"', 'name = "news"\nstate_file = "x"'), "job.state_file", "unknown key"),
        (("[job]", "[jobs]\nx = 1\n[job]"), "jobs", "unknown key"),
        (('type = "jsonl"', 'type = "xml"'), "sinks[1].type", "unknown sink type 'xml'"),
        (('type = "files"', 'type = "ftp"'), "sources[1].type", "unknown source type 'ftp'"),
        (('paths = ["pages/"]', "paths = []"), "sources[1].paths", "at least one"),
        (('paths = ["pages/"]', 'paths = "pages/"'), "sources[1].paths", "a list of strings"),
        (('path = "out/articles.sqlite"', 'path = "out/articles.jsonl"'), "sinks[2].path",
         "already used"),
        (('name = "news"', "name = 7"), "job.name", "must be a string"),
        (('path = "out/articles.jsonl"', 'path = "x.jsonl"\nfsync = true'), "sinks[1].fsync",
         "unknown key"),
    ],
)  # fmt: skip
def test_mistakes_fail_at_load_with_file_key_and_reason(
    tmp_path: Path, change: tuple[str, str], where: str, reason: str
) -> None:
    path = write_job(tmp_path, MINIMAL.replace(*change, 1))
    with pytest.raises(ConfigError) as caught:
        load_job(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {where}: "), message
    assert reason in message


@pytest.mark.parametrize(
    ("section", "where", "reason"),
    [
        ("[execution]\nworkers = -1", "execution.workers", "integer ≥ 0"),
        ("[execution]\nexecutor = \"spark\"", "execution.executor", "one of dask, local"),
        ("[execution]\nscheduler = \"tcp://h:1\"", "execution.scheduler", "only used with"),
        ("[dedup]\nthreshold = 1.5", "dedup.threshold", "≤ 1"),
        ("[dedup]\nnear = \"yes\"", "dedup.near", "true or false"),
        ("[politeness]\nrate = -1", "politeness.rate", "≥ 0"),
        ("[politeness]\nburst = 3", "politeness.burst", "unknown key"),
        ("[fetch]\ntimeout = 0", "fetch.timeout", "≥ 0.1"),
        ("[fetch]\nallow_networks = [\"10.0.0.0/33\"]", "fetch.allow_networks", "10.0.0.0/33"),
        ("[fetch]\nallow_private = \"yes\"", "fetch.allow_private", "true or false"),
        ("[cleaner]\nconfig_dir = \"nowhere\"", "cleaner.config_dir", "is not a folder"),
        ("[[sources]]\ntype = \"urls\"", "sources[2].urls", "give `urls`"),
        ("[[sources]]\ntype = \"urls\"\nurls_file = \"none.txt\"", "sources[2].urls_file",
         "no such file"),
    ],
)  # fmt: skip
def test_bad_values_fail_at_load(tmp_path: Path, section: str, where: str, reason: str) -> None:
    path = write_job(tmp_path, MINIMAL + "\n" + section + "\n")
    with pytest.raises(ConfigError) as caught:
        load_job(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {where}: ") and reason in message, message


def test_unreadable_and_invalid_toml_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_job(tmp_path / "missing.toml")
    path = write_job(tmp_path, "[job\nname=")
    with pytest.raises(ConfigError, match=f"{path}: invalid TOML"):
        load_job(path)


def test_the_bundled_example_job_loads() -> None:
    job = load_job(DEFAULTS_DIR / "jobs" / "example.toml")
    assert job.sources[0].paths == (str(ROOT / "fixtures"),)
