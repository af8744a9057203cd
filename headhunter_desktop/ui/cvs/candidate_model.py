"""Candidates as a table: the pool, or search results with why they matched.

Every mode ends with the candidate's client; any column sorts (the model sorts itself, so
a row of the view is a row of the model), and sorting by no column restores the order
the list came in (newest first, or best match first).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from headhunter_desktop.core.services.candidates import CandidateSummary
from headhunter_desktop.core.services.talent_pool import SearchResult, ShortlistResult

Index = QModelIndex | QPersistentModelIndex
POOL_HEADERS = ("Name", "Title", "Years", "Status", "Client")
SEARCH_HEADERS = ("Name", "Title", "Matched words", "Meaning", "Client")
SHORTLIST_HEADERS = ("Name", "Title", "Has", "Missing", "Client")
CLIENT_COLUMN = 4
NO_CLIENT = "—"  # the agency's own pool
SortValue = float | str


class CandidateTableModel(QAbstractTableModel):
    """Either the pool (summaries) or a result list; the columns follow the mode."""

    def __init__(self) -> None:
        super().__init__()
        self._people: list[CandidateSummary] = []
        self._results: list[SearchResult] | None = None
        self._shortlist: list[ShortlistResult] | None = None
        self._client_names: dict[int, str] = {}
        self._natural: dict[int, int] = {}  # candidate id -> row in the order it came in
        self._sort_column, self._sort_order = -1, Qt.SortOrder.AscendingOrder

    def show_pool(self, people: list[CandidateSummary]) -> None:
        self.beginResetModel()
        self._people, self._results, self._shortlist = people, None, None
        self._arrive()
        self.endResetModel()

    def show_results(self, results: list[SearchResult]) -> None:
        self.beginResetModel()
        self._people, self._results = [r.candidate for r in results], results
        self._shortlist = None
        self._arrive()
        self.endResetModel()

    def show_shortlist(self, entries: list[ShortlistResult]) -> None:
        self.beginResetModel()
        self._people, self._shortlist = [e.candidate for e in entries], entries
        self._results = None
        self._arrive()
        self.endResetModel()

    def _arrive(self) -> None:
        self._natural = {p.id: row for row, p in enumerate(self._people)}
        if self._sort_column >= 0:
            self._reorder(self._sort_column, self._sort_order)

    def set_client_names(self, names: dict[int, str]) -> None:
        """The names the Client column shows, by client company id."""
        self._client_names = dict(names)
        if self._people:
            last = len(self._people) - 1
            self.dataChanged.emit(self.index(0, CLIENT_COLUMN), self.index(last, CLIENT_COLUMN))

    def refresh_people(self, fresh: dict[int, CandidateSummary]) -> None:
        """Rows shown again as `fresh` says (edited names, titles); rows of candidates not
        in it (deleted meanwhile) go. A result list stays as it was found otherwise.

        A reset, not row removals: removing the selected row makes the view select the
        next one, which would open another candidate's profile. The caller reselects."""
        keep = [row for row, p in enumerate(self._people) if p.id in fresh]
        self.beginResetModel()
        self._people = [fresh[self._people[row].id] for row in keep]
        if self._results is not None:
            self._results = [self._results[row] for row in keep]
        if self._shortlist is not None:
            self._shortlist = [self._shortlist[row] for row in keep]
        self.endResetModel()

    def is_search(self) -> bool:
        return self._results is not None

    def shortlist_entry(self, row: int) -> ShortlistResult | None:
        return self._shortlist[row] if self._shortlist and 0 <= row < len(self._shortlist) else None

    def row_of(self, candidate_id: int | None) -> int | None:
        """The row showing that candidate, if any."""
        if candidate_id is None:
            return None
        return next((i for i, p in enumerate(self._people) if p.id == candidate_id), None)

    def people(self) -> list[CandidateSummary]:
        """The candidates listed, in the rows' order."""
        return list(self._people)

    def candidate_at(self, row: int) -> CandidateSummary | None:
        return self._people[row] if 0 <= row < len(self._people) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(POOL_HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        person = self._people[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row())
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == CLIENT_COLUMN:
            return self.client_name(person)
        if column == 0:
            return person.name + ("  (possible duplicate)" if person.duplicate_of_id else "")
        if column == 1:
            return person.title
        if self._shortlist is not None:
            entry = self._shortlist[index.row()]
            return (entry.has if column == 2 else ", ".join(entry.missing)) or "—"
        if self._results is not None:
            result = self._results[index.row()]
            if column == 2:
                return ", ".join(result.matched_terms) or "—"
            return _meaning(result)
        if column == 2:
            return "" if person.years is None else f"{person.years:g}"
        return person.status if not person.error else f"failed: {person.error}"

    def _tooltip(self, row: int) -> str | None:
        if self._results is not None:
            return self._results[row].why
        if self._shortlist is not None:
            return self._shortlist[row].has_details or None
        return None

    def client_name(self, person: CandidateSummary) -> str:
        if person.client_company_id is None:
            return NO_CLIENT
        return self._client_names.get(person.client_company_id, f"#{person.client_company_id}")

    # -- sorting --------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by `column` (-1: the order the list came in); the selection follows."""
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        moved = self._reorder(column, order)
        new_row = {old: new for new, old in enumerate(moved)}
        self.changePersistentIndexList(
            persistent, [self.index(new_row[i.row()], i.column()) for i in persistent]
        )
        self.layoutChanged.emit()

    def _reorder(self, column: int, order: Qt.SortOrder) -> list[int]:
        """Permute the rows; returns the old row of each new row."""
        if column < 0:
            moved = sorted(
                range(len(self._people)), key=lambda r: self._natural[self._people[r].id]
            )
        else:
            moved = _sorted_rows(len(self._people), lambda r: self._sort_value(r, column), order)
        self._people = [self._people[r] for r in moved]
        if self._results is not None:
            self._results = [self._results[r] for r in moved]
        if self._shortlist is not None:
            self._shortlist = [self._shortlist[r] for r in moved]
        return moved

    def _sort_value(self, row: int, column: int) -> SortValue | None:
        person = self._people[row]
        if self._shortlist is not None and column in (2, 3):
            entry = self._shortlist[row]
            return len(entry.matched if column == 2 else entry.missing)
        if self._results is not None and column == 3:
            return self._results[row].similarity or 0.0
        if self._results is None and self._shortlist is None and column == 2:
            return person.years
        text = str(self.data(self.index(row, column)) or "")
        return None if text in ("", NO_CLIENT) else text.casefold()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if self._shortlist is not None:
            return SHORTLIST_HEADERS[section]
        return (SEARCH_HEADERS if self._results is not None else POOL_HEADERS)[section]


def _meaning(result: SearchResult) -> str:
    # Words, never the fused score: "similar (strong)"; "—" for a keyword-only hit.
    if result.vector_rank is None:
        return "—"
    return f"similar ({result.strength})" if result.strength else "similar"


def _sorted_rows(
    count: int, value: Callable[[int], SortValue | None], order: Qt.SortOrder
) -> list[int]:
    # Rows without a value (no title, no client) go last in either direction.
    values = [value(row) for row in range(count)]
    present = [row for row in range(count) if values[row] is not None]
    present.sort(
        key=lambda row: values[row],  # type: ignore[arg-type,return-value]
        reverse=order == Qt.SortOrder.DescendingOrder,
    )
    return present + [row for row in range(count) if values[row] is None]
