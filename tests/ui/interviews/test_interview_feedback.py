"""The feedback report written by the LLM over a real socket, in the Interviews tab: it
streams into the editor (seen mid-stream: the fake server holds the answer half-way), is
saved as AI-drafted and billed to the job's client with the interview as its entity, from
a prompt holding the notes, every score and comment and the job's requirements; Cancel
keeps the partial text and records a cancelled call; a report edited by hand is replaced
only after asking; sentences contradicting a score are flagged; a report the model stopped
at its length limit stays in the editor, unsaved, and says why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.interviews.feedback_writer import STOPPED_TEXT
from headhunter_desktop.ui.interviews.interview_labels import AI_EDITED, AI_UNEDITED, BY_PERSON
from headhunter_desktop.ui.interviews.interviews_tab import InterviewsTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import ChatReply, FakeOpenAIServer
from tests.helpers.dialogs import answer_message_box
from tests.helpers.interviews_tab import (
    CONFLICTING_REPORT,
    NOTES,
    SCORECARD,
    SRE_SKILLS,
    Agency,
    StreamGate,
    add_interview,
    ai_report,
    feedback_answer,
    open_in_tab,
    report_text,
    tab_settled,
)
from tests.helpers.jobs_tab import prompt_of, usage_rows
from tests.helpers.waiting import streams_closed, wait_for

CTRL = Qt.KeyboardModifier.ControlModifier
ACTION = "generate_feedback"


def test_the_report_streams_in_then_is_saved_as_ai_drafted_and_billed_to_the_client(
    tab: InterviewsTab,
    online: MainWindow,
    acme: ClientSummary,
    agency: Agency,
    qloop,
    qtbot: QtBot,
    fake_openai_env: FakeOpenAIServer,
) -> None:
    interview = qloop.run_until_complete(add_interview(online, agency))
    qloop.run_until_complete(open_in_tab(tab, online, interview.id))  # type: ignore[arg-type]
    editor, feedback = tab.editor, tab.editor.feedback
    answer = feedback_answer()
    gate = StreamGate(fake_openai_env, at=40)
    fake_openai_env.queue(ChatReply(answer, chunk_words=1))
    report = feedback.form.field("report").editor  # type: ignore[attr-defined]
    online.activateWindow()

    async def scenario() -> str:
        await wait_for(online.isActiveWindow)
        qtbot.keyClick(editor.notes_edit, Qt.Key.Key_Return, CTRL)
        await wait_for(gate.reached.is_set)
        await wait_for(lambda: "point30" in report_text(tab))
        partial = report_text(tab)
        assert editor.runner.running and report.isReadOnly()
        assert not editor.generate_button.isEnabled() and not editor.save_button.isEnabled()
        assert feedback.provenance() == "Being drafted by the LLM…"
        assert editor.status.message() == "Writing the feedback…"
        gate.release()
        await wait_for(lambda: not editor.runner.running, 20)
        await tab_settled(online)
        await streams_closed()
        return partial

    partial = qloop.run_until_complete(scenario())
    assert "THE END" not in partial and answer.startswith(partial.rstrip())
    shown = report_text(tab)
    assert shown.startswith("Summary\nAda is a careful") and "## " not in shown  # rendered
    stored = qloop.run_until_complete(online.services.interviews.get(interview.id))  # type: ignore[arg-type]
    assert stored.feedback.markdown == answer and stored.feedback.ai_drafted
    assert not stored.feedback.edited_by_person and stored.feedback.model == "gpt-4o-mini"
    assert feedback.provenance() == AI_UNEDITED and not editor.is_dirty()
    assert not report.isReadOnly() and editor.generate_button.isEnabled()
    assert tab.model.interview_at(0).has_feedback  # type: ignore[union-attr]
    [record] = usage_rows(online, ACTION)
    assert (record["status"], record["client_company_id"]) == ("ok", acme.id)
    assert record["client_company_name"] == "Acme Robotics GmbH"
    assert (record["entity_type"], record["entity_id"]) == ("interview", str(interview.id))
    prompt = prompt_of(fake_openai_env)
    assert NOTES in prompt and "Maria Schmidt" in prompt and "Stage: technical" in prompt
    scores = prompt.split("<scorecard>", 1)[1].split("</scorecard>", 1)[0]
    for competency in SCORECARD:
        rating = f"{competency.rating}/5" if competency.rating else "not rated"
        assert f"- {competency.name}: {rating}" in scores
        assert competency.comment in scores
    assert f"Skills required: {', '.join(SRE_SKILLS)}" in prompt
    assert "Design the fleet API" in prompt  # the job's responsibilities


def test_cancel_keeps_the_partial_report_unsaved_and_records_a_cancelled_call(
    tab: InterviewsTab,
    online: MainWindow,
    acme: ClientSummary,
    agency: Agency,
    qloop,
    qtbot: QtBot,
    fake_openai_env: FakeOpenAIServer,
) -> None:
    interview = qloop.run_until_complete(add_interview(online, agency))
    qloop.run_until_complete(open_in_tab(tab, online, interview.id))  # type: ignore[arg-type]
    editor = tab.editor
    gate = StreamGate(fake_openai_env, at=25)
    fake_openai_env.queue(ChatReply(feedback_answer(), chunk_words=1))
    online.activateWindow()
    editor.notes_edit.setFocus()

    async def scenario() -> None:
        editor.generate()
        await wait_for(gate.reached.is_set)
        await wait_for(lambda: "point15" in report_text(tab))
        qtbot.keyClick(editor.notes_edit, Qt.Key.Key_Escape)
        await wait_for(lambda: not editor.runner.running)
        gate.release()
        await wait_for(lambda: fake_openai_env.open_connections == 0)
        await streams_closed()

    qloop.run_until_complete(scenario())
    kept = report_text(tab)
    assert "point15" in kept and feedback_answer().startswith(kept) and "THE END" not in kept
    assert editor.status.message() == "Cancelled — kept what was written"
    assert editor.is_dirty() and editor.unsaved_label.toolTip() == STOPPED_TEXT
    assert editor.feedback.provenance() == AI_UNEDITED
    stored = qloop.run_until_complete(online.services.interviews.get(interview.id))  # type: ignore[arg-type]
    assert stored.feedback.is_empty  # nothing saved until the recruiter says so
    [record] = usage_rows(online, ACTION)
    assert (record["status"], record["usage_source"]) == ("cancelled", "estimated")
    assert (record["client_company_id"], record["entity_id"]) == (acme.id, str(interview.id))
    assert record["tokens_output"] > 0  # type: ignore[operator]

    qtbot.keyClick(editor.notes_edit, Qt.Key.Key_S, CTRL)
    qloop.run_until_complete(tab_settled(online))
    stored = qloop.run_until_complete(online.services.interviews.get(interview.id))  # type: ignore[arg-type]
    assert stored.feedback.markdown == kept.strip() and stored.feedback.ai_drafted
    assert not editor.is_dirty()


def test_a_report_edited_by_hand_is_replaced_only_after_asking(
    tab: InterviewsTab,
    online: MainWindow,
    agency: Agency,
    qloop,
    qtbot: QtBot,
    fake_openai_env: FakeOpenAIServer,
) -> None:
    drafted = "## Summary\nAda explained the fleet API well."
    interview = qloop.run_until_complete(add_interview(online, agency, feedback=ai_report(drafted)))
    qloop.run_until_complete(open_in_tab(tab, online, interview.id))  # type: ignore[arg-type]
    editor, feedback = tab.editor, tab.editor.feedback
    assert feedback.provenance() == AI_UNEDITED
    report = feedback.form.field("report").editor  # type: ignore[attr-defined]
    report.setFocus()
    report.moveCursor(report.textCursor().MoveOperation.End)
    qtbot.keyClicks(report, " She asked good questions.")
    assert feedback.provenance() == AI_EDITED and editor.is_dirty()
    fake_openai_env.queue(ChatReply(feedback_answer(10)))
    requests = len(fake_openai_env.chat_requests())

    async def scenario() -> None:
        editor.generate()
        assert "changed by hand" in await answer_message_box("Cancel")
        await tab_settled(online)
        assert len(fake_openai_env.chat_requests()) == requests  # nothing was sent
        assert report_text(tab).endswith("She asked good questions.") and editor.is_dirty()
        editor.generate()
        await answer_message_box("Regenerate")
        await wait_for(lambda: editor.runner.running)
        await wait_for(lambda: not editor.runner.running, 20)
        await tab_settled(online)
        await streams_closed()

    qloop.run_until_complete(scenario())
    assert report_text(tab).endswith("Invite her to the final round. THE END")
    assert feedback.provenance() == AI_UNEDITED and not editor.is_dirty()
    stored = qloop.run_until_complete(online.services.interviews.get(interview.id))  # type: ignore[arg-type]
    assert stored.feedback.markdown == feedback_answer(10)
    # The edited report was saved before the new one was written from the saved notes.
    assert len(fake_openai_env.chat_requests()) == requests + 1


def test_a_report_written_by_a_person_says_so_and_is_kept_when_saved(
    tab: InterviewsTab, online: MainWindow, agency: Agency, qloop, qtbot: QtBot
) -> None:
    interview = qloop.run_until_complete(add_interview(online, agency))
    qloop.run_until_complete(open_in_tab(tab, online, interview.id))  # type: ignore[arg-type]
    editor, feedback = tab.editor, tab.editor.feedback
    assert feedback.provenance() == "Not written yet"
    report = feedback.form.field("report").editor  # type: ignore[attr-defined]
    qtbot.keyClicks(report, "Strong on Python, but Kubernetes is weak.")
    assert feedback.provenance() == BY_PERSON
    qloop.run_until_complete(editor.save())
    stored = qloop.run_until_complete(online.services.interviews.get(interview.id))  # type: ignore[arg-type]
    assert stored.feedback.markdown == "Strong on Python, but Kubernetes is weak."
    assert not stored.feedback.ai_drafted and not stored.feedback.edited_by_person
    assert feedback.conflicts.isHidden()  # it says what the scores say


def test_sentences_that_contradict_a_score_are_flagged_after_writing_and_on_load(
    tab: InterviewsTab,
    online: MainWindow,
    agency: Agency,
    qloop,
    fake_openai_env: FakeOpenAIServer,
) -> None:
    clean = qloop.run_until_complete(add_interview(online, agency))
    flagged = qloop.run_until_complete(
        add_interview(online, agency, feedback=ai_report(CONFLICTING_REPORT), stage="final")
    )
    qloop.run_until_complete(open_in_tab(tab, online, flagged.id))  # type: ignore[arg-type]
    warnings = tab.editor.feedback.conflicts
    assert warnings.isVisible()
    [conflict] = warnings.conflicts()
    assert (conflict.competency, conflict.rating) == ("Kubernetes", 2)
    assert "She has strong Kubernetes skills." in warnings.label.text()

    qloop.run_until_complete(open_in_tab(tab, online, clean.id))  # type: ignore[arg-type]
    assert warnings.isHidden()
    fake_openai_env.queue(ChatReply(CONFLICTING_REPORT))

    async def generate() -> None:
        tab.editor.generate()
        await wait_for(lambda: tab.editor.runner.running)
        await wait_for(lambda: not tab.editor.runner.running, 20)
        await tab_settled(online)
        await streams_closed()

    qloop.run_until_complete(generate())
    assert warnings.isVisible() and [c.competency for c in warnings.conflicts()] == ["Kubernetes"]
    assert "contradicts the scorecard" in warnings.label.text()


def test_a_report_cut_at_the_length_limit_stays_in_the_editor_says_why_and_is_not_saved(
    tab: InterviewsTab,
    online: MainWindow,
    agency: Agency,
    qloop,
    fake_openai_env: FakeOpenAIServer,
) -> None:
    interview = qloop.run_until_complete(add_interview(online, agency))
    qloop.run_until_complete(open_in_tab(tab, online, interview.id))  # type: ignore[arg-type]
    editor = tab.editor
    cut = feedback_answer()[:300]  # where the model's length limit stopped it
    fake_openai_env.queue(ChatReply(cut, chunk_words=1, finish_reason="length"))

    async def scenario() -> str:
        editor.generate()
        shown = await answer_message_box("OK")
        await wait_for(lambda: not editor.runner.running)
        return shown

    shown = qloop.run_until_complete(scenario())
    assert "stopped at its length limit" in shown and "not saved" in shown
    assert report_text(tab).strip() == cut.strip()  # what arrived is kept to read or edit
    assert "length limit" in editor.status.message()
    stored = qloop.run_until_complete(online.services.interviews.get(interview.id))  # type: ignore[arg-type]
    assert stored.feedback.is_empty
