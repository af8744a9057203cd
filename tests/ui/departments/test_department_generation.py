"""The Departments tab writing with the LLM over a real socket: fields fill while the
answer streams, a completed profile is saved at once, cancel keeps the partial text
unsaved and bills the client, one field regenerates alone, errors lose nothing."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from headhunter_desktop.core.domain.department import DepartmentProfile
from headhunter_desktop.core.services.usage_types import Budget
from headhunter_desktop.ui.common.generation_runner import CANCELLED_TEXT, DECLINED_TEXT
from headhunter_desktop.ui.departments.department_editor import UNSAVED_TEXT
from headhunter_desktop.ui.departments.departments_tab import DepartmentsTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import ChatReply, ErrorReply, FakeOpenAIServer
from tests.helpers.departments_tab import (
    PLATFORM,
    answer_and_wait_closed,
    field_text,
    generation_records,
    idle,
    list_names,
    profile_json,
)
from tests.helpers.jobs_tab import prompt_of
from tests.helpers.waiting import streams_closed, wait_for

CTRL = Qt.KeyboardModifier.ControlModifier
NOTES = "Eleven engineers; hiring seniors only."


def stored(window: MainWindow, qloop, client_id: int) -> dict[str, DepartmentProfile]:
    departments = qloop.run_until_complete(window.services.departments.list(client_id))
    return {d.name: d for d in departments}


def open_saved(window: MainWindow, qloop, tab: DepartmentsTab, profile: DepartmentProfile) -> None:
    qloop.run_until_complete(window.services.departments.save(profile))
    tab.workflow.reload()
    qloop.run_until_complete(idle(tab))
    assert tab.editor.name() == profile.name


def test_fields_fill_while_streaming_then_the_profile_is_saved(
    tab: DepartmentsTab,
    online: MainWindow,
    acme: Any,
    qloop,
    qtbot: QtBot,
    fake_openai_env: FakeOpenAIServer,
) -> None:
    fake_openai_env.chunk_delay = 0.01
    fake_openai_env.queue(ChatReply(profile_json(PLATFORM), chunk_words=2))
    editor = tab.editor
    editor.name_edit.setText("Platform")
    editor.notes.setFocus()
    qtbot.keyClicks(editor.notes, NOTES)
    online.activateWindow()

    async def scenario() -> str:
        qtbot.keyClick(editor.notes, Qt.Key.Key_Return, CTRL)
        await wait_for(lambda: "Kubernetes clusters" in field_text(tab, "description"))
        partial = field_text(tab, "description")
        assert tab.workflow.runner.running and editor.form.values()["technologies"] == []
        assert editor.form.field("description").editor.isReadOnly()  # type: ignore[attr-defined]
        assert not tab.panel.view.isEnabled() and not editor.save_button.isEnabled()
        templates = editor.form.field("job_templates")
        await wait_for(lambda: len(templates.items) == 1)  # type: ignore[attr-defined]
        assert tab.workflow.runner.running  # the first template shows before the last
        await idle(tab)
        await streams_closed()
        return partial

    partial = qloop.run_until_complete(scenario())
    assert PLATFORM.description.startswith(partial)  # the Markdown source, as it came
    assert len(partial) < len(PLATFORM.description)
    saved = stored(online, qloop, acme.id)["Platform"]
    assert saved.fields == PLATFORM and saved.ai_drafted and saved.edited_fields == []
    assert list_names(tab) == ["Platform"] and not editor.is_dirty()
    assert editor.state_label.text() == "Saved · drafted by the LLM"
    prompt = prompt_of(fake_openai_env)
    for expected in ("signalling software for regional railways", "warm, direct, no hype"):
        assert expected in prompt  # the client's profile and voice
    assert "Name: Platform" in prompt and NOTES in prompt


def test_cancel_keeps_the_partial_text_unsaved_and_bills_the_client(
    tab: DepartmentsTab,
    online: MainWindow,
    acme: Any,
    qloop,
    qtbot: QtBot,
    fake_openai_env: FakeOpenAIServer,
) -> None:
    fake_openai_env.chunk_delay = 0.01
    fake_openai_env.queue(ChatReply(profile_json(PLATFORM), chunk_words=2))
    editor = tab.editor
    editor.name_edit.setText("Platform")
    online.activateWindow()
    editor.notes.setFocus()

    async def scenario() -> None:
        tab.workflow.generate()
        await wait_for(lambda: "Kubernetes" in field_text(tab, "description"))
        qtbot.keyClick(editor.notes, Qt.Key.Key_Escape)
        await idle(tab)
        await streams_closed()
        await wait_for(lambda: fake_openai_env.open_connections == 0)

    qloop.run_until_complete(scenario())
    kept = field_text(tab, "description")
    assert "Kubernetes" in kept and len(kept) < len(PLATFORM.description)
    assert editor.status.message() == CANCELLED_TEXT
    assert editor.is_dirty() and editor.state_label.text() == UNSAVED_TEXT
    assert stored(online, qloop, acme.id) == {} and tab.panel.view.isEnabled()
    [record] = generation_records(online)
    assert (record["status"], record["usage_source"]) == ("cancelled", "estimated")
    assert (record["client_company_id"], record["client_company_name"]) == (acme.id, "Acme Rail")
    assert record["tokens_output"] > 0 and record["entity_type"] == "department"

    tab.workflow.save()  # keep what was written
    qloop.run_until_complete(idle(tab))
    assert stored(online, qloop, acme.id)["Platform"].fields.description == kept


def test_regenerating_a_field_keeps_the_others_and_asks_before_replacing_hand_edits(
    tab: DepartmentsTab, online: MainWindow, acme: Any, qloop, fake_openai_env: FakeOpenAIServer
) -> None:
    profile = DepartmentProfile(
        client_id=acme.id, name="Platform", fields=PLATFORM, edited_fields=["technologies"]
    )
    open_saved(online, qloop, tab, profile)
    form = tab.editor.form
    before = form.values()
    fresh = ["Nomad", "Consul", "Vault"]
    fake_openai_env.chunk_delay = 0.005
    fake_openai_env.queue(ChatReply(json.dumps({"technologies": fresh}), chunk_words=1))
    button = form.regenerate_button("technologies")
    assert button is not None

    async def regenerate_then(choice: str) -> str:
        button.click()
        asked = await answer_and_wait_closed(choice)
        await idle(tab)
        return asked

    asked = qloop.run_until_complete(regenerate_then("Cancel"))
    assert "Technologies" in asked and fake_openai_env.chat_requests() == []

    async def generate_all_then_cancel() -> str:  # every field: asks about the hand edits
        tab.workflow.generate()
        asked = await answer_and_wait_closed("Cancel")
        await idle(tab)
        return asked

    assert "“Technologies”" in qloop.run_until_complete(generate_all_then_cancel())
    assert fake_openai_env.chat_requests() == [] and form.values() == before
    qloop.run_until_complete(regenerate_then("Regenerate"))
    after = form.values()
    assert after["technologies"] == fresh
    assert {k: v for k, v in after.items() if k != "technologies"} == {
        k: v for k, v in before.items() if k != "technologies"
    }
    saved = stored(online, qloop, acme.id)["Platform"]
    assert saved.fields.technologies == fresh and saved.edited_fields == []
    assert saved.fields.job_templates == PLATFORM.job_templates and saved.ai_drafted
    prompt = prompt_of(fake_openai_env)
    assert "Site Reliability Engineer" in prompt and "observability stack" in prompt
    assert "signalling software" in prompt and "Kubernetes, Terraform" not in prompt


def test_the_window_stays_responsive_while_a_profile_streams(
    tab: DepartmentsTab, online: MainWindow, acme: Any, qloop, qtbot: QtBot, fake_openai_env
) -> None:
    fake_openai_env.chunk_delay = 0.01
    fake_openai_env.queue(ChatReply(profile_json(PLATFORM), chunk_words=2))
    tab.editor.name_edit.setText("Platform")
    cvs = online.cvs_tab

    async def scenario() -> None:
        tab.workflow.generate()
        await wait_for(lambda: field_text(tab, "description"))
        online.tab_widget.setCurrentWidget(cvs)
        qtbot.keyClicks(cvs.search_box, "kubernetes")
        assert cvs.search_box.text() == "kubernetes" and tab.workflow.runner.running
        online.resize(1000, 640)
        online.tab_widget.setCurrentWidget(tab)
        await idle(tab)
        await streams_closed()

    qloop.run_until_complete(scenario())
    assert stored(online, qloop, acme.id)["Platform"].fields == PLATFORM


def test_switching_client_mid_stream_stops_it_and_asks_about_the_partial_text(
    tab: DepartmentsTab, online: MainWindow, acme: Any, qloop, fake_openai_env
) -> None:
    globex = qloop.run_until_complete(online.directory.create("Globex"))
    fake_openai_env.chunk_delay = 0.01
    fake_openai_env.queue(ChatReply(profile_json(PLATFORM), chunk_words=2))
    tab.editor.name_edit.setText("Platform")

    async def scenario() -> str:
        tab.workflow.generate()
        await wait_for(lambda: field_text(tab, "description"))
        online.directory.select(globex.id)
        asked = await answer_and_wait_closed("Discard")
        await idle(tab)
        await streams_closed()
        return asked

    assert "“Platform”" in qloop.run_until_complete(scenario())
    assert tab.workflow.client is not None and tab.workflow.client.id == globex.id
    assert tab.editor.name() == "" and stored(online, qloop, acme.id) == {}
    [record] = generation_records(online)
    assert record["status"] == "cancelled" and record["client_company_id"] == acme.id


def test_a_server_error_is_shown_and_nothing_typed_is_lost(
    tab: DepartmentsTab, online: MainWindow, acme: Any, qloop, fake_openai_env
) -> None:
    fake_openai_env.queue(ErrorReply(400, "The model refused the request."))
    editor = tab.editor
    editor.name_edit.setText("Platform")
    editor.notes.setPlainText(NOTES)

    async def scenario() -> str:
        tab.workflow.generate()
        shown = await answer_and_wait_closed("OK")
        await idle(tab)
        return shown

    shown = qloop.run_until_complete(scenario())
    assert "refused" in shown and "refused" in editor.status.message()
    assert editor.name() == "Platform" and editor.guidance() == NOTES
    assert editor.generate_button.isEnabled() and stored(online, qloop, acme.id) == {}


def test_at_the_clients_hard_cap_a_no_sends_nothing(
    tab: DepartmentsTab, online: MainWindow, acme: Any, qloop, fake_openai_env
) -> None:
    budget = Budget(acme.uuid, "Acme Rail", Decimal("0.0001"), Decimal("0.8"), hard_cap=True)
    qloop.run_until_complete(online.services.usage.set_budget(budget))
    tab.editor.name_edit.setText("Platform")

    async def scenario() -> str:
        tab.workflow.generate()
        asked = await answer_and_wait_closed("Cancel")
        await idle(tab)
        return asked

    assert "Monthly budget reached" in qloop.run_until_complete(scenario())
    assert fake_openai_env.chat_requests() == []
    assert tab.editor.status.message() == DECLINED_TEXT and tab.editor.name() == "Platform"
