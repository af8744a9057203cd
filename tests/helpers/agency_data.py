"""A data folder with an agency's work in it, made through the app's own services: two
client companies, a job each, and candidates (two for Acme, one in the agency's own pool)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.analytics.tables import usage_records
from headhunter_desktop.core.domain.job_posting import JobPosting, JobStatus
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.storage.tables import Candidate, ParseStatus
from tests.helpers.app_services import run_on_data_folder
from tests.helpers.job_postings import posting_fields

JOB_SKILLS = ["Python", "PostgreSQL", "Kubernetes"]
ADA_PROFILE = {
    "basics": {"name": "Ada Lovelace", "label": "Backend Engineer"},
    "currentTitle": "Senior Backend Engineer",
    "yearsOfExperience": 9,
    "skills": [{"name": "Python"}, {"name": "PostgreSQL"}],
}


@dataclass(frozen=True)
class Agency:
    """The ids of what `seed_agency` made."""

    acme_id: int
    beta_id: int
    sre_job_id: int  # Acme's open "Site Reliability Engineer" (skills: JOB_SKILLS)
    data_job_id: int  # Acme's draft "Data Engineer"
    beta_job_id: int  # Beta's "Accountant"
    ada_id: int  # Acme's candidate with a parsed profile
    grace_id: int  # Acme's candidate whose CV failed to parse
    linus_id: int  # in the agency's own pool


def seed_agency(folder: Path) -> Agency:
    """Make the agency in data folder `folder`; returns the ids."""
    return run_on_data_folder(folder, _seed)


async def _seed(services: AppServices) -> Agency:
    acme = await services.clients.create("Acme Ltd")
    beta = await services.clients.create("Beta GmbH")
    sre = await _job(services, acme.id, "Site Reliability Engineer", JobStatus.OPEN)
    data_job = await _job(services, acme.id, "Data Engineer", JobStatus.DRAFT)
    beta_job = await _job(services, beta.id, "Accountant", JobStatus.CLOSED)
    people = await services.db.run(lambda session: _people(session, acme.id))
    return Agency(acme.id, beta.id, sre, data_job, beta_job, *people)


async def _job(services: AppServices, client_id: int, title: str, status: JobStatus) -> int:
    fields = posting_fields(title=title, skills_required=JOB_SKILLS)
    saved = await services.jobs.save(JobPosting(client_id=client_id, fields=fields, status=status))
    assert saved.id is not None
    return saved.id


def _people(session: Session, acme_id: int) -> tuple[int, int, int]:
    ada = Candidate(display_name="Ada Lovelace", extracted_text="Ada Lovelace, engineer",
                    profile_json=ADA_PROFILE, parse_status=ParseStatus.DONE,
                    client_company_id=acme_id)  # fmt: skip
    grace = Candidate(display_name="Grace Hopper", extracted_text="Grace Hopper",
                      parse_status=ParseStatus.FAILED, client_company_id=acme_id)  # fmt: skip
    linus = Candidate(display_name="Linus", extracted_text="Linus", parse_status=ParseStatus.DONE)
    session.add_all([ada, grace, linus])
    session.flush()
    return ada.id, grace.id, linus.id


def usage_rows_in(folder: Path, action: str) -> list[dict[str, Any]]:
    """The usage records of `action` in the data folder's usage database, oldest first."""

    async def read(services: AppServices) -> list[dict[str, Any]]:
        query = sa.select(usage_records).where(usage_records.c.action == action)
        with services.usage.engine().connect() as conn:
            rows = conn.execute(query.order_by(usage_records.c.occurred_at))
            return [dict(row._mapping) for row in rows]

    return run_on_data_folder(folder, read)
