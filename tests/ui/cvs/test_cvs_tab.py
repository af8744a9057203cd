"""The CVs tab on real services: drop files, watch rows finish, search, edit, export, erase."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from headhunter_desktop.core.storage.tables import ImportState
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.cv_files import ADA_CV, BOB_CV, write_cv_texts, write_txt_cvs
from tests.helpers.waiting import wait_for, wait_for_widget


def drop(widget, paths: list[Path]) -> None:
    """Deliver a real QDropEvent with file URLs, as the file manager would."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(QPoint(10, 10)), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    widget.dropEvent(event)
    assert event.isAccepted()


def test_drop_files_rows_progress_to_done_and_failed(
    online: MainWindow, qloop, tmp_path: Path
) -> None:
    tab = online.cvs_tab
    assert tab.is_showing_empty_state()
    files = write_txt_cvs(tmp_path / "cvs", 3)
    (tmp_path / "cvs" / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (tmp_path / "cvs" / "sheet.xlsx").write_bytes(b"x")
    drop(tab, [tmp_path / "cvs"])

    qloop.run_until_complete(wait_for(lambda: tab.queue_model.progress()[:2] == (4, 4), 30))
    states = {r.file_name: r.state for r in tab.queue_model.rows()}
    assert states == {f.name: ImportState.DONE for f in files} | {"broken.pdf": ImportState.FAILED}
    broken = next(r for r in tab.queue_model.rows() if r.file_name == "broken.pdf")
    assert "PDF" in broken.error
    assert "sheet.xlsx" in tab.search_note.text()
    assert tab.import_progress.label.text() == "4 of 4 files, 1 failed"
    assert tab.import_progress.retry_button.isEnabled()
    qloop.run_until_complete(wait_for(lambda: tab.candidates.rowCount() == 3))
    assert not tab.is_showing_empty_state()


def test_search_edit_export_and_delete(online: MainWindow, qloop, tmp_path: Path) -> None:
    tab = online.cvs_tab
    write_txt_cvs(tmp_path / "cvs", 4)
    tab.drop_zone.paths_dropped.emit([tmp_path / "cvs"])
    # Four rows appear before the last parse is back: wait until every one has its title.
    qloop.run_until_complete(wait_for(lambda: tab.candidates.rowCount() == 4, 30))
    qloop.run_until_complete(
        wait_for(lambda: all(tab.candidates.candidate_at(row).title for row in range(4)), 30)
    )

    first = tab.candidates.candidate_at(0)
    tab.search_box.setText(first.title)
    tab.search.run_search()
    qloop.run_until_complete(wait_for(lambda: tab.candidates.is_search(), 10))
    assert tab.candidates.candidate_at(0) is not None
    assert " for “" in tab.search_note.text()  # "N candidates for “…”"

    tab.table.selectRow(0)
    qloop.run_until_complete(wait_for(lambda: tab.profile.detail() is not None))
    picked = tab.profile.detail().summary
    tab.profile.edits["employer"].setText("Initech")
    assert tab.profile.edited_paths() == ["currentEmployer"] and tab.profile.save_button.isEnabled()
    tab.profile.save_button.click()
    qloop.run_until_complete(
        wait_for(lambda: tab.profile.detail().edited_fields == ["currentEmployer"])
    )
    assert tab.profile.detail().profile.currentEmployer == "Initech"

    out = tmp_path / "export.json"
    qloop.run_until_complete(online.services.candidates.export_json_resume(picked.id, out))
    exported = json.loads(out.read_text())
    assert exported["meta"]["headhunter"]["currentEmployer"] == "Initech"

    stored = tab.profile.detail().original_file
    assert stored is not None and stored.exists()

    async def erase() -> None:
        tab.profile.delete_button.click()
        box = await wait_for_widget(QMessageBox)
        next(b for b in box.buttons() if b.text() == "Delete").click()
        await wait_for(lambda: tab.profile.detail() is None)

    qloop.run_until_complete(erase())
    assert not stored.exists()
    people = qloop.run_until_complete(online.services.candidates.list())
    assert picked.id not in [p.id for p in people] and len(people) == 3
    hits = qloop.run_until_complete(online.services.talent_pool.search(picked.name, 10))
    assert picked.id not in [r.candidate.id for r in hits.results]


def test_reparse_asks_before_overwriting_hand_edits(
    online: MainWindow, qloop, tmp_path: Path
) -> None:
    tab = online.cvs_tab
    write_txt_cvs(tmp_path / "cvs", 1)
    tab.import_paths([tmp_path / "cvs"])
    # The row is listed as soon as its import starts: wait until it is parsed.
    qloop.run_until_complete(
        wait_for(
            lambda: tab.candidates.people() and tab.candidates.people()[0].status == "done", 30
        )
    )
    tab.table.selectRow(0)
    qloop.run_until_complete(wait_for(lambda: tab.profile.detail() is not None))
    parsed_title = tab.profile.edits["label"].text()
    tab.profile.edits["label"].setText("Chief Cat Herder")
    tab.profile.save_button.click()
    qloop.run_until_complete(
        wait_for(lambda: tab.profile.detail().edited_fields == ["basics.label"])
    )

    async def reparse(answer: str) -> None:
        tab.profile.reparse_button.click()
        box = await wait_for_widget(QMessageBox)
        assert "basics.label" in box.text()
        next(b for b in box.buttons() if b.text() == answer).click()
        await wait_for(lambda: not online.tasks.running("cvs.reparse"))

    qloop.run_until_complete(reparse("Keep my edits"))
    assert tab.profile.edits["label"].text() == "Chief Cat Herder"
    qloop.run_until_complete(reparse("Overwrite my edits"))
    assert tab.profile.edits["label"].text() == parsed_title
    assert tab.profile.detail().edited_fields == []


def test_shortlist_shows_matched_and_missing_skills(
    online: MainWindow, qloop, tmp_path: Path
) -> None:
    folder = tmp_path / "cvs"
    write_cv_texts(folder, {"ada.txt": ADA_CV, "bob.txt": BOB_CV})
    tab = online.cvs_tab
    tab.import_paths([folder])
    qloop.run_until_complete(wait_for(lambda: tab.candidates.rowCount() == 2, 30))
    tab.requirements_box.setText("Python, SQL, Kubernetes")
    tab.search.run_shortlist()
    qloop.run_until_complete(wait_for(lambda: tab.candidates.shortlist_entry(0) is not None))
    # The import's last refresh of the pool must not replace the shortlist shown.
    qloop.run_until_complete(wait_for(lambda: not online.tasks.running("cvs.import"), 30))
    tab.reload_pool_soon()
    qloop.run_until_complete(wait_for(lambda: not online.tasks.running("cvs.pool")))
    assert tab.candidates.shortlist_entry(0) is not None
    tab.search.run_shortlist()  # now with both CVs parsed: the one shortlist to check
    qloop.run_until_complete(wait_for(lambda: not online.tasks.running("cvs.search")))
    first = tab.candidates.shortlist_entry(0)
    assert first is not None
    assert first.candidate.name == "Ada Byte"
    assert first.matched == ["Python", "SQL"] and first.missing == ["Kubernetes"]
    assert tab.candidates.headerData(3, Qt.Orientation.Horizontal) == "Missing"
    assert "0 with every skill" in tab.search_note.text()
