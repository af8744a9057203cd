"""“Re-index all candidates” for the CVs tab: after the embedding model changed, embed every
candidate again with the new one so that search finds them by meaning again.

The tab offers it (the re-index line) whenever candidates are not searchable by meaning;
the “⋯” menu has it at any time. It asks first, shows its progress, and can be cancelled:
what was done stays done, and running it again does the rest.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.talent_pool import (
    REINDEX_ACTION,
    ReindexResult,
    meaning_gap_text,
)
from headhunter_desktop.ui.cvs.reindex_bar import ReindexBar
from headhunter_desktop.ui.shell.async_dialogs import confirm
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

REINDEX_TASK = "cvs.reindex"
GAP_TASK = "cvs.meaning_gap"


class ReindexController(QObject):
    """Keeps the re-index line up to date and runs the re-index as a named task."""

    def __init__(
        self,
        services: AppServices,
        tasks: TaskRegistry,
        view: QWidget,
        bar: ReindexBar,
        llm_ready: Callable[[], bool],
    ):
        super().__init__(view)
        self._pool, self._tasks, self._view = services.talent_pool, tasks, view
        self.bar, self._llm_ready = bar, llm_ready
        self.action = QAction(f"{REINDEX_ACTION}…", self)
        self.action.triggered.connect(lambda _checked=False: self.reindex_all())
        bar.reindex_requested.connect(self.reindex_all)
        bar.cancel_requested.connect(self.cancel)

    def refresh(self) -> None:
        """Count the candidates meaning search misses; offer a re-index when there are any."""
        if not self._tasks.running(REINDEX_TASK):
            self._tasks.start(GAP_TASK, self._show_gap())

    def reindex_all(self) -> None:
        if not self._tasks.running(REINDEX_TASK):
            self._tasks.start(REINDEX_TASK, self._reindex_all())

    def cancel(self) -> None:
        self._tasks.cancel(REINDEX_TASK)

    async def _show_gap(self) -> None:
        count = await self._pool.not_searchable_by_meaning()
        ready = self._llm_ready()  # without an LLM nothing can be embedded: no offer
        self.bar.show_offer(meaning_gap_text(count, self._pool.embedding_model) if ready else None)

    async def _reindex_all(self) -> None:
        count = await self._pool.not_searchable_by_meaning()
        model = self._pool.embedding_model
        if count == 0:
            self.bar.show_message(f"Every candidate is searchable by meaning with {model}.")
            return
        if not await confirm(self._view, REINDEX_ACTION, _question(count, model), "Re-index"):
            return
        self.bar.show_progress(0, count, model)
        try:
            result = await self._pool.reindex(
                lambda done, total: self.bar.show_progress(done, total, model)
            )
        except asyncio.CancelledError:
            self.bar.show_offer(CANCELLED)  # with "Re-index now", to finish later
            raise
        except Exception:
            self._tasks.start(GAP_TASK, self._show_gap())  # the error itself is shown apart
            raise
        self.bar.show_message(_outcome(result))


CANCELLED = (
    "Re-index cancelled. The candidates done so far are searchable by meaning; "
    "re-index again to do the rest."
)


def _people(count: int) -> str:
    return "1 candidate" if count == 1 else f"{count:,} candidates"


def _question(count: int, model: str) -> str:
    return (
        f"Re-index {_people(count)} with {model}?\n\n"
        "Their profiles are embedded again through your LLM connection, in batches billed "
        "to each candidate's client. Keyword search works meanwhile; you can cancel at any "
        "time and run it again later to finish."
    )


def _outcome(result: ReindexResult) -> str:
    text = f"Re-indexed {_people(result.embedded)} with {result.model}."
    if result.model_changed:
        text += f" The embedding model changed meanwhile: “{REINDEX_ACTION}” again for the rest."
    return text
