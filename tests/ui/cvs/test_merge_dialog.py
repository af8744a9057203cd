"""Merging a duplicate from the CVs tab: both profiles side by side, chosen field by field,
confirmed, and undone with Ctrl+Z; "Client CV…" saves an anonymised PDF of the profile as
edited, asking for the agency's name once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from headhunter_desktop.core.services.candidate_merge import Side
from headhunter_desktop.core.storage.tables import Candidate
from headhunter_desktop.ui.cvs.client_cv_dialog import ClientCvDialog
from headhunter_desktop.ui.cvs.merge_dialog import MergeDialog
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.candidates import Person, add_people
from tests.helpers.dialogs import answer_save_dialog
from tests.helpers.pdf_text import pdf_text
from tests.helpers.waiting import wait_for, wait_for_widget

OLD = {"basics": {"name": "Ada Lovelace", "email": "ada@old.example"},
       "skills": [{"name": "Fortran"}], "currentTitle": "Analyst"}  # fmt: skip
NEW = {"basics": {"name": "Ada King", "email": "ada@new.example", "phone": "+44 20 7946 0958"},
       "skills": [{"name": "Rust"}], "currentTitle": "Engineer"}  # fmt: skip


def _people(window: MainWindow) -> dict[int, tuple[str, Any]]:
    query = sa.select(Candidate.id, Candidate.display_name, Candidate.profile_json)
    rows = window.services.db.run_sync(lambda s: s.execute(query).all())
    return {id_: (name, profile) for id_, name, profile in rows}


def _select(window: MainWindow, qloop, candidate_id: int) -> None:
    tab = window.cvs_tab
    qloop.run_until_complete(tab.reload_pool())
    tab.table.selectRow(tab.candidates.row_of(candidate_id))
    qloop.run_until_complete(
        wait_for(lambda: (d := tab.profile.detail()) is not None and d.summary.id == candidate_id)
    )


def _seed(window: MainWindow) -> None:
    add_people(window.services.db, [
        Person(1, "Ada Lovelace", "Analyst. Fortran.", OLD),
        Person(2, "Ada King", "Engineer. Rust.", NEW, extra={"duplicate_of_id": 1}),
    ])  # fmt: skip


def test_merge_side_by_side_then_ctrl_z_restores_both(window: MainWindow, qloop, qtbot) -> None:
    _seed(window)
    before = _people(window)
    tab = window.cvs_tab
    _select(window, qloop, 2)
    assert tab.profile.merge_button.isVisible() and "#" not in tab.profile.merge_button.text()

    async def merge() -> MergeDialog:
        tab.profile.merge_button.click()
        dialog = await wait_for_widget(MergeDialog)
        shown = {label.text() for label in dialog.findChildren(QLabel)}
        assert {"Ada Lovelace", "Ada King", "Fortran", "Rust", "+44 20 7946 0958"} <= shown
        assert dialog.choices()["name"] == Side.DUPLICATE  # the newer CV is proposed
        # Clicking the older name's value chooses it.
        value = next(w for w in dialog.findChildren(QLabel) if w.text() == "Ada Lovelace")
        qtbot.mouseClick(value, Qt.MouseButton.LeftButton)
        assert dialog.choices()["name"] == Side.ORIGINAL
        dialog.merge_button.click()
        await wait_for(lambda: tab.candidates.row_of(2) is None)
        return dialog

    qloop.run_until_complete(merge())
    notice = tab.candidate_actions.merges.notice
    # The notice is the merge's last step (the list may change first, by the pool watch).
    qloop.run_until_complete(wait_for(notice.isVisible))
    merged = _people(window)
    assert list(merged) == [1] and merged[1][0] == "Ada Lovelace"
    assert [s["name"] for s in merged[1][1]["skills"]] == ["Rust"]
    assert "Ada King" in notice.label.text()

    window.activateWindow()  # the merge dialog had the focus
    qloop.run_until_complete(wait_for(window.isActiveWindow))
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    # The undo's last step is the notice (the list may come back first, by the pool watch).
    qloop.run_until_complete(wait_for(lambda: "undone" in notice.label.text()))
    qloop.run_until_complete(wait_for(lambda: tab.candidates.row_of(2) is not None))
    assert _people(window) == before
    assert not notice.undo_button.isVisible()


def test_a_merge_from_an_earlier_session_is_offered_for_undo(window: MainWindow, qloop) -> None:
    _seed(window)
    add_people(window.services.db, [Person(3, "Grace Hopper", "Admiral. COBOL.", None)])
    before = _people(window)
    # Merged before this window opened: the undo comes from the database, not from memory.
    qloop.run_until_complete(window.services.candidate_merge.merge(2, {}))
    tab = window.cvs_tab
    notice = tab.candidate_actions.merges.notice
    _select(window, qloop, 1)
    qloop.run_until_complete(wait_for(notice.isVisible))
    assert "#2 Ada King was merged into this profile on" in notice.label.text()
    assert notice.undo_button.isVisible()

    _select(window, qloop, 3)  # nothing was merged into Grace Hopper
    qloop.run_until_complete(wait_for(lambda: not notice.isVisible()))
    _select(window, qloop, 1)
    qloop.run_until_complete(wait_for(notice.isVisible))

    async def undo(answer: str) -> None:
        notice.undo_button.click()
        box = await wait_for_widget(QMessageBox)
        assert "changes made to #1 Ada Lovelace since are lost" in box.text()
        next(b for b in box.buttons() if b.text() == answer).click()

    qloop.run_until_complete(undo("Cancel"))
    assert list(_people(window)) == [1, 3]  # asked, and Cancel changed nothing
    qloop.run_until_complete(undo("Undo merge"))
    qloop.run_until_complete(wait_for(lambda: "undone" in notice.label.text()))
    assert _people(window) == before
    assert qloop.run_until_complete(window.services.candidate_merge.last_merge(1)) is None


def test_cancelled_merge_changes_nothing(window: MainWindow, qloop) -> None:
    _seed(window)
    before = _people(window)
    _select(window, qloop, 2)

    async def cancel() -> None:
        window.cvs_tab.profile.merge_button.click()
        dialog = await wait_for_widget(MergeDialog)
        dialog.reject()
        await wait_for(lambda: not dialog.isVisible())

    qloop.run_until_complete(cancel())
    assert _people(window) == before


def test_client_cv_asks_agency_once_and_uses_unsaved_edits(
    window: MainWindow, qloop, tmp_path: Path
) -> None:
    _seed(window)
    tab = window.cvs_tab
    _select(window, qloop, 2)
    tab.profile.edits["skills"].setText("Rust, Kubernetes")  # typed, not saved

    async def export(target: Path, agency: str | None) -> None:
        tab.profile.client_cv_action.trigger()
        dialog = await wait_for_widget(ClientCvDialog)
        if agency is None:  # asked once: the second time it is filled in already
            assert dialog.agency.text() == "Northwind Talent" and dialog.save_button.isEnabled()
        else:
            assert not dialog.save_button.isEnabled()
            dialog.agency.setText(agency)
        dialog.save_button.click()
        await answer_save_dialog(target)

    first = tmp_path / "first.pdf"
    qloop.run_until_complete(export(first, "Northwind Talent"))
    assert window.services.settings.agency_name == "Northwind Talent"
    text = pdf_text(first)
    assert "Candidate C-000002" in text and "Northwind Talent" in text and "Kubernetes" in text
    for secret in ("Ada", "King", "ada@new.example", "7946"):
        assert secret not in text
    qloop.run_until_complete(export(tmp_path / "second.pdf", None))
