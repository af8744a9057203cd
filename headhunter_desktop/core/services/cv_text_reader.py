"""CV files into text, on the extraction pool: a queued file's first reading, and a
candidate's file read again for a re-parse.

Both go through the same pool (worker processes under time and memory limits) so a
re-parse of an old hostile file is as safe as its import was, and reads it with today's
extractor: an import stores the text it read, and only a re-parse replaces it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from headhunter_desktop.core.documents import ExtractedDocument, ExtractionError
from headhunter_desktop.core.domain.import_job import ImportRow, ImportState
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.paths import AppPaths
from headhunter_desktop.core.services.cv_files import sha256_of, store_original
from headhunter_desktop.core.storage import candidates as repo
from headhunter_desktop.core.storage import import_queue as queue
from headhunter_desktop.core.storage.database import MainDatabase

# (path, password, client id) -> document; the client pays if a model reads a scan.
ReadFile = Callable[[Path, str | None, int | None], Awaitable[ExtractedDocument]]
RowListener = Callable[[ImportRow], ImportRow]
STORED_TEXT_KEPT = "the CV text stored at import was parsed again"


@dataclass(frozen=True)
class RereadText:
    """A candidate's file read again: its new text and warnings, or why the old text stays."""

    text: str | None  # None: keep the stored text
    warnings: list[str]
    note: str | None = None  # for the user when the stored text was kept


class CvTextReader:
    """Reads CV files with `read_file` (scanned_cv.CvFileReader: on the pool, and a scan
    by the model if Settings say so); copies them into the data folder on `executor`."""

    def __init__(
        self,
        *,
        db: MainDatabase,
        paths: AppPaths,
        executor: Executor,
        read_file: ReadFile,
        emit: RowListener,
    ):
        self._db, self._paths, self._executor = db, paths, executor
        self._read_file, self._emit = read_file, emit

    async def extract_queued(self, row: ImportRow, password: str | None) -> ImportRow:
        """Copy a queued file into the data folder, read it, and make it a candidate (or a
        duplicate of one); the row moves on to parsing."""
        row = await self._set(row.job_id, ImportState.EXTRACTING)
        stored = self._paths.data_dir / row.stored_path if row.stored_path else None
        if stored is None or row.sha256 is None or not stored.exists():
            # Keep our own copy first: a retry must not depend on the original still
            # being in Downloads.
            row, stored = await self._store_copy(row)
        sha256 = row.sha256 or ""
        if duplicate := await self._db.run(
            lambda s: queue.mark_if_duplicate(s, row.job_id, sha256)
        ):
            return self._emit(duplicate)
        doc = await self._read_file(stored, password, row.client_company_id)
        size = stored.stat().st_size

        def record(session: Session) -> ImportRow:
            # Checked again in this transaction: the same file may have been dropped twice
            # in one batch and extracted side by side.
            if duplicate := queue.mark_if_duplicate(session, row.job_id, sha256):
                return duplicate
            candidate_id = repo.create_candidate(
                session, row.client_company_id, row.file_name, doc, row.stored_path or "", size
            )
            return queue.set_state(
                session, row.job_id, ImportState.PARSING, candidate_id=candidate_id,
                warnings=queue.warnings_text(doc.warnings),
            )  # fmt: skip

        return self._emit(await self._db.run(record))

    async def reread(self, candidate_id: int) -> RereadText:
        """The candidate's stored original read again with today's extractor.

        A file gone from the data folder, or one that no longer reads (a password, a
        limit), keeps the stored text, and the note says so.
        """
        stored_path = await self._db.run(lambda s: repo.newest_file(s, candidate_id))
        stored = self._paths.data_dir / stored_path if stored_path else None
        if stored is None or not stored.is_file():
            note = f"The original file is no longer in the data folder: {STORED_TEXT_KEPT}."
            return RereadText(None, [], note)
        try:
            client_id = await self._db.run(
                lambda s: repo.parse_input(s, candidate_id).client_company_id
            )
            doc = await self._read_file(stored, None, client_id)
        except ExtractionError as exc:
            note = f"The original file could not be read again ({exc}): {STORED_TEXT_KEPT}."
            return RereadText(None, [], note)
        return RereadText(doc.text, list(doc.warnings))

    async def _store_copy(self, row: ImportRow) -> tuple[ImportRow, Path]:
        loop = asyncio.get_running_loop()
        sha, stored = await loop.run_in_executor(
            self._executor, _store_copy, Path(row.source_path), self._paths.cv_files
        )
        relative = stored.relative_to(self._paths.data_dir).as_posix()
        row = await self._db.run(
            lambda s: queue.set_state(
                s, row.job_id, ImportState.EXTRACTING, sha256=sha, stored_path=relative
            )
        )
        return row, stored

    async def _set(self, job_id: int, state: ImportState) -> ImportRow:
        return self._emit(await self._db.run(lambda s: queue.set_state(s, job_id, state)))


def _store_copy(source: Path, store_dir: Path) -> tuple[str, Path]:
    if not source.exists():
        raise UserFacingError(f"{source.name} is no longer at {source.parent}.")
    sha = sha256_of(source)
    return sha, store_original(source, store_dir, sha)
