"""Merging a possible duplicate: both profiles side by side, a choice per field, a
confirmation, and a notice that offers to undo the merge (its button or Ctrl+Z).

`MergeFlow` runs it for the CVs tab: preview → `MergeDialog` → merge → `MergeNotice`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.candidate_merge import (
    MergePreview,
    MergeRow,
    MergeSide,
    MergeUndo,
    Side,
)
from headhunter_desktop.ui.shell.async_dialogs import answer_of, confirm
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

EMPTY = "—"


class _Choice(QWidget):
    """A radio button with the field's value beside it; clicking the value chooses it."""

    def __init__(self, value: str, group: QButtonGroup | None):
        super().__init__()
        self.radio = QRadioButton()
        self.value = QLabel(value or EMPTY)
        self.value.setWordWrap(True)
        self.value.setTextFormat(Qt.TextFormat.PlainText)  # a CV's text is never markup
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # The value chosen stands out in bold: radio buttons alone are faint in dark themes.
        self.radio.toggled.connect(self._mark)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.radio, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.value, 1)
        if group is None:  # both say the same: nothing to choose
            self.radio.hide()
            self.value.setEnabled(False)
        else:
            group.addButton(self.radio)

    def _mark(self, chosen: bool) -> None:
        font = self.value.font()
        font.setBold(chosen)
        self.value.setFont(font)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self.radio.isHidden():
            self.radio.setChecked(True)
        super().mousePressEvent(event)


class MergeDialog(QDialog):
    """Both candidates' fields side by side; `choices()` once accepted."""

    def __init__(self, preview: MergePreview, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Merge possible duplicates")
        self._preview = preview
        self._picked: dict[str, tuple[QRadioButton, QRadioButton]] = {}
        self.intro = QLabel(_intro(preview))
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox()
        self.merge_button = buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self._scroll(self._grid()), 1)
        layout.addWidget(buttons)
        self.resize(760, 560)

    def choices(self) -> dict[str, Side]:
        """The side chosen for each field that differs."""
        return {
            key: Side.ORIGINAL if original.isChecked() else Side.DUPLICATE
            for key, (original, _duplicate) in self._picked.items()
        }

    def choose(self, key: str, side: Side) -> None:
        """Choose `side` for field `key` (as a click on its value does)."""
        original, duplicate = self._picked[key]
        (original if side == Side.ORIGINAL else duplicate).setChecked(True)

    def _grid(self) -> QWidget:
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.addWidget(_heading(self._preview.original, "kept"), 0, 1)
        grid.addWidget(_heading(self._preview.duplicate, "merged in, then removed"), 0, 2)
        for line, row in enumerate(self._preview.rows, start=1):
            self._add_row(grid, line, row)
        grid.setRowStretch(len(self._preview.rows) + 1, 1)
        return grid_widget

    def _add_row(self, grid: QGridLayout, line: int, row: MergeRow) -> None:
        label = QLabel(f"{row.label}:")
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        if not row.differs:
            label.setToolTip("The same in both: nothing to choose")
        grid.addWidget(label, line, 0)
        group = QButtonGroup(self) if row.differs else None
        original, duplicate = _Choice(row.original, group), _Choice(row.duplicate, group)
        grid.addWidget(original, line, 1)
        grid.addWidget(duplicate, line, 2)
        if group is not None:
            self._picked[row.key] = (original.radio, duplicate.radio)
            self.choose(row.key, row.proposed)

    @staticmethod
    def _scroll(content: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(content)
        return area


def _heading(side: MergeSide, role: str) -> QLabel:
    label = QLabel(f"#{side.id} {side.name}\n({role})")
    label.setObjectName("sectionTitle")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _intro(preview: MergePreview) -> str:
    kept, gone = preview.original, preview.duplicate
    return (
        f"#{gone.id} {gone.name} ({gone.file_name or 'no file'}) may be the same person as "
        f"#{kept.id} {kept.name} ({kept.file_name or 'no file'}). Choose, field by field, "
        f"what the merged profile keeps. #{kept.id} stays; #{gone.id}'s CV files, interviews "
        f"and import history move to it and #{gone.id} is removed. You can undo the merge."
    )


async def ask_merge_choices(parent: QWidget, preview: MergePreview) -> dict[str, Side] | None:
    """The choices made in a MergeDialog, or None when it was cancelled."""
    dialog = MergeDialog(preview, parent)
    accepted = QDialog.DialogCode.Accepted
    return await answer_of(dialog, lambda result: dialog.choices() if result == accepted else None)


class MergeNotice(QFrame):
    """ "Merged #15 into #14. [Undo] [×]": the way back from a merge, until dismissed.

    Signals:
        undo_requested(): the Undo button (or Ctrl+Z while the notice shows) was pressed.
    """

    undo_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mergeNotice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.undo_button = QPushButton("Undo")
        # A button's shortcut works only while it shows: Ctrl+Z undoes the merge just made.
        self.undo_button.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_button.setToolTip("Undo the merge (Ctrl+Z)")
        self.undo_button.clicked.connect(self.undo_requested)
        close = QPushButton("Dismiss")
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.undo_button)
        layout.addWidget(close)
        self.hide()

    def show_message(self, text: str, *, can_undo: bool) -> None:
        self.label.setText(text)
        self.undo_button.setVisible(can_undo)
        self.show()


class MergeFlow(QObject):
    """Runs a merge from the CVs tab, and its undo.

    Signals:
        changed(int): candidates were merged or un-merged; show this candidate.
    """

    changed = Signal(int)

    def __init__(self, services: AppServices, tasks: TaskRegistry, parent: QWidget):
        super().__init__(parent)
        self._services, self._tasks, self._parent = services, tasks, parent
        self._undo: MergeUndo | None = None
        self._names: tuple[str, str] = ("", "")
        # Set when the undo offered is a stored one (an earlier merge, maybe days ago):
        # its Undo asks first, since edits made to the profile since would be lost.
        self._stored_on: str | None = None
        self.notice = MergeNotice()
        self.notice.undo_requested.connect(self.undo)

    def start(self, duplicate_id: int) -> None:
        """Compare the flagged duplicate with its original and merge as the user chooses."""
        self._tasks.start("cvs.merge", self._merge(duplicate_id))

    def undo(self) -> None:
        """Put back both candidates of the last merge."""
        if self._undo is not None:
            self._tasks.start("cvs.merge", self._unmerge(self._undo))

    async def offer_stored_undo(self, candidate_id: int) -> None:
        """Offer the undo of the latest merge into the candidate now shown, if there is one
        (merges are kept until undone: after a restart too)."""
        if self._undo is not None and self._undo.original_id == candidate_id:
            return  # the notice of that merge shows already
        stored = await self._services.candidate_merge.last_merge(candidate_id)
        if stored is None:
            if self._undo is not None:  # an offer for another candidate: not this one's
                self._undo = None
                self.notice.hide()
            return
        undo = stored.undo
        self._undo = undo
        kept_name = str(undo.original.get("display_name") or "")
        self._names = (
            f"#{undo.original_id} {kept_name}",
            f"#{undo.duplicate_id} {stored.duplicate_name}",
        )
        self._stored_on = f"{stored.merged_at.astimezone():%d %b %Y %H:%M}"
        text = f"{self._names[1]} was merged into this profile on {self._stored_on}."
        self.notice.show_message(text, can_undo=True)

    async def _merge(self, duplicate_id: int) -> None:
        merger = self._services.candidate_merge
        preview = await merger.preview(duplicate_id)
        choices = await ask_merge_choices(self._parent, preview)
        if choices is None:
            return
        self._undo = await merger.merge(duplicate_id, choices)
        self._stored_on = None
        kept, gone = preview.original, preview.duplicate
        self._names = (f"#{kept.id} {kept.name}", f"#{gone.id} {gone.name}")
        text = f"Merged {self._names[1]} into {self._names[0]}."
        self.notice.show_message(text, can_undo=True)
        self.changed.emit(kept.id)

    async def _unmerge(self, undo: MergeUndo) -> None:
        if self._stored_on is not None and not await confirm(
            self._parent,
            "Undo merge",
            f"Undo the merge of {self._names[1]} into {self._names[0]} made on "
            f"{self._stored_on}? Both come back as they were then: changes made to "
            f"{self._names[0]} since are lost.",
            "Undo merge",
        ):
            return
        self._undo, self._stored_on = None, None
        self.notice.undo_button.setEnabled(False)
        try:
            await self._services.candidate_merge.undo(undo)
        finally:
            self.notice.undo_button.setEnabled(True)
        text = f"Merge undone: {self._names[0]} and {self._names[1]} are back as they were."
        self.notice.show_message(text, can_undo=False)
        self.changed.emit(undo.duplicate_id)
