"""Widgets built under `style_sheet_applied_after` look as if the sheet had been there."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from headhunter_desktop.ui.shell.style_sheet import style_sheet_applied_after

SHEET = "QLabel#big { font-size: 31pt; }"


def build(qapp: QApplication) -> tuple[QWidget, QLabel]:
    label = QLabel("Opening…")
    label.setObjectName("big")
    holder = QWidget()
    QVBoxLayout(holder).addWidget(label)
    holder.show()  # polished, as a shown window's widgets are
    qapp.processEvents()
    return holder, label


def test_the_sheet_is_back_and_applies_to_what_was_built(qapp: QApplication) -> None:
    before = qapp.styleSheet()
    qapp.setStyleSheet(SHEET)
    try:
        with style_sheet_applied_after():
            assert qapp.styleSheet() == ""
            holder, label = build(qapp)
            assert label.font().pointSize() != 31  # built without the sheet...
        assert qapp.styleSheet() == SHEET
        qapp.processEvents()
        assert label.font().pointSize() == 31  # ...and styled by it once it is back
        other_holder, other = build(qapp)
        assert other.font() == label.font()
        holder.close()
        other_holder.close()
    finally:
        qapp.setStyleSheet(before)


def test_the_sheet_is_back_when_building_fails(qapp: QApplication) -> None:
    before = qapp.styleSheet()
    qapp.setStyleSheet(SHEET)
    try:
        try:
            with style_sheet_applied_after():
                raise RuntimeError("a widget failed")
        except RuntimeError:
            pass
        assert qapp.styleSheet() == SHEET
    finally:
        qapp.setStyleSheet(before)
