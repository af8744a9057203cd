"""The Jobs tab writing with the LLM over a real socket: the posting fills while the answer
streams (the window stays usable), is saved at once and billed to the client, from a prompt
holding the client's profile, the department and the template; cancel keeps the partial
text unsaved and records a cancelled call; one field regenerates alone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from headhunter_desktop.core.domain.job_posting import (
    EmploymentType,
    JobPosting,
    RemotePolicy,
)
from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.jobs.job_fields import GENERATED_KEYS
from headhunter_desktop.ui.jobs.job_writer import STOPPED_TEXT
from headhunter_desktop.ui.jobs.jobs_tab import JobsTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import ChatReply, ErrorReply, FakeOpenAIServer
from tests.fakes.generation_responder import schema_responder
from tests.helpers.dialogs import answer_message_box
from tests.helpers.job_postings import posting_fields
from tests.helpers.jobs_tab import (
    ACME_PROFILE,
    PLATFORM,
    add_department,
    add_job,
    field_text,
    long_description,
    posting_json,
    prompt_of,
    tab_settled,
    usage_rows,
)
from tests.helpers.waiting import streams_closed, wait_for

CTRL = Qt.KeyboardModifier.ControlModifier


def pick(box: QComboBox, text: str) -> None:
    """Choose `text` in a combo box as a user does (the box says it was activated)."""
    index = box.findText(text)
    assert index >= 0, f"{text!r} not in {[box.itemText(i) for i in range(box.count())]}"
    box.setCurrentIndex(index)
    box.activated.emit(index)


def test_the_posting_fills_while_written_then_is_saved_and_billed_to_the_client(
    tab: JobsTab,
    online: MainWindow,
    acme: ClientSummary,
    qloop,
    qtbot: QtBot,
    fake_openai_env: FakeOpenAIServer,
) -> None:
    platform = qloop.run_until_complete(add_department(online, acme.id))
    tab.activated()  # the tab reloads the client's departments when shown
    qloop.run_until_complete(tab_settled(online))
    description = long_description(40)
    fake_openai_env.chunk_delay = 0.01
    fake_openai_env.responder = schema_responder({"description": description})
    header, editor = tab.editor.header, tab.editor
    qtbot.keyClicks(header.title_edit, "Senior SRE")
    pick(header.department_box, "Platform")
    pick(header.template_box, "Site Reliability Engineer")
    header.location_edit.setText("Hamburg, DE")
    pick(header.employment_box, "Contractor")
    pick(header.remote_box, "Hybrid")
    header.notes_edit.setText("Mention the on-call rota.")
    online.activateWindow()
    cvs = online.cvs_tab

    async def scenario() -> str:
        await wait_for(online.isActiveWindow)
        qtbot.keyClick(header.title_edit, Qt.Key.Key_Return, CTRL)
        await wait_for(lambda: "word3 " in field_text(tab, "description"))
        partial = field_text(tab, "description")
        assert editor.runner.running and editor.form.values()["benefits"] == []
        assert editor.form.field("description").editor.isReadOnly()  # type: ignore[attr-defined]
        assert not editor.save_button.isEnabled() and not editor.generate_button.isEnabled()
        # The window stays usable: another tab, typing there, and back.
        online.tab_widget.setCurrentWidget(cvs)
        qtbot.keyClicks(cvs.search_box, "kubernetes")
        assert cvs.search_box.text() == "kubernetes" and editor.runner.running
        online.tab_widget.setCurrentWidget(tab)
        await wait_for(lambda: not editor.runner.running, 20)
        await tab_settled(online)
        await streams_closed()
        return partial

    partial = qloop.run_until_complete(scenario())
    assert description.startswith(partial) and len(partial) < len(description)
    assert field_text(tab, "description") == description
    job = qloop.run_until_complete(online.services.jobs.get(editor.job.id))  # type: ignore[arg-type]
    assert job.ai_drafted and job.fields.title == "Senior SRE"
    assert job.fields.description == description and len(job.fields.benefits) == 3
    assert (job.department_id, job.template_title) == (platform.id, "Site Reliability Engineer")
    # The recruiter's facts win over the model's (it wrote the first choices).
    assert job.fields.employment_type is EmploymentType.CONTRACTOR
    assert job.fields.remote_policy is RemotePolicy.HYBRID
    assert editor.form.values()["remote_policy"] == "hybrid"
    assert not editor.is_dirty() and tab.model.rowCount() == 1
    assert tab.list_panel.selected_job_id() == job.id

    prompt = prompt_of(fake_openai_env)
    profile = prompt.split("<client_profile>", 1)[1].split("</client_profile>", 1)[0]
    assert ACME_PROFILE.description in profile and "Acme Robotics GmbH" in profile
    assert "warm, direct, no hype" in prompt and "rockstar" in prompt
    department = prompt.split("<department>", 1)[1].split("</department>", 1)[0]
    assert PLATFORM.description in department and "Kubernetes, Terraform" in department
    template = prompt.split("<job_template>", 1)[1].split("</job_template>", 1)[0]
    assert "Keeps 40,000 robots online." in template and "Backend Engineer" not in template
    for fact in ("Job title: Senior SRE", "Location: Hamburg, DE", "CONTRACTOR"):
        assert fact in prompt
    assert "Work model: hybrid." in prompt and "Mention the on-call rota." in prompt
    [record] = usage_rows(online, "generate_job")
    assert (record["status"], record["client_company_id"]) == ("ok", acme.id)
    assert record["client_company_name"] == "Acme Robotics GmbH"


def test_cancel_keeps_the_partial_text_unsaved_and_records_a_cancelled_call(
    tab: JobsTab,
    online: MainWindow,
    acme: ClientSummary,
    qloop,
    qtbot: QtBot,
    fake_openai_env: FakeOpenAIServer,
) -> None:
    fake_openai_env.chunk_delay = 0.02
    fields = posting_fields(description=long_description(300))
    fake_openai_env.queue(ChatReply(posting_json(fields), chunk_words=1))
    editor = tab.editor
    editor.header.title_edit.setText("Senior Backend Engineer")
    online.activateWindow()
    editor.header.title_edit.setFocus()

    async def scenario() -> None:
        editor.generate()
        await wait_for(lambda: "word5 " in field_text(tab, "description"))
        qtbot.keyClick(editor.header.title_edit, Qt.Key.Key_Escape)
        await wait_for(lambda: not editor.runner.running)
        await wait_for(lambda: fake_openai_env.open_connections == 0)
        await streams_closed()

    qloop.run_until_complete(scenario())
    kept = field_text(tab, "description")
    assert "word5" in kept and fields.description.startswith(kept)
    assert len(kept) < len(fields.description) and editor.form.values()["benefits"] == []
    assert not editor.form.field("description").editor.isReadOnly()  # type: ignore[attr-defined]
    assert editor.job.id is None and tab.model.total() == 0  # nothing saved
    assert editor.is_dirty() and editor.unsaved_label.toolTip() == STOPPED_TEXT
    assert editor.unsaved_label.isVisible()
    [record] = usage_rows(online, "generate_job")
    assert (record["status"], record["usage_source"]) == ("cancelled", "estimated")
    assert (record["client_company_id"], record["entity_type"]) == (acme.id, "job")
    assert record["tokens_output"] > 0  # type: ignore[operator]

    async def leave_and_keep_then_discard() -> None:
        qtbot.keyClick(editor.header.title_edit, Qt.Key.Key_N, CTRL)
        assert "has changes that are not saved" in await answer_message_box("Cancel")
        await tab_settled(online)
        assert field_text(tab, "description") == kept and editor.is_dirty()
        tab.new_job()
        await answer_message_box("Discard")
        await tab_settled(online)

    qloop.run_until_complete(leave_and_keep_then_discard())
    assert field_text(tab, "description") == "" and not editor.is_dirty()
    assert editor.header.title() == "" and tab.model.total() == 0


def test_regenerating_one_field_keeps_the_others_and_asks_before_replacing_edits(
    tab: JobsTab,
    online: MainWindow,
    acme: ClientSummary,
    qloop,
    qtbot: QtBot,
    fake_openai_env: FakeOpenAIServer,
) -> None:
    saved = qloop.run_until_complete(
        add_job(online, JobPosting(client_id=acme.id, fields=posting_fields()))
    )
    qloop.run_until_complete(tab.refresh())
    tab.open_job(saved.id)
    qloop.run_until_complete(tab_settled(online))
    editor, form = tab.editor, tab.editor.form
    new_benefits = ["A robot of your own", "Four-day weeks", "Learning budget"]
    fake_openai_env.responder = schema_responder(
        {"benefits": new_benefits, "team_info": "Seven people who like robots."}
    )
    benefits = form.field("benefits").editor  # type: ignore[attr-defined]
    benefits.setFocus()
    benefits.moveCursor(benefits.textCursor().MoveOperation.End)
    qtbot.keyClick(benefits, Qt.Key.Key_Return)
    qtbot.keyClicks(benefits, "- Free lunch")
    assert form.edited_fields() == {"benefits"} and editor.is_dirty()
    before = form.values()
    requests = len(fake_openai_env.chat_requests())

    async def scenario() -> None:
        form.regenerate_button("benefits").click()  # type: ignore[union-attr]
        assert "changed by hand" in await answer_message_box("Cancel")
        await tab_settled(online)
        assert len(fake_openai_env.chat_requests()) == requests  # nothing was sent
        assert form.values()["benefits"][-1] == "Free lunch"
        form.regenerate_button("benefits").click()  # type: ignore[union-attr]
        await answer_message_box("Regenerate")
        await wait_for(lambda: editor.runner.running)
        await wait_for(lambda: not editor.runner.running, 20)
        await tab_settled(online)
        form.regenerate_button("team_info").click()  # type: ignore[union-attr]  # not edited: asks nothing
        await wait_for(lambda: editor.runner.running)
        await wait_for(lambda: not editor.runner.running, 20)
        await tab_settled(online)
        await streams_closed()

    qloop.run_until_complete(scenario())
    after = form.values()
    assert after["benefits"] == new_benefits
    assert after["team_info"] == "Seven people who like robots."
    unchanged = [key for key in GENERATED_KEYS if key not in ("benefits", "team_info")]
    assert {key: after[key] for key in unchanged} == {key: before[key] for key in unchanged}
    stored = qloop.run_until_complete(online.services.jobs.get(saved.id))
    assert stored.fields.benefits == new_benefits and stored.edited_fields == []
    assert stored.fields.description == saved.fields.description and not editor.is_dirty()
    assert 'Rewrite only the field "benefits"' in prompt_of(fake_openai_env, -2)
    assert "You build the services our robots talk to." in prompt_of(fake_openai_env, -2)
    records = usage_rows(online, "generate_job")
    assert [r["entity_id"] for r in records] == [str(saved.id)] * 2


def test_leaving_a_job_mid_stream_stops_it_and_asks_about_the_partial_text(
    tab: JobsTab,
    online: MainWindow,
    acme: ClientSummary,
    qloop,
    fake_openai_env: FakeOpenAIServer,
) -> None:
    fake_openai_env.chunk_delay = 0.02
    fields = posting_fields(description=long_description(300))
    fake_openai_env.queue(ChatReply(posting_json(fields), chunk_words=1))
    editor = tab.editor
    editor.header.title_edit.setText("Senior Backend Engineer")

    async def scenario() -> str:
        editor.generate()
        await wait_for(lambda: "word2 " in field_text(tab, "description"))
        tab.new_job()
        asked = await answer_message_box("Discard")
        await tab_settled(online)
        await streams_closed()
        # The server sees the closed socket at its next chunk: a moment later.
        await wait_for(lambda: fake_openai_env.open_connections == 0)
        return asked

    assert "“Senior Backend Engineer” has changes" in qloop.run_until_complete(scenario())
    assert not editor.runner.running
    assert field_text(tab, "description") == "" and editor.header.title() == ""
    assert tab.model.total() == 0
    [record] = usage_rows(online, "generate_job")
    assert (record["status"], record["client_company_id"]) == ("cancelled", acme.id)


def test_a_server_error_is_shown_and_nothing_typed_is_lost(
    tab: JobsTab, online: MainWindow, acme: ClientSummary, qloop, fake_openai_env
) -> None:
    fake_openai_env.queue(ErrorReply(400, "The model refused the request."))
    editor = tab.editor
    editor.header.title_edit.setText("Senior Backend Engineer")
    editor.header.notes_edit.setText("Pay: 70,000–85,000 EUR a year.")

    async def scenario() -> str:
        editor.generate()
        shown = await answer_message_box("OK")
        await tab_settled(online)
        return shown

    shown = qloop.run_until_complete(scenario())
    assert shown.startswith("Writing the job posting failed: ") and "refused" in shown
    assert "refused" in editor.status.message()
    assert editor.header.title() == "Senior Backend Engineer"
    assert editor.header.notes() == "Pay: 70,000–85,000 EUR a year."
    assert editor.generate_button.isEnabled() and tab.model.total() == 0
