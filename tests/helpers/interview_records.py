"""Interviews with everything they hang on, stored straight in a main database: Acme Ltd
(profile, voice, the UUID its budget is set under) and Beta GmbH, a job each, and
candidates with a parsed CV, with only CV text, and with neither."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from headhunter_desktop.core.domain.client_profile import ClientProfile, FineTuning
from headhunter_desktop.core.domain.interview import Competency, Interview, Outcome
from headhunter_desktop.core.domain.job_posting import JobPosting, JobPostingDraft
from headhunter_desktop.core.services.clients import ClientService
from headhunter_desktop.core.storage import interviews as interviews_repo
from headhunter_desktop.core.storage import jobs as jobs_repo
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.tables import Candidate, ParseStatus
from tests.helpers.main_db import store_client
from tests.helpers.spending import ACME_UUID

ACME_PROFILE = ClientProfile(
    name="Acme Ltd",
    description="Acme builds signalling software for regional railways.",
    culture="Small teams who write things down.",
    fine_tuning=FineTuning(tone="plain and kind", words_to_avoid=["rockstar"]),
)
SRE_FIELDS = JobPostingDraft(
    title="Site Reliability Engineer",
    responsibilities=["Keep 400 stations online", "Run the on-call rota"],
    qualifications=["Five years running Linux in production"],
    preferred_qualifications=["Experience with railway signalling"],
    skills_required=["Python", "Kubernetes", " python ", "PostgreSQL"],
)
ADA_PROFILE = {
    "basics": {"name": "Ada Lovelace", "label": "Backend Engineer"},
    "currentTitle": "Senior Backend Engineer",
    "yearsOfExperience": 9,
    "skills": [{"name": "Python", "keywords": ["FastAPI"]}, {"name": "PostgreSQL"}],
    "work": [
        {
            "name": "Analytical Engines Ltd",
            "position": "Lead Engineer",
            "startDate": "2019-02",
            "highlights": ["Cut deploy time from hours to minutes"],
        }
    ],
}
NOTES = (
    "Walked through the outage at her last job step by step. Could not explain Python's GIL. "
    "Asked sharp questions about the on-call rota."
)
SCORECARD = [
    Competency(name="Python", rating=2, comment="Shaky on concurrency"),
    Competency(name="Kubernetes", rating=5, comment="Ran clusters for years"),
    Competency(name="PostgreSQL", rating=3),
    Competency(name="Communication", rating=4, comment="Clear and calm"),
    Competency(name="Culture fit"),
]


@dataclass(frozen=True)
class Records:
    """The ids of what `store_records` made."""

    acme_id: int
    beta_id: int
    sre_job_id: int  # Acme's, with SRE_FIELDS
    beta_job_id: int  # Beta's "Accountant"
    ada_id: int  # a parsed CV (ADA_PROFILE)
    grace_id: int  # CV text only: her CV failed to parse
    linus_id: int  # no CV text at all, in the agency's own pool


def store_records(db: MainDatabase) -> Records:
    """The clients, jobs and candidates, stored in `db`."""
    acme = store_client(db, "Acme Ltd", ACME_UUID)
    asyncio.run(ClientService(db).save_profile(acme, ACME_PROFILE))
    beta = store_client(db, "Beta GmbH")
    sre = store_job(db, acme, SRE_FIELDS)
    accountant = store_job(db, beta, JobPostingDraft(title="Accountant"))
    ada = store_candidate(db, "Ada Lovelace", profile=ADA_PROFILE, client_id=acme)
    grace = store_candidate(db, "Grace Hopper", text="Grace Hopper. COBOL, compilers, Navy.")
    linus = store_candidate(db, "Linus")
    return Records(acme, beta, sre, accountant, ada, grace, linus)


def store_job(db: MainDatabase, client_id: int, fields: JobPostingDraft) -> int:
    """A job of the client; its id."""
    job = JobPosting(client_id=client_id, fields=fields)
    saved = db.run_sync(lambda s: jobs_repo.save_job(s, job))
    assert saved.id is not None
    return saved.id


def store_candidate(
    db: MainDatabase,
    name: str,
    *,
    profile: dict[str, Any] | None = None,
    text: str | None = None,
    client_id: int | None = None,
) -> int:
    """A candidate (parsed when a profile is given); its id."""
    status = ParseStatus.DONE if profile else ParseStatus.FAILED
    row = Candidate(
        display_name=name,
        profile_json=profile,
        extracted_text=text,
        parse_status=status,
        client_company_id=client_id,
    )

    def add(session: Session) -> int:
        session.add(row)
        session.flush()
        return row.id

    return db.run_sync(add)


def store_interview(
    db: MainDatabase, candidate_id: int, job_id: int | None, **fields: object
) -> Interview:
    """A technical interview on 14 March 2025 with NOTES and SCORECARD unless `fields` say
    otherwise; returned as stored."""
    values: dict[str, object] = {
        "candidate_id": candidate_id,
        "job_id": job_id,
        "stage": "technical",
        "date": date(2025, 3, 14),
        "interviewer": "Margaret Hamilton",
        "notes": NOTES,
        "scorecard": SCORECARD,
        "outcome": Outcome.HOLD,
    }
    interview = Interview.model_validate(values | fields)
    return db.run_sync(lambda s: interviews_repo.save_interview(s, interview))
