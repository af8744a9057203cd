"""Interviews seen from elsewhere: the candidate's profile (CVs tab) lists theirs across
jobs and clients, the job editor (Jobs tab) lists the job's with outcomes, and either
opens one in the Interviews tab; and what the Interviews tab says to do first when there
is no client, no job or no candidate yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from headhunter_desktop.core.domain.interview import Outcome
from headhunter_desktop.core.domain.job_posting import JobPosting
from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.interviews.interviews_tab import InterviewsTab
from headhunter_desktop.ui.jobs.jobs_tab import JobsTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.candidates import add_people
from tests.helpers.interviews_tab import (
    ADA,
    GRACE,
    Agency,
    add_interview,
    interviews_tab,
    tab_settled,
)
from tests.helpers.job_postings import posting_fields
from tests.helpers.jobs_tab import jobs_tab
from tests.helpers.jobs_tab import tab_settled as jobs_settled
from tests.helpers.waiting import wait_for


def rows(table: QTableView) -> list[list[str]]:
    model = table.model()
    return [
        [model.index(row, column).data() for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def press_enter_on_row(qtbot: QtBot, table: QTableView, row: int) -> None:
    """Go to row `row` and press Enter (as a double-click does, it activates the row)."""
    table.setCurrentIndex(table.model().index(row, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)


def test_the_candidates_profile_lists_her_interviews_across_clients_and_opens_one(
    online: MainWindow, acme: ClientSummary, agency: Agency, qloop, qtbot: QtBot
) -> None:
    async def record() -> int:
        await add_interview(online, agency, outcome=Outcome.PASS)
        await add_interview(online, agency, candidate_id=agency.grace_id)
        beta = await online.directory.create("Beta GmbH")
        accountant = await online.services.jobs.save(
            JobPosting(client_id=beta.id, fields=posting_fields(title="Accountant"))
        )
        elsewhere = await add_interview(
            online, agency, job_id=accountant.id, stage="screening", outcome=Outcome.HOLD
        )
        return elsewhere.id  # type: ignore[return-value]

    elsewhere = qloop.run_until_complete(record())
    cvs = online.cvs_tab
    online.tab_widget.setCurrentWidget(cvs)
    cvs.client_filter.setCurrentIndex(0)  # all clients: Ada is in the agency's pool
    qloop.run_until_complete(cvs.reload_pool())
    cvs.table.selectRow(cvs.candidates.row_of(agency.ada_id))  # type: ignore[arg-type]
    history = cvs.profile.interviews
    qloop.run_until_complete(wait_for(lambda: history.count() == 2))
    tabs = cvs.profile.tabs
    assert tabs.tabText(tabs.indexOf(history)) == "Interviews (2)"
    assert tabs.tabToolTip(tabs.indexOf(history)) == "2 interviews: 1 pass, 1 hold"
    assert sorted(rows(history.table)) == [
        ["14 Mar 2025", "Acme Robotics GmbH", "Site Reliability Engineer", "Technical", "Pass"],
        ["14 Mar 2025", "Beta GmbH", "Accountant", "Screening", "Hold"],
    ]
    tabs.setCurrentWidget(history)
    beta_row = next(i for i, row in enumerate(rows(history.table)) if row[1] == "Beta GmbH")
    press_enter_on_row(qtbot, history.table, beta_row)
    tab = online.tab(InterviewsTab)
    qloop.run_until_complete(wait_for(lambda: tab.editor.interview.id == elsewhere))
    qloop.run_until_complete(tab_settled(online))
    assert online.tab_widget.currentWidget() is tab
    assert online.directory.current.name == "Beta GmbH"  # type: ignore[union-attr]
    assert tab.list_panel.selected_interview_id() == elsewhere
    assert tab.editor.header.candidate_text() == "Ada Lovelace — Senior Backend Engineer"


def test_the_job_editor_lists_the_jobs_interviews_with_outcomes(
    online: MainWindow, acme: ClientSummary, agency: Agency, qloop, qtbot: QtBot
) -> None:
    async def record() -> int:
        await add_interview(online, agency, outcome=Outcome.PASS)
        final = await add_interview(online, agency, candidate_id=agency.grace_id, stage="final")
        await add_interview(online, agency, job_id=agency.other_job.id, outcome=Outcome.FAIL)
        return final.id  # type: ignore[return-value]

    final = qloop.run_until_complete(record())
    jobs = jobs_tab(online)
    qloop.run_until_complete(jobs.refresh())
    jobs.open_job(agency.job.id)  # type: ignore[arg-type]
    qloop.run_until_complete(jobs_settled(online))
    listed = jobs.job_interviews
    qloop.run_until_complete(wait_for(lambda: listed.history.count() == 2))
    assert listed.button.text() == "Interviews (2)"
    assert listed.button.toolTip() == "2 interviews: 1 pass, 1 undecided"
    assert sorted(rows(listed.history.table)) == [
        ["Ada Lovelace", "Technical", "14 Mar 2025", "Pass"],
        ["Grace Hopper", "Final", "14 Mar 2025", "—"],
    ]
    grace_row = next(
        i for i, row in enumerate(rows(listed.history.table)) if row[0] == "Grace Hopper"
    )
    # (The popup itself is not opened: offscreen Qt warns that it cannot grab the keyboard.)
    press_enter_on_row(qtbot, listed.history.table, grace_row)
    tab = online.tab(InterviewsTab)
    qloop.run_until_complete(wait_for(lambda: tab.editor.interview.id == final))
    assert online.tab_widget.currentWidget() is tab

    jobs.open_job(agency.other_job.id)  # type: ignore[arg-type]
    qloop.run_until_complete(jobs_settled(online))
    qloop.run_until_complete(wait_for(lambda: listed.button.text() == "Interviews (1)"))
    assert rows(listed.history.table) == [["Ada Lovelace", "Technical", "14 Mar 2025", "Fail"]]


def test_the_tab_says_what_to_do_first_without_a_client_a_job_or_candidates(
    online: MainWindow, qloop
) -> None:
    tab = interviews_tab(online)
    empty = tab.empty_state
    assert tab.is_showing_empty_state() and empty.title() == "Choose a client company"
    assert tab.companies_button.isVisibleTo(tab) and not tab.jobs_button.isVisibleTo(tab)

    client = qloop.run_until_complete(online.directory.create("Acme Robotics GmbH"))
    online.directory.select(client.id)
    qloop.run_until_complete(tab_settled(online))
    assert tab.is_showing_empty_state() and empty.title() == "No jobs for Acme Robotics GmbH yet"
    assert "import the candidates' CVs in CVs" in empty.text()
    assert tab.jobs_button.isVisibleTo(tab) and tab.cvs_button.isVisibleTo(tab)
    tab.jobs_button.click()
    assert online.tab_widget.currentWidget() is online.tab(JobsTab)

    qloop.run_until_complete(
        online.services.jobs.save(JobPosting(client_id=client.id, fields=posting_fields()))
    )
    online.tab_widget.setCurrentWidget(tab)  # the tab reloads when shown
    qloop.run_until_complete(tab_settled(online))
    assert empty.title() == "No candidates in the pool yet"
    assert tab.cvs_button.isVisibleTo(tab) and not tab.jobs_button.isVisibleTo(tab)
    tab.cvs_button.click()
    assert online.tab_widget.currentWidget() is online.cvs_tab

    add_people(online.services.db, [ADA, GRACE])
    online.tab_widget.setCurrentWidget(tab)
    qloop.run_until_complete(tab_settled(online))
    assert not tab.is_showing_empty_state()
    assert tab.editor.header.candidate_count() == 2 and tab.editor.header.job_count() == 1
