"""The ids an `interview` command is given, checked with a message that says where to find
the right one (the app's own "no longer exists" speaks of other windows)."""

from __future__ import annotations

from headhunter_desktop.core.domain.interview import Interview
from headhunter_desktop.core.domain.job_posting import JobPosting
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.app_services import AppServices

NOT_FOUND = "not_found"
# Ids are 64-bit integers in the database: a larger number names nothing (and must not
# reach the database driver, which refuses it with a traceback).
ID_RANGE = range(1, 2**63)


class UnknownIdError(UserFacingError):
    """No candidate, job or interview has the id given."""

    code = "unknown_id"


async def check_candidate(services: AppServices, candidate_id: int) -> str:
    """The candidate's name; UnknownIdError when there is none with that id."""
    found = await services.candidates.summaries([candidate_id]) if candidate_id in ID_RANGE else {}
    if candidate_id not in found:
        raise UnknownIdError(f"There is no candidate {candidate_id}: `cv list` shows the ids.")
    return found[candidate_id].name


async def check_job(services: AppServices, job_id: int) -> JobPosting:
    """The job; UnknownIdError when there is none with that id."""
    try:
        if job_id in ID_RANGE:
            return await services.jobs.get(job_id)
    except UserFacingError as exc:
        if exc.code != NOT_FOUND:
            raise
    raise UnknownIdError(f"There is no job {job_id}: `job list --client NAME` shows the ids.")


async def find_interview(services: AppServices, interview_id: int) -> Interview:
    """The interview; UnknownIdError when there is none with that id."""
    try:
        if interview_id in ID_RANGE:
            return await services.interviews.get(interview_id)
    except UserFacingError as exc:
        if exc.code != NOT_FOUND:
            raise
    raise UnknownIdError(f"There is no interview {interview_id}: `interview list` shows the ids.")
