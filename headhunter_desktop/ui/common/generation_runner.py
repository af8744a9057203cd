"""GenerationRunner: one generation streamed into a FieldForm, as a named background task.

A tab owns one runner per form and starts it with the service call that opens the stream:

    self.form = FieldForm(JOB_FIELDS)
    self.status = GenerationStatus()                  # under (or over) the form
    self.runner = GenerationRunner(self, context.tasks, self.status, name="jobs.generate")
    self.runner.started.connect(...)                  # e.g. disable "Generate"
    self.runner.finished.connect(...)                 # finished(ok): enable it again

    self.runner.start(
        lambda allow: services.jobs.generate(client_id, request, allow_over_budget=allow),
        self.form,
        list(JobPostingDraft.model_fields),           # the fields this stream writes
        on_final=self._generated,                     # (draft) -> None, or a coroutine
        label="the job posting",                      # "Writing the job posting…"
    )

Regenerating one field (the form's `regenerate_requested(key)`):

    async def _regenerate(self, key: str) -> None:     # run it with context.tasks.start
        if key in self.form.edited_fields() and not await confirm_replace_edited(
            self, self.form.label_of(key)
        ):
            return
        job = self._job_from_form()
        self.runner.start(
            lambda allow: services.jobs.regenerate_field(job, key, allow_over_budget=allow),
            self.form, [key], self._field_regenerated, self.form.label_of(key).lower(),
        )

What a run does: opens the stream; at a hard budget cap (checked before a byte is sent)
it asks, and reopens it allowed past the cap or leaves everything as it was. Then it
empties the fields `keys` (one a turn of the loop), buffers the streamed field events and
applies them, merged (`coalesce`), once per frame (~16 ms), so the GUI does at most one
apply a frame however fast the model writes. When the stream is complete the fields take
their final values, `on_final` gets the validated object, and `finished(True)` is
emitted. `cancel()` (the status strip's Cancel, or Esc anywhere in the parent widget)
cancels the task: leaving the stream's `async with` closes the HTTP response at once and
the call is recorded as cancelled; what was written stays in the fields. A
`UserFacingError` (the server, the model's output) is shown in the status strip and in a
dialog; the partial text stays.

Signals:
    started(): a generation started (`running` is True until `finished`).
    finished(bool): it ended: True when complete and `on_final` succeeded.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QWidget

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.field_updates import (
    FieldEvent,
    StructuredUpdate,
    TextDelta,
    coalesce,
)
from headhunter_desktop.ui.common.budget_confirmation import enter_with_budget_confirmation
from headhunter_desktop.ui.common.collector_pause import collector_paused
from headhunter_desktop.ui.common.generation_status import GenerationStatus
from headhunter_desktop.ui.common.stream_buffer import FRAME_MS
from headhunter_desktop.ui.shell.async_dialogs import confirm
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

OpenStream = Callable[[bool], AbstractAsyncContextManager[AsyncIterator[StructuredUpdate[Any]]]]
OnFinal = Callable[[BaseModel], object]

CANCELLED_TEXT = "Cancelled — kept what was written"
DECLINED_TEXT = "Nothing written: the client's monthly budget is reached"


class StreamTarget(Protocol):
    """What a runner streams into (a `FieldForm`)."""

    def begin_stream(self, keys: Iterable[str]) -> None: ...
    def apply(self, events: Sequence[FieldEvent]) -> None: ...
    def end_stream(self, keys: Iterable[str], completed: bool) -> None: ...
    def settle(self, values: Mapping[str, Any], keys: Iterable[str]) -> None: ...


@dataclass
class _Generation:
    open_stream: OpenStream
    form: StreamTarget
    keys: tuple[str, ...]
    on_final: OnFinal
    label: str
    streaming: bool = False  # the form's fields are open for this stream
    written: bool = False  # the answer is complete: `on_final` runs, too late to cancel
    characters: int = 0
    ok: bool = False


class GenerationRunner(QObject):
    """Runs one generation at a time into a form (module docstring).

    Signals:
        started(): a generation started.
        finished(bool): it ended; True when it completed.
    """

    started = Signal()
    finished = Signal(bool)

    def __init__(
        self,
        parent: QWidget,
        tasks: TaskRegistry,
        status: GenerationStatus,
        *,
        name: str | None = None,
    ):
        super().__init__(parent)
        self._parent = parent
        self._tasks = tasks
        self._status = status
        self._name = name or f"generation-{id(self):x}"
        self._job: _Generation | None = None
        self._task: asyncio.Task[Any] | None = None
        self._buffer = EventBuffer(self._apply, self)
        status.cancel_requested.connect(self.cancel)
        self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), parent)
        self._escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._escape.setEnabled(False)
        self._escape.activated.connect(self.cancel)

    @property
    def running(self) -> bool:
        return self._job is not None

    def start(
        self,
        open_stream: OpenStream,
        form: StreamTarget,
        keys: Iterable[str],
        on_final: OnFinal,
        label: str,
    ) -> bool:
        """Stream `open_stream(allow_over_budget)` into the fields `keys` of `form`;
        False (nothing starts) while another generation runs or the app shuts down."""
        if self._job is not None:
            return False
        job = _Generation(open_stream, form, tuple(keys), on_final, label)
        task = self._tasks.start(self._name, self._run(job))
        if task is None:
            return False
        self._job, self._task = job, task
        task.add_done_callback(lambda done: self._on_done(job, done))
        self._status.show_running(label)
        self._escape.setEnabled(True)
        self.started.emit()
        return True

    def cancel(self) -> None:
        """Stop the generation: the stream closes at once, what was written stays.
        Once the answer is complete (`on_final` runs, e.g. a save) there is nothing to stop."""
        if self._job is not None and self._job.written:
            return
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def stop(self) -> None:
        """`cancel()`, then wait until the fields are editable again (before leaving the
        item or the client the generation writes for)."""
        if not self.running:
            return
        stopped: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

        def on_finished(ok: bool) -> None:
            if not stopped.done():
                stopped.set_result(ok)

        self.finished.connect(on_finished)
        try:
            self.cancel()
            await stopped
        finally:
            self.finished.disconnect(on_finished)

    async def _run(self, job: _Generation) -> None:
        try:
            with collector_paused():
                job.ok = await self._generate(job)
        except asyncio.CancelledError:
            self._close(job)
            self._status.show_idle(CANCELLED_TEXT)
            raise
        except UserFacingError as exc:
            self._close(job)
            self._status.show_error(str(exc))
            self._show_error(job, exc)
        finally:
            self._close(job)

    async def _generate(self, job: _Generation) -> bool:
        async with AsyncExitStack() as stack:
            updates = await enter_with_budget_confirmation(self._parent, stack, job.open_stream)
            if updates is None:
                self._status.show_idle(DECLINED_TEXT)
                return False
            job.streaming = True
            for key in job.keys:
                # Emptying a full field (a regeneration) costs up to a few ms, and its
                # repaint more: one field a turn, all before the stream's first slice.
                job.form.begin_stream([key])
                await asyncio.sleep(0)
            final: BaseModel | None = None
            async for update in updates:
                if update.events:
                    self._buffer.push(update.events)
                if update.final is not None:
                    final = update.final
        job.written = True
        self._status.cancel_button().setEnabled(False)
        await self._end_completed(job)
        if final is not None:
            job.form.settle(final.model_dump(mode="json", by_alias=True), job.keys)
            result = job.on_final(final)
            if inspect.isawaitable(result):
                await result
        self._status.show_idle(f"Finished writing {job.label}")
        return True

    def _apply(self, events: list[FieldEvent]) -> None:
        job = self._job
        if job is None or not job.streaming:
            return
        merged = coalesce(events)
        job.form.apply(merged)
        job.characters += sum(len(e.text) for e in merged if isinstance(e, TextDelta))
        self._status.set_count(job.characters)

    async def _end_completed(self, job: _Generation) -> None:
        """The answer is complete: its last text on screen, then each field closed (its
        Markdown rendered) in a turn of the event loop of its own, so that no one turn
        lays out and paints the whole form's completion (a stall while the window is
        still streaming). Too late to cancel: an app shutdown still ends it (`_close`)."""
        await asyncio.sleep(0)  # the stream's last slice, then the last text: two turns
        self._buffer.flush()
        await asyncio.sleep(0)
        for key in job.keys:
            job.form.end_stream([key], True)
            await asyncio.sleep(0)
        job.streaming = False

    def _end(self, job: _Generation, *, completed: bool) -> None:
        """Put what is buffered into the fields, then close them for this stream."""
        if job.streaming:
            self._buffer.flush()
            job.streaming = False
            job.form.end_stream(job.keys, completed)

    def _close(self, job: _Generation) -> None:
        """However the run ends: the fields keep what arrived and are editable again."""
        self._end(job, completed=False)

    def _on_done(self, job: _Generation, task: asyncio.Task[Any]) -> None:
        self._close(job)  # a task cancelled before it ran never reached its own cleanup
        self._buffer.discard()
        if self._status.is_busy():  # that task, or one that failed with a bug
            self._status.show_idle(CANCELLED_TEXT if task.cancelled() else "")
        self._job = self._task = None
        self._escape.setEnabled(False)
        self.finished.emit(job.ok)

    def _show_error(self, job: _Generation, exc: UserFacingError) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, f"Writing {job.label} failed", str(exc), parent=self._parent
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()


class EventBuffer(QObject):
    """Field events in as they arrive; out, to `apply`, at most once per frame."""

    def __init__(self, apply: Callable[[list[FieldEvent]], None], parent: QObject | None = None):
        super().__init__(parent)
        self._apply = apply
        self._pending: list[FieldEvent] = []
        self._scheduled = False  # a flag, not QTimer.isActive(): push() runs per update
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self.flush)

    def push(self, events: list[FieldEvent]) -> None:
        self._pending.extend(events)
        if not self._scheduled:
            self._scheduled = True
            self._timer.start()

    def flush(self) -> None:
        """Apply everything pending now."""
        self._timer.stop()
        self._scheduled = False
        if self._pending:
            events, self._pending = self._pending, []
            self._apply(events)

    def discard(self) -> None:
        self._timer.stop()
        self._scheduled = False
        self._pending = []


async def confirm_replace_edited(parent: QWidget, field_label: str) -> bool:
    """Ask before a regeneration replaces a field a person edited; True to go ahead."""
    return await confirm(
        parent,
        "Replace your changes?",
        f"“{field_label}” was changed by hand. Writing it again replaces what you wrote.",
        "Regenerate",
    )
