"""Migration 0007: the import queue keeps what reading each file warned of."""

from __future__ import annotations

import sqlalchemy as sa

from headhunter_desktop.core.storage import import_queue as queue
from headhunter_desktop.core.storage import migrate
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.tables import ImportJob
from tests.helpers.main_db import create_at_revision

T0 = "'2024-01-01 10:00:00'"
SEED_0006 = [
    "INSERT INTO import_jobs (id, batch_id, source_path, state, attempts, created_at, "
    f"updated_at) VALUES (1, 'b1', '/cvs/jane.pdf', 'done', 0, {T0}, {T0})"
]


def test_rows_of_earlier_imports_have_no_warnings_and_new_ones_keep_theirs(db_url: str) -> None:
    create_at_revision(db_url, "0006", SEED_0006)
    with MainDatabase(db_url) as db:
        revision = db.run_sync(lambda s: migrate.current_revision(s.connection()))
        [old] = db.run_sync(lambda s: queue.list_rows(s))
        warnings = ["the text was cut to the first 200,000 characters", "words  are\trun together"]
        db.run_sync(
            lambda s: s.execute(sa.update(ImportJob).values(warnings=queue.warnings_text(warnings)))
        )
        [new] = db.run_sync(lambda s: queue.list_rows(s))
    assert revision == migrate.head_revision()
    assert old.warnings == ()
    # One warning a line, each on one line whatever it held.
    assert new.warnings == (warnings[0], "words are run together")
    assert queue.warnings_text([]) is None
