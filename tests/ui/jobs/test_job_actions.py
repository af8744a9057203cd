"""What a recruiter does with a written job in the Jobs tab: open it (its posting and
valid-through dates set), export it as schema.org JSON-LD that Google's guidelines accept
and as Markdown, be told what an export lacks, and shortlist candidates in the CVs tab."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox

from headhunter_desktop.core.domain.job_posting import JobPosting, JobStatus
from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.jobs.job_actions import JSONLD, MARKDOWN, NO_SKILLS
from headhunter_desktop.ui.jobs.jobs_tab import JobsTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.job_postings import posting_fields
from tests.helpers.jobposting_validator import validate_job_posting
from tests.helpers.jobs_tab import add_job, tab_settled
from tests.helpers.waiting import wait_for, wait_for_widget


def open_saved(window: MainWindow, qloop, tab: JobsTab, job: JobPosting) -> JobPosting:
    saved = qloop.run_until_complete(add_job(window, job))
    qloop.run_until_complete(tab.refresh())
    tab.open_job(saved.id)
    qloop.run_until_complete(tab_settled(window))
    assert tab.editor.job.id == saved.id
    return saved


async def save_as(path: Path) -> str:
    """Answer the save dialog with `path`; returns the file name it proposed."""
    dialog = await wait_for_widget(QFileDialog)
    proposed = Path(dialog.selectedFiles()[0]).name
    # Typed, as a user does (selectFile leaves alone the name box that has the focus).
    dialog.findChild(QLineEdit, "fileNameEdit").setText(str(path))
    dialog.accept()
    await wait_for(path.exists)
    return proposed


def test_opening_a_job_sets_its_dates_and_its_exports_pass_googles_checks(
    tab: JobsTab, online: MainWindow, acme: ClientSummary, qloop, tmp_path: Path
) -> None:
    job = JobPosting(client_id=acme.id, fields=posting_fields(), direct_apply=True)
    saved = open_saved(online, qloop, tab, job)
    header = tab.editor.header
    assert header.posted_label.text() == "Not published yet" and header.valid_through() is None

    header.status_box.setCurrentIndex(header.status_box.findText("Open"))
    header.status_box.activated.emit(header.status_box.currentIndex())
    qloop.run_until_complete(tab_settled(online))
    today = date.today()
    stored = qloop.run_until_complete(online.services.jobs.get(saved.id))  # type: ignore[arg-type]
    assert stored.status is JobStatus.OPEN
    assert (stored.date_posted, stored.valid_through) == (today, today + timedelta(days=30))
    assert header.valid_through() == today + timedelta(days=30)
    assert header.posted_label.text().startswith(f"Posted {today.day} ")
    assert tab.model.job_at(0).status is JobStatus.OPEN  # type: ignore[union-attr]
    later = today + timedelta(days=60)  # the recruiter's own end date
    header.valid_edit.setDate(QDate(later.year, later.month, later.day))
    assert tab.editor.is_dirty()  # the export saves it first

    async def export_both() -> tuple[str, str]:
        tab.job_actions.export(JSONLD)
        jsonld_name = await save_as(tmp_path / "posting.jsonld")
        tab.job_actions.export(MARKDOWN)
        markdown_name = await save_as(tmp_path / "posting.md")
        await tab_settled(online)
        return jsonld_name, markdown_name

    names = qloop.run_until_complete(export_both())
    assert names == (
        "acme-robotics-gmbh-senior-backend-engineer.jsonld",
        "acme-robotics-gmbh-senior-backend-engineer.md",
    )
    text = (tmp_path / "posting.jsonld").read_text(encoding="utf-8")
    assert text.startswith('{\n  "@context": "https://schema.org"')  # pretty-printed
    document = json.loads(text)
    assert validate_job_posting(document) == ([], [])
    assert document["datePosted"] == today.isoformat()
    assert document["validThrough"] == later.isoformat()
    stored = qloop.run_until_complete(online.services.jobs.get(saved.id))  # type: ignore[arg-type]
    assert stored.valid_through == later and not tab.editor.is_dirty()
    assert "Friedrichstraße 68" in text  # UTF-8, not \u escapes
    markdown = (tmp_path / "posting.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Senior Backend Engineer") and "Design the fleet API" in markdown
    assert tab.editor.status.message() == "Exported “Senior Backend Engineer” to posting.md"


def test_an_export_the_job_is_not_ready_for_says_what_is_missing(
    tab: JobsTab, online: MainWindow, acme: ClientSummary, qloop
) -> None:
    job = JobPosting(client_id=acme.id, fields=posting_fields(location=None))
    open_saved(online, qloop, tab, job)

    async def refused() -> str:
        tab.job_actions.export(JSONLD)
        box = await wait_for_widget(QMessageBox)
        text = box.text()
        box.accept()
        return text

    text = qloop.run_until_complete(refused())
    assert text.startswith("Nothing was exported.")
    assert "needs a location, as an on-site job (a city and a country at least)" in text
    assert "a location" in tab.editor.status.message()
    assert not any(dialog.isVisible() for dialog in tab.findChildren(QFileDialog))


def test_shortlist_candidates_opens_the_cvs_tab_with_the_required_skills(
    tab: JobsTab, online: MainWindow, acme: ClientSummary, qloop
) -> None:
    open_saved(online, qloop, tab, JobPosting(client_id=acme.id, fields=posting_fields()))
    tab.job_actions.shortlist_button.click()
    cvs = online.cvs_tab
    assert online.tab_widget.currentWidget() is cvs
    assert cvs.requirements_box.text() == "Python, PostgreSQL, Kubernetes"
    assert cvs.search_box.text() == (
        "Senior Backend Engineer. You build the services our robots talk to. "
        "You own them end to end."
    )
    qloop.run_until_complete(wait_for(lambda: "Shortlist for" in cvs.search_note.text()))

    online.tab_widget.setCurrentWidget(tab)
    tab.new_job()
    qloop.run_until_complete(tab_settled(online))
    tab.job_actions.shortlist_button.click()  # a job without skills: says what to do
    assert online.tab_widget.currentWidget() is tab
    assert tab.editor.status.message() == NO_SKILLS
