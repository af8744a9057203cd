"""Which process owns which spool file: an OS lock on `<spool>.lock`, held for a writer's life.

The GUI and a CLI command can run on the same data folder at once. The first writer locks
the primary spool (`usage-spool.jsonl`); a writer that finds it locked spools to a
secondary file of its own, `usage-spool.<pid>.<random>.jsonl`. The OS drops a lock when
its process dies, even by SIGKILL, so a spool whose lock can be taken has no live writer:
the next writer to start adopts it. A spool whose lock is held is never touched.

The primary's lock file is never deleted, so its lock always guards the same inode. A
secondary's lock file is deleted together with its spool, and a lock taken on a file that
was deleted meanwhile is recognised (its inode is no longer the path's) and not used.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import sys
from pathlib import Path

LOCK_SUFFIX = ".lock"
# Files next to a spool that are not spools themselves.
SIDE_SUFFIXES = (LOCK_SUFFIX, ".corrupt", ".rejected", ".tmp")
_BUSY = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, getattr(errno, "EDEADLOCK", errno.EDEADLK)}

if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class SpoolLock:
    """The held lock of one spool file; `release()` (or the process ending) gives it up."""

    def __init__(self, spool_path: Path, fd: int) -> None:
        self.spool_path = spool_path
        self.path = lock_path(spool_path)
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Give the spool up; idempotent."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)

    def discard(self) -> None:
        """Delete the spool (its content is committed or moved) and its lock file, then release.

        Only for secondary spools: the primary's lock file must stay where it is.
        """
        for leftover in (self.spool_path, _with_suffix(self.spool_path, ".tmp")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        try:
            # Deleted while still locked, so nobody can lock it in between (POSIX).
            self.path.unlink(missing_ok=True)
        except OSError:
            # Windows does not delete an open file: release first. Another process that
            # locks it in between finds no spool and deletes the lock file itself.
            self.release()
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)
        self.release()


def lock_path(spool_path: Path) -> Path:
    return _with_suffix(spool_path, LOCK_SUFFIX)


def try_lock(spool_path: Path) -> SpoolLock | None:
    """Lock a spool if no live process holds it; None if one does.

    Raises OSError when the lock file cannot be created or the file system has no locks.
    """
    path = lock_path(spool_path)
    for _ in range(10):
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        try:
            _lock(fd)
        except OSError as exc:
            os.close(fd)
            if exc.errno in _BUSY:
                return None
            raise
        try:
            held, current = os.fstat(fd), os.stat(path)
            same = (held.st_dev, held.st_ino) == (current.st_dev, current.st_ino)
        except FileNotFoundError:
            same = False
        if same:
            with contextlib.suppress(OSError):  # who holds it, for a human looking
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode())
            return SpoolLock(spool_path, fd)
        # The file was deleted (its spool adopted) between our open and our lock: again.
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)
    return None


def new_secondary(primary: Path) -> SpoolLock:
    """Create and lock a spool of this process's own next to the primary."""
    for _ in range(20):
        name = f"{primary.stem}.{os.getpid()}.{secrets.token_hex(4)}{primary.suffix}"
        lock = try_lock(primary.with_name(name))
        if lock is not None:
            return lock
    # Fresh random names are never all locked: the file system reports "busy" for everything.
    raise OSError(f"no lock can be taken next to {primary}")


def is_secondary(primary: Path, name: str) -> bool:
    """Whether a file name is a secondary spool of this primary (`<stem>.*<suffix>`)."""
    return (
        name != primary.name
        and name.startswith(primary.stem + ".")
        and name.endswith(primary.suffix)
        and len(name) > len(primary.stem) + 1 + len(primary.suffix)
        and not name.endswith(SIDE_SUFFIXES)
    )


def secondary_spools(primary: Path) -> list[Path]:
    """Secondary spools next to the primary, found by their spool or their lock file."""
    names: set[str] = set()
    try:
        with os.scandir(primary.parent) as entries:
            for entry in entries:
                name = entry.name
                if name.endswith(LOCK_SUFFIX):
                    name = name[: -len(LOCK_SUFFIX)]
                if is_secondary(primary, name):
                    names.add(name)
    except FileNotFoundError:
        return []
    return [primary.with_name(name) for name in sorted(names)]


def _with_suffix(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)
