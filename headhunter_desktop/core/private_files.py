"""Files only the user may read: CV texts, contact details, usage and costs, logs.

Folders are created 0700 and files 0600 on POSIX, each where it is created, rather than
by a process-wide umask: a umask would also apply to what the user exports (a JSON
Resume, a CSV) and to anything a library writes. On Windows the user's profile already
keeps other users out; the modes below are then left to the system.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import IO, Any

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
_OTHERS = 0o077  # group and other bits
_POSIX = os.name == "posix"


def private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) if needed; a folder created here is 0700."""
    # mkdir's mode covers the last folder only: parents are the user's (e.g. ~/.local/share).
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    return path


def restrict(path: Path) -> None:
    """Take group and other access away from an existing file or folder (the owner's stays)."""
    if _POSIX:
        with contextlib.suppress(OSError):  # e.g. another user's file: theirs to decide
            mode = stat.S_IMODE(os.stat(path).st_mode)
            if mode & _OTHERS:
                os.chmod(path, mode & ~_OTHERS)


def private_file(path: Path) -> None:
    """Create `path` empty and 0600, or take group and other access from an existing one."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    except FileExistsError:
        restrict(path)


def open_private(path: Path, mode: str = "r", **kwargs: Any) -> IO[Any]:
    """`open()` for a private file: created 0600; an older one loses group and other access."""
    return open(path, mode, opener=_private_opener, **kwargs)


def _private_opener(path: str, flags: int) -> int:
    fd = os.open(path, flags, PRIVATE_FILE_MODE)
    if _POSIX:
        with contextlib.suppress(OSError):
            mode = stat.S_IMODE(os.fstat(fd).st_mode)
            if mode & _OTHERS:
                os.fchmod(fd, mode & ~_OTHERS)
    return fd


def private_sqlite_file(path: Path) -> None:
    """An SQLite database file 0600 before SQLite opens it, and its side files too.

    SQLite gives the -wal, -shm and -journal files it creates the database file's mode,
    so a database created (or tightened) here keeps all of them private.
    """
    try:
        private_file(path)
    except OSError:
        return  # SQLite meets the same problem (full disk, no access) and names it
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            restrict(side)
