"""Client companies as a table: name, candidates, jobs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.shell.client_directory import ClientDirectory

_COLUMNS = ("Client company", "Candidates", "Jobs")
Index = QModelIndex | QPersistentModelIndex


class ClientTableModel(QAbstractTableModel):
    """Reads the directory's cached list; never the database."""

    def __init__(self, directory: ClientDirectory):
        super().__init__()
        self._directory = directory
        directory.clients_changed.connect(self._reset)

    def client_at(self, row: int) -> ClientSummary | None:
        clients = self._directory.clients
        return clients[row] if 0 <= row < len(clients) else None

    def row_of(self, client_id: int | None) -> int | None:
        """The row of the client with this id; None when it is not listed."""
        for row, client in enumerate(self._directory.clients):
            if client.id == client_id:
                return row
        return None

    def client_with(self, client_id: int) -> ClientSummary | None:
        row = self.row_of(client_id)
        return None if row is None else self.client_at(row)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._directory.clients)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        client = self.client_at(index.row())
        if client is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (client.name, client.candidates, client.jobs)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[section]
        return None

    def _reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()
