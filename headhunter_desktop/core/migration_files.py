"""Which schema revisions a build knows and which one a database holds, without Alembic.

Alembic with what it imports (mako, pygments) costs ~120 ms at every start and every
command, and is needed only when a database is behind. Opening compares the database's
stamp with the revision files first and imports Alembic only to migrate. A revision id is
the four-digit prefix of its file, in one numbered line (tests/core/storage/
test_migrations.py checks each file's `revision` and `down_revision` against it).
"""

from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy as sa

from headhunter_desktop.core.errors import DatabaseError

_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")


def revision_ids(versions_dir: Path) -> tuple[str, ...]:
    """The revision ids of the files in `versions_dir`, oldest first."""
    found = (_REVISION_FILE.match(path.name) for path in versions_dir.iterdir())
    return tuple(sorted(match.group(1) for match in found if match))


def stamped_revision(connection: sa.Connection, version_table: str) -> str | None:
    """The revision stamped in the database's `version_table`; None when it has none."""
    if not sa.inspect(connection).has_table(version_table):
        return None
    version = sa.column("version_num", sa.String())
    query = sa.select(version).select_from(sa.table(version_table))
    stamps: list[str] = list(connection.execute(query).scalars())
    if len(stamps) > 1:  # branches, which this app never makes: Alembic refuses them too
        raise DatabaseError(
            f"The database's schema stamp ({version_table}) names {len(stamps)} revisions; "
            "it was left untouched."
        )
    return stamps[0] if stamps else None
