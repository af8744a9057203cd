"""The feedback exported as Markdown: who, for which job and client, when, the scorecard
as a table, the report as written, and where the report came from."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from datetime import UTC, datetime
from typing import Any, TypeVar

import pytest

from headhunter_desktop.core.domain.interview import Competency, FeedbackReport
from headhunter_desktop.core.services.interview_export import provenance
from headhunter_desktop.core.services.interviews import InterviewService
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.errors import NotFoundError
from tests.fakes import FakeOpenAIServer
from tests.helpers.gateway import RecordingSink, make_gateway
from tests.helpers.interview_records import Records, store_interview, store_records

T = TypeVar("T")
REPORT = "## Summary\nCalm and precise.\n\n## Concerns\n- Python (2/5): concurrency."
DRAFT = FeedbackReport(
    markdown=REPORT,
    ai_drafted=True,
    generated_at=datetime(2025, 3, 15, 9, 30, tzinfo=UTC),
    model="gpt-4o-mini",
)


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


@pytest.fixture
def records(db: MainDatabase) -> Records:
    return store_records(db)


@pytest.fixture
def interviews(db: MainDatabase, fake_openai: FakeOpenAIServer) -> InterviewService:
    return InterviewService(db, make_gateway(fake_openai, RecordingSink()))


def test_the_export_shows_the_facts_the_scorecard_and_the_report(
    db: MainDatabase, records: Records, interviews: InterviewService
) -> None:
    scorecard = [
        Competency(name="Python", rating=2, comment="Shaky | on *concurrency*"),
        Competency(name="Culture fit"),
    ]
    interview = store_interview(
        db, records.ada_id, records.sre_job_id, scorecard=scorecard, feedback=DRAFT
    )
    data = run(interviews.export_data(interview.id or 0))
    assert (data.client_name, data.candidate_name) == ("Acme Ltd", "Ada Lovelace")
    assert data.job_title == "Site Reliability Engineer" and data.interview == interview

    assert interviews.export_markdown(data) == (
        "# Interview feedback: Ada Lovelace\n\n"
        "- **Client:** Acme Ltd\n"
        "- **Candidate:** Ada Lovelace\n"
        "- **Job:** Site Reliability Engineer\n"
        "- **Stage:** Technical\n"
        "- **Date:** 2025-03-14\n"
        "- **Interviewer:** Margaret Hamilton\n"
        "- **Outcome:** Hold\n\n"
        "## Scorecard\n\n"
        "| Competency | Rating | Comment |\n"
        "| --- | --- | --- |\n"
        "| Python | 2/5 | Shaky \\| on \\*concurrency\\* |\n"
        "| Culture fit | not rated |  |\n\n"
        f"{REPORT}\n\n"
        "_AI-drafted from the interviewer's notes and scores on 2025-03-15; not edited since._\n"
    )


def test_an_interview_without_job_or_report_says_so(
    db: MainDatabase, records: Records, interviews: InterviewService
) -> None:
    interview = store_interview(
        db, records.linus_id, None, scorecard=[], outcome=None, date=None, interviewer="",
        stage="Bar raiser",
    )  # fmt: skip
    markdown = interviews.export_markdown(run(interviews.export_data(interview.id or 0)))
    for line in (
        "- **Client:** —", "- **Job:** —", "- **Stage:** Bar raiser", "- **Date:** not set",
        "- **Interviewer:** —", "- **Outcome:** not decided", "_No competencies were scored._",
        "_No feedback report has been written yet._", "_No report yet._",
    ):  # fmt: skip
        assert line in markdown.splitlines()
    with pytest.raises(NotFoundError):
        run(interviews.export_data(999))


def test_the_provenance_line_says_who_wrote_the_report() -> None:
    edited = DRAFT.model_copy(update={"edited_by_person": True})
    by_hand = FeedbackReport(markdown="Mine.")
    assert provenance(edited) == (
        "AI-drafted from the interviewer's notes and scores; edited by a person."
    )
    assert provenance(by_hand) == "Written by a person."
    assert provenance(FeedbackReport()) == "No report yet."
