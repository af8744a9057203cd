"""The Qt side of `bench_job_stream.py`: the job editor it drives, and when streamed text
reaches the screen. Imported inside its functions (it loads Qt; the benchmark's top must
not: spawned extraction workers run the main script again).
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractScrollArea, QLineEdit, QWidget

from headhunter_desktop.core.domain.job_posting import JobPostingDraft
from headhunter_desktop.core.llm.field_events import TextDelta
from headhunter_desktop.core.llm.field_stream import FieldStreamParser
from headhunter_desktop.ui.common.field_form import FieldForm
from headhunter_desktop.ui.common.generation_status import GenerationStatus
from tests.fakes.openai_replies import split_chunks


@dataclass
class AnswerPlan:
    """Where each chunk of the job answer lands: the characters the runner has counted
    (its status strip's "N characters") once the chunk is applied, and which chunks
    carry text of a field the form shows."""

    chunks: int
    chars_after: list[int]  # per chunk: streamed characters up to and including it
    shown_chunks: list[int] = field(default_factory=list)  # chunks with text the form shows

    @classmethod
    def of(cls, answer: str, shown_keys: set[str]) -> AnswerPlan:
        """Parse the answer as the gateway does, chunk by chunk (before anything is timed)."""
        parser = FieldStreamParser(JobPostingDraft)
        plan = cls(chunks=0, chars_after=[])
        total = 0
        for index, chunk in enumerate(split_chunks(answer, 1)):
            texts = [e for e in parser.feed(chunk) if isinstance(e, TextDelta)]
            total += sum(len(e.text) for e in texts)
            plan.chars_after.append(total)
            if any(e.path[0] in shown_keys for e in texts):
                plan.shown_chunks.append(index)
        plan.chunks = len(plan.chars_after)
        return plan

    @property
    def characters(self) -> int:
        return self.chars_after[-1] if self.chars_after else 0


class ScreenProbe(QObject):
    """When each chunk's text is first painted in the form.

    At every paint of a field editor it reads how many characters the runner has applied
    (the status strip's count, set in the same call that flushes the editors) and marks
    the chunks up to there as on screen at that moment (`time.monotonic()`).
    """

    def __init__(self, form: FieldForm, status: GenerationStatus, plan: AnswerPlan):
        super().__init__()
        self._status = status
        self._plan = plan
        self._shown_chars = [plan.chars_after[i] for i in plan.shown_chunks]
        self.shown_at: list[float] = []  # per entry of plan.shown_chunks
        self.first_text_at: float | None = None  # the first paint of streamed text
        self._watched = editor_surfaces(form)
        for widget in self._watched:
            widget.installEventFilter(self)

    def remove(self) -> None:
        for widget in self._watched:
            widget.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._on_paint()
        return False

    def _on_paint(self) -> None:
        chars = status_count(self._status)
        upto = bisect.bisect_right(self._shown_chars, chars)
        if upto > len(self.shown_at):
            now = time.monotonic()
            self.first_text_at = self.first_text_at or now
            self.shown_at.extend([now] * (upto - len(self.shown_at)))

    def latencies_ms(self, stamps: list[float]) -> list[float]:
        """Server write to screen, per shown chunk (`stamps`: the server's write times)."""
        chunks = self._plan.shown_chunks
        return [(at - stamps[chunks[k]]) * 1000 for k, at in enumerate(self.shown_at)]

    def render_rate(self) -> float:
        """Chunks on screen per second, from the first shown chunk to the last."""
        if len(self.shown_at) < 2 or self.shown_at[-1] <= self.shown_at[0]:
            return 0.0
        chunks = self._plan.shown_chunks
        span = chunks[len(self.shown_at) - 1] - chunks[0]
        return span / (self.shown_at[-1] - self.shown_at[0])


def text_keys(form: FieldForm, keys: Iterable[str]) -> set[str]:
    """Of `keys`, the fields that show text as it streams (not a choice's combo box)."""
    return {key for key in keys if key in form.field_keys() and editor_surfaces(form.field(key))}


def editor_surfaces(widget: QWidget) -> list[QWidget]:
    """The widgets text is painted on in `widget`: text editors' viewports, line edits."""
    surfaces: list[QWidget] = [w.viewport() for w in widget.findChildren(QAbstractScrollArea)]
    surfaces += widget.findChildren(QLineEdit)
    return [w for w in surfaces if w is not None]


def status_count(status: GenerationStatus) -> int:
    """The characters the status strip says arrived ("12,345 characters"; "" is 0)."""
    words = status.count_text().split()
    return int(words[0].replace(",", "")) if words else 0


class TabJobEditor:
    """The Jobs tab's job editor, shown, driven by its "Generate" button."""

    def __init__(self, window: Any) -> None:
        from headhunter_desktop.ui.jobs.job_fields import GENERATED_KEYS
        from headhunter_desktop.ui.jobs.jobs_tab import JobsTab

        tab = window.tab(JobsTab)
        window.tab_widget.setCurrentWidget(tab)
        self.editor = tab.editor
        self.form, self.status, self.runner = tab.editor.form, tab.editor.status, tab.editor.runner
        self.keys = GENERATED_KEYS

    def ready(self, client_id: int) -> bool:
        """The tab shows a job of the client and can write."""
        editor = self.editor
        return bool(editor.job.client_id == client_id and editor.generate_button.isEnabled())

    def generate(self, title: str) -> None:
        """Type `title` in the header (once) and click "Generate"."""
        if self.editor.header.title() != title:
            self.editor.header.title_edit.setText(title)
        self.editor.generate_button.click()

    def close(self) -> None:
        pass
