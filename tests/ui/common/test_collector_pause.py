"""Garbage collection paused while streams run, back on a moment after the last one."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from headhunter_desktop.ui.common import collector_pause
from headhunter_desktop.ui.common.collector_pause import collector_paused


@pytest.fixture(autouse=True)
def collector_on(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(collector_pause, "RESUME_AFTER_MS", 50)
    was = gc.isenabled()
    gc.enable()
    yield
    (gc.enable if was else gc.disable)()


def test_off_while_any_stream_runs_and_on_a_moment_after_the_last(qtbot: QtBot) -> None:
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # two tabs streaming
            pass
        qtbot.wait(100)
        assert not gc.isenabled()  # the first still runs
    assert not gc.isenabled()  # not in the end of the stream: a moment later
    qtbot.waitUntil(gc.isenabled, timeout=2000)


def test_a_stream_begun_within_that_moment_keeps_it_off(qtbot: QtBot) -> None:
    with collector_paused():
        pass
    with collector_paused():  # a regeneration right after
        qtbot.wait(100)
        assert not gc.isenabled()
    qtbot.waitUntil(gc.isenabled, timeout=2000)


def test_a_collector_turned_off_by_someone_else_stays_off(qtbot: QtBot) -> None:
    gc.disable()  # start-up keeps it off until its warm-up
    with collector_paused():
        pass
    qtbot.wait(150)
    assert not gc.isenabled()
