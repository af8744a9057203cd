"""The client's jobs as a table (title, department, status, updated), filtered by status."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from headhunter_desktop.core.domain.job_posting import JobStatus
from headhunter_desktop.core.services.jobs import JobSummary

HEADERS = ("Title", "Department", "Status", "Updated")
STATUS_LABELS = {JobStatus.DRAFT: "Draft", JobStatus.OPEN: "Open", JobStatus.CLOSED: "Closed"}
UNTITLED = "(untitled)"
_Index = QModelIndex | QPersistentModelIndex


class JobListModel(QAbstractTableModel):
    """Rows of `JobSummary`, newest first as the service lists them; `set_status_filter`
    shows the jobs of one status only (None: all)."""

    def __init__(self) -> None:
        super().__init__()
        self._all: list[JobSummary] = []
        self._rows: list[JobSummary] = []
        self._status: JobStatus | None = None

    # -- Qt's model interface -------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        job = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell(job, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return _local(job.updated_at).strftime("%d %b %Y, %H:%M")
        return None

    # -- contents -------------------------------------------------------------------------
    def set_jobs(self, jobs: Sequence[JobSummary]) -> None:
        self._all = list(jobs)
        self._refilter()

    def set_status_filter(self, status: JobStatus | None) -> None:
        self._status = status
        self._refilter()

    def status_filter(self) -> JobStatus | None:
        return self._status

    def job_at(self, row: int) -> JobSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, job_id: int | None) -> int | None:
        """The row showing job `job_id`, None when it is not shown (filtered out, gone)."""
        return next((row for row, job in enumerate(self._rows) if job.id == job_id), None)

    def total(self) -> int:
        """The client's jobs, whatever the filter."""
        return len(self._all)

    def count(self, status: JobStatus) -> int:
        return sum(job.status is status for job in self._all)

    def _refilter(self) -> None:
        self.beginResetModel()
        wanted = self._status
        self._rows = [job for job in self._all if wanted is None or job.status is wanted]
        self.endResetModel()


def _cell(job: JobSummary, column: int) -> str:
    if column == 0:
        return job.title or UNTITLED
    if column == 1:
        return job.department_name or ""
    if column == 2:
        return STATUS_LABELS[job.status]
    return updated_text(job.updated_at)


def updated_text(moment: datetime, now: datetime | None = None) -> str:
    """'14:05' today, '3 Mar' this year, '3 Mar 2024' before (local time)."""
    local = _local(moment)
    now = _local(now or datetime.now(UTC))
    if local.date() == now.date():
        return local.strftime("%H:%M")
    if local.year == now.year:
        return f"{local.day} {local.strftime('%b')}"
    return f"{local.day} {local.strftime('%b %Y')}"


def _local(moment: datetime) -> datetime:
    # The database keeps UTC; SQLite hands it back without its zone.
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone()
