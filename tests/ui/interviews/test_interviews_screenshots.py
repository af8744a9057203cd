"""The Interviews tab as a recruiter sees it — an interview with its report (and a sentence
that contradicts a score), one whose report is being written, a blank new one, and the
empty state of a client without jobs — at 1280×800, 1024×640 and the window's minimum
size, light and dark: grabbed to PNG (set HEADHUNTER_SCREENSHOT_DIR to keep them) with no
widget squeezed below its size."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QSize

from headhunter_desktop.core.domain.interview import Outcome
from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.interviews.interviews_tab import InterviewsTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import ChatReply, FakeOpenAIServer
from tests.helpers.dialogs import answer_message_box
from tests.helpers.interviews_tab import (
    CONFLICTING_REPORT,
    Agency,
    StreamGate,
    add_interview,
    ai_report,
    feedback_answer,
    open_in_tab,
    report_text,
    tab_settled,
)
from tests.helpers.jobs_tab import jobs_tab
from tests.helpers.screenshots import (
    app_look,
    looks,
    save_screenshot,
    squeezed_widgets,
    window_sizes,
)
from tests.helpers.waiting import streams_closed, wait_for

PALETTES = looks()
REPORT = CONFLICTING_REPORT + (
    "\n## Strengths\n- Python: wrote the retry decorator from memory\n- PostgreSQL\n\n"
    "## Recommendation\nA second technical round on Kubernetes before a decision.\n"
)


async def shoot(window: MainWindow, state: str, folder: Path) -> list[str]:
    """Every size and palette of the window as it is; the squeezed widgets found."""
    problems = []
    for look, palette in PALETTES.items():
        with app_look(palette):
            for size_name, size in window_sizes(window).items():
                window.resize(size)
                await asyncio.sleep(0.05)  # layouts and paints settle
                name = f"interviews-{state}-{size_name}-{look}"
                save_screenshot(window, name, folder)
                problems += [f"{name}: {p}" for p in squeezed_widgets(window)]
    return problems


def test_screenshots_of_the_interviews_tab(
    tab: InterviewsTab,
    online: MainWindow,
    acme: ClientSummary,
    agency: Agency,
    qloop,
    tmp_path: Path,
    fake_openai_env: FakeOpenAIServer,
) -> None:
    editor = tab.editor

    async def scenario() -> list[str]:
        await add_interview(online, agency, candidate_id=agency.grace_id, stage="screening")
        await add_interview(online, agency, stage="final", outcome=Outcome.PASS)
        recorded = await add_interview(online, agency, feedback=ai_report(REPORT))
        await open_in_tab(tab, online, recorded.id)  # type: ignore[arg-type]
        problems = await shoot(online, "recorded", tmp_path)
        gate = StreamGate(fake_openai_env, at=60)
        fake_openai_env.queue(ChatReply(feedback_answer(), chunk_words=1))
        editor.generate()  # the stored report is the model's, unedited: nothing asked
        await wait_for(gate.reached.is_set)
        await wait_for(lambda: "point40" in report_text(tab))
        problems += await shoot(online, "streaming", tmp_path)
        assert editor.runner.running  # still writing when grabbed
        editor.runner.cancel()
        gate.release()
        await wait_for(lambda: not editor.runner.running)
        await streams_closed()
        tab.new_interview()
        await answer_message_box("Discard")  # the stopped draft, unsaved
        await tab_settled(online)
        problems += await shoot(online, "new", tmp_path)
        beta = await online.directory.create("Beta GmbH")
        online.directory.select(beta.id)
        await tab_settled(online)
        assert tab.is_showing_empty_state()
        return problems + await shoot(online, "no-jobs", tmp_path)

    assert qloop.run_until_complete(scenario()) == []


def test_screenshots_of_the_interviews_listed_in_a_profile_and_a_job(
    online: MainWindow, acme: ClientSummary, agency: Agency, qloop, tmp_path: Path
) -> None:
    async def scenario() -> list[str]:
        await add_interview(online, agency, outcome=Outcome.PASS)
        await add_interview(online, agency, stage="final", outcome=Outcome.HOLD)
        await add_interview(online, agency, job_id=agency.other_job.id, stage="screening")
        cvs = online.cvs_tab
        online.tab_widget.setCurrentWidget(cvs)
        cvs.client_filter.setCurrentIndex(0)  # all clients: Ada is in the agency's pool
        await cvs.reload_pool()
        cvs.table.selectRow(cvs.candidates.row_of(agency.ada_id))  # type: ignore[arg-type]
        profile = cvs.profile
        await wait_for(lambda: profile.interviews.count() == 3)
        profile.tabs.setCurrentWidget(profile.interviews)
        jobs = jobs_tab(online)
        await jobs.refresh()
        jobs.open_job(agency.job.id)  # type: ignore[arg-type]
        await wait_for(lambda: jobs.job_interviews.history.count() == 2)
        problems = []
        for look, palette in PALETTES.items():
            with app_look(palette):
                online.tab_widget.setCurrentWidget(cvs)
                online.resize(QSize(1024, 640))
                await asyncio.sleep(0.05)
                save_screenshot(online, f"interviews-in-profile-1024x640-{look}", tmp_path)
                problems += [f"profile {look}: {p}" for p in squeezed_widgets(profile)]
                online.tab_widget.setCurrentWidget(jobs)
                await asyncio.sleep(0.05)
                save_screenshot(online, f"interviews-of-job-1024x640-{look}", tmp_path)
                popup = jobs.job_interviews.history
                save_screenshot(popup, f"interviews-of-job-popup-{look}", tmp_path)
        return problems

    assert qloop.run_until_complete(scenario()) == []
