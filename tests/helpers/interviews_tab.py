"""Driving the Interviews tab of a real window: a client with a job and candidates saved
through the app's services, interviews recorded for them, a stream the fake server holds
mid-way, and what the tests read off the tab."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from headhunter_desktop.core.domain.interview import Competency, FeedbackReport, Interview
from headhunter_desktop.core.domain.job_posting import JobPosting
from headhunter_desktop.ui.interviews.interviews_tab import SETTLING_TASKS, InterviewsTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import FakeOpenAIServer
from tests.helpers.candidates import Person, add_people
from tests.helpers.job_postings import posting_fields
from tests.helpers.waiting import wait_for

SRE_SKILLS = ["Python", "Kubernetes", "PostgreSQL"]
ADA = Person(
    101,
    "Ada Lovelace",
    "Ada Lovelace. Backend engineer, nine years of Python and PostgreSQL.",
    {
        "basics": {"name": "Ada Lovelace", "label": "Backend Engineer"},
        "currentTitle": "Senior Backend Engineer",
        "yearsOfExperience": 9,
        "skills": [{"name": "Python"}, {"name": "PostgreSQL"}],
    },
)
GRACE = Person(102, "Grace Hopper", "Grace Hopper. Compiler engineer.")
NOTES = (
    "Walked through the fleet API she built: clear answers on schema migrations. "
    "Hesitated on Kubernetes operators; had only used managed clusters."
)
SCORECARD = [
    Competency(name="Python", rating=5, comment="Wrote the retry decorator from memory"),
    Competency(name="Kubernetes", rating=2, comment="Never ran a cluster herself"),
    Competency(name="PostgreSQL", rating=4),
    Competency(name="Communication", rating=3, comment="Precise, a little terse"),
    Competency(name="Culture fit"),
]
# A report that calls Kubernetes (rated 2) strong: the conflict the tab must flag.
CONFLICTING_REPORT = (
    "## Summary\nAda is a careful backend engineer.\n\n"
    "## Technical assessment\nHer Python is excellent. She has strong Kubernetes skills.\n\n"
    "## Concerns\n- None found.\n"
)


@dataclass(frozen=True)
class Agency:
    """The client's job and the pool's candidates the tests work with."""

    job: JobPosting
    other_job: JobPosting
    ada_id: int
    grace_id: int


async def add_agency(window: MainWindow, client_id: int) -> Agency:
    """Two jobs of the client (the first requires SRE_SKILLS) and two candidates."""
    jobs = window.services.jobs
    sre = await jobs.save(
        JobPosting(
            client_id=client_id,
            fields=posting_fields(title="Site Reliability Engineer", skills_required=SRE_SKILLS),
        )
    )
    data = await jobs.save(
        JobPosting(client_id=client_id, fields=posting_fields(title="Data Engineer"))
    )
    add_people(window.services.db, [ADA, GRACE])
    return Agency(sre, data, ADA.id, GRACE.id)


async def add_interview(window: MainWindow, agency: Agency, **changes: object) -> Interview:
    """Ada's technical interview for the SRE job, rated as SCORECARD, saved."""
    interview = Interview(
        candidate_id=agency.ada_id,
        job_id=agency.job.id,
        stage="technical",
        date=date(2025, 3, 14),
        interviewer="Maria Schmidt",
        notes=NOTES,
        scorecard=SCORECARD,
    )
    return await window.services.interviews.save(interview.model_copy(update=changes))


def ai_report(markdown: str, *, edited: bool = False) -> FeedbackReport:
    return FeedbackReport(markdown=markdown, ai_drafted=True, edited_by_person=edited)


def interviews_tab(window: MainWindow) -> InterviewsTab:
    """The window's Interviews tab, shown."""
    tab = window.tab(InterviewsTab)
    window.tab_widget.setCurrentWidget(tab)
    return tab


async def tab_settled(window: MainWindow) -> None:
    """Until the Interviews tab's loads, opens and saves are done."""
    tasks = window.tasks
    await wait_for(lambda: not any(tasks.running(name) for name in SETTLING_TASKS), 10)


async def open_in_tab(tab: InterviewsTab, window: MainWindow, interview_id: int) -> None:
    """The tab's list reloaded and `interview_id` opened in the editor."""
    await tab.refresh()
    tab.open_interview(interview_id)
    await tab_settled(window)
    assert tab.editor.interview.id == interview_id


def report_text(tab: InterviewsTab) -> str:
    """The report as the editor shows it (plain text: streamed, or rendered)."""
    editor = tab.editor.feedback.form.field("report").editor  # type: ignore[attr-defined]
    return str(editor.toPlainText())


def feedback_answer(words: int = 120) -> str:
    """A report in the required sections, long enough to be caught mid-stream."""
    filler = " ".join(f"point{i}" for i in range(words))
    return (
        "## Summary\nAda is a careful backend engineer. " + filler + "\n\n"
        "## Technical assessment\nPython is a strength.\n\n"
        "## Communication\nPrecise.\n\n## Culture fit\nNot assessed in this interview.\n\n"
        "## Strengths\n- Python\n\n## Concerns\n- Kubernetes (2/5)\n\n"
        "## Recommendation\nInvite her to the final round. THE END"
    )


class StreamGate:
    """Holds the fake server's next stream before content chunk `at` until `release()`:
    a test looks at the tab mid-stream without timing anything."""

    def __init__(self, fake: FakeOpenAIServer, at: int):
        self.reached, self._released, self._at = threading.Event(), threading.Event(), at
        fake.on_chunk = self._on_chunk

    def _on_chunk(self, index: int) -> None:
        if index == self._at:
            self.reached.set()
            self._released.wait(120)  # never forever: a failing test must not hang the server

    def release(self) -> None:
        self._released.set()
