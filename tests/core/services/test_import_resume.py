"""Killed mid-batch (SIGKILL), the import resumes at the next start, parsing nothing twice."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

import sqlalchemy as sa

from headhunter_desktop.core.storage.tables import Candidate, ImportState
from tests.fakes import FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder, cv_text_of
from tests.helpers.cv_files import write_txt_cvs
from tests.helpers.import_pipeline import make_env
from tests.helpers.waiting import block_until

CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path
    from headhunter_desktop.core.llm.client_factory import ClientOptions
    from headhunter_desktop.core.llm.gateway import LlmGateway
    from headhunter_desktop.core.paths import AppPaths
    from headhunter_desktop.core.services.cv_import import CvImportService, ImportOptions
    from headhunter_desktop.core.settings import Settings
    from headhunter_desktop.core.storage.database import MainDatabase

    base_url, data_dir, folder = sys.argv[1:4]
    paths = AppPaths(Path(data_dir)).ensure()
    db = MainDatabase(f"sqlite:///{paths.main_db}")

    class Sink:
        def submit(self, record): pass

    options = ClientOptions("sk-test-fake", base_url, 30.0, 0)
    gateway = LlmGateway(options=lambda: options, model_for=Settings().model_for, sink=Sink())
    service = CvImportService(db=db, gateway=gateway, paths=paths,
                              extraction_executor=ThreadPoolExecutor(2),
                              options=ImportOptions(parallel=lambda: 2))

    async def main():
        result = await service.enqueue([Path(folder)], None)
        print("queued", len(result.rows), flush=True)
        await service.process()

    asyncio.run(main())
    """
)


def parsed_so_far(db_file: Path) -> int:
    """Candidates whose parsed profile the child has committed (read while it writes)."""
    if not db_file.exists():
        return 0
    with contextlib.closing(sqlite3.connect(db_file, timeout=5)) as conn:
        try:
            query = "SELECT count(*) FROM candidates WHERE profile_json IS NOT NULL"
            return conn.execute(query).fetchone()[0]
        except sqlite3.OperationalError:  # tables not created yet
            return 0


def emails_asked(server: FakeOpenAIServer) -> Counter[str]:
    """How many parse requests the server saw per CV (the CV's e-mail identifies it)."""
    counts: Counter[str] = Counter()
    for request in server.chat_requests():
        text = cv_text_of(request.body or {})
        if text:
            counts[next(w for w in text.split() if "@" in w)] += 1
    return counts


def test_sigkill_mid_batch_then_resume(fake_openai: FakeOpenAIServer, tmp_path: Path) -> None:
    fake_openai.responder = cv_profile_responder
    fake_openai.latency = 0.3
    write_txt_cvs(tmp_path / "cvs", 12)
    data = tmp_path / "data"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, fake_openai.base_url, str(data), str(tmp_path / "cvs")],
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    assert child.stdout is not None and child.stdout.readline().startswith("queued 12")
    # Some parsed, others in flight (or the child died: then the assert below says so).
    block_until(lambda: parsed_so_far(data / "headhunter.db") >= 2 or child.poll() is not None, 60)
    assert child.poll() is None, "the import ended before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.wait()

    env = make_env(fake_openai, data, parallel=2)
    try:
        parsed_before = env.db.run_sync(
            lambda s: set(
                s.scalars(
                    sa.select(Candidate.email_normalized).where(Candidate.profile_json.is_not(None))
                )
            )
        )
        assert 1 <= len(parsed_before) < 12
        fake_openai.latency = 0.0
        rows = env.run(env.service.process())  # what the app runs at its next start
        assert rows and all(r.state == ImportState.DONE for r in rows)
        people = env.db.run_sync(lambda s: list(s.scalars(sa.select(Candidate))))
        assert len(people) == 12 and all(p.parse_status == "done" for p in people)
        assert len({p.email_normalized for p in people}) == 12
        asked = emails_asked(fake_openai)
        assert set(asked) == {p.email_normalized for p in people}
        for email in parsed_before:
            assert asked[email] == 1, f"{email} was parsed again after the restart"
        assert all(count <= 2 for count in asked.values())  # at most the one lost in flight
    finally:
        env.db.close()
