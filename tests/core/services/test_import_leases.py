"""Processes sharing one data folder: every CV is parsed once (import job leases), and a
file whose import never finished is resumed, not reported as a duplicate."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sqlite3
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from headhunter_desktop.core.services.cv_import import EnqueueResult
from headhunter_desktop.core.services.job_leases import LeaseOptions
from headhunter_desktop.core.storage.tables import Candidate, ImportJob, ImportState
from tests.fakes import ErrorReply, FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder
from tests.helpers.cv_files import write_txt_cvs
from tests.helpers.import_child import emails_asked, parsed_so_far, start_import_child
from tests.helpers.import_pipeline import ImportEnv, make_env
from tests.helpers.waiting import block_until

FAST_POLL = LeaseOptions(poll_s=0.05)


def _people(env: ImportEnv) -> list[Candidate]:
    return env.db.run_sync(lambda s: list(s.scalars(sa.select(Candidate))))


def test_two_processes_on_one_folder_parse_each_cv_once(
    fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    fake_openai.latency = 0.05
    folder, data = tmp_path / "cvs", tmp_path / "data"
    write_txt_cvs(folder, 20)
    # Each its own database connection, thread, gateway and lease owner: two processes.
    cli = make_env(fake_openai, data, parallel=2, lease=FAST_POLL)
    gui = make_env(fake_openai, data, parallel=2, lease=FAST_POLL)

    async def side_by_side() -> tuple[list[int], list[int], list[int]]:
        try:
            queued = await cli.service.enqueue([folder], None)
            # A window opens while the command line imports: its start-up run takes up
            # the whole queue at the same moment.
            cli_rows, gui_rows = await asyncio.gather(
                cli.service.process(job_ids=queued.job_ids), gui.service.process()
            )
            return queued.job_ids, [r.job_id for r in cli_rows], [r.job_id for r in gui_rows]
        finally:
            await cli.gateway.aclose()
            await gui.gateway.aclose()

    try:
        queued, by_cli, by_gui = asyncio.run(side_by_side())
        people = _people(cli)
        final = _job_states(cli)
    finally:
        cli.db.close()
        gui.db.close()

    assert len(fake_openai.chat_requests()) == 20
    assert set(emails_asked(fake_openai).values()) == {1}
    assert len(people) == 20 and {p.parse_status for p in people} == {"done"}
    worked = Counter(by_cli + by_gui)
    assert sorted(worked) == sorted(queued) and set(worked.values()) == {1}  # each by one
    assert final == [ImportState.DONE] * 20


def test_a_dead_process_elsewhere_is_taken_over_once_its_lease_expires(
    fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    """A laptop sharing the queue is killed: its pid means nothing here, its lease does."""
    fake_openai.responder = cv_profile_responder
    fake_openai.latency = 0.3
    folder, data = tmp_path / "cvs", tmp_path / "data"
    write_txt_cvs(folder, 12)
    child = start_import_child(fake_openai, data, folder, lease_s=2.0, host="laptop-elsewhere")
    assert child.stdout is not None and child.stdout.readline().startswith("queued 12")
    block_until(lambda: parsed_so_far(data / "headhunter.db") >= 2 or child.poll() is not None, 60)
    assert child.poll() is None, "the import ended before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert _held_by(data / "headhunter.db", "laptop-elsewhere") >= 1  # left holding jobs

    env = make_env(fake_openai, data, parallel=2, lease=LeaseOptions(duration_s=2.0, poll_s=0.05))
    try:
        parsed_before = {p.email_normalized for p in _people(env) if p.profile_json is not None}
        fake_openai.latency = 0.0
        env.run(env.service.process())  # waits out the dead owner's lease, then takes over
        people = _people(env)
        states = _job_states(env)
    finally:
        env.db.close()

    assert states == [ImportState.DONE] * 12
    assert len(people) == 12 and {p.parse_status for p in people} == {"done"}
    asked = emails_asked(fake_openai)
    assert set(asked) == {p.email_normalized for p in people}
    assert all(asked[email] == 1 for email in parsed_before)
    assert all(count <= 2 for count in asked.values())  # at most the one lost in flight


def test_a_file_whose_parse_failed_is_resumed_when_queued_again(
    import_env: ImportEnv, tmp_path: Path
) -> None:
    [cv] = write_txt_cvs(tmp_path / "cvs", 1)
    import_env.server.queue(ErrorReply(500, "The server had an error"))
    service = import_env.service

    async def twice() -> tuple[EnqueueResult, EnqueueResult]:
        first = await service.enqueue([cv], None)
        await service.process(job_ids=first.job_ids)
        assert _job_states(import_env) == [ImportState.FAILED]
        again = await service.enqueue([cv], None)
        await service.process(job_ids=again.job_ids)
        return first, again

    first, again = import_env.run(twice())

    assert again.resumed_job_ids == frozenset(first.job_ids)  # the same job, not a duplicate
    assert again.job_ids == first.job_ids
    assert _job_states(import_env) == [ImportState.DONE]
    people = _people(import_env)
    assert len(people) == 1 and people[0].parse_status == "done"


def _job_states(env: ImportEnv) -> list[ImportState]:
    return env.db.run_sync(
        lambda s: list(s.scalars(sa.select(ImportJob.state).order_by(ImportJob.id)))
    )


def _held_by(db_file: Path, host: str) -> int:
    with contextlib.closing(sqlite3.connect(db_file, timeout=5)) as conn:
        query = "SELECT count(*) FROM import_jobs WHERE owner_host = ?"
        return conn.execute(query, (host,)).fetchone()[0]
