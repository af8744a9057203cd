"""ProfileEditor: one client's profile beside the list of clients — its website with "Read
website" and "Paste text instead…", what the last read found (pages, skipped ones), the
profile's pages (company, contacts and fees, voice), the merge view when a read found
something else than the recruiter's values, the status strip and Save.

The editor knows nothing of services: it shows a profile, says what is on screen
(`profile()`) and whether it differs from what was saved (`is_dirty()`), and emits
intent signals the tab's workflow acts on.

Signals:
    read_requested(): "Read website" was pressed.
    paste_requested(): "Paste text instead…" was pressed.
    save_requested(): "Save" was pressed.
    settings_requested(): "Open Settings…" in the guidance was pressed.
    dirty_changed(bool): what is on screen started (or stopped) differing from the saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from headhunter_desktop.core.domain.client_profile import ClientProfile, FieldSource
from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.core.services.company_profiles import FieldConflict, PageRecord
from headhunter_desktop.ui.companies.company_fields import COMPANY_KEYS, is_empty
from headhunter_desktop.ui.companies.editor_parts import (
    ProfileButtons,
    ProfileTitle,
    WebsiteRow,
    guidance,
)
from headhunter_desktop.ui.companies.merge_view import MergeView
from headhunter_desktop.ui.companies.pages_panel import PagesPanel
from headhunter_desktop.ui.companies.profile_forms import ProfileForms

UNSAVED_TEXT, SAVED_TEXT, EMPTY_TEXT, LOADING_TEXT = (
    "Unsaved changes", "Saved", "Nothing saved yet", "Loading…"
)  # fmt: skip


class ProfileEditor(QWidget):
    """A client's profile, its website read and merge (module docstring).

    Signals:
        read_requested(), paste_requested(), save_requested(), settings_requested(),
        dirty_changed(bool).
    """

    read_requested = Signal()
    paste_requested = Signal()
    save_requested = Signal()
    settings_requested = Signal()
    dirty_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._client: ClientSummary | None = None
        self._saved: ClientProfile | None = None  # None while loading
        self._snapshot: tuple[str, dict[str, Any]] = ("", {})
        self._dirty = self._busy = self._has_read = False
        self._llm_ready = True
        self._build()
        self._connect_signals()
        self._update_controls()

    # -- building -------------------------------------------------------------------------
    def _build(self) -> None:
        self.title = ProfileTitle()
        self.website = WebsiteRow()
        self.pages = PagesPanel()
        self.forms = ProfileForms()
        self.merge_view = MergeView()
        self._stack = QStackedWidget()
        self._stack.addWidget(self.forms)
        self._stack.addWidget(self.merge_view)
        self.buttons = ProfileButtons()
        self.status = self.buttons.status
        top = QVBoxLayout()
        top.setContentsMargins(12, 8, 12, 0)
        top.setSpacing(6)
        for part in (self.title, self.website, self.pages):
            top.addWidget(part)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self.buttons)

    def _connect_signals(self) -> None:
        self.website.read_button.clicked.connect(self.read_requested)
        self.website.paste_button.clicked.connect(self.paste_requested)
        self.website.edit.returnPressed.connect(self._on_return_in_website)
        self.website.edit.textChanged.connect(lambda _text: self.refresh_state())
        self.buttons.save_button.clicked.connect(self.save_requested)
        self.pages.settings_requested.connect(self.settings_requested)
        self.forms.edited.connect(lambda _key: self.refresh_state())

    # -- what is shown --------------------------------------------------------------------
    def show_none(self) -> None:
        """No client: nothing to show or edit."""
        self._client, self._saved = None, None
        self.title.show_client("")
        self._reset()

    def show_loading(self, client: ClientSummary) -> None:
        """`client`'s profile is on its way: its name, nothing to edit yet."""
        self._client, self._saved = client, None
        self.title.show_client(client.name)
        self._reset()

    def _reset(self) -> None:
        self.forms.show_values({}, {})
        self.forms.setCurrentIndex(0)
        self.website.edit.clear()
        self.end_merge()
        self._has_read = False
        self.status.show_idle("")
        self._snapshot = self._on_screen()
        self.refresh_state()

    def show_profile(self, client: ClientSummary, profile: ClientProfile) -> None:
        """Show a saved profile; nothing on screen is unsaved afterwards."""
        self.show_loading(client)
        self.website.edit.setText(profile.website or "")
        self.forms.show_values(profile.model_dump(mode="json"), profile.sources)
        self.mark_saved(profile)

    def show_saved(self, stored: ClientProfile) -> None:
        """What is on screen was saved, as `stored` (its website as cleaned)."""
        if (stored.website or "") != self.website_text():
            self.website.edit.setText(stored.website or "")
        self.mark_saved(stored)

    def mark_saved(self, profile: ClientProfile) -> None:
        """What is on screen was saved as `profile`."""
        self._saved = profile
        self._snapshot = self._on_screen()
        self.refresh_state()

    def profile(self) -> ClientProfile:
        """The profile as on screen, its sources included (what the form does not show is
        kept from the saved one)."""
        base = self._saved or ClientProfile(name=self._client.name if self._client else "")
        values = {**base.model_dump(mode="json"), **self.forms.values()}
        values["website"] = self.website_text() or None
        return ClientProfile.model_validate(values)

    def website_text(self) -> str:
        return self.website.edit.text().strip()

    @property
    def client(self) -> ClientSummary | None:
        return self._client

    def set_client_name(self, client: ClientSummary) -> None:
        """The shown client was renamed."""
        self._client = client
        self.title.show_client(client.name)

    def is_loaded(self) -> bool:
        return self._saved is not None

    def is_dirty(self) -> bool:
        """What is on screen differs from what was saved."""
        return self._dirty

    # -- a read ---------------------------------------------------------------------------
    def shows(self, key: str) -> bool:
        """A read's value of `key` can be shown here (the company fields, the website)."""
        return key == "website" or key in COMPANY_KEYS

    def holds_nothing(self, key: str) -> bool:
        if key == "website":
            return not self.website_text()
        return is_empty(self.forms.company.field(key).value())

    def put(self, key: str, value: Any, source: FieldSource | None) -> None:
        """Show a value a read found (or nothing) in field `key`, with its source."""
        if key == "website":
            self.website.edit.setText("" if value is None else str(value))
        elif key in COMPANY_KEYS:
            self.forms.put(key, value, source)

    def accept_found(self, key: str, value: Any, source: FieldSource | None) -> None:
        """Like `put`, for a value accepted in the merge view: one undo step in its field."""
        if key == "website":
            self.website.edit.selectAll()
            self.website.edit.insert("" if value is None else str(value))  # setText: no undo
        elif key in COMPANY_KEYS:
            self.forms.accept(key, value, source)

    def show_merge(self, conflicts: Sequence[FieldConflict]) -> None:
        """The merge view instead of the pages, until its choices are made."""
        self.merge_view.show_conflicts(conflicts)
        self._stack.setCurrentWidget(self.merge_view)
        self._update_controls()

    def end_merge(self) -> None:
        self._stack.setCurrentWidget(self.forms)
        self._update_controls()

    def is_merging(self) -> bool:
        return self._stack.currentWidget() is self.merge_view

    def show_read(self, site: str, pages: Sequence[PageRecord], warnings: Sequence[str]) -> None:
        """What a read got: the summary line and its pages."""
        self._has_read = True
        self.pages.show_read(site, pages, warnings)

    def show_paste_read(self, characters: int, warnings: Sequence[str] = ()) -> None:
        """The profile is (or was) read from a pasted text of `characters`."""
        self._has_read = True
        self.pages.show_guidance(" · ".join([f"Read {characters:,} pasted characters", *warnings]))

    # -- look -----------------------------------------------------------------------------
    def set_llm_ready(self, ready: bool) -> None:
        self._llm_ready = ready
        self._update_controls()

    def set_busy(self, busy: bool) -> None:
        """A read, an extraction or a save runs: only Cancel (in the status strip) stays."""
        self._busy = busy
        self._update_controls()

    def refresh_state(self) -> None:
        """Compare the screen with what was saved; update the marker and the buttons."""
        dirty = self.is_loaded() and self._on_screen() != self._snapshot
        self.title.state.setText(self._state_text(dirty))
        changed, self._dirty = dirty != self._dirty, dirty
        self._update_controls()
        if changed:
            self.dirty_changed.emit(dirty)

    def _state_text(self, dirty: bool) -> str:
        if self._saved is None:
            return LOADING_TEXT
        if dirty:
            return UNSAVED_TEXT
        return SAVED_TEXT if self._saved != ClientProfile(name=self._saved.name) else EMPTY_TEXT

    def _update_controls(self) -> None:
        idle = self.is_loaded() and not self._busy and not self.forms.company.is_streaming()
        free = idle and not self.is_merging()
        has_site = bool(self.website_text())
        self.website.edit.setReadOnly(not idle)
        self.website.set_actions(
            read=free and self._llm_ready and has_site, paste=free and self._llm_ready
        )
        self.website.set_tips(self._llm_ready, has_site)
        self.buttons.save_button.setEnabled(free and self._dirty)
        self.forms.setEnabled(self.is_loaded())
        if not self._has_read:
            text, settings = guidance(self._llm_ready, has_site)
            self.pages.show_guidance(text, settings=settings)

    def _on_return_in_website(self) -> None:
        if self.website.read_button.isEnabled():  # Enter reads when the button would
            self.read_requested.emit()

    def _on_screen(self) -> tuple[str, dict[str, Any]]:
        return self.website_text(), self.forms.values()
