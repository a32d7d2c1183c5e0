"""`interrupts`: a real signal, sent to this process, inside and outside a critical section.

`signal.raise_signal` runs the handler before it returns, so what runs after it in the
same block shows whether the section held the signal."""

from __future__ import annotations

import signal

import pytest

from scraper.jobs.interrupts import Stopped, critical, deliver_held, stopping


def test_outside_a_critical_section_a_signal_stops_at_once() -> None:
    reached = False
    with stopping(), pytest.raises(Stopped) as stopped:
        signal.raise_signal(signal.SIGTERM)
        reached = True
    assert not reached and stopped.value.exit_code == 143


def test_a_critical_section_holds_the_signal_until_it_ends() -> None:
    steps = []
    with stopping(), pytest.raises(Stopped) as stopped:
        with critical():
            signal.raise_signal(signal.SIGINT)
            steps.append("after the signal")
            with critical():  # nested: the outer section still holds it
                steps.append("nested")
            steps.append("end of the section")
        steps.append("never")
    assert steps == ["after the signal", "nested", "end of the section"]
    assert stopped.value.exit_code == 130


def test_a_held_signal_can_wait_for_the_callers_count() -> None:
    counted = 0
    with stopping(), pytest.raises(Stopped):
        with critical(deliver=False):
            signal.raise_signal(signal.SIGINT)
        counted += 1
        deliver_held()
        counted += 1
    assert counted == 1


def test_the_previous_handlers_come_back() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with stopping():
        assert signal.getsignal(signal.SIGTERM) is not before
    assert signal.getsignal(signal.SIGTERM) is before
