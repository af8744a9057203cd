"""ProfileForms: a client profile on three pages — the company (read from its website, each
field with its source beside its label), contacts and fees, the voice for generated text.

It shows a `ClientProfile`, says what is on screen as the values a `ClientProfile` is
validated from (`values()`), and keeps each company field's source: the page and method
a value was found by, or "typed" once a person changes it.

Signals:
    edited(str): a person changed field `key` (any page).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from headhunter_desktop.core.domain.client_profile import FieldSource
from headhunter_desktop.ui.common.field_form import FieldForm
from headhunter_desktop.ui.common.steady_tab_widget import SteadyTabWidget
from headhunter_desktop.ui.companies.company_fields import (
    CLIENT_FIELDS,
    CLIENT_KEYS,
    COMPANY_FIELDS,
    COMPANY_KEYS,
    VOICE_FIELDS,
    VOICE_HINT,
    VOICE_KEYS,
    is_empty,
    picked,
    real_contacts,
)
from headhunter_desktop.ui.companies.provenance import TYPED_SOURCE, note_text, note_tooltip

COMPANY_PAGE, CLIENT_PAGE, VOICE_PAGE = range(3)


class ProfileForms(SteadyTabWidget):
    """The profile's pages and the company fields' sources (module docstring).

    Signals:
        edited(str): a person changed the field with this key.
    """

    edited = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDocumentMode(True)
        self.company = FieldForm(COMPANY_FIELDS)
        self.client = FieldForm(CLIENT_FIELDS)
        self.voice = FieldForm(VOICE_FIELDS)
        self._sources: dict[str, FieldSource] = {}
        self.addTab(self.company, "&Company")
        self.addTab(self.client, "C&ontacts and fees")
        self.addTab(self._voice_page(), "&Voice")
        self.setTabToolTip(COMPANY_PAGE, "What the company says about itself: read or typed")
        self.setTabToolTip(CLIENT_PAGE, "The agency's own notes: never sent to the LLM")
        self.setTabToolTip(VOICE_PAGE, VOICE_HINT)
        self.company.edited.connect(self._on_company_edited)
        self.client.edited.connect(self.edited)
        self.voice.edited.connect(self.edited)

    def _voice_page(self) -> QWidget:
        hint = QLabel(VOICE_HINT)
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted in any palette
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(hint)
        layout.addWidget(self.voice, 1)
        hint.setContentsMargins(12, 0, 12, 0)
        return page

    # -- values ----------------------------------------------------------------------------
    def show_values(self, values: Mapping[str, Any], sources: Mapping[str, FieldSource]) -> None:
        """Show a profile's values (`ClientProfile.model_dump(mode="json")`) and sources."""
        data = dict(values)
        self.company.set_values(picked(data, COMPANY_KEYS))
        self.client.set_values(picked(data, CLIENT_KEYS))
        self.voice.set_values(picked(dict(data.get("fine_tuning") or {}), VOICE_KEYS))
        self._sources = {k: s for k, s in sources.items() if k in COMPANY_KEYS}
        self._show_notes(COMPANY_KEYS)

    def values(self) -> dict[str, Any]:
        """What is on screen, keyed like `ClientProfile` (its sources included)."""
        client = self.client.values()
        client["contacts"] = real_contacts(client.get("contacts"))
        return {
            **self.company.values(),
            **client,
            "fine_tuning": self.voice.values(),
            "sources": {k: s.model_dump() for k, s in self.sources().items()},
        }

    def company_values(self) -> dict[str, Any]:
        return self.company.values()

    def empty_company_keys(self) -> list[str]:
        """The company fields with nothing in them: what a read may fill without asking."""
        return [key for key, value in self.company.values().items() if is_empty(value)]

    def put(self, key: str, value: Any, source: FieldSource | None) -> None:
        """Show `value` (found, or accepted from the merge view) in company field `key`,
        unless it shows that already, and its source."""
        field = self.company.field(key)
        if field.value() != value:
            field.set_value(value)
        self.set_source(key, source)

    def accept(self, key: str, value: Any, source: FieldSource | None) -> None:
        """Show `value` accepted from the merge view in company field `key` as one undo
        step there (Ctrl+Z brings the recruiter's value back), and its source."""
        if self.company.field(key).value() != value:
            self.company.replace_value(key, value)
        self.set_source(key, source)

    # -- sources ---------------------------------------------------------------------------
    def sources(self) -> dict[str, FieldSource]:
        """The sources of the company fields that hold something."""
        values = self.company.values()
        return {k: s for k, s in self._sources.items() if not is_empty(values.get(k))}

    def set_source(self, key: str, source: FieldSource | None) -> None:
        if source is None:
            self._sources.pop(key, None)
        else:
            self._sources[key] = source
        self._show_notes([key])

    def set_sources(self, keys: Iterable[str], source: FieldSource | None) -> None:
        for key in keys:
            self.set_source(key, source)

    def source_note(self, key: str) -> str:
        """The note shown beside company field `key` ("" for none)."""
        return self.company.note(key)

    def _on_company_edited(self, key: str) -> None:
        self.set_source(key, TYPED_SOURCE)
        self.edited.emit(key)

    def _show_notes(self, keys: Iterable[str]) -> None:
        for key in keys:
            empty = is_empty(self.company.field(key).value())
            source = None if empty else self._sources.get(key)
            self.company.set_note(key, note_text(source), note_tooltip(source))

    # -- look ------------------------------------------------------------------------------
    def set_read_only(self, read_only: bool) -> None:
        for form in (self.company, self.client, self.voice):
            form.set_read_only(read_only)
