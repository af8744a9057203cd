"""One dropped file on its way to a candidate: its state and what the queue view shows."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ImportState(StrEnum):
    """Where one file of an import batch is; `cancelled` only exists for queue entries."""

    QUEUED = "queued"
    EXTRACTING = "extracting"
    PARSING = "parsing"
    EMBEDDING = "embedding"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    DUPLICATE = "duplicate"  # the same bytes are already in the pool

    @property
    def is_finished(self) -> bool:
        """Nothing more happens to the file unless the user retries it."""
        return self in FINISHED_STATES


FINISHED_STATES = frozenset(
    {ImportState.DONE, ImportState.DUPLICATE, ImportState.FAILED, ImportState.CANCELLED}
)


@dataclass(frozen=True)
class ImportRow:
    """What the queue view shows for one file."""

    job_id: int
    batch_id: str
    file_name: str
    source_path: str
    state: ImportState
    error: str | None
    error_code: str | None
    candidate_id: int | None
    client_company_id: int | None
    attempts: int
    stored_path: str | None
    sha256: str | None
    # One line per warning of the file's extraction (damaged text, text cut, …).
    warnings: tuple[str, ...] = ()
