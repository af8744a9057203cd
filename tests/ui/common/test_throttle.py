"""Throttle: the first call at once, a burst folded into one call with the last arguments."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from headhunter_desktop.ui.common.throttle import Throttle


def test_first_call_runs_at_once_and_a_burst_runs_once_with_the_last_arguments(
    qtbot: QtBot,
) -> None:
    calls: list[int] = []
    throttle = Throttle(calls.append, 50)
    throttle(1)
    throttle(2)
    throttle(3)
    assert calls == [1] and throttle.is_pending()
    qtbot.waitUntil(lambda: calls == [1, 3], timeout=2000)
    assert not throttle.is_pending()


def test_trailing_throttle_waits_for_the_interval_even_for_the_first_call(qtbot: QtBot) -> None:
    calls: list[str] = []
    throttle = Throttle(calls.append, 30, leading=False)
    throttle("a")
    throttle("b")
    assert calls == []
    qtbot.waitUntil(lambda: calls == ["b"], timeout=2000)


def test_flush_runs_the_waiting_call_now_and_cancel_drops_it(qtbot: QtBot) -> None:
    calls: list[str] = []
    throttle = Throttle(calls.append, 10_000)
    throttle("first")
    throttle("second")
    throttle.flush()
    assert calls == ["first", "second"]
    throttle("third")  # within the interval of "second": waits
    throttle.cancel()
    assert not throttle.is_pending()
    qtbot.wait(50)
    assert calls == ["first", "second"]


def test_a_call_long_after_the_last_runs_at_once(qtbot: QtBot) -> None:
    calls: list[int] = []
    throttle = Throttle(calls.append, 20)
    throttle(1)
    qtbot.wait(60)
    throttle(2)
    assert calls == [1, 2]
