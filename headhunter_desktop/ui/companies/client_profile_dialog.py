"""A client's profile, typed by the recruiter: what the company is, and the voice every
generated text for it follows. Loaded and saved on the database's thread, never the GUI's."""

from __future__ import annotations

import re

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.domain.client_profile import ClientProfile, FineTuning
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.clients import ClientService, ClientSummary
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

# Offered in the size box; anything else may be typed.
SIZE_BANDS = ("", "1–10", "11–50", "51–200", "201–500", "501–1,000", "1,001–5,000", "5,001+")
VOICE_HINT = (
    "Every department profile, job posting and interview feedback generated for this "
    "client follows these instructions."
)
_LIST_SEPARATORS = re.compile(r"[,;\n]")
# Room for both columns' fields, and still inside the smallest window (1024×640).
DEFAULT_SIZE = QSize(880, 580)


def split_list(text: str) -> list[str]:
    """Items typed one per line or separated by commas (or semicolons), blanks dropped."""
    return [item.strip() for item in _LIST_SEPARATORS.split(text) if item.strip()]


class ClientProfileDialog(QDialog):
    """Edits one client's profile; opens empty and disabled until the profile has loaded.

    Signals:
        saved(object): the ClientProfile as stored, after Save succeeded.
    """

    saved = Signal(object)

    def __init__(
        self, clients: ClientService, tasks: TaskRegistry, client: ClientSummary, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._clients, self._tasks, self._client = clients, tasks, client
        self._loaded: ClientProfile | None = None
        self._saving = False
        self.setWindowTitle(f"Profile of {client.name}")
        self._build()
        self.resize(self.sizeHint().expandedTo(DEFAULT_SIZE))
        self._set_busy(True)
        self.finished.connect(lambda _r: self._tasks.cancel(self._task_name("load")))
        self._tasks.start(self._task_name("load"), self._load())

    # -- building -------------------------------------------------------------------------
    def _build(self) -> None:
        self.status_label = QLabel("Loading the profile…")
        self.status_label.setWordWrap(True)
        columns = QHBoxLayout()
        columns.addWidget(self._build_company_group(), 3)
        columns.addWidget(self._build_voice_group(), 2)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _build_company_group(self) -> QGroupBox:
        group = QGroupBox("Company")
        form = QFormLayout(group)
        self.website = _line("https://www.example.com")
        self.tagline = _line("the company's own one-line summary")
        self.industry = _line("e.g. Civil engineering")
        self.headquarters = _line("city, country")
        self.size_band = QComboBox()
        self.size_band.setEditable(True)
        self.size_band.addItems(SIZE_BANDS)
        if (size_edit := self.size_band.lineEdit()) is not None:
            size_edit.setPlaceholderText("employees, e.g. 51–200")
        self.description = _text("What the company does, for whom, since when.", 5)
        self.culture = _text("How it is to work there.", 3, grows=False)
        self.values = _text("One per line, or separated by commas.", 3, grows=False)
        for label, editor in (
            ("&Website:", self.website), ("Ta&gline:", self.tagline),
            ("In&dustry:", self.industry), ("&Headquarters:", self.headquarters),
            ("Si&ze:", self.size_band), ("Descri&ption:", self.description),
            ("Cu&lture:", self.culture), ("Valu&es:", self.values),
        ):  # fmt: skip
            form.addRow(label, editor)
        return group

    def _build_voice_group(self) -> QGroupBox:
        group = QGroupBox("Voice for generated text")
        # Labels above their fields: the narrow column keeps its width for the text.
        column = QVBoxLayout(group)
        hint = QLabel(VOICE_HINT)
        hint.setWordWrap(True)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted in any palette
        column.addWidget(hint)
        self.tone = _line("e.g. warm, direct, no hype")
        self.words_to_use = _line("separated by commas")
        self.words_to_avoid = _line("e.g. rockstar, ninja")
        self.instructions = _text("Anything else, e.g. “Use British spelling.”", 4)
        for text, editor in (
            ("&Tone:", self.tone), ("Words to &use:", self.words_to_use),
            ("Words to a&void:", self.words_to_avoid), ("Other &instructions:", self.instructions),
        ):  # fmt: skip
            label = QLabel(text)
            label.setBuddy(editor)
            column.addWidget(label)
            column.addWidget(editor, 1 if editor is self.instructions else 0)
        return group

    def _editors(self) -> tuple[QWidget, ...]:
        return (
            self.website, self.tagline, self.industry, self.headquarters, self.size_band,
            self.description, self.culture, self.values,
            self.tone, self.words_to_use, self.words_to_avoid, self.instructions,
        )  # fmt: skip

    # -- loading and saving ---------------------------------------------------------------
    def is_loaded(self) -> bool:
        """The profile arrived and the fields may be edited."""
        return self._loaded is not None and not self._saving

    async def _load(self) -> None:
        try:
            profile = await self._clients.profile(self._client.id)
        except UserFacingError as exc:
            self.status_label.setText("The profile could not be loaded.")
            self._show_error(str(exc))
            return
        self._show(profile)
        self._set_busy(False)
        self.website.setFocus()

    def save(self) -> None:
        """Save what the fields hold (Save button); the dialog closes once it is stored."""
        if self.is_loaded():
            self._tasks.start(self._task_name("save"), self._save(self.entered_profile()))

    async def _save(self, profile: ClientProfile) -> None:
        self._saving = True
        self._set_busy(True)
        self.error_label.hide()
        try:
            stored = await self._clients.save_profile(self._client.id, profile)
        except UserFacingError as exc:
            self._show_error(str(exc))
            return
        finally:
            self._saving = False
            self._set_busy(self._loaded is None)
        self._show(stored)
        self.saved.emit(stored)
        self.accept()

    def reject(self) -> None:
        # Once a save has started it completes; closing now would hide its outcome.
        if not self._saving:
            super().reject()

    # -- the fields -----------------------------------------------------------------------
    def entered_profile(self) -> ClientProfile:
        """The profile as the fields hold it (what the form does not show is kept)."""
        base = self._loaded or ClientProfile(name=self._client.name)
        tuning = FineTuning(
            tone=self.tone.text(),
            words_to_use=split_list(self.words_to_use.text()),
            words_to_avoid=split_list(self.words_to_avoid.text()),
            instructions=self.instructions.toPlainText(),
        )
        return base.model_copy(
            update={
                "website": self.website.text().strip() or None,
                "tagline": self.tagline.text(),
                "industry": self.industry.text(),
                "headquarters": self.headquarters.text(),
                "size_band": self.size_band.currentText(),
                "description": self.description.toPlainText(),
                "culture": self.culture.toPlainText(),
                "values": split_list(self.values.toPlainText()),
                "fine_tuning": tuning,
            }
        )

    def _show(self, profile: ClientProfile) -> None:
        self._loaded = profile
        self.status_label.setText(
            f"What every generation for {profile.name} knows about the company. "
            "Leave empty what you do not know."
        )
        self.website.setText(profile.website or "")
        self.tagline.setText(profile.tagline)
        self.industry.setText(profile.industry)
        self.headquarters.setText(profile.headquarters)
        self.size_band.setCurrentText(profile.size_band)
        self.description.setPlainText(profile.description)
        self.culture.setPlainText(profile.culture)
        self.values.setPlainText("\n".join(profile.values))
        tuning = profile.fine_tuning
        self.tone.setText(tuning.tone)
        self.words_to_use.setText(", ".join(tuning.words_to_use))
        self.words_to_avoid.setText(", ".join(tuning.words_to_avoid))
        self.instructions.setPlainText(tuning.instructions)

    def _set_busy(self, busy: bool) -> None:
        for editor in self._editors():
            editor.setEnabled(not busy)
        if (save := self.buttons.button(QDialogButtonBox.StandardButton.Save)) is not None:
            save.setEnabled(not busy)

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _task_name(self, step: str) -> str:
        return f"companies.profile.{step}.{self._client.id}"


def _line(placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    return edit


def _text(placeholder: str, lines: int, *, grows: bool = True) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    # Tall enough for `lines` lines without scrolling; only `grows` ones take spare height.
    height = edit.fontMetrics().lineSpacing() * lines + 2 * edit.frameWidth() + 8
    height = max(height, edit.minimumSizeHint().height())  # room for a scroll bar
    edit.setMinimumHeight(height)
    if not grows:
        edit.setMaximumHeight(height)
    return edit
