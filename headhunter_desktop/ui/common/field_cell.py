"""FieldCell: one field of a `FieldForm` under its header: the label, a "suggested" tag,
a muted note on where the value came from, and the field's "Regenerate" button."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QToolButton, QVBoxLayout, QWidget

from headhunter_desktop.ui.common.field_specs import FieldSpec
from headhunter_desktop.ui.common.form_fields import FormField
from headhunter_desktop.ui.common.generation_status import ElidedLabel

SUGGESTED_TEXT = "suggested"


class FieldCell(QWidget):
    """One field with its header: label, "suggested" tag, and "Regenerate" button."""

    def __init__(self, spec: FieldSpec, field: FormField, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.field = field
        self.label = QLabel(spec.label)
        self.label.setObjectName("fieldLabel")
        font = self.label.font()
        font.setWeight(QFont.Weight.DemiBold)
        self.label.setFont(font)
        self.label.setBuddy(field)
        self.tag = suggested_tag()
        self.note = FieldNote()
        self.regenerate = regenerate_button(spec) if spec.regenerable else None
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.label)
        header.addWidget(self.tag)
        header.addWidget(self.note, 1)  # empty, it is the space between label and button
        if self.regenerate is not None:
            header.addWidget(self.regenerate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(field, 1)
        # Cells side by side keep their editors level, with or without a button.
        self.label.setMinimumHeight(regenerate_button(spec).sizeHint().height())


class FieldNote(ElidedLabel):
    """A field's note (its source), muted, right-aligned, its tooltip saying more."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("fieldNote")
        self._tip = ""
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, light or dark
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.setFont(font)

    def set_note(self, text: str, tooltip: str) -> None:
        self._tip = tooltip
        self.set_full_text(text)

    def minimumSizeHint(self) -> QSize:
        # It elides to any width: a narrow cell gives its room to the field's label.
        return QSize(0, super().minimumSizeHint().height())

    def _elide(self) -> None:
        super()._elide()
        self.setToolTip(self._tip or (self.full_text() if self.text() != self.full_text() else ""))


def suggested_tag() -> QLabel:
    """A small "suggested" tag in the palette's highlight colours (readable when dark)."""
    tag = QLabel(SUGGESTED_TEXT)
    tag.setObjectName("suggestedTag")
    tag.setToolTip("The model proposed this; the source did not say it. Check it.")
    tag.setForegroundRole(QPalette.ColorRole.HighlightedText)
    tag.setBackgroundRole(QPalette.ColorRole.Highlight)
    tag.setAutoFillBackground(True)
    tag.setContentsMargins(5, 0, 5, 0)
    font = tag.font()
    font.setPointSizeF(font.pointSizeF() * 0.85)
    tag.setFont(font)
    tag.hide()
    return tag


def regenerate_button(spec: FieldSpec) -> QToolButton:
    button = QToolButton()
    button.setObjectName("regenerateButton")
    button.setText("Regenerate")
    button.setIcon(button.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
    button.setToolButtonStyle(_button_style(spec))
    button.setAutoRaise(True)
    button.setToolTip(f"Write “{spec.label}” again; the other fields stay as they are")
    button.setAccessibleName(f"Regenerate {spec.label}")
    return button


def _button_style(spec: FieldSpec) -> Qt.ToolButtonStyle:
    if spec.is_short:
        return Qt.ToolButtonStyle.ToolButtonIconOnly  # a narrow cell: the icon says it
    return Qt.ToolButtonStyle.ToolButtonTextBesideIcon
