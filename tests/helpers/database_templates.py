"""New SQLite databases in tests start as copies of ones migrated once per worker.

Migrating a new main database and a new usage database costs about 0.2 s of CPU, and a
full run creates about a thousand of them (a data folder per GUI, service or command-line
test): a sixth of the suite's time on 2 cores. The app's own code still creates every
file (`private_sqlite_file`, 0600, before SQLite opens it) and still checks its
revision; only the migrations' output is copied in, made by the same migrations once per
worker. Commands forked by tests/helpers/cli.py get the same templates (`active_folder`).

Tests about creating or migrating a database opt out with `@pytest.mark.fresh_databases`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from headhunter_desktop.core.analytics import db as analytics_db
from headhunter_desktop.core.storage import database as main_database
from headhunter_desktop.core.storage.database import MainDatabase

Creator = Callable[[Path], None]
MAIN, USAGE = "headhunter.db", "analytics.db"
# The templates' folder while the running test uses them (None in a fresh_databases test).
active_folder: Path | None = None


class DatabaseTemplates:
    """Swaps each module's `private_sqlite_file` for one that fills a new, empty file
    with the migrated template of that module's database."""

    def __init__(self, folder: Path, *, make: bool = True):
        self.folder = folder
        if make:
            MainDatabase.for_file(folder / MAIN).close()
            analytics_db.open_analytics_db(f"sqlite:///{folder / USAGE}").dispose()
        # Closed: SQLite folded the write-ahead log into the files, which are now whole.
        self._bytes = {
            main_database: (folder / MAIN).read_bytes(),
            analytics_db: (folder / USAGE).read_bytes(),
        }
        self.enabled = True

    def install(self, set_attribute: Callable[[Any, str, Any], None] = setattr) -> None:
        """Fill new databases from now on (`set_attribute`: a MonkeyPatch's, to undo it)."""
        for module, template in self._bytes.items():
            filler = self._filler(module.private_sqlite_file, template)
            set_attribute(module, "private_sqlite_file", filler)

    def _filler(self, create: Creator, template: bytes) -> Creator:
        def private_sqlite_file(path: Path) -> None:
            new = not path.exists() or path.stat().st_size == 0
            create(path)
            if new and self.enabled and path.exists() and path.stat().st_size == 0:
                path.write_bytes(template)

        return private_sqlite_file
