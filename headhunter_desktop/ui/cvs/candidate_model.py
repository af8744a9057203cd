"""Candidates as a table: the pool, or search results with why they matched."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from headhunter_desktop.core.services.candidates import CandidateSummary
from headhunter_desktop.core.services.talent_pool import SearchResult, ShortlistResult

Index = QModelIndex | QPersistentModelIndex
POOL_HEADERS = ("Name", "Title", "Years", "Status")
SEARCH_HEADERS = ("Name", "Title", "Matched", "Score")
SHORTLIST_HEADERS = ("Name", "Title", "Has", "Missing")


class CandidateTableModel(QAbstractTableModel):
    """Either the pool (summaries) or a result list; the columns follow the mode."""

    def __init__(self) -> None:
        super().__init__()
        self._people: list[CandidateSummary] = []
        self._results: list[SearchResult] | None = None
        self._shortlist: list[ShortlistResult] | None = None

    def show_pool(self, people: list[CandidateSummary]) -> None:
        self.beginResetModel()
        self._people, self._results, self._shortlist = people, None, None
        self.endResetModel()

    def show_results(self, results: list[SearchResult]) -> None:
        self.beginResetModel()
        self._people, self._results = [r.candidate for r in results], results
        self._shortlist = None
        self.endResetModel()

    def show_shortlist(self, entries: list[ShortlistResult]) -> None:
        self.beginResetModel()
        self._people, self._shortlist = [e.candidate for e in entries], entries
        self._results = None
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

    def candidate_at(self, row: int) -> CandidateSummary | None:
        return self._people[row] if 0 <= row < len(self._people) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        person = self._people[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole and self._results is not None:
            return _why(self._results[index.row()])
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 0:
            return person.name + ("  (possible duplicate)" if person.duplicate_of_id else "")
        if column == 1:
            return person.title
        if self._shortlist is not None:
            entry = self._shortlist[index.row()]
            return ", ".join(entry.matched if column == 2 else entry.missing) or "—"
        if self._results is not None:
            result = self._results[index.row()]
            if column == 2:
                return ", ".join(result.matched_terms) or "by meaning"
            return f"{result.score:.3f}"
        if column == 2:
            return "" if person.years is None else f"{person.years:g}"
        return person.status if not person.error else f"failed: {person.error}"

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if self._shortlist is not None:
            return SHORTLIST_HEADERS[section]
        return (SEARCH_HEADERS if self._results is not None else POOL_HEADERS)[section]


def _why(result: SearchResult) -> str:
    parts = []
    if result.matched_terms:
        parts.append("Keywords: " + ", ".join(result.matched_terms))
    if result.similarity is not None:
        parts.append(f"Similarity of meaning: {result.similarity:.2f}")
    return "\n".join(parts) or "Ranked by the fused keyword and meaning score"
