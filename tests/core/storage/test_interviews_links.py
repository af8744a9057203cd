"""What happens to interviews when what they hang on goes: a deleted job or client leaves
the interview with the candidate (no job), a deleted candidate takes the interviews and
their scorecards along."""

from __future__ import annotations

import sqlalchemy as sa

from headhunter_desktop.core.storage import clients as clients_repo
from headhunter_desktop.core.storage import interviews as repo
from headhunter_desktop.core.storage import jobs as jobs_repo
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.tables import Candidate, InterviewCompetency
from tests.helpers.interview_records import SCORECARD, store_interview, store_records


def test_a_deleted_job_or_client_leaves_the_interview_with_its_candidate(
    main_db: MainDatabase,
) -> None:
    records = store_records(main_db)
    for_sre = store_interview(main_db, records.ada_id, records.sre_job_id)
    for_beta = store_interview(main_db, records.ada_id, records.beta_job_id)
    main_db.run_sync(lambda s: jobs_repo.delete_job(s, records.sre_job_id))
    main_db.run_sync(lambda s: clients_repo.delete_client(s, records.beta_id))

    assert main_db.run_sync(lambda s: repo.list_interviews(s, client_id=records.acme_id)) == []
    left = main_db.run_sync(lambda s: repo.list_interviews(s, candidate_id=records.ada_id))
    assert {row.id for row in left} == {for_sre.id, for_beta.id}
    assert all(row.job_id is None and row.client_name is None for row in left)
    kept = main_db.run_sync(lambda s: repo.get_interview(s, for_sre.id or 0))
    assert kept.scorecard == SCORECARD and kept.notes == for_sre.notes


def test_a_deleted_candidate_takes_interviews_and_scorecards_along(
    main_db: MainDatabase,
) -> None:
    records = store_records(main_db)
    store_interview(main_db, records.grace_id, records.sre_job_id)
    other = store_interview(main_db, records.ada_id, records.sre_job_id)
    main_db.run_sync(
        lambda s: s.execute(sa.delete(Candidate).where(Candidate.id == records.grace_id))
    )

    listed = main_db.run_sync(lambda s: repo.list_interviews(s, job_id=records.sre_job_id))
    assert [row.id for row in listed] == [other.id]
    owners = main_db.run_sync(
        lambda s: set(s.scalars(sa.select(InterviewCompetency.interview_id)).all())
    )
    assert owners == {other.id}
