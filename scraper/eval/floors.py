"""The accuracy gate's floors: the file that pins, for each gated figure of our extractor on
the fixed sample, the value it may not fall below, and the one way floors move (`update`).

Scoring is deterministic for a given version of the code, so a floor needs no room for noise
in the measurement. Its margin below the figure is room for intended trade-offs: a change that
is worth its cost on the whole set may still cost a little on the 50 pages of one dataset. The
margin is `MARGIN_SE` bootstrap standard errors of the sample's figure (see `pin`): how far the
figure would move had other pages been drawn, so it scales with how many pages a figure rests
on; a drop larger than that is a regression. `update` raises floors freely and lowers one only
when asked to, and each lowered floor is named in a line the commit message must carry.

A regression gate, never a tuning target: tuning against these pages would make their figures
say nothing about the rest. `HELD_OUT` datasets are kept out of tuning altogether and are
reported apart.
"""

from __future__ import annotations

import hashlib
import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scraper.errors import ConfigError
from scraper.eval.settings import HELD_OUT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

KINDS = ("full_text", "snippets")
METRICS = ("f1", "precision")
MARGIN_SE = 1.0

Key = tuple[str, str, str]
"""(kind, source dataset, metric), as in the floors file: `[full_text.dragnet] f1 = …`."""


def label(key: Key) -> str:
    return ".".join(key)


def held_out(key: Key) -> bool:
    return key[1] in HELD_OUT


@dataclass(frozen=True, slots=True)
class Figure:
    key: Key
    value: float
    stderr: float


def sample_digest(ids: Iterable[str]) -> str:
    """What the floors were pinned on: they hold for that sample only."""
    return hashlib.sha256("\n".join(sorted(ids)).encode()).hexdigest()


def figures_of(result: Mapping[str, Any]) -> dict[Key, Figure]:
    """The gated figures of one extractor's entry in `run.summarise`'s summary."""
    figures: dict[Key, Figure] = {}
    for kind in KINDS:
        for dataset, scores in result[kind].items():
            for metric in METRICS:
                value = scores.get(metric)
                if value is not None:
                    key = (kind, dataset, metric)
                    figures[key] = Figure(key, value, scores.get(f"{metric}_stderr", 0.0))
    return figures


def pin(figure: Figure) -> float:
    """The floor for a figure: `MARGIN_SE` standard errors below it, rounded down to 0.001."""
    return math.floor(round((figure.value - MARGIN_SE * figure.stderr) * 1000, 6)) / 1000


@dataclass(frozen=True, slots=True)
class Floors:
    digest: str
    pages: int
    values: dict[Key, float]


def parse_floors(text: str, source: str = "floors") -> Floors:
    """Raises `ConfigError` for text that is not a floors file, or names a table or metric
    the gate does not know (a typo would otherwise drop floors unseen)."""
    try:
        document = tomllib.loads(text)
        sample = document["sample"]
        unknown = (document.keys() - {"sample", *KINDS}) | {
            metric
            for kind in KINDS
            for metrics in document.get(kind, {}).values()
            for metric in metrics
            if metric not in METRICS
        }
        if unknown:
            raise ValueError(f"unknown names {', '.join(sorted(unknown))}")
        values = {
            (kind, dataset, metric): float(value)
            for kind in KINDS
            for dataset, metrics in document.get(kind, {}).items()
            for metric, value in metrics.items()
        }
        return Floors(str(sample["sha256"]), int(sample["pages"]), values)
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{source}: not a floors file ({type(exc).__name__}: {exc})") from exc


def require_sample(floors: Floors, ids: Iterable[str]) -> None:
    """Raises `ConfigError` when the floors were pinned on another sample than `ids`: a new
    sample needs its floors pinned afresh (`update`), lowered ones declared."""
    if floors.digest != sample_digest(ids):
        raise ConfigError(
            "the floors were pinned on another sample than these ids: pin them again with "
            "`scraper gate update` (declaring any floor that comes out lower)"
        )


def read_floors(path: Path) -> Floors:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return parse_floors(text, str(path))


HEADER = """\
Accuracy gate: floors under the figures of the `scraper` extractor on the fixed sample of the
evaluation set named in pages.txt. tests/eval/test_gate.py (part of `make test`) fails when a
figure falls below its floor; `scraper gate check` prints the same table.

A regression gate, not a tuning target: never tune rules or heuristics against these pages.
l3s-gn1 is the held-out dataset (not used for tuning at all); its figures are reported apart.

Written by `scraper gate update`, never by hand. A floor is its figure at an update minus
{margin:g} bootstrap standard error of the sample's figure, rounded down to 0.001 (the figure
is in the comment). `update` raises floors when figures improve; it lowers one only when
given `--lower "REASON"`, and prints a `Floor lowered: ...` line for each lowered floor that
the commit message must carry (tests/eval/test_gate.py checks the git history)."""


def _toml_key(name: str) -> str:
    bare = name.replace("-", "").replace("_", "").isalnum() and name.isascii()
    return name if bare else '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_floors(floors: Floors, figures: Mapping[Key, Figure]) -> str:
    """The floors file: each floor with, as a comment, the figure it was last checked on."""
    lines = ["# " + line if line else "#" for line in HEADER.format(margin=MARGIN_SE).split("\n")]
    lines += ["", "[sample]", f"pages = {floors.pages}", f'sha256 = "{floors.digest}"']
    tables: dict[tuple[str, str], list[Key]] = {}
    for key in sorted(floors.values, key=report_order):
        tables.setdefault(key[:2], []).append(key)
    for (kind, dataset), keys in tables.items():
        note = "  # held out: not a tuning set" if dataset in HELD_OUT else ""
        lines += ["", f"[{kind}.{_toml_key(dataset)}]{note}"]
        for key in keys:
            figure = figures.get(key)
            seen = f"# figure {figure.value:.4f} ± {figure.stderr:.4f}" if figure else ""
            setting = f"{key[2]} = {floors.values[key]:.3f}"
            lines.append(f"{setting:<19}{seen}".rstrip())
    return "\n".join(lines) + "\n"


def report_order(key: Key) -> tuple[int, bool, bool, str, int]:
    kind, dataset, metric = key
    return KINDS.index(kind), dataset != "ALL", dataset in HELD_OUT, dataset, METRICS.index(metric)


@dataclass(frozen=True, slots=True)
class Change:
    key: Key
    old: float | None
    new: float | None


def lowered_line(change: Change) -> str:
    """What the commit message of a lowered floor must contain (the reason follows it)."""
    new = "none" if change.new is None else f"{change.new:.3f}"
    return f"Floor lowered: {label(change.key)} {change.old:.3f} -> {new}"


def moved_line(change: Change) -> str:
    """What `scraper gate update` says of a floor it added or raised."""
    if change.old is None:
        return f"Floor added: {label(change.key)} {change.new:.3f}"
    return f"Floor raised: {label(change.key)} {change.old:.3f} -> {change.new:.3f}"


def update(
    floors: Floors | None, figures: Mapping[Key, Figure], digest: str, pages: int
) -> tuple[Floors, list[Change]]:
    """New floors for these figures, and every floor that moved.

    On the sample the floors were pinned on, a floor is raised to `pin(figure)` when that is
    higher, kept while its figure is at or above it, and lowered to `pin(figure)` only when the
    figure fell below it. On another sample the old floors say nothing: every floor is pinned
    afresh, and those that come out lower count as lowered.
    """
    same = floors is not None and floors.digest == digest
    old = floors.values if floors is not None else {}
    values: dict[Key, float] = {}
    for key, figure in figures.items():
        floor, fresh = old.get(key), pin(figure)
        kept = floor is not None and same and figure.value >= floor
        values[key] = max(floor, fresh) if floor is not None and kept else fresh
    pinned = Floors(digest, pages, values)
    return pinned, diff(floors, pinned)


def diff(old: Floors | None, new: Floors | None) -> list[Change]:
    """Every floor that differs between two floors files (`None`: no file), in report order."""
    before = old.values if old is not None else {}
    after = new.values if new is not None else {}
    keys = sorted(before.keys() | after.keys(), key=report_order)
    return [Change(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


def is_lowered(change: Change) -> bool:
    """A floor lower than before, or gone."""
    return change.old is not None and (change.new is None or change.new < change.old)


def lowered(changes: Sequence[Change]) -> list[Change]:
    return [change for change in changes if is_lowered(change)]
