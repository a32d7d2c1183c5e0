"""The gate's floors: how a floor is pinned, how floors move, the file that holds them, and the
table the gate prints. Figures here are made up; tests/eval/test_gate.py runs the real one."""

from __future__ import annotations

import pytest

from scraper.errors import ConfigError
from scraper.eval.floors import (
    MARGIN_SE,
    Change,
    Figure,
    Floors,
    Key,
    diff,
    lowered,
    lowered_line,
    parse_floors,
    pin,
    render_floors,
    require_sample,
    sample_digest,
    update,
)
from scraper.eval.gate import Measured, check, render

ALL_F1: Key = ("full_text", "ALL", "f1")
DRAGNET_F1: Key = ("full_text", "dragnet", "f1")
HELD_OUT_P: Key = ("full_text", "l3s-gn1", "precision")
SNIPPET_F1: Key = ("snippets", "trafilatura-eval", "f1")
DIGEST = sample_digest(["a/1", "b/2"])


def figures(*values: tuple[Key, float]) -> dict[Key, Figure]:
    return {key: Figure(key, value, 0.01) for key, value in values}


def test_a_floor_sits_the_margin_below_its_figure_rounded_down() -> None:
    floor = pin(Figure(ALL_F1, 0.91449, 0.0062))
    assert floor <= 0.91449 - MARGIN_SE * 0.0062 < floor + 0.001
    assert round(floor, 3) == floor
    assert pin(Figure(ALL_F1, 0.9, 0.0)) == 0.9  # no float noise below an exact figure


def test_the_file_round_trips_and_says_what_it_is() -> None:
    floors = Floors(DIGEST, 2, {ALL_F1: 0.903, HELD_OUT_P: 0.91, SNIPPET_F1: 0.9})
    text = render_floors(floors, figures((ALL_F1, 0.915)))
    assert parse_floors(text) == floors
    assert "never tune" in text and "--lower" in text
    assert "\nf1 = 0.903         # figure 0.9150 ± 0.0100\n" in text
    assert "[full_text.l3s-gn1]  # held out" in text
    assert text.index("[full_text.ALL]") < text.index("[snippets.trafilatura-eval]")


@pytest.mark.parametrize(
    "text",
    [
        "[sample]\npages = 3\n",
        "not = toml = at all",
        "sample = 1",
        '[sample]\npages = 3\nsha256 = "x"\n[ful_text.ALL]\nf1 = 0.9\n',
        '[sample]\npages = 3\nsha256 = "x"\n[full_text.ALL]\nf = 0.9\n',
    ],
)
def test_a_file_that_is_not_a_floors_file_is_refused(text: str) -> None:
    with pytest.raises(ConfigError, match="not a floors file"):
        parse_floors(text)


def test_floors_hold_only_for_the_sample_they_were_pinned_on() -> None:
    floors = Floors(DIGEST, 2, {ALL_F1: 0.9})
    require_sample(floors, ["b/2", "a/1"])  # order does not matter
    with pytest.raises(ConfigError, match="another sample"):
        require_sample(floors, ["a/1", "c/3"])


def test_update_raises_keeps_and_adds_but_lowers_only_a_floor_its_figure_fell_below() -> None:
    old = Floors(DIGEST, 2, {ALL_F1: 0.9, DRAGNET_F1: 0.9, HELD_OUT_P: 0.9})
    now = figures((ALL_F1, 0.95), (DRAGNET_F1, 0.905), (HELD_OUT_P, 0.85), (SNIPPET_F1, 0.9))
    new, changes = update(old, now, DIGEST, 2)
    assert new.values[ALL_F1] == pin(now[ALL_F1]) > 0.9  # raised
    assert new.values[DRAGNET_F1] == 0.9  # figure still above: kept, not lowered to its pin
    assert new.values[HELD_OUT_P] == pin(now[HELD_OUT_P]) < 0.9  # fell below: lowered
    assert new.values[SNIPPET_F1] == pin(now[SNIPPET_F1])  # new figure: added
    assert {change.key for change in changes} == {ALL_F1, HELD_OUT_P, SNIPPET_F1}
    assert lowered(changes) == [Change(HELD_OUT_P, 0.9, new.values[HELD_OUT_P])]


def test_a_floor_whose_figure_is_gone_counts_as_lowered() -> None:
    old = Floors(DIGEST, 2, {ALL_F1: 0.9, DRAGNET_F1: 0.9})
    _, changes = update(old, figures((ALL_F1, 0.95)), DIGEST, 2)
    assert lowered(changes) == [Change(DRAGNET_F1, 0.9, None)]
    assert lowered_line(lowered(changes)[0]) == "Floor lowered: full_text.dragnet.f1 0.900 -> none"


def test_on_a_new_sample_every_floor_is_pinned_afresh() -> None:
    old = Floors(DIGEST, 2, {ALL_F1: 0.9, DRAGNET_F1: 0.8})
    now = figures((ALL_F1, 0.905), (DRAGNET_F1, 0.95))
    new, changes = update(old, now, sample_digest(["c/3"]), 1)
    assert new.values == {ALL_F1: pin(now[ALL_F1]), DRAGNET_F1: pin(now[DRAGNET_F1])}
    assert [change.key for change in lowered(changes)] == [ALL_F1]  # 0.895 < 0.9, though above


def test_diff_between_two_files_and_the_line_a_lowered_floor_needs() -> None:
    before = Floors(DIGEST, 2, {ALL_F1: 0.912, DRAGNET_F1: 0.9})
    after = Floors(DIGEST, 2, {ALL_F1: 0.905, DRAGNET_F1: 0.91})
    changes = diff(before, after)
    assert [lowered_line(change) for change in lowered(changes)] == [
        "Floor lowered: full_text.ALL.f1 0.912 -> 0.905"
    ]
    gone = [Change(ALL_F1, 0.912, None), Change(DRAGNET_F1, 0.9, None)]
    assert lowered(diff(before, None)) == gone
    assert diff(None, before) == [Change(ALL_F1, None, 0.912), Change(DRAGNET_F1, None, 0.9)]


def test_the_table_names_every_figure_below_its_floor_and_keeps_held_out_apart() -> None:
    floors = Floors(DIGEST, 2, {ALL_F1: 0.9, DRAGNET_F1: 0.9, HELD_OUT_P: 0.9, SNIPPET_F1: 0.9})
    now = figures((ALL_F1, 0.92), (DRAGNET_F1, 0.8912), (HELD_OUT_P, 0.93))
    checks = check(floors, now)
    assert [item.passed for item in checks] == [True, False, True, False]  # snippets missing
    table = render(checks, Measured(now, 300, {"error": 1, "timeout": 0, "crash": 0}))
    lines = table.splitlines()
    assert lines[0] == "Accuracy gate: scraper on 300 pages of the fixed sample"
    dragnet = next(line for line in lines if "full_text.dragnet.f1" in line)
    assert dragnet.split() == ["full_text.dragnet.f1", "0.8912", "±", "0.0100", "0.900", "-0.0088",
                               "BELOW"]  # fmt: skip
    assert "snippets.trafilatura-eval.f1" in table and "missing" in table
    held = lines.index(next(line for line in lines if line.startswith("  held out")))
    assert "l3s-gn1" in lines[held + 1] and all("l3s-gn1" not in line for line in lines[:held])
    assert "1 error, 0 timeout, 0 crash" in table
    assert lines[-1] == (
        "2 of 4 figures BELOW their floors: full_text.dragnet.f1, snippets.trafilatura-eval.f1"
    )
