"""CompanyReading: "Read website" and "Paste text instead" for the profile on screen.

A read is two steps, both cancellable (Cancel in the status strip, or Esc): the website's
pages are read (a task of its own: the strip says "Reading acme.com…", and each page is
listed in the pages panel as soon as it is read or skipped), then one LLM call
extracts the profile from their texts, streamed by a `GenerationRunner` into the company
fields that are empty — and only those: a field the recruiter filled is never touched
while the answer streams. Once it is complete, the values found (JSON-LD and OpenGraph
facts as written, the rest checked against the texts) replace what streamed, each with
its source; the fields that hold something else than was found go to the merge view.
A cancelled or failed extraction keeps what arrived. Nothing is saved: Save does that.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from headhunter_desktop.core.domain.client_profile import ClientProfile, FieldSource
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.company_profiles import (
    CompanyFacts,
    CompanyProfileService,
    PastedText,
    ProfileMerge,
    WebsiteError,
    WebsiteReading,
)
from headhunter_desktop.ui.common.generation_runner import GenerationRunner
from headhunter_desktop.ui.companies.company_fields import COMPANY_KEYS
from headhunter_desktop.ui.companies.paste_dialog import PasteTextDialog
from headhunter_desktop.ui.companies.profile_editor import ProfileEditor
from headhunter_desktop.ui.companies.profile_forms import COMPANY_PAGE
from headhunter_desktop.ui.companies.provenance import host_of
from headhunter_desktop.ui.companies.read_messages import (
    READ_CANCELLED_TEXT,
    explain_read_failure,
    merged_text,
    outcome_text,
)
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

READ_TASK, EXTRACT_TASK = "companies.read", "companies.extract"
WEBSITE_LABEL, PASTE_LABEL = "the profile from the website", "the profile from the pasted text"
# What the model writes: the fields a stream may fill (the website is typed, or a fact).
EXTRACTED_KEYS = tuple(key for key in COMPANY_KEYS if key in CompanyFacts.model_fields)
Source = WebsiteReading | PastedText


@dataclass(frozen=True)
class _Extraction:
    client_id: int
    source: Source
    before: dict[str, Any]  # the profile on screen when it began, as JSON
    keys: tuple[str, ...]  # the fields it streams into: those empty then


class CompanyReading(QObject):
    """Reads a website or a pasted text into the profile editor (module docstring).

    Signals:
        running_changed(bool): a read or an extraction started (True) or ended (False).
    """

    running_changed = Signal(bool)

    def __init__(
        self,
        parent: QWidget,
        service: CompanyProfileService,
        tasks: TaskRegistry,
        editor: ProfileEditor,
    ):
        super().__init__(parent)
        self._parent, self._service, self._tasks, self._editor = parent, service, tasks, editor
        self._read_task: asyncio.Task[Any] | None = None
        self._extraction: _Extraction | None = None
        self._merge: ProfileMerge | None = None
        self._outcome = ""  # what the last extraction found, in words
        self.paste_dialog: PasteTextDialog | None = None
        self.runner = GenerationRunner(parent, tasks, editor.status, name=EXTRACT_TASK)
        self.runner.started.connect(self._on_extraction_started)
        self.runner.finished.connect(self._on_extraction_finished)
        editor.status.cancel_requested.connect(self._cancel_read)
        editor.merge_view.resolved.connect(self._on_resolved)
        self._escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), parent)
        self._escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._escape.setEnabled(False)
        self._escape.activated.connect(self._cancel_read)

    def is_running(self) -> bool:
        """A read or an extraction runs."""
        return self._read_task is not None or self.runner.running

    # -- entry points ---------------------------------------------------------------------
    def read_website(self) -> None:
        """Read the website on screen, then extract the profile from its pages."""
        url = self._editor.website_text()
        if url and self._can_start():
            self._read_task = self._tasks.start(READ_TASK, self._read(url))
            self._escape.setEnabled(self._read_task is not None)
            self.running_changed.emit(self._read_task is not None)

    def paste_text(self) -> PasteTextDialog | None:
        """Open the paste dialog; its text is extracted like a website's pages."""
        client = self._editor.client
        if client is None or not self._can_start():
            return None
        dialog = PasteTextDialog(client.name, self._parent)
        dialog.text_submitted.connect(self._extract_pasted)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.paste_dialog = dialog
        return dialog

    def cancel(self) -> None:
        self._cancel_read()
        self.runner.cancel()

    async def stop(self) -> None:
        """Before the editor shows another client: the read or extraction stops (what
        arrived stays) and an open merge keeps every value of the recruiter's."""
        if self._editor.is_merging():
            self._on_resolved(set())
        task = self._read_task
        if task is not None:
            task.cancel()
            await asyncio.wait([task])
        await self.runner.stop()

    def _can_start(self) -> bool:
        editor = self._editor
        return editor.is_loaded() and not self.is_running() and not editor.is_merging()

    # -- reading the website --------------------------------------------------------------
    async def _read(self, url: str) -> None:
        editor = self._editor
        editor.set_busy(True)
        editor.pages.start_read(url)
        editor.status.show_busy(f"Reading {host_of(url)}…")
        try:
            reading = await self._service.read_website(url, on_page=editor.pages.add_page)
        except asyncio.CancelledError:
            editor.status.show_idle(READ_CANCELLED_TEXT)
            editor.pages.show_guidance(READ_CANCELLED_TEXT)
            raise
        except UserFacingError as exc:
            failure: UserFacingError | None = exc
        else:
            failure = None
        finally:
            self._read_task = None
            self._escape.setEnabled(False)
            editor.set_busy(False)
            self.running_changed.emit(False)
        if failure is not None:
            await self._show_read_failure(url, failure)
            return
        editor.show_read(reading.url, reading.pages, reading.warnings)
        self._extract(reading, WEBSITE_LABEL)

    async def _show_read_failure(self, url: str, exc: UserFacingError) -> None:
        self._editor.status.show_error(str(exc))
        self._editor.pages.show_guidance(f"Nothing read from {host_of(url)}: {exc}")
        if await explain_read_failure(self._parent, exc, paste=isinstance(exc, WebsiteError)):
            self.paste_text()

    def _cancel_read(self) -> None:
        if self._read_task is not None:
            self._read_task.cancel()

    # -- extracting -----------------------------------------------------------------------
    def _extract_pasted(self, text: str) -> None:
        self._editor.show_paste_read(len(text))
        self._extract(PastedText(text), PASTE_LABEL)

    def _extract(self, source: Source, label: str) -> None:
        editor = self._editor
        if editor.client is None:
            return
        empty = set(editor.forms.empty_company_keys())
        keys = tuple(key for key in EXTRACTED_KEYS if key in empty)
        before = editor.profile().model_dump(mode="json")
        self._extraction = _Extraction(editor.client.id, source, before, keys)
        if not self._service.needs_extraction(source):
            self._take(CompanyFacts())  # structured data and no text: nothing to ask
            return
        editor.forms.setCurrentIndex(COMPANY_PAGE)
        client_id = editor.client.id
        self.runner.start(
            lambda allow: self._service.extract(client_id, source, allow_over_budget=allow),
            editor.forms.company,
            keys,
            self._take,
            label,
        )

    def _take(self, final: Any) -> None:
        """The answer is complete: show what was found, and what differs to choose."""
        job, editor = self._extraction, self._editor
        if job is None or editor.client is None or editor.client.id != job.client_id:
            return
        found = self._service.found_profile(final, job.source)
        merge = self._merge = self._service.merge(self._current(job), found)
        for key in job.keys:  # what streamed gives way to what was found (or nothing)
            editor.put(key, merge.filled.get(key), found.sources.get(key))
        for key, value in merge.filled.items():
            if key not in job.keys and editor.holds_nothing(key):
                editor.put(key, value, found.sources.get(key))
        conflicts = [c for c in merge.conflicts if editor.shows(c.field)]
        if isinstance(job.source, WebsiteReading):
            editor.show_read(job.source.url, job.source.pages, found.warnings)
        else:
            editor.show_paste_read(len(job.source.text), found.warnings)
        # Said once the runner is done (it ends with its own "Finished writing…").
        self._outcome = outcome_text(len(merge.filled), len(conflicts))
        editor.status.show_idle(self._outcome)
        if conflicts:
            editor.show_merge(conflicts)
        editor.refresh_state()

    def _current(self, job: _Extraction) -> ClientProfile:
        """The profile on screen now, but with the streamed fields as they were before:
        the merge compares what was found with the recruiter's values, not the stream's."""
        values = self._editor.profile().model_dump(mode="json")
        values.update({key: job.before.get(key) for key in job.keys})
        return ClientProfile.model_validate(values)

    def _on_extraction_started(self) -> None:
        self._editor.set_busy(True)
        self.running_changed.emit(True)

    def _on_extraction_finished(self, ok: bool) -> None:
        job, editor = self._extraction, self._editor
        if not ok and job is not None:  # cancelled or failed: what arrived stays, sourced
            written = [key for key in job.keys if not editor.holds_nothing(key)]
            editor.forms.set_sources(written, _partial_source(job.source))
        elif ok and self._outcome:
            editor.status.show_idle(self._outcome)
        self._extraction, self._outcome = None, ""
        editor.set_busy(False)
        editor.refresh_state()
        self.running_changed.emit(False)

    def _on_resolved(self, accepted: set[str]) -> None:
        merge, editor = self._merge, self._editor
        chosen = [c for c in merge.conflicts if c.field in accepted] if merge else []
        for conflict in chosen:
            editor.accept_found(conflict.field, conflict.found, conflict.source)
        kept = len(merge.conflicts) - len(chosen) if merge else 0
        self._merge = None
        editor.end_merge()
        editor.status.show_idle(merged_text(len(chosen), kept))
        editor.refresh_state()


def _partial_source(source: Source) -> FieldSource:
    if isinstance(source, PastedText):
        return FieldSource(url="", method="pasted-text")
    return FieldSource(url=source.url, method="page-text")
