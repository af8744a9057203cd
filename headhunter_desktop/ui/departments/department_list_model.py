"""The client's departments as a list for the Departments tab: a row cache of the saved
profiles, sorted by name as the service sorts them, updated in place after a save or a
delete so the list never waits for the database."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from headhunter_desktop.core.domain.department import DepartmentProfile

Index = QModelIndex | QPersistentModelIndex
DepartmentRole = Qt.ItemDataRole.UserRole + 1


def name_key(name: str) -> str:
    """A name as uniqueness sees it: case and spacing ignored (as the database checks)."""
    return " ".join(name.split()).casefold()


def summary(profile: DepartmentProfile) -> str:
    """'3 job templates · 8 technologies', or 'Not written yet'."""
    fields = profile.fields
    parts = []
    if count := len(fields.job_templates):
        parts.append(f"{count} job template{'s' if count != 1 else ''}")
    if count := len(fields.technologies):
        parts.append(f"{count} technolog{'ies' if count != 1 else 'y'}")
    if not parts and fields.description.strip():
        parts.append("Description only")
    return " · ".join(parts) or "Not written yet"


class DepartmentListModel(QAbstractListModel):
    """One row per saved department; `DepartmentRole` gives its `DepartmentProfile`."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[DepartmentProfile] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        profile = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return profile.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{profile.name}\n{summary(profile)}"
        if role == DepartmentRole:
            return profile
        return None

    # -- the cache ------------------------------------------------------------------------
    def set_departments(self, departments: Sequence[DepartmentProfile]) -> None:
        self.beginResetModel()
        self._rows = list(departments)
        self.endResetModel()

    def departments(self) -> list[DepartmentProfile]:
        return list(self._rows)

    def department_at(self, row: int) -> DepartmentProfile | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, department_id: int | None) -> int | None:
        return next((i for i, p in enumerate(self._rows) if p.id == department_id), None)

    def find_name(self, name: str, *, except_id: int | None = None) -> DepartmentProfile | None:
        """The department called `name` (case and spacing ignored), other than `except_id`."""
        key = name_key(name)
        return next((p for p in self._rows if name_key(p.name) == key and p.id != except_id), None)

    def upsert(self, profile: DepartmentProfile) -> int:
        """Put a saved profile in its place by name; returns its row. A row that moves is
        moved, not removed and added, so a view's selection follows it."""
        old = self.row_of(profile.id)
        if old is None:
            row = self._sorted_position(profile, self._rows)
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, profile)
            self.endInsertRows()
            return row
        self._rows[old] = profile
        self.dataChanged.emit(self.index(old), self.index(old))
        row = self._sorted_position(profile, self._rows[:old] + self._rows[old + 1 :])
        if row != old:
            self.beginMoveRows(QModelIndex(), old, old, QModelIndex(), row + (row > old))
            self._rows.insert(row, self._rows.pop(old))
            self.endMoveRows()
        return row

    def remove(self, department_id: int) -> None:
        if (row := self.row_of(department_id)) is not None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    @staticmethod
    def _sorted_position(profile: DepartmentProfile, rows: list[DepartmentProfile]) -> int:
        key = (name_key(profile.name), profile.id or 0)
        return next(
            (i for i, p in enumerate(rows) if (name_key(p.name), p.id or 0) > key), len(rows)
        )
