"""Analysing the client's own job description in the Jobs tab: pasted, or read from a
dropped TXT or DOCX file (an unreadable one says why), then read by the LLM into the same
fields, streaming, the model's proposals tagged "suggested"."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.jobs.analyse_dialog import AnalyseDialog
from headhunter_desktop.ui.jobs.job_writer import NEEDS_TITLE_TEXT
from headhunter_desktop.ui.jobs.jobs_tab import JobsTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import FakeOpenAIServer
from tests.fakes.generation_responder import schema_responder
from tests.helpers.document_files import drop_files, write_docx, write_txt
from tests.helpers.jobs_tab import field_text, prompt_of, tab_settled, usage_rows
from tests.helpers.waiting import streams_closed, wait_for

AD = [
    "Signalling engineer wanted in Leipzig.",
    "You will maintain interlocking software for regional railways.",
]
ANALYSED = {
    "title": "Signalling Engineer",
    "description": "You maintain the interlocking software of regional railways.",
    "suggested_fields": ["benefits", "salary_range"],
}


def open_dialog(tab: JobsTab) -> AnalyseDialog:
    tab.editor.analyse_button.click()
    dialog = tab.editor.writer.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


async def analysed(window: MainWindow, tab: JobsTab) -> None:
    await wait_for(lambda: tab.editor.runner.running)
    await wait_for(lambda: not tab.editor.runner.running, 20)
    await tab_settled(window)
    await streams_closed()


def test_a_pasted_description_is_read_into_the_fields_with_suggestions_tagged(
    tab: JobsTab,
    online: MainWindow,
    acme: ClientSummary,
    qloop,
    qtbot: QtBot,
    fake_openai_env: FakeOpenAIServer,
) -> None:
    fake_openai_env.chunk_delay = 0.005
    fake_openai_env.responder = schema_responder(ANALYSED)
    editor = tab.editor
    dialog = open_dialog(tab)
    assert not dialog.analyse_button.isEnabled()  # nothing to analyse yet
    qtbot.keyClicks(dialog.text_edit, " ".join(AD))
    dialog.analyse_button.click()
    qloop.run_until_complete(analysed(online, tab))

    assert editor.writer.dialog is None  # closed
    assert editor.header.title() == "Signalling Engineer"  # the description named it
    assert field_text(tab, "description") == ANALYSED["description"]
    assert editor.form.suggested() == {"benefits", "salary_range"}
    job = qloop.run_until_complete(online.services.jobs.get(editor.job.id))  # type: ignore[arg-type]
    assert job.suggested_fields == ["benefits", "salary_range"] and job.ai_drafted
    assert job.fields.title == "Signalling Engineer" and not editor.is_dirty()
    prompt = prompt_of(fake_openai_env)
    pasted = prompt.split("<job_description>", 1)[1].split("</job_description>", 1)[0]
    assert " ".join(AD) in pasted and "Acme Robotics GmbH" in prompt
    [record] = usage_rows(online, "analyze_job")
    assert (record["status"], record["client_company_id"]) == ("ok", acme.id)

    # Edited by hand, a suggestion is the recruiter's own: the tag goes.
    qtbot.keyClicks(editor.form.field("benefits").editor, "Checked. ")  # type: ignore[attr-defined]
    assert editor.form.suggested() == {"salary_range"} and editor.is_dirty()


def test_dropped_txt_and_docx_files_are_read_then_analysed(
    tab: JobsTab,
    online: MainWindow,
    acme: ClientSummary,
    qloop,
    qtbot: QtBot,
    fake_openai_env: FakeOpenAIServer,
    tmp_path: Path,
) -> None:
    fake_openai_env.responder = schema_responder(ANALYSED)
    txt = write_txt(tmp_path / "ad.txt", AD)
    docx = write_docx(tmp_path / "ad.docx", [*AD, "Apply by 1 March."])
    broken = tmp_path / "ad.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    tab.editor.header.title_edit.setText("Signalling Engineer (m/f/d)")
    dialog = open_dialog(tab)
    qtbot.keyClicks(dialog.text_edit, "My notes")

    async def drop_and_read(path: Path) -> None:
        drop_files(dialog, [path])
        assert dialog.is_reading() and not dialog.analyse_button.isEnabled()
        await wait_for(lambda: not dialog.is_reading(), 20)

    qloop.run_until_complete(drop_and_read(broken))
    assert dialog.note.isVisible() and dialog.note.text().startswith("ad.pdf: ")
    assert dialog.description() == "My notes"  # nothing typed is lost
    qloop.run_until_complete(drop_and_read(txt))
    assert dialog.description() == "\n".join(AD)
    assert dialog.note.text() == "Read from ad.txt: check it, then press Analyse."
    qloop.run_until_complete(drop_and_read(docx))
    assert "Apply by 1 March." in dialog.description() and AD[1] in dialog.description()
    dialog.analyse_button.click()
    qloop.run_until_complete(analysed(online, tab))

    assert "Apply by 1 March." in prompt_of(fake_openai_env)
    assert "Job title: Signalling Engineer (m/f/d)" in prompt_of(fake_openai_env)
    assert tab.editor.header.title() == "Signalling Engineer (m/f/d)"  # the recruiter's
    assert field_text(tab, "description") == ANALYSED["description"]
    assert tab.model.total() == 1 and tab.editor.job.fields.title == "Signalling Engineer (m/f/d)"


def test_a_description_without_a_title_is_kept_unsaved_until_it_gets_one(
    tab: JobsTab,
    online: MainWindow,
    acme: ClientSummary,
    qloop,
    qtbot: QtBot,
    fake_openai_env: FakeOpenAIServer,
) -> None:
    fake_openai_env.responder = schema_responder(ANALYSED | {"title": ""})
    editor = tab.editor
    dialog = open_dialog(tab)
    dialog.text_edit.setPlainText("We need someone for the interlocking software.")
    dialog.analyse_button.click()
    qloop.run_until_complete(analysed(online, tab))

    assert field_text(tab, "description") == ANALYSED["description"]
    assert editor.job.id is None and tab.model.total() == 0
    assert editor.status.message() == NEEDS_TITLE_TEXT and editor.is_dirty()
    assert editor.unsaved_label.toolTip() == NEEDS_TITLE_TEXT
    editor.header.title_edit.setText("Interlocking Engineer")
    saved = qloop.run_until_complete(editor.save())
    assert (
        saved is not None
        and saved.ai_drafted
        and saved.suggested_fields == ANALYSED["suggested_fields"]
    )
