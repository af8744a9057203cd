"""Usage records kept out of the database, and how many there are.

A record the database refuses goes to `<spool>.rejected`, a spool line that cannot be read
back (torn, or with values no database can hold) to `<spool>.corrupt`; both lie next to the
primary spool, and writers of older versions may have left some next to a secondary one.
Those records are in no figure an agency bills from, so the app shows their count and
where they are until a human has looked at them and moved the files away.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

SET_ASIDE_SUFFIXES = (".rejected", ".corrupt")


@dataclass(frozen=True)
class SetAsideRecords:
    """How many usage records were set aside, and the files (with records) that hold them."""

    count: int = 0
    files: tuple[Path, ...] = ()

    @property
    def where(self) -> str:
        """The one file, or the folder and the file names: for a message to the user."""
        if len(self.files) == 1:
            return str(self.files[0])
        if not self.files:
            return ""
        names = ", ".join(path.name for path in self.files)
        return f"{self.files[0].parent} ({names})"


class SetAsideFiles:
    """Counts the set-aside records next to a primary spool, from any thread.

    Cheap enough to poll: a file is read again only when its size or time changed.
    """

    def __init__(self, primary_spool: Path) -> None:
        self._primary = primary_spool
        self._lock = threading.Lock()
        self._known: dict[Path, tuple[tuple[int, int], int]] = {}

    def count(self) -> SetAsideRecords:
        """The records in the set-aside files right now."""
        with self._lock:
            known = {}
            for path in self._files():
                lines = self._lines_in(path)
                if lines is not None:
                    known[path] = lines
            self._known = known
            files = tuple(path for path, (_, lines) in known.items() if lines)
            return SetAsideRecords(sum(lines for _, lines in known.values()), files)

    def _files(self) -> list[Path]:
        # usage-spool.jsonl.rejected, usage-spool.<pid>.<random>.jsonl.corrupt, ...
        primary = self._primary
        patterns = (f"{primary.stem}*{primary.suffix}{suffix}" for suffix in SET_ASIDE_SUFFIXES)
        try:
            return sorted(path for pattern in patterns for path in primary.parent.glob(pattern))
        except OSError:
            return []

    def _lines_in(self, path: Path) -> tuple[tuple[int, int], int] | None:
        try:
            stat = path.stat()
            version = (stat.st_size, stat.st_mtime_ns)
            cached = self._known.get(path)
            if cached is not None and cached[0] == version:
                return cached
            data = path.read_bytes()
        except OSError:
            return None  # gone meanwhile, or not ours to read
        return version, sum(1 for line in data.split(b"\n") if line.strip())
