"""The Interviews tab as a recruiter uses it after an interview: a new interview recorded
(candidate typed ahead, the job's scorecard, a custom stage), listed with its outcome;
unsaved changes asked about before another interview or client replaces them; what to do
first when there is no client, no job or no candidate."""

from __future__ import annotations

import asyncio
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from headhunter_desktop.core.domain.interview import Outcome
from headhunter_desktop.ui.interviews.interviews_tab import InterviewsTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.dialogs import answer_message_box
from tests.helpers.interviews_tab import (
    SRE_SKILLS,
    Agency,
    add_interview,
    open_in_tab,
    tab_settled,
)
from tests.helpers.waiting import wait_for

CTRL = Qt.KeyboardModifier.ControlModifier


def pick(box: QComboBox, text: str) -> None:
    """Choose `text` in a combo box as a user does (the box says it was activated)."""
    index = box.findText(text)
    assert index >= 0, f"{text!r} not in {[box.itemText(i) for i in range(box.count())]}"
    box.setCurrentIndex(index)
    box.activated.emit(index)


def cells(tab: InterviewsTab, row: int = 0) -> list[str]:
    model = tab.model
    return [model.index(row, column).data() for column in range(model.columnCount())]


def test_a_new_interview_is_recorded_with_the_jobs_scorecard_and_listed(
    tab: InterviewsTab, online: MainWindow, agency: Agency, qloop, qtbot: QtBot
) -> None:
    editor, header = tab.editor, tab.editor.header
    assert tab.model.rowCount() == 0
    assert "No interviews with Acme" in tab.list_panel.empty_label.text()
    assert editor.is_new() and not editor.is_dirty()
    assert [row[0] for row in editor.scorecard.rows()] == ["Communication", "Culture fit"]
    assert header.interview_date() == date.today()  # the usual case: recorded the same day
    online.activateWindow()

    async def record() -> None:
        await wait_for(online.isActiveWindow)
        qtbot.keyClick(editor.notes_edit, Qt.Key.Key_N, CTRL)
        await tab_settled(online)
        assert header.candidate_box.hasFocus() or header.candidate_box.lineEdit().hasFocus()
        # Type-ahead over the pool: part of the title finds her.
        completer = header.candidate_box.completer()
        completer.setCompletionPrefix("backend")
        assert completer.currentCompletion() == "Ada Lovelace — Senior Backend Engineer"
        pick(header.candidate_box, "Ada Lovelace — Senior Backend Engineer")
        pick(header.job_box, "Site Reliability Engineer")
        await tab_settled(online)  # the job's competencies replace the untouched rows
        header.stage_box.setEditText("Case study")
        header.interviewer_edit.setText("Maria Schmidt")
        pick(header.outcome_box, "Hold")
        editor.scorecard.set_rating(0, 4)
        qtbot.keyClicks(editor.notes_edit, "Solid answers on retries.")
        assert editor.is_dirty() and editor.unsaved_label.isVisible()
        qtbot.keyClick(editor.notes_edit, Qt.Key.Key_S, CTRL)
        await tab_settled(online)

    qloop.run_until_complete(record())
    assert not editor.is_dirty() and not editor.is_new()
    stored = qloop.run_until_complete(online.services.interviews.get(editor.interview.id))  # type: ignore[arg-type]
    assert (stored.candidate_id, stored.job_id) == (agency.ada_id, agency.job.id)
    assert (stored.stage, stored.outcome) == ("Case study", Outcome.HOLD)
    assert stored.interviewer == "Maria Schmidt"
    assert stored.notes == "Solid answers on retries." and stored.date == date.today()
    assert [c.name for c in stored.scorecard] == [*SRE_SKILLS, "Communication", "Culture fit"]
    assert [c.rating for c in stored.scorecard] == [4, None, None, None, None]
    today = date.today()
    assert cells(tab) == [
        "Ada Lovelace\nSite Reliability Engineer",
        f"{today.day} {today:%b}\nCase study",
        "Hold",
    ]
    assert tab.list_panel.selected_interview_id() == stored.id


def test_a_rated_scorecard_is_replaced_only_when_the_recruiter_agrees(
    tab: InterviewsTab, online: MainWindow, agency: Agency, qloop
) -> None:
    editor, header, scorecard = tab.editor, tab.editor.header, tab.editor.scorecard

    async def scenario() -> None:
        pick(header.job_box, "Site Reliability Engineer")
        await tab_settled(online)
        assert [row[0] for row in scorecard.rows()][:3] == SRE_SKILLS
        scorecard.set_rating(1, 2)  # Kubernetes: 2
        pick(header.job_box, "Data Engineer")
        assert "ratings and comments on screen are lost" in await answer_message_box("Cancel")
        await tab_settled(online)
        assert scorecard.rows()[1][:2] == ("Kubernetes", 2)
        scorecard.reset_button.click()
        await answer_message_box("Replace")
        await tab_settled(online)

    qloop.run_until_complete(scenario())
    assert scorecard.is_untouched() and editor.is_dirty()
    assert scorecard.rows()[0][0] == "Python"  # the Data Engineer's skills (posting_fields)


def test_switching_interview_or_client_with_unsaved_changes_asks_first(
    tab: InterviewsTab, online: MainWindow, agency: Agency, qloop
) -> None:
    first = qloop.run_until_complete(add_interview(online, agency, stage="screening"))
    second = qloop.run_until_complete(add_interview(online, agency, candidate_id=agency.grace_id))
    qloop.run_until_complete(open_in_tab(tab, online, first.id))  # type: ignore[arg-type]
    editor = tab.editor
    editor.notes_edit.setPlainText("Changed my mind about the operators question.")
    assert editor.is_dirty() and tab.has_unsaved_changes()
    other = qloop.run_until_complete(online.directory.create("Beta GmbH"))

    async def scenario() -> None:
        tab.open_interview(second.id)  # type: ignore[arg-type]
        assert "has changes that are not saved" in await answer_message_box("Cancel")
        await tab_settled(online)
        assert editor.interview.id == first.id and editor.is_dirty()
        assert tab.list_panel.selected_interview_id() == first.id
        tab.open_interview(second.id)  # type: ignore[arg-type]
        await answer_message_box("Save")
        await tab_settled(online)
        assert editor.interview.id == second.id and not editor.is_dirty()
        editor.notes_edit.setPlainText("Not kept.")
        online.directory.select(other.id)
        await answer_message_box("Discard")
        await tab_settled(online)

    qloop.run_until_complete(scenario())
    kept = qloop.run_until_complete(online.services.interviews.get(first.id))  # type: ignore[arg-type]
    assert kept.notes == "Changed my mind about the operators question."
    dropped = qloop.run_until_complete(online.services.interviews.get(second.id))  # type: ignore[arg-type]
    assert dropped.notes != "Not kept." and not tab.has_unsaved_changes()


def test_deleting_an_interview_asks_then_shows_the_next_and_closing_asks_to_save(
    tab: InterviewsTab, online: MainWindow, agency: Agency, qloop
) -> None:
    gone = qloop.run_until_complete(add_interview(online, agency))
    kept = qloop.run_until_complete(add_interview(online, agency, candidate_id=agency.grace_id))
    qloop.run_until_complete(open_in_tab(tab, online, gone.id))  # type: ignore[arg-type]

    async def delete_twice() -> None:
        tab.list_panel.delete_button.click()
        assert "Delete the interview with Ada Lovelace (Technical, 14 Mar 2025)" in (
            await answer_message_box("Cancel")
        )
        await tab_settled(online)
        assert tab.model.rowCount() == 2
        tab.list_panel.delete_button.click()
        await answer_message_box("Delete")
        await tab_settled(online)

    qloop.run_until_complete(delete_twice())
    assert [row.id for row in tab.model.interviews()] == [kept.id]
    assert tab.editor.interview.id == kept.id  # the next one is on screen
    tab.editor.header.interviewer_edit.setText("Jonas Weber")
    tab.editor.mark_dirty()
    assert tab.has_unsaved_changes()

    async def close() -> bool:
        closing = asyncio.ensure_future(tab.confirm_close())
        assert "has changes that are not saved" in await answer_message_box("Save")
        return await closing

    assert qloop.run_until_complete(close()) and not tab.has_unsaved_changes()
    stored = qloop.run_until_complete(online.services.interviews.get(kept.id))  # type: ignore[arg-type]
    assert stored.interviewer == "Jonas Weber"
