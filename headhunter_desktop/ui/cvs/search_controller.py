"""Search and shortlist for the CVs tab: type-ahead search by keyword and meaning, and a
shortlist of the pool against required skills."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.core.services.talent_pool import SearchResult
from headhunter_desktop.ui.common.budget_confirmation import with_budget_confirmation
from headhunter_desktop.ui.cvs.candidate_model import CandidateTableModel
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

SEARCH_DELAY_MS = 350  # type-ahead: search when the user pauses, not on every key
RESULT_LIMIT = 50
# The query's embedding would pass the client's hard cap and the user said no.
NOT_SEARCHED = "Not searched: the client's monthly LLM budget is reached."


class SearchController(QObject):
    """Runs the searches the boxes ask for and puts the results in the candidate model.

    Signals:
        results_shown(): results or a shortlist replaced the list (show the list).
        cleared(): the search box was emptied; the whole pool should be shown again.
    """

    results_shown = Signal()
    cleared = Signal()

    def __init__(
        self,
        services: AppServices,
        tasks: TaskRegistry,
        boxes: tuple[QLineEdit, QLineEdit, QPushButton],
        note: QLabel,
        candidates: CandidateTableModel,
        client: Callable[[], ClientSummary | None],
    ):
        super().__init__(note)
        self._services, self._tasks = services, tasks
        self.search_box, self.requirements_box, shortlist_button = boxes
        self._note, self._candidates, self._client = note, candidates, client
        self._shortlist_shown = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search_box.textChanged.connect(lambda _t: self._timer.start())
        self.search_box.returnPressed.connect(self.run_search)
        self.requirements_box.returnPressed.connect(self.run_shortlist)
        self.requirements_box.textChanged.connect(self._on_requirements_changed)
        shortlist_button.clicked.connect(self.run_shortlist)

    def is_searching(self) -> bool:
        """The list shows search results or a shortlist, not the whole pool: a refresh
        of the pool (an import finishing) must leave it alone."""
        return bool(self.search_box.text().strip()) or self._shortlist_shown

    def refresh(self) -> None:
        """Run the search or shortlist on screen again (F5): the pool may have changed."""
        if self._shortlist_shown:
            self.run_shortlist()
        elif self.search_box.text().strip():
            self.run_search()

    def _on_requirements_changed(self, text: str) -> None:
        if not text.strip() and self._shortlist_shown:
            self._shortlist_shown = False
            self._note.clear()  # the note described the shortlist that just went
            self.cleared.emit()

    def run_search(self) -> None:
        self._timer.stop()
        self._tasks.start("cvs.search", self._search(self.search_box.text()))

    async def _search(self, query: str) -> None:
        self._shortlist_shown = False  # a search replaces the shortlist, or clears it
        if not query.strip():
            self._note.clear()
            self.cleared.emit()
            return
        client = self._client()
        outcome = await with_budget_confirmation(
            self._note,
            lambda allow: self._services.talent_pool.search(
                query, RESULT_LIMIT, client_id=client.id if client else None,
                allow_over_budget=allow,
            ),
        )  # fmt: skip
        if outcome is None:
            self._note.setText(NOT_SEARCHED)
            return
        self._candidates.show_results(outcome.results)
        note = results_note(query, outcome.results)
        if outcome.keyword_only_reason:
            note += f" {outcome.keyword_only_reason}"
        if outcome.meaning_gap_note:
            note += f" {outcome.meaning_gap_note}"
        self._note.setText(note)
        self.results_shown.emit()

    def run_shortlist(self) -> None:
        wanted = [s.strip() for s in self.requirements_box.text().split(",") if s.strip()]
        if wanted:
            self._tasks.start("cvs.search", self._shortlist(wanted, self.search_box.text()))

    def shortlist_for(self, skills: list[str], description: str) -> None:
        """Fill the boxes with a job's required skills and description, and shortlist."""
        self.requirements_box.setText(", ".join(s.replace(",", " ") for s in skills))
        self.search_box.setText(description)
        self.run_shortlist()

    async def _shortlist(self, wanted: list[str], description: str) -> None:
        client = self._client()
        entries = await with_budget_confirmation(
            self._note,
            lambda allow: self._services.talent_pool.shortlist(
                wanted, description, RESULT_LIMIT, client_id=client.id if client else None,
                allow_over_budget=allow,
            ),
        )  # fmt: skip
        if entries is None:
            self._note.setText(NOT_SEARCHED)
            return
        self._candidates.show_shortlist(entries)
        self._shortlist_shown = True
        complete = sum(not e.missing for e in entries)
        self._note.setText(
            f"Shortlist for {', '.join(wanted)}: {len(entries)} candidate(s), "
            f"{complete} with every skill."
        )
        self.results_shown.emit()


def results_note(query: str, results: list[SearchResult]) -> str:
    """'5 candidates for “x”: 3 with the words, 2 by meaning only.' or 'Nobody matches “x”.'"""
    if not results:
        return f"Nobody matches “{query}”."
    by_meaning = sum(not r.matched_terms for r in results)
    count = "1 candidate" if len(results) == 1 else f"{len(results)} candidates"
    if not by_meaning:
        return f"{count} for “{query}”."
    with_words = len(results) - by_meaning
    return f"{count} for “{query}”: {with_words} with the words, {by_meaning} by meaning only."
