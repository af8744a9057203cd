"""A CV import in a child process (to be killed), and what it got done before it died."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

from tests.fakes import FakeOpenAIServer
from tests.fakes.cv_responder import cv_text_of

# Queues a folder and works through the queue; `lease_s` and `host` (empty: this machine)
# configure its import leases, so it can pose as a process on another laptop.
_CHILD = textwrap.dedent(
    """
    import asyncio, os, secrets, sys
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path
    from headhunter_desktop.core.llm.client_factory import ClientOptions
    from headhunter_desktop.core.llm.gateway import LlmGateway
    from headhunter_desktop.core.paths import AppPaths
    from headhunter_desktop.core.services.cv_import import CvImportService, ImportOptions
    from headhunter_desktop.core.services.job_leases import LeaseOptions
    from headhunter_desktop.core.settings import Settings
    from headhunter_desktop.core.storage.database import MainDatabase
    from headhunter_desktop.core.storage.import_leases import LeaseOwner

    base_url, data_dir, folder, lease_s, host = sys.argv[1:6]
    paths = AppPaths(Path(data_dir)).ensure()
    db = MainDatabase(f"sqlite:///{paths.main_db}")

    class Sink:
        def submit(self, record): pass

    owner = LeaseOwner(secrets.token_hex(16), host, os.getpid()) if host else None
    lease = LeaseOptions(duration_s=float(lease_s), owner=owner)
    options = ClientOptions("sk-test-fake", base_url, 30.0, 0)
    gateway = LlmGateway(options=lambda: options, model_for=Settings().model_for, sink=Sink())
    service = CvImportService(db=db, gateway=gateway, paths=paths,
                              extraction_executor=ThreadPoolExecutor(2),
                              options=ImportOptions(parallel=lambda: 2, lease=lease))

    async def main():
        result = await service.enqueue([Path(folder)], None)
        print("queued", len(result.rows), flush=True)
        await service.process()

    asyncio.run(main())
    """
)


def start_import_child(
    server: FakeOpenAIServer, data_dir: Path, folder: Path, lease_s: float = 120.0, host: str = ""
) -> subprocess.Popen[str]:
    """Start the child; it prints `queued N` once the folder is in the queue."""
    args = [server.base_url, str(data_dir), str(folder), str(lease_s), host]
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, *args],
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
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
