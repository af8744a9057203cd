"""What a start imports before it shows anything: the window's module only Qt, a CLI command
not the openai client. Each check is a fresh interpreter (nothing imported yet)."""

from __future__ import annotations

import json
import subprocess
import sys

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
