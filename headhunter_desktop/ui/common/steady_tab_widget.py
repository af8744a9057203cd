"""A QTabWidget that does not repaint all of itself when something on a page changes size.

Any label whose text changes asks its layout for a new geometry, and the request climbs
from layout to layout up to the window. A QTabWidget answers it by laying out its tab bar
and pages again and then repainting its whole area, pages and all, even when nothing
moved (`QTabWidget::setUpLayout` ends in `update()`). During an import the progress line
changes ten times a second, and each change repainted the whole CVs tab inside the
window's tab widget, and again inside the tab's own: 6–9 ms of GUI-thread CPU each time,
the largest part of the window's stalls (`bench_import.py`).

Here a request that cannot move anything only travels on up (the pages' minimum size may
have changed); the tab widget's own layout runs when it could change: a new size, a tab
bar or corner widget that wants another size, tabs added or removed. Resizes and shows do
their own layout in QTabWidget and are left to it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QTabWidget, QWidget


class SteadyTabWidget(QTabWidget):
    """Drop-in QTabWidget; see the module's docstring."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._laid_out_for: tuple[object, ...] | None = None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            layout_inputs = self._layout_inputs()
            if layout_inputs == self._laid_out_for:
                self.updateGeometry()  # what QTabWidget does after its layout, without it
                return True
            self._laid_out_for = layout_inputs
        return super().event(event)

    def _layout_inputs(self) -> tuple[object, ...]:
        """What QTabWidget's layout of its tab bar, pages and corners depends on."""
        bar = self.tabBar()
        corners = (self.cornerWidget(Qt.Corner.TopLeftCorner),
                   self.cornerWidget(Qt.Corner.TopRightCorner))  # fmt: skip
        return (
            self.size(),
            self.isVisible(),
            self.count(),
            self.tabPosition(),
            self.documentMode(),
            self.style(),
            bar.sizeHint(),
            bar.isVisibleTo(self),
            *((id(c), c.sizeHint(), c.isVisibleTo(self)) if c else None for c in corners),
        )
