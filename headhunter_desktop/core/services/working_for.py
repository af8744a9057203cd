"""Which client the window works for, remembered between starts.

Kept per data folder (beside its databases), by the client's UUID rather than its row id:
a restored or re-created database gives rows new ids, the UUID stays the client's. It is a
preference: a missing, damaged or unwritable file means "no client", never an error.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from pathlib import Path

from headhunter_desktop.core.private_files import open_private

log = logging.getLogger(__name__)
FILE_NAME = "working-for.json"


class WorkingForMemory:
    """The UUID of the client last chosen under "Working for" (None: the agency's pool)."""

    def __init__(self, data_dir: Path) -> None:
        self._path = data_dir / FILE_NAME

    async def recall(self) -> str | None:
        """The remembered client's UUID; None when none was, or the file cannot be read."""
        return await asyncio.to_thread(self._read)

    async def remember(self, client_uuid: str | None) -> None:
        """Keep `client_uuid` for the next start (written whole, then renamed into place)."""
        await asyncio.to_thread(self._write, client_uuid)

    def _read(self) -> str | None:
        try:
            value = json.loads(self._path.read_text(encoding="utf-8")).get("client_uuid")
        except (OSError, ValueError, AttributeError):
            return None
        return value if isinstance(value, str) else None

    def _write(self, client_uuid: str | None) -> None:
        partial = self._path.with_name(self._path.name + ".partial")
        try:
            with open_private(partial, "w", encoding="utf-8") as file:
                json.dump({"client_uuid": client_uuid}, file)
            os.replace(partial, self._path)
        except OSError as exc:  # a read-only folder: the choice is simply not remembered
            log.warning("Could not remember the working-for client: %s", exc)
