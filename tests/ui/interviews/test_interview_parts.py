"""The Interviews tab's parts on their own: the scorecard table (rows kept, blank rows
dropped, a rating without a competency or a name twice refused, the wheel leaves ratings
alone), the candidate box (type-ahead, namesakes told apart), what the labels say; and,
on a real window, a save the screen cannot make says why and loses nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from headhunter_desktop.core.domain.interview import Competency, FeedbackReport, Outcome
from headhunter_desktop.core.services.candidates import CandidateSummary
from headhunter_desktop.core.services.interviews import InterviewSummary, ScoreConflict
from headhunter_desktop.ui.interviews.feedback_panel import conflict_html
from headhunter_desktop.ui.interviews.interview_editor import NO_CANDIDATE, NO_JOB
from headhunter_desktop.ui.interviews.interview_header import InterviewHeader
from headhunter_desktop.ui.interviews.interview_history import outcome_counts
from headhunter_desktop.ui.interviews.interview_labels import (
    AI_EDITED,
    AI_UNEDITED,
    BY_PERSON,
    NOT_WRITTEN,
    provenance_text,
)
from headhunter_desktop.ui.interviews.interviews_tab import InterviewsTab
from headhunter_desktop.ui.interviews.scorecard_table import ScorecardProblem, ScorecardTable
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.interviews_tab import Agency, tab_settled


def person(id_: int, name: str, title: str = "") -> CandidateSummary:
    return CandidateSummary(id_, name, title, None, "done", None, None, None)


def test_the_scorecard_keeps_named_rows_and_refuses_what_it_cannot_keep(qtbot) -> None:
    table = ScorecardTable()
    qtbot.addWidget(table)
    table.set_scorecard([Competency(name="Python", rating=4, comment="Retries")])
    edits: list[None] = []
    table.edited.connect(lambda: edits.append(None))
    assert not table.is_untouched()
    row = table.add_row()
    assert edits and table.scorecard() == [Competency(name="Python", rating=4, comment="Retries")]
    table.set_rating(row, 3)  # rated, but no competency named
    with pytest.raises(ScorecardProblem, match="Name the competency"):
        table.scorecard()
    table.table.item(row, 0).setText("  python ")  # type: ignore[union-attr]
    with pytest.raises(ScorecardProblem, match="twice"):
        table.scorecard()
    table.table.selectRow(0)
    table.remove_selected()
    assert table.scorecard() == [Competency(name="python", rating=3)]


def test_a_wheel_over_the_table_does_not_change_a_rating(qtbot) -> None:
    table = ScorecardTable()
    qtbot.addWidget(table)
    table.set_scorecard([Competency(name="Python", rating=2)])
    box = table.rating_box(0)
    wheel = QWheelEvent(
        QPointF(5, 5), QPointF(box.mapToGlobal(QPoint(5, 5))), QPoint(0, 0), QPoint(0, -120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False,
    )  # fmt: skip
    QApplication.sendEvent(box, wheel)
    assert table.rows() == [("Python", 2, "")] and not wheel.isAccepted()


def test_the_candidate_box_types_ahead_and_tells_namesakes_apart(qtbot) -> None:
    header = InterviewHeader()
    qtbot.addWidget(header)
    header.set_candidates([
        person(1, "Ada Lovelace", "Backend Engineer"), person(2, "Sam Lee"), person(3, "Sam Lee"),
    ])  # fmt: skip
    box = header.candidate_box
    assert [box.itemText(i) for i in range(box.count())] == [
        "Ada Lovelace — Backend Engineer", "Sam Lee (#2)", "Sam Lee (#3)",
    ]  # fmt: skip
    completer = box.completer()
    completer.setCompletionPrefix("engineer")  # any part of the name or the title
    assert completer.currentCompletion() == "Ada Lovelace — Backend Engineer"
    box.setEditText("Sam Lee (#3)")
    assert header.candidate_id() == 3
    box.setEditText("Somebody new")
    assert header.candidate_id() is None


def test_labels_say_who_wrote_the_report_and_how_interviews_ended() -> None:
    assert provenance_text(FeedbackReport()) == NOT_WRITTEN
    assert provenance_text(FeedbackReport(markdown="x")) == BY_PERSON
    assert provenance_text(FeedbackReport(markdown="x", ai_drafted=True)) == AI_UNEDITED
    edited = FeedbackReport(markdown="x", ai_drafted=True, edited_by_person=True)
    assert provenance_text(edited) == AI_EDITED == "AI-drafted · edited by a person"
    conflict = ScoreConflict("Python", 2, "Her <b>Python</b> is strong.", 'says "strong"')
    html = conflict_html([conflict])
    assert "Her &lt;b&gt;Python&lt;/b&gt; is strong." in html  # a sentence shows as text
    assert "A sentence of the report contradicts the scorecard" in html
    assert "5 sentences" in conflict_html([conflict] * 5) and "… and 1 more" in conflict_html(
        [conflict] * 5
    )


def summary(outcome: Outcome | None) -> InterviewSummary:
    return InterviewSummary(
        1, 2, "Ada Lovelace", 3, "SRE", 4, "Acme", "technical", None, "", outcome, False,
        datetime(2025, 3, 14, tzinfo=UTC),
    )  # fmt: skip


def test_outcome_counts_read_as_a_sentence() -> None:
    assert outcome_counts([]) == ""
    assert outcome_counts([summary(Outcome.FAIL)]) == "1 interview: 1 fail"
    found = [summary(None), summary(Outcome.PASS), summary(None), summary(Outcome.HOLD)]
    assert outcome_counts(found) == "4 interviews: 1 pass, 1 hold, 2 undecided"


def test_a_save_the_screen_cannot_make_says_why_and_loses_nothing(
    tab: InterviewsTab, online: MainWindow, agency: Agency, qloop
) -> None:
    editor = tab.editor
    editor.notes_edit.setPlainText("Strong on retries.")
    assert qloop.run_until_complete(editor.save()) is None
    assert editor.status.message() == NO_CANDIDATE and editor.is_dirty()
    header = editor.header
    header.candidate_box.setCurrentIndex(header.candidate_box.findData(agency.ada_id))
    assert qloop.run_until_complete(editor.save()) is None
    assert editor.status.message() == NO_JOB  # else it would be listed nowhere
    header.select_job(agency.other_job.id)
    row = editor.scorecard.add_row("communication")
    assert qloop.run_until_complete(editor.save()) is None
    assert editor.status.message() == "“communication” is in the scorecard twice."
    editor.scorecard.table.selectRow(row)
    editor.scorecard.remove_selected()
    saved = qloop.run_until_complete(editor.save())
    qloop.run_until_complete(tab_settled(online))
    assert saved is not None and saved.notes == "Strong on retries." and tab.model.rowCount() == 1
    assert [c.name for c in saved.scorecard] == ["Communication", "Culture fit"]
