"""DepartmentEditor: one department of a client — its name above the generated fields,
the recruiter's notes for the writer, the status strip, and Generate / Save / Delete.

The editor knows nothing of services: it shows a profile, says what is on screen
(`profile()`), whether that differs from what was last saved (`is_dirty()`), and emits
intent signals the tab acts on.

Signals:
    generate_requested(): "Generate" was pressed.
    save_requested(): "Save" was pressed.
    settings_requested(): "Open Settings…" in the LLM hint was pressed.
    dirty_changed(bool): what is on screen started (or stopped) differing from the saved.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.domain.department import DepartmentProfile, DepartmentProfileDraft
from headhunter_desktop.ui.common.field_form import FieldForm
from headhunter_desktop.ui.common.generation_status import GenerationStatus
from headhunter_desktop.ui.departments.department_fields import DEPARTMENT_FIELDS

NAME_PLACEHOLDER = "Department name — e.g. Platform Engineering"
NOTES_PLACEHOLDER = "Optional — e.g. “12 people, moving from Java to Kotlin; hiring seniors only”"
NOTES_TIP = "What Generate should know about this department. Sent with Generate, not saved."
LLM_HINT = (
    "Generating needs an LLM connection (an OpenAI key or a local server). "
    "You can still write and save a department by hand."
)
NEW_TEXT = "New department — not saved yet"
UNSAVED_TEXT = "Unsaved changes"
SAVED_TEXT = "Saved"
NOTES_LINES = 2


class DepartmentEditor(QWidget):
    """Name, generated fields, notes and actions of one department (module docstring).

    Signals:
        generate_requested(), save_requested(), settings_requested(), dirty_changed(bool).
    """

    generate_requested = Signal()
    save_requested = Signal()
    settings_requested = Signal()
    dirty_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._saved: DepartmentProfile | None = None  # None: a new department
        self._client_id = 0
        self._snapshot: tuple[str, dict[str, Any]] = ("", {})
        self._dirty = False
        self._llm_ready = True
        self._busy = False
        self._build()
        self._connect_signals()
        self.show_new(0)

    # -- building -------------------------------------------------------------------------
    def _build(self) -> None:
        self.form = FieldForm(DEPARTMENT_FIELDS)
        self.status = GenerationStatus()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(self._build_name_row())
        layout.addWidget(self._build_llm_hint())
        layout.addWidget(self.form, 1)
        layout.addLayout(self._build_notes())
        layout.addLayout(self._build_buttons())

    def _build_name_row(self) -> QVBoxLayout:
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("departmentName")
        self.name_edit.setPlaceholderText(NAME_PLACEHOLDER)
        self.name_edit.setAccessibleName("Department name")
        self.name_edit.setFont(_scaled(self.name_edit.font(), 1.25, QFont.Weight.DemiBold))
        self.state_label = _muted(QLabel())
        self.state_label.setObjectName("departmentState")
        caption = QLabel("&Department")
        caption.setBuddy(self.name_edit)
        caption.setFont(_scaled(caption.font(), 1.0, QFont.Weight.DemiBold))
        header = QHBoxLayout()
        header.addWidget(caption)
        header.addStretch(1)
        header.addWidget(self.state_label)
        column = QVBoxLayout()
        column.setContentsMargins(12, 8, 12, 0)
        column.setSpacing(4)
        column.addLayout(header)
        column.addWidget(self.name_edit)
        return column

    def _build_llm_hint(self) -> QWidget:
        frame = QFrame()
        frame.setObjectName("llmHint")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        label = QLabel(LLM_HINT)
        label.setWordWrap(True)
        self.settings_button = QPushButton("Open Settings…")
        row = QHBoxLayout(frame)
        row.setContentsMargins(10, 6, 10, 6)
        row.addWidget(label, 1)
        row.addWidget(self.settings_button)
        self.llm_hint = QWidget()  # the frame, lined up with the fields
        outer = QVBoxLayout(self.llm_hint)
        outer.setContentsMargins(12, 0, 12, 0)
        outer.addWidget(frame)
        return self.llm_hint

    def _build_notes(self) -> QVBoxLayout:
        self.notes = WriterNotes(NOTES_LINES)
        self.notes.setObjectName("writerNotes")
        self.notes.setPlaceholderText(NOTES_PLACEHOLDER)
        self.notes.setToolTip(NOTES_TIP)
        label = QLabel("&Notes for the writer")
        label.setBuddy(self.notes)
        column = QVBoxLayout()
        column.setContentsMargins(12, 0, 12, 0)
        column.setSpacing(4)
        column.addWidget(label)
        column.addWidget(self.notes)
        return column

    def _build_buttons(self) -> QHBoxLayout:
        self.generate_button = QPushButton("Generate")  # its tooltip says what it needs
        self.save_button = QPushButton("Save")
        self.save_button.setToolTip("Save this department (Ctrl+S)")
        self.save_button.setDefault(True)
        # The status strip sits left of Generate: it says what Generate is doing, and its
        # Cancel is beside the button that started it.
        row = QHBoxLayout()
        row.setContentsMargins(12, 0, 12, 8)
        row.addWidget(self.status, 1)
        row.addWidget(self.generate_button)
        row.addWidget(self.save_button)
        return row

    def _connect_signals(self) -> None:
        self.generate_button.clicked.connect(self.generate_requested)
        self.save_button.clicked.connect(self.save_requested)
        self.settings_button.clicked.connect(self.settings_requested)
        self.name_edit.textChanged.connect(self.refresh_state)
        self.form.edited.connect(self.refresh_state)

    # -- what is shown --------------------------------------------------------------------
    def show_department(self, profile: DepartmentProfile) -> None:
        """Show a saved department; nothing on screen is unsaved afterwards."""
        self._client_id = profile.client_id
        self._load(profile)

    def show_new(self, client_id: int) -> None:
        """An empty editor for a new department of the client."""
        self._client_id = client_id
        self._load(None)

    def mark_saved(self, profile: DepartmentProfile) -> None:
        """What is on screen was saved as `profile` (its id, for a new department)."""
        self._saved = profile
        self._snapshot = self._on_screen()
        self.refresh_state()

    def profile(self, *, ai_drafted: bool = False) -> DepartmentProfile:
        """The department as on screen (name stripped), ready to save or to send along."""
        saved = self._saved
        return DepartmentProfile(
            id=None if saved is None else saved.id,
            client_id=self._client_id,
            name=self.name(),
            fields=DepartmentProfileDraft.model_validate(self.form.values()),
            edited_fields=sorted(self.form.edited_fields()),
            ai_drafted=ai_drafted or (saved is not None and saved.ai_drafted),
        )

    def name(self) -> str:
        return " ".join(self.name_edit.text().split())

    def guidance(self) -> str:
        return self.notes.toPlainText().strip()

    def saved_profile(self) -> DepartmentProfile | None:
        """The department as last saved; None while it is new."""
        return self._saved

    @property
    def client_id(self) -> int:
        return self._client_id

    def is_dirty(self) -> bool:
        """What is on screen differs from what was saved (a new one: anything typed)."""
        return self._dirty

    def can_generate(self) -> bool:
        """Generate would run: the LLM is set up, the department named, nothing running."""
        return self._llm_ready and bool(self.name()) and self._idle()

    def has_content(self) -> bool:
        """Any generated field holds something (Generate would replace it)."""
        values = DepartmentProfileDraft.model_validate(self.form.values())
        return values != DepartmentProfileDraft()

    # -- look -----------------------------------------------------------------------------
    def set_llm_ready(self, ready: bool) -> None:
        self._llm_ready = ready
        self.llm_hint.setVisible(not ready)
        self._update_controls()

    def set_busy(self, busy: bool) -> None:
        """A generation or a save runs: only Cancel (in the status strip) stays."""
        self._busy = busy
        self._update_controls()

    def refresh_state(self) -> None:
        """Compare the screen with what was saved; update the marker and the buttons."""
        dirty = self._on_screen() != self._snapshot
        self.state_label.setText(self._state_text(dirty))
        self._update_controls(dirty)
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    def _state_text(self, dirty: bool) -> str:
        if dirty:
            return UNSAVED_TEXT if self._saved is not None or self.name() else NEW_TEXT
        if self._saved is None:
            return NEW_TEXT
        return SAVED_TEXT + (" · drafted by the LLM" if self._saved.ai_drafted else "")

    def _update_controls(self, dirty: bool | None = None) -> None:
        dirty = self._dirty if dirty is None else dirty
        idle = self._idle()
        named = bool(self.name())
        self.name_edit.setReadOnly(not idle)
        self.generate_button.setEnabled(idle and self._llm_ready and named)
        self.generate_button.setToolTip(self._generate_tip(named))
        self.save_button.setEnabled(idle and dirty and named)
        for key in self.form.field_keys():
            if (button := self.form.regenerate_button(key)) is not None:
                button.setEnabled(idle and self._llm_ready and named)

    def _idle(self) -> bool:
        return not self._busy and not self.form.is_streaming()

    def _generate_tip(self, named: bool) -> str:
        if not self._llm_ready:
            return "Set up the LLM connection first (Open Settings…)"
        if not named:
            return "Name the department first"
        return (
            "Write the description, technologies and job templates in the client's voice "
            "(Ctrl+Enter)"
        )

    def _load(self, profile: DepartmentProfile | None) -> None:
        self._saved = profile
        self.name_edit.setText("" if profile is None else profile.name)
        fields = DepartmentProfileDraft() if profile is None else profile.fields
        edited = () if profile is None else profile.edited_fields
        self.form.set_values(fields.model_dump(mode="json"), edited_fields=edited)
        self.notes.clear()
        self.status.show_idle("")
        self._snapshot = self._on_screen()
        self.refresh_state()

    def _on_screen(self) -> tuple[str, dict[str, Any]]:
        return self.name(), self.form.values()


def _scaled(font: QFont, factor: float, weight: QFont.Weight) -> QFont:
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setWeight(weight)
    return font


def _muted(label: QLabel) -> QLabel:
    """Secondary text in the palette's placeholder colour (readable light or dark)."""
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return label


class WriterNotes(QPlainTextEdit):
    """A few lines of plain text, sized to them (a text edit asks for 70 px otherwise)."""

    def __init__(self, lines: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)  # Tab leaves the box, as in a form
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        margins = 2 * (self.frameWidth() + round(self.document().documentMargin()))
        self._height = lines * self.fontMetrics().lineSpacing() + margins + 2

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height)

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._height)
