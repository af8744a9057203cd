"""InterviewService: interviews kept with their scorecards, listed per client, candidate
and job, checked on saving; default scorecards from the job's required skills."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from datetime import date
from typing import Any, TypeVar

import pytest
from pydantic import ValidationError

from headhunter_desktop.core.domain.interview import (
    Competency,
    FeedbackReport,
    Interview,
    Outcome,
    default_competencies,
    stage_label,
)
from headhunter_desktop.core.services.interviews import InterviewService
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.errors import InvalidInputError, NotFoundError
from tests.fakes import FakeOpenAIServer
from tests.helpers.gateway import RecordingSink, make_gateway
from tests.helpers.interview_records import (
    SCORECARD,
    Records,
    store_interview,
    store_records,
)

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


@pytest.fixture
def records(db: MainDatabase) -> Records:
    return store_records(db)


@pytest.fixture
def interviews(db: MainDatabase, fake_openai: FakeOpenAIServer) -> Iterator[InterviewService]:
    yield InterviewService(db, make_gateway(fake_openai, RecordingSink()))


def test_an_interview_is_saved_read_updated_and_deleted(
    records: Records, interviews: InterviewService
) -> None:
    report = FeedbackReport(markdown="## Summary\nSolid.", ai_drafted=True, model="gpt-4o-mini")
    new = Interview(
        candidate_id=records.ada_id,
        job_id=records.sre_job_id,
        stage=" Technical ",
        date=date(2025, 3, 14),
        interviewer="  Margaret   Hamilton ",
        notes="Talked about outages.",
        scorecard=SCORECARD,
        outcome=Outcome.PASS,
        feedback=report,
    )
    saved = run(interviews.save(new))
    assert saved.id is not None
    assert saved == new.model_copy(
        update={"id": saved.id, "stage": "technical", "interviewer": "Margaret Hamilton"}
    )
    assert run(interviews.get(saved.id)) == saved

    # Reordered, one renamed in case only, one rated, one gone, one new: kept as given.
    python, kubernetes, _postgres, _communication, culture = saved.scorecard
    scorecard = [
        culture.model_copy(update={"rating": 4, "comment": "Likes writing things down"}),
        python.model_copy(update={"name": "PYTHON"}),
        kubernetes,
        Competency(name="Go", rating=1),
    ]
    changed = saved.model_copy(
        update={"scorecard": scorecard, "outcome": None, "stage": "Bar raiser", "date": None}
    )
    assert run(interviews.save(changed)) == changed
    assert run(interviews.get(saved.id)) == changed

    run(interviews.delete(saved.id))
    with pytest.raises(NotFoundError):
        run(interviews.get(saved.id))
    run(interviews.delete(saved.id))  # gone already: nothing to do
    with pytest.raises(NotFoundError):
        run(interviews.save(changed))


def test_saving_refuses_what_the_interview_cannot_be(
    records: Records, interviews: InterviewService
) -> None:
    valid = Interview(candidate_id=records.ada_id, job_id=records.sre_job_id)

    def refused(interview: Interview, reason: str) -> None:
        with pytest.raises(InvalidInputError, match=reason):
            run(interviews.save(interview))

    refused(valid.model_copy(update={"candidate_id": 999}), "no candidate 999")
    refused(valid.model_copy(update={"job_id": 999}), "no job 999")
    refused(valid.model_copy(update={"stage": "  "}), "needs a stage")
    refused(valid.model_copy(update={"stage": "x" * 51}), "at most 50 characters")
    # Lists of a model can change after it was built: checked again on saving.
    seven = Competency.model_construct(name="Python", rating=7, comment="")
    refused(valid.model_copy(update={"scorecard": [seven]}), "Python: a rating is 1 to 5")
    twice = valid.model_copy(update={"scorecard": [Competency(name="Python")]})
    twice.scorecard.append(Competency(name=" python", rating=3))
    refused(twice, "names 'python' twice")
    assert run(interviews.list_for_candidate(records.ada_id)) == []


def test_the_domain_refuses_bad_values_when_they_are_made() -> None:
    with pytest.raises(ValidationError):
        Competency(name="Python", rating=0)
    with pytest.raises(ValidationError, match="needs a name"):
        Competency(name="   ")
    with pytest.raises(ValidationError, match="names 'SQL' twice"):
        Interview(candidate_id=1, scorecard=[Competency(name="sql"), Competency(name="SQL")])
    assert Competency(name="  Culture \n fit ", comment=" good ") == Competency(
        name="Culture fit", comment="good"
    )
    assert Interview(candidate_id=1, stage="FINAL").stage == "final"  # a preset
    assert Interview(candidate_id=1, stage="Bar  raiser").stage == "Bar raiser"  # custom
    assert (stage_label("final"), stage_label("Bar raiser")) == ("Final", "Bar raiser")


def test_lists_are_per_client_candidate_and_job_newest_date_first(
    db: MainDatabase, records: Records, interviews: InterviewService
) -> None:
    def add(candidate: int, job: int | None, day: date | None, **fields: Any) -> int:
        saved = store_interview(db, candidate, job, date=day, **fields)
        assert saved.id is not None
        return saved.id

    undated = add(records.ada_id, records.sre_job_id, None, outcome=None)
    march = add(records.grace_id, records.sre_job_id, date(2025, 3, 1))
    april = add(records.ada_id, records.sre_job_id, date(2025, 4, 1), stage="final")
    beta = add(records.ada_id, records.beta_job_id, date(2025, 5, 1))
    no_job = add(records.ada_id, None, date(2025, 2, 1))
    also_march = add(records.linus_id, records.sre_job_id, date(2025, 3, 1))
    # The same date: the one changed last comes first, and saving the feedback changes it.
    run(
        interviews.save_feedback(
            march, "## Summary\nFine.", ai_drafted=False, edited_by_person=False
        )
    )

    acme = run(interviews.list_for_client(records.acme_id))
    assert [s.id for s in acme] == [april, march, also_march, undated]
    assert [s.id for s in run(interviews.list_for_job(records.sre_job_id))] == [
        april, march, also_march, undated,
    ]  # fmt: skip
    assert [s.id for s in run(interviews.list_for_candidate(records.ada_id))] == [
        beta, april, no_job, undated,
    ]  # fmt: skip
    first = acme[0]
    assert (first.candidate_id, first.candidate_name) == (records.ada_id, "Ada Lovelace")
    assert (first.job_id, first.job_title) == (records.sre_job_id, "Site Reliability Engineer")
    assert (first.client_id, first.client_name) == (records.acme_id, "Acme Ltd")
    assert (first.stage, first.date, first.outcome) == ("final", date(2025, 4, 1), Outcome.HOLD)
    assert first.interviewer == "Margaret Hamilton" and first.updated_at.tzinfo is not None
    assert [s.has_feedback for s in acme] == [False, True, False, False]
    by_id = {s.id: s for s in run(interviews.list_for_candidate(records.ada_id))}
    assert (by_id[no_job].job_title, by_id[no_job].client_name) == (None, None)
    assert by_id[beta].client_name == "Beta GmbH" and by_id[undated].outcome is None


def test_the_default_scorecard_is_the_jobs_skills_then_communication_and_culture_fit(
    records: Records, interviews: InterviewService
) -> None:
    names = [c.name for c in run(interviews.default_scorecard(records.sre_job_id))]
    assert names == ["Python", "Kubernetes", "PostgreSQL", "Communication", "Culture fit"]
    assert all(c.rating is None for c in run(interviews.default_scorecard(records.sre_job_id)))
    assert [c.name for c in run(interviews.default_scorecard(None))] == [
        "Communication", "Culture fit",
    ]  # fmt: skip
    with pytest.raises(NotFoundError):
        run(interviews.default_scorecard(999))

    # Twelve skills at most: this "communication" comes too late to count as given.
    many = [f"Skill {n}" for n in range(20)] + ["communication", "  "]
    defaults = default_competencies(many)
    assert [c.name for c in defaults] == [f"Skill {n}" for n in range(12)] + [
        "Communication", "Culture fit",
    ]  # fmt: skip
    assert [c.name for c in default_competencies(["communication", "SQL"])] == [
        "communication", "SQL", "Culture fit",
    ]  # fmt: skip


def test_a_refusal_says_what_is_wrong_in_words(
    records: Records, interviews: InterviewService
) -> None:
    valid = Interview(candidate_id=records.ada_id)
    long_name = valid.model_copy(update={"interviewer": "M" * 201})
    with pytest.raises(InvalidInputError, match=r"^An interviewer's name has at most 200"):
        run(interviews.save(long_name))
    long_competency = Competency.model_construct(name="x" * 101, rating=None, comment="")
    with pytest.raises(InvalidInputError, match=r"^A competency name has at most 100"):
        run(interviews.save(valid.model_copy(update={"scorecard": [long_competency]})))
    saved = run(interviews.save(valid))
    assert (saved.job_id, saved.stage, saved.scorecard) == (None, "screening", [])
