"""Import job leases: one owner per job, taken over only when that owner is gone."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.storage import import_leases as leases
from headhunter_desktop.core.storage import import_queue as queue
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.import_leases import JobScope, LeaseOwner
from headhunter_desktop.core.storage.tables import ImportJob, ImportState

T0 = datetime(2030, 1, 1, 12, tzinfo=UTC)
LEASE_S = 60.0
HERE = "laptop-a"
A = LeaseOwner("a" * 32, HERE, 101)
B = LeaseOwner("b" * 32, HERE, 202)
ELSEWHERE = LeaseOwner("c" * 32, "laptop-c", 101)  # same pid as A, another machine
EVERYTHING = JobScope()


def _add(db: MainDatabase, n: int, batch: str = "batch") -> list[int]:
    files = [Path(f"/drop/cv_{i}.txt") for i in range(n)]
    return [row.job_id for row in db.run_sync(lambda s: queue.add_jobs(s, batch, files, None))]


def _claim(db: MainDatabase, owner: LeaseOwner, limit: int, now: datetime = T0) -> list[int]:
    return db.run_sync(lambda s: leases.claim_jobs(s, EVERYTHING, owner, now, LEASE_S, limit))


def _owners(db: MainDatabase) -> dict[int, str | None]:
    rows = db.run_sync(lambda s: s.execute(sa.select(ImportJob.id, ImportJob.owner_token)).all())
    return {job_id: token for job_id, token in rows}


def _state(db: MainDatabase, job_id: int) -> ImportState:
    return db.run_sync(lambda s: queue.get_job(s, job_id).state)


def test_a_job_has_one_owner_until_its_lease_runs_out(main_db: MainDatabase) -> None:
    ids = _add(main_db, 5)

    assert _claim(main_db, A, 3) == ids[:3]
    assert _claim(main_db, B, 5) == ids[3:]  # only what A does not hold
    assert _claim(main_db, B, 5) == []
    assert _claim(main_db, B, 5, T0 + timedelta(seconds=LEASE_S - 1)) == []
    # Nobody renewed: past the lease, A's jobs may be taken over (and B's own renewed).
    assert _claim(main_db, B, 5, T0 + timedelta(seconds=LEASE_S + 1)) == ids
    assert set(_owners(main_db).values()) == {B.token}


def test_renewal_keeps_a_lease_and_reports_jobs_taken_over(main_db: MainDatabase) -> None:
    first, second = _add(main_db, 2)
    _claim(main_db, A, 2)
    later = T0 + timedelta(seconds=LEASE_S - 1)
    assert main_db.run_sync(lambda s: leases.renew(s, A, [first, second], later, LEASE_S)) == {
        first,
        second,
    }
    assert _claim(main_db, B, 2, T0 + timedelta(seconds=LEASE_S + 1)) == []  # renewed

    much_later = later + timedelta(seconds=LEASE_S + 1)
    main_db.run_sync(
        lambda s: leases.claim_jobs(s, JobScope(job_ids=frozenset({second})), B, much_later, 9, 1)
    )
    ours = main_db.run_sync(lambda s: leases.renew(s, A, [first, second], much_later, LEASE_S))
    assert ours == {first}


def test_release_frees_jobs_and_restarts_an_interrupted_extraction(main_db: MainDatabase) -> None:
    extracting, parsing = _add(main_db, 2)
    _claim(main_db, A, 2)

    def interrupt(session: Session) -> None:
        queue.set_state(session, extracting, ImportState.EXTRACTING)
        queue.set_state(session, parsing, ImportState.PARSING)

    main_db.run_sync(interrupt)
    main_db.run_sync(lambda s: leases.release(s, A))

    assert _owners(main_db) == {extracting: None, parsing: None}
    assert _state(main_db, extracting) == ImportState.QUEUED
    assert _state(main_db, parsing) == ImportState.PARSING


def test_recovery_frees_only_jobs_whose_owner_is_gone(main_db: MainDatabase) -> None:
    dead_here, live_here, elsewhere, legacy = _add(main_db, 4)
    for owner, job_id in ((B, dead_here), (A, live_here), (ELSEWHERE, elsewhere)):
        main_db.run_sync(
            lambda s, o=owner, j=job_id: leases.claim_jobs(
                s, JobScope(job_ids=frozenset({j})), o, T0, LEASE_S, 1
            )
        )
    for job_id in (dead_here, live_here, elsewhere, legacy):
        main_db.run_sync(lambda s, j=job_id: queue.set_state(s, j, ImportState.EXTRACTING))
    main_db.run_sync(lambda s: leases.release(s, B, []))  # nothing: keeps B's lease
    main_db.run_sync(  # a row left mid-extraction by a version without leases
        lambda s: s.execute(
            sa.update(ImportJob).where(ImportJob.id == legacy).values(owner_token=None)
        )
    )
    asked: list[int] = []

    def alive(pid: int) -> bool:
        asked.append(pid)
        return pid == A.pid

    me = LeaseOwner("d" * 32, HERE, 303)
    freed = main_db.run_sync(lambda s: queue.recover_interrupted(s, me, T0, alive))

    assert freed == 2  # B's process died; the legacy row had no owner at all
    owners = _owners(main_db)
    assert owners[dead_here] is None and _state(main_db, dead_here) == ImportState.QUEUED
    assert owners[live_here] == A.token and _state(main_db, live_here) == ImportState.EXTRACTING
    assert owners[elsewhere] == ELSEWHERE.token  # its lease still runs
    assert _state(main_db, legacy) == ImportState.QUEUED
    assert sorted(asked) == [A.pid, B.pid]  # a pid of another machine means nothing here

    expired = T0 + timedelta(seconds=LEASE_S + 1)
    assert main_db.run_sync(lambda s: queue.recover_interrupted(s, me, expired, alive)) == 2
    assert _owners(main_db)[elsewhere] is None
    assert _state(main_db, elsewhere) == ImportState.QUEUED


def test_concurrent_claims_never_overlap(db_url: str) -> None:
    """Two processes claiming from one queue at once (separate connections and threads)."""
    with MainDatabase(db_url) as first, MainDatabase(db_url) as second:
        _add(first, 40)
        claims: dict[str, list[int]] = {A.token: [], B.token: []}
        start = threading.Barrier(2)

        def drain(db: MainDatabase, owner: LeaseOwner) -> None:
            start.wait()
            while ids := _claim(db, owner, 3):
                claims[owner.token] += ids

        workers = [threading.Thread(target=drain, args=pair) for pair in ((first, A), (second, B))]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)

        assert not set(claims[A.token]) & set(claims[B.token])
        assert sorted(claims[A.token] + claims[B.token]) == sorted(_owners(first))
        assert len(_owners(first)) == 40


def test_held_elsewhere_counts_what_a_run_must_wait_for(main_db: MainDatabase) -> None:
    ids = _add(main_db, 3, batch="mine")
    _claim(main_db, B, 2)
    scope = JobScope(job_ids=frozenset(ids))

    assert main_db.run_sync(lambda s: leases.held_elsewhere(s, scope, A)) == 2
    assert main_db.run_sync(lambda s: leases.held_elsewhere(s, scope, B)) == 0
    main_db.run_sync(lambda s: queue.set_state(s, ids[0], ImportState.DONE))
    assert main_db.run_sync(lambda s: leases.held_elsewhere(s, JobScope("mine"), A)) == 1


def test_a_file_queued_again_resumes_its_unfinished_job(main_db: MainDatabase) -> None:
    queued, parsing, done = _add(main_db, 3, batch="first")
    sha = "5" * 64
    main_db.run_sync(lambda s: queue.set_state(s, parsing, ImportState.PARSING, sha256=sha))
    main_db.run_sync(lambda s: queue.set_state(s, done, ImportState.DONE, sha256="d" * 64))
    files = [
        (Path("/drop/cv_0.txt"), "0" * 64),  # never read before: known by its path
        (Path("/moved/cv_1.txt"), sha),  # copied before: known by its bytes
        (Path("/drop/cv_2.txt"), "d" * 64),  # finished: a new job (it ends as a duplicate)
    ]

    rows, resumed = main_db.run_sync(lambda s: queue.add_or_resume(s, "second", files, None))

    assert resumed == [queued, parsing]
    assert [r.job_id for r in rows][:2] == [queued, parsing]
    assert rows[2].job_id not in (queued, parsing, done) and rows[2].batch_id == "second"
    assert rows[1].source_path == "/drop/cv_1.txt"  # the job keeps its own history


def test_a_drop_larger_than_one_lookup_finds_every_unfinished_job(main_db: MainDatabase) -> None:
    # Earlier jobs are looked up for the whole drop at once, some hundreds at a time.
    earlier = _add(main_db, 1_200, batch="first")
    main_db.run_sync(
        lambda s: queue.set_state(s, earlier[1_100], ImportState.PARSING, sha256="b" * 64)
    )
    finished = [j for j in earlier[:1_100] if j not in (earlier[3], earlier[700])]
    main_db.run_sync(
        lambda s: s.execute(
            sa.update(ImportJob).where(ImportJob.id.in_(finished)).values(state=ImportState.DONE)
        )
    )
    files = [(Path(f"/drop/cv_{i}.txt"), None) for i in range(1_100)]
    files += [(Path("/elsewhere/renamed.txt"), "b" * 64), (Path("/elsewhere/copy.txt"), "b" * 64)]

    rows, resumed = main_db.run_sync(lambda s: queue.add_or_resume(s, "second", files, None))

    assert resumed == [earlier[3], earlier[700], earlier[1_100]]
    assert [rows[3].job_id, rows[700].job_id, rows[1_100].job_id] == resumed
    assert rows[1_101].job_id not in earlier  # the same bytes twice: the second is a new job
    assert sum(row.batch_id == "second" for row in rows) == len(files) - 3
