"""Usage records the database refused are never silent: the status bar and the Usage tab
say how many there are and where they are kept (issue 8, item 1)."""

from __future__ import annotations

from decimal import Decimal

from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.usage_records import recent_record
from tests.helpers.waiting import wait_for


def test_a_refused_record_shows_in_the_status_bar_and_on_the_usage_tab(
    window: MainWindow, qloop
) -> None:
    rejected = window.services.config.paths.usage_spool.with_name("usage-spool.jsonl.rejected")
    assert not window.set_aside_status.isVisible()
    writer = window.services.usage_writer
    writer.submit(recent_record(None, cost_usd=Decimal("Infinity")))  # no database holds it
    assert writer.flush(10)
    assert rejected.exists()

    # The status bar polls: no call from the test, the window finds it by itself.
    qloop.run_until_complete(wait_for(window.set_aside_status.isVisible, 10))
    text = window.set_aside_status.text()
    assert text.startswith("1 usage record set aside") and str(rejected) in text

    tab = window.usage_tab
    window.tab_widget.setCurrentWidget(tab)
    qloop.run_until_complete(wait_for(lambda: not window.tasks.running("usage.refresh")))
    # Nothing reached the database, so the tab shows its empty state, and the note with it.
    assert tab.is_showing_empty_state()
    assert tab.set_aside_note.isVisible()
    assert "1 usage record(s) could not be stored" in tab.set_aside_note.text()
    assert str(rejected) in tab.set_aside_note.text()

    rejected.rename(rejected.with_name("reviewed.jsonl"))  # looked at and moved away
    tab.refresh()
    qloop.run_until_complete(wait_for(lambda: not tab.set_aside_note.isVisible()))
    qloop.run_until_complete(wait_for(lambda: not window.set_aside_status.isVisible(), 10))
