"""The Jobs tab around its editor: what it says with no client or no LLM, unsaved edits
asked about before another job or client replaces them, deleting, and the status filter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from headhunter_desktop.core.domain.job_posting import (
    EmploymentType,
    JobPosting,
    JobStatus,
    RemotePolicy,
)
from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.jobs.job_editor import NO_LLM_TEXT
from headhunter_desktop.ui.jobs.jobs_tab import JobsTab
from headhunter_desktop.ui.settings.settings_dialog import SettingsDialog
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.dialogs import answer_message_box, type_into_input_dialog
from tests.helpers.job_postings import posting_fields
from tests.helpers.jobs_tab import add_job, field_text, jobs_tab, tab_settled
from tests.helpers.waiting import wait_for, wait_for_widget

CTRL = Qt.KeyboardModifier.ControlModifier


def saved_jobs(window: MainWindow, qloop, client_id: int, *titles: str) -> list[JobPosting]:
    """Jobs of these titles, saved in order (the last is the newest)."""
    jobs = []
    for title in titles:
        job = JobPosting(client_id=client_id, fields=posting_fields(title=title))
        jobs.append(qloop.run_until_complete(add_job(window, job)))
    return jobs


def choose_row(tab: JobsTab, job_id: int | None) -> None:
    """Select the job's row as a click does."""
    row = tab.model.row_of(job_id)
    assert row is not None
    tab.list_panel.table.selectRow(row)


def test_without_a_client_or_an_llm_the_tab_says_what_to_do_first(
    window: MainWindow, qloop, qtbot: QtBot
) -> None:
    tab = jobs_tab(window)
    assert tab.is_showing_empty_state()
    assert tab.empty_state.title() == "Choose a client company"
    assert "first add it in Companies" in tab.empty_state.text()

    async def add_a_client() -> None:
        tab.companies_button.click()
        await type_into_input_dialog("Acme Ltd")
        await wait_for(lambda: bool(window.directory.clients))

    qloop.run_until_complete(add_a_client())
    assert window.tab_widget.currentWidget() is window.companies_tab
    window.directory.select(window.directory.clients[0].id)
    window.tab_widget.setCurrentWidget(tab)
    qloop.run_until_complete(tab_settled(window))
    assert not tab.is_showing_empty_state()
    assert tab.list_panel.empty_label.text().startswith("No job postings for Acme Ltd yet.")
    qloop.run_until_complete(tab.refresh())  # the tab shown again: the client is still named
    assert tab.list_panel.empty_label.text().startswith("No job postings for Acme Ltd yet.")
    assert not tab.list_panel.delete_button.isEnabled()  # a blank new job: nothing to delete
    # The editor, its actions and the list fit the window's minimum size.
    assert window.minimumSizeHint().width() <= window.minimumWidth()

    editor = tab.editor
    assert editor.llm_hint.isVisible() and editor.llm_hint_label.text() == NO_LLM_TEXT
    assert not editor.generate_button.isEnabled() and not editor.analyse_button.isEnabled()
    assert not editor.form.regenerate_button("description").isEnabled()  # type: ignore[union-attr]
    editor.header.title_edit.setText("Data Engineer")
    editor.generate()  # Ctrl+Return without an LLM: nothing starts
    assert not editor.runner.running and editor.save_button.isEnabled()
    editor.settings_button.click()
    dialog = qloop.run_until_complete(wait_for_widget(SettingsDialog))
    dialog.reject()


def test_unsaved_edits_are_asked_about_before_another_job_or_client(
    tab: JobsTab, online: MainWindow, acme: ClientSummary, qloop, qtbot: QtBot
) -> None:
    older, newer = saved_jobs(online, qloop, acme.id, "QA Lead", "Data Engineer")
    qloop.run_until_complete(tab.refresh())
    choose_row(tab, older.id)
    qloop.run_until_complete(tab_settled(online))
    editor = tab.editor
    assert editor.header.title() == "QA Lead"
    description = editor.form.field("description").editor  # type: ignore[attr-defined]
    qtbot.keyClicks(description, "Hiring now. ")
    assert editor.is_dirty() and editor.unsaved_label.isVisible()
    edited = field_text(tab, "description")

    async def switch_jobs() -> None:
        choose_row(tab, newer.id)
        assert "“QA Lead” has changes" in await answer_message_box("Cancel")
        await tab_settled(online)
        assert editor.header.title() == "QA Lead" and field_text(tab, "description") == edited
        assert tab.list_panel.selected_job_id() == older.id
        choose_row(tab, newer.id)
        await answer_message_box("Save")
        await tab_settled(online)

    qloop.run_until_complete(switch_jobs())
    assert editor.header.title() == "Data Engineer" and not editor.is_dirty()
    kept = qloop.run_until_complete(online.services.jobs.get(older.id))  # type: ignore[arg-type]
    assert kept.fields.description.startswith("Hiring now.") and kept.edited_fields == [
        "description"
    ]

    online.activateWindow()
    qloop.run_until_complete(wait_for(online.isActiveWindow))
    qtbot.keyClicks(editor.header.title_edit, " II")
    qtbot.keyClick(editor.header.title_edit, Qt.Key.Key_S, CTRL)
    qloop.run_until_complete(tab_settled(online))
    assert not editor.is_dirty()
    assert tab.model.job_at(tab.model.row_of(newer.id)).title == "Data Engineer II"  # type: ignore[arg-type, union-attr]

    qtbot.keyClicks(editor.header.title_edit, " (m/f/d)")
    globex = qloop.run_until_complete(online.directory.create("Globex"))

    async def switch_clients() -> None:
        online.directory.select(globex.id)
        await answer_message_box("Cancel")
        await tab_settled(online)
        assert online.directory.current.id == acme.id  # type: ignore[union-attr]
        assert editor.header.title() == "Data Engineer II (m/f/d)" and editor.is_dirty()
        online.directory.select(globex.id)
        await answer_message_box("Discard")
        await tab_settled(online)

    qloop.run_until_complete(switch_clients())
    assert tab.model.total() == 0 and editor.job.client_id == globex.id
    assert editor.header.title() == "" and not editor.is_dirty()
    stored = qloop.run_until_complete(online.services.jobs.get(newer.id))  # type: ignore[arg-type]
    assert stored.fields.title == "Data Engineer II"  # the discarded edit stayed unsaved


def test_delete_asks_first_and_the_filter_shows_one_status(
    tab: JobsTab, online: MainWindow, acme: ClientSummary, qloop, qtbot: QtBot
) -> None:
    draft, opened, closed = saved_jobs(online, qloop, acme.id, "QA Lead", "SRE", "Designer")
    for job, status in ((opened, JobStatus.OPEN), (closed, JobStatus.CLOSED)):
        qloop.run_until_complete(online.services.jobs.set_status(job.id, status))  # type: ignore[arg-type]
    qloop.run_until_complete(tab.refresh())
    panel = tab.list_panel
    filters = [panel.filter_box.itemText(i) for i in range(panel.filter_box.count())]
    assert filters == ["All statuses (3)", "Draft (1)", "Open (1)", "Closed (1)"]
    panel.filter_box.setCurrentIndex(2)
    panel.filter_box.activated.emit(2)
    assert [tab.model.job_at(0).title, tab.model.rowCount()] == ["SRE", 1]  # type: ignore[union-attr]
    panel.filter_box.setCurrentIndex(0)
    panel.filter_box.activated.emit(0)
    assert tab.model.rowCount() == 3

    choose_row(tab, draft.id)
    qloop.run_until_complete(tab_settled(online))

    async def delete_with_the_key(answer: str) -> None:
        online.activateWindow()  # again: the last message box had the focus
        await wait_for(online.isActiveWindow)
        panel.table.setFocus()
        qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
        assert "Delete “QA Lead”?" in await answer_message_box(answer)
        await tab_settled(online)

    qloop.run_until_complete(delete_with_the_key("Cancel"))
    assert tab.model.total() == 3
    qloop.run_until_complete(delete_with_the_key("Delete"))
    remaining = qloop.run_until_complete(online.services.jobs.list(acme.id))
    assert [job.title for job in remaining] == ["Designer", "SRE"]
    assert tab.model.total() == 2 and tab.editor.header.title() == "Designer"


def test_the_header_and_the_form_agree_on_the_facts_they_share(
    tab: JobsTab, online: MainWindow, acme: ClientSummary, qloop, qtbot: QtBot
) -> None:
    saved_jobs(online, qloop, acme.id, "SRE")
    qloop.run_until_complete(tab.refresh())
    tab.open_job(tab.model.job_at(0).id)  # type: ignore[union-attr]
    qloop.run_until_complete(tab_settled(online))
    editor, header, form = tab.editor, tab.editor.header, tab.editor.form
    assert header.location() == "Berlin, DE"  # the form's place, as a recruiter says it
    qtbot.keyClicks(header.notes_edit, "Pay: 70k")
    qtbot.keyClicks(header.location_edit, " (Mitte)")
    assert not editor.is_dirty()  # the brief of the next generation, not the job's own

    header.employment_box.setCurrentIndex(header.employment_box.findText("Part-time"))
    header.employment_box.activated.emit(header.employment_box.currentIndex())
    assert form.values()["employment_type"] == "PART_TIME" and editor.is_dirty()
    remote = form.field("remote_policy").combo  # type: ignore[attr-defined]
    remote.setCurrentIndex(remote.findText("Fully remote"))
    remote.activated.emit(remote.currentIndex())
    assert header.remote_policy() is RemotePolicy.REMOTE
    city = form.field("location").fields["locality"].editor  # type: ignore[attr-defined]
    city.selectAll()
    qtbot.keyClicks(city, "Potsdam")
    assert header.location() == "Potsdam, Berlin, DE"
    saved = qloop.run_until_complete(editor.save())
    assert saved is not None and saved.fields.employment_type is EmploymentType.PART_TIME
    assert saved.fields.location.locality == "Potsdam"  # type: ignore[union-attr]
