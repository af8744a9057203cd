"""CV files on disk: what a drop contains, and the copies kept in the data folder."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

SUPPORTED_SUFFIXES = frozenset({".pdf", ".docx", ".txt"})
_CHUNK = 1 << 20


@dataclass(frozen=True)
class SkippedFile:
    """A dropped file that is not imported, and why."""

    path: Path
    reason: str


def collect_cv_files(paths: Iterable[Path]) -> tuple[list[Path], list[SkippedFile]]:
    """Expand folders (recursively) into CV files; anything else is skipped with a reason."""
    found: list[Path] = []
    skipped: list[SkippedFile] = []
    seen: set[Path] = set()
    for path in paths:
        path = Path(path).expanduser()
        if path.is_dir():
            candidates = sorted(p for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            candidates = [path]
        else:
            skipped.append(SkippedFile(path, "not found"))
            continue
        for file in candidates:
            resolved = file.resolve()
            if resolved in seen or _hidden(file, relative_to=path):
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


def _hidden(file: Path, relative_to: Path) -> bool:
    # .DS_Store, ~$lock files of Word, and anything inside hidden folders of a dropped tree.
    parts = file.relative_to(relative_to).parts if file != relative_to else (file.name,)
    return any(p.startswith((".", "~$")) for p in parts)


def sha256_of(path: Path) -> str:
    """The file's SHA-256, read in 1 MB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def store_original(source: Path, store_dir: Path, sha256: str) -> Path:
    """Copy `source` into the data folder under its hash (idempotent); returns the copy."""
    target = store_dir / sha256[:2] / f"{sha256}{source.suffix.lower()}"
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # A private temporary name: the same file dropped twice may be copied twice at once,
    # and a crash mid-copy must never leave half a file under the real name.
    fd, partial = tempfile.mkstemp(dir=target.parent, suffix=".partial")
    os.close(fd)
    try:
        shutil.copyfile(source, partial)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return target
