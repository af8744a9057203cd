"""CV files on disk: what a drop contains, and the copies kept in the data folder."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from headhunter_desktop.core.documents import DEFAULT_LIMITS, FileTooLargeError
from headhunter_desktop.core.private_files import private_dir

# Pictures: photos and scans of printed CVs, read by OCR or the model (Settings, Scanned CVs).
SUPPORTED_SUFFIXES = frozenset({".pdf", ".docx", ".txt", ".png", ".jpg", ".jpeg"})
BROKEN_LINK = "a broken link: its target does not exist"
LINK_OUTSIDE = "a link that leads out of the dropped folder: drop its target itself to import it"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class SkippedFile:
    """A dropped file that is not imported, and why."""

    path: Path
    reason: str


def collect_cv_files(paths: Iterable[Path]) -> tuple[list[Path], list[SkippedFile]]:
    """Expand folders (recursively) into CV files; anything else is skipped with a reason.

    A link the user dropped is followed; a link inside a dropped folder only when it
    stays inside that folder (a link named cv.txt could point at /etc/shadow).
    """
    found: list[Path] = []
    skipped: list[SkippedFile] = []
    seen: set[Path] = set()
    for path in paths:
        for file, problem in _dropped(Path(path).expanduser()):
            if problem is not None:
                skipped.append(SkippedFile(file, problem))
                continue
            resolved = file.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            if file.suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(file)
            else:
                kind = file.suffix.lower() or "without an extension"
                skipped.append(
                    SkippedFile(file, f"unsupported file type {kind}: use PDF, DOCX or TXT")
                )
    return found, skipped


Entry = tuple[Path, str | None]  # a file, or what keeps it out


def _dropped(path: Path) -> Iterator[Entry]:
    if path.is_dir():  # also a dropped link to a folder: the user chose it
        yield from _walk(path, root=path.resolve())
    elif _hidden(path.name):
        return  # .DS_Store, ~$lock files of Word
    elif path.is_file():
        yield path, None
    elif path.exists():
        yield path, _special_file(path.resolve())
    elif path.is_symlink():
        yield path, BROKEN_LINK
    else:
        yield path, "not found"


def _walk(folder: Path, root: Path) -> Iterator[Entry]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        yield folder, f"the folder cannot be read ({exc.strerror or type(exc).__name__})"
        return
    for entry in entries:
        path = Path(entry.path)
        if _hidden(entry.name):
            continue  # and anything inside hidden folders
        if entry.is_symlink():
            yield from _link(path, root)
        elif entry.is_dir(follow_symlinks=False):
            yield from _walk(path, root)
        elif entry.is_file(follow_symlinks=False):
            yield path, None
        else:
            yield path, _special_file(path)


def _link(link: Path, root: Path) -> Iterator[Entry]:
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # missing target, or a loop of links
        yield link, BROKEN_LINK
        return
    if not target.is_relative_to(root):
        yield link, LINK_OUTSIDE
    elif target.is_file():
        yield target, None  # the file itself: the link could be changed before the copy
    elif not target.is_dir():  # a folder inside the drop is walked as itself
        yield link, _special_file(target)


def _special_file(path: Path) -> str:
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        return f"the file cannot be read ({exc.strerror or type(exc).__name__})"
    kinds = (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
    )
    kind = next((label for test, label in kinds if test(mode)), "a special file")
    return f"not a regular file ({kind})"


def _hidden(name: str) -> bool:
    return name.startswith((".", "~$"))


def sha256_of(path: Path) -> str:
    """The file's SHA-256, read in 1 MB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def hashes_of(files: Iterable[Path]) -> list[tuple[Path, str | None]]:
    """Each file with its SHA-256; None for one that cannot be read (reported later)."""
    return [(file, _sha256_or_none(file)) for file in files]


def _sha256_or_none(file: Path) -> str | None:
    try:
        return sha256_of(file)
    except OSError:
        return None


def store_original(
    source: Path, store_dir: Path, sha256: str, *, max_bytes: int = DEFAULT_LIMITS.max_file_bytes
) -> Path:
    """Copy `source` into the data folder under its hash (idempotent); returns the copy.

    A file over `max_bytes` (the extraction's limit) is refused before anything is
    written, and during the copy should it grow meanwhile: FileTooLargeError.
    """
    target = store_dir / sha256[:2] / f"{sha256}{source.suffix.lower()}"
    if target.exists():
        return target
    if (size := source.stat().st_size) > max_bytes:
        raise FileTooLargeError(size, max_bytes)
    private_dir(target.parent)
    # A private temporary name (mkstemp makes it 0600): the same file dropped twice may be
    # copied twice at once, and a crash mid-copy must never leave half a file as the copy.
    fd, partial = tempfile.mkstemp(dir=target.parent, suffix=".partial")
    try:
        with source.open("rb") as src, os.fdopen(fd, "wb") as out:
            _copy_at_most(src, out, max_bytes)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return target


def _copy_at_most(src: BinaryIO, out: BinaryIO, max_bytes: int) -> None:
    copied = 0
    while chunk := src.read(_CHUNK):
        copied += len(chunk)
        if copied > max_bytes:
            raise FileTooLargeError(copied, max_bytes)
        out.write(chunk)
