"""The pool watcher sees every commit to the main database: this process's own sessions,
another connection, and another process (the command line on the same data) — on SQLite
and on PostgreSQL — and stays quiet while nothing is written."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap

from headhunter_desktop.core.services.pool_watch import PoolWatch
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.tables import Candidate, ClientCompany, ImportJob, name_key
from tests.helpers.candidates import Person, add_people

# Another process adds a client company, as `client add` on the command line would.
_WRITER = textwrap.dedent(
    """
    import os
    from headhunter_desktop.core.storage.database import MainDatabase
    from headhunter_desktop.core.storage.tables import ClientCompany, name_key

    with MainDatabase(os.environ["WATCHED_DB_URL"]) as db:
        client = ClientCompany(name="Elsewhere", name_key=name_key("Elsewhere"))
        db.run_sync(lambda s: s.add(client))
    """
)


def _write_from_another_process(url: str) -> None:
    env = dict(os.environ, WATCHED_DB_URL=url)  # not in argv: a server URL may hold a password
    subprocess.run([sys.executable, "-c", _WRITER], env=env, check=True, timeout=120)


def test_the_watcher_sees_commits_from_anywhere_and_nothing_else(
    main_db: MainDatabase, db_url: str
) -> None:
    watch = PoolWatch(main_db)
    try:
        asyncio.run(_watch_the_writers(watch, main_db, db_url))
    finally:
        watch.close()


async def _watch_the_writers(watch: PoolWatch, main_db: MainDatabase, db_url: str) -> None:
    assert not await watch.changed()  # the first look only takes note
    assert not await watch.changed()
    assert not await watch.changed()  # reading is no change
    await main_db.run(lambda s: s.scalar(Candidate.__table__.select().limit(1)))
    assert not await watch.changed()

    add_people(main_db, [Person(1, "Ada Lovelace", "Python developer")])  # this process
    assert await watch.changed()
    assert not await watch.changed()

    with MainDatabase(db_url) as other:  # another connection (another engine) edits
        other.run_sync(lambda s: setattr(s.get(Candidate, 1), "display_name", "Ada King"))
    assert await watch.changed()
    assert not await watch.changed()

    _write_from_another_process(db_url)
    assert await watch.changed()
    assert not await watch.changed()
    names = await main_db.run(lambda s: [c.name for c in s.query(ClientCompany)])
    assert names == ["Elsewhere"]


def test_closing_gives_the_connection_back_and_a_later_look_starts_afresh(
    main_db: MainDatabase,
) -> None:
    watch = PoolWatch(main_db)
    assert not asyncio.run(watch.changed())
    watch.close()
    watch.close()
    assert not asyncio.run(watch.changed())  # takes note again
    main_db.run_sync(lambda s: s.add(ClientCompany(name="Later", name_key=name_key("Later"))))
    assert asyncio.run(watch.changed())
    watch.close()


def test_the_signature_reads_the_newest_change_from_an_index(main_db: MainDatabase) -> None:
    # On PostgreSQL the watcher reads max(updated_at) of three tables after every write the
    # server finishes; a scan of 100,000 candidates' rows each time would load the server.
    rows = range(3000)
    many = {
        Candidate: [
            {"display_name": f"Person {n}", "profile_edited_fields": [], "parse_status": "done"}
            for n in rows
        ],
        ImportJob: [
            {"batch_id": "b", "source_path": f"/cvs/{n}.pdf", "state": "done"} for n in rows
        ],
        ClientCompany: [
            {"name": f"Client {n}", "name_key": name_key(f"Client {n}"), "uuid": f"uuid-{n}"}
            for n in rows
        ],
    }
    for table, values in many.items():
        main_db.run_sync(lambda s, t=table, v=values: s.execute(t.__table__.insert(), v))
    with main_db.engine.connect() as conn:
        postgres = conn.dialect.name == "postgresql"
        if postgres:
            conn.exec_driver_sql("ANALYZE")
        for table in ("candidates", "import_jobs", "client_companies"):
            newest = f"SELECT max(updated_at) FROM {table}"
            explain = "EXPLAIN " if postgres else "EXPLAIN QUERY PLAN "
            plan = " ".join(str(row) for row in conn.exec_driver_sql(explain + newest))
            assert f"ix_{table}_updated_at" in plan, plan
