"""What a start imports before it shows anything: the window's module only Qt, a CLI command
not the openai client. Each check is a fresh interpreter (nothing imported yet)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing

HEAVY = ("sqlalchemy", "openai", "alembic", "pydantic", "numpy", "keyring")


def modules_after(statement: str) -> set[str]:
    """The top-level packages loaded by `statement` in a fresh interpreter."""
    script = f"{statement}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    return {name.split(".")[0] for name in json.loads(result.stdout.splitlines()[-1])}


def test_the_window_is_shown_before_any_service_library_is_imported() -> None:
    # What `run_gui` imports before the window shows: the rest comes off the GUI thread.
    loaded = modules_after("import headhunter_desktop.app")

    assert loaded.isdisjoint(HEAVY), loaded & set(HEAVY)


def test_a_client_command_does_not_import_the_openai_client() -> None:
    loaded = modules_after("import headhunter_desktop.commands.clients")

    assert "openai" not in loaded and "sqlalchemy" in loaded


def test_opening_new_or_current_databases_does_not_import_alembic(tmp_path) -> None:
    # A new file is made from its schema snapshot (core/schema_snapshot.py) and a current
    # one only has its stamp read: Alembic is imported only to migrate an older database.
    open_both = (
        "from headhunter_desktop.core.storage.database import MainDatabase\n"
        "from headhunter_desktop.core.analytics.db import open_analytics_db\n"
        f"MainDatabase.for_file(__import__('pathlib').Path(r'{tmp_path}') / 'h.db').close()\n"
        f"open_analytics_db(r'sqlite:///{tmp_path}/a.db').dispose()"
    )
    assert "alembic" not in modules_after(open_both)
    for name, table in (("h.db", "candidates"), ("a.db", "usage_records")):
        with closing(sqlite3.connect(tmp_path / name)) as connection:
            query = "SELECT count(*) FROM sqlite_master WHERE name = ?"
            assert connection.execute(query, (table,)).fetchone() == (1,)

    assert "alembic" not in modules_after(open_both)


def test_the_window_and_services_leave_the_web_reader_and_llm_client_for_later() -> None:
    # What start-up imports off the GUI thread before the window is usable: the website
    # reader (httpx, lxml) waits for a first site, the LLM client for the warm-up.
    loaded = modules_after(
        "from headhunter_desktop.ui.shell.main_window import import_window_dependencies\n"
        "import_window_dependencies()\n"  # in a worker, then the GUI modules on the GUI thread
        "import headhunter_desktop.ui.shell.window_parts\n"
        "import headhunter_desktop.core.services.app_services"
    )

    # numpy waits for the vector index's first load, keyring for the look-up of the key,
    # both after the window is usable.
    later = {"httpx", "lxml", "openai", "alembic", "numpy", "keyring"}
    assert loaded.isdisjoint(later), loaded & later
    assert "sqlalchemy" in loaded and "PySide6" in loaded


def test_a_start_on_sqlite_leaves_the_postgresql_dialect_alone(tmp_path) -> None:
    # Opening the window's services on a data folder's own SQLite databases, as a start does
    # (after the first, which creates them with alembic, and alembic imports every dialect).
    script = (
        "import json, sys\n"
        "from headhunter_desktop.ui.shell.main_window import import_window_dependencies\n"
        "from headhunter_desktop.core.services.app_services import AppServices\n"
        "from headhunter_desktop.core.settings import Settings, SettingsStore, resolve_config\n"
        "import_window_dependencies()\n"
        "import headhunter_desktop.ui.shell.window_parts\n"
        f"config = resolve_config(Settings(), data_dir_flag=r'{tmp_path / 'data'}')\n"
        "AppServices.open(config, SettingsStore()).close_sync()\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    env = {**os.environ, "HEADHUNTER_CONFIG_DIR": str(tmp_path / "config")}
    for _start in ("first", "later"):
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
            check=True, env=env,
        )  # fmt: skip
    loaded = set(json.loads(result.stdout.splitlines()[-1]))

    assert "sqlalchemy.dialects.sqlite" in loaded
    assert "sqlalchemy.dialects.postgresql" not in loaded
