"""What a drop shows at once, before its files are listed: the queue and a busy progress
line in the same frame (the tab does not shift again when the rows arrive), and a word
when the drop holds nothing to import."""

from __future__ import annotations

from pathlib import Path

from headhunter_desktop.core.errors import DatabaseError
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.cv_files import write_txt_cvs
from tests.helpers.waiting import wait_for


def test_a_drop_shows_the_queue_and_a_busy_line_before_its_rows(
    online: MainWindow, qloop, tmp_path: Path
) -> None:
    tab = online.cvs_tab
    assert tab.is_showing_empty_state() and not tab.import_progress.isVisible()
    write_txt_cvs(tmp_path / "cvs", 3)

    tab.import_paths([tmp_path / "cvs"])  # no turn of the loop yet: nothing is listed

    progress = tab.import_progress
    assert not tab.is_showing_empty_state()
    assert tab.left_tabs.currentWidget() is tab.queue_table
    assert progress.isVisible() and progress.label.text() == "Adding files…"
    assert progress.bar.maximum() == 0  # busy: the count is not known yet
    assert not progress.cancel_button.isEnabled() and not progress.retry_button.isEnabled()
    assert tab.queue_model.rowCount() == 0

    qloop.run_until_complete(wait_for(lambda: tab.queue_model.progress()[:2] == (3, 3), 30))
    assert progress.label.text() == "3 of 3 files" and progress.bar.maximum() == 3


def test_a_drop_with_nothing_to_import_says_so_and_hides_the_line(
    online: MainWindow, qloop, tmp_path: Path
) -> None:
    tab = online.cvs_tab
    (tmp_path / "empty").mkdir()

    tab.import_paths([tmp_path / "empty"])
    assert tab.import_progress.isVisible()
    qloop.run_until_complete(wait_for(lambda: not tab.import_progress.isVisible(), 10))

    assert "Nothing to import" in tab.search_note.text()
    assert tab.queue_model.rowCount() == 0
    assert not online.tasks.running("cvs.import")


def test_files_that_cannot_be_queued_leave_no_busy_line(
    online: MainWindow, qloop, tmp_path: Path, monkeypatch
) -> None:
    tab = online.cvs_tab
    write_txt_cvs(tmp_path / "cvs", 2)
    failed: list[BaseException] = []
    monkeypatch.setattr(online.tasks, "_on_error", failed.append)

    async def locked(*_: object) -> None:
        raise DatabaseError("The data folder's database is locked by another program.")

    monkeypatch.setattr(online.services.importer, "enqueue", locked)
    tab.import_paths([tmp_path / "cvs"])
    assert tab.import_progress.label.text() == "Adding files…"
    qloop.run_until_complete(wait_for(lambda: bool(failed), 10))

    assert isinstance(failed[0], DatabaseError)
    assert not tab.import_progress.isVisible()  # the queue is empty: no line, not a busy one
    assert tab.import_progress.bar.maximum() > 0
