"""PagesPanel: one line under the website that guides ("type the website, then Read
website"), counts a read's pages as they come ("Reading acme.com… 3 pages") or, after a
read, sums it up ("Read 5 pages of acme.com · 2 skipped"), with a button that opens the
list of pages: each one read (its size) or skipped, and why, in the order they came.

The line keeps its height whatever it says, so the form below never moves.

Signals:
    settings_requested(): "Open Settings…" (shown while no LLM is set up) was pressed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.services.company_profiles import PageRecord
from headhunter_desktop.ui.common.generation_status import ElidedLabel
from headhunter_desktop.ui.companies.provenance import host_of, short_url
from headhunter_desktop.ui.companies.read_messages import plural

LIST_ROWS = 6
SHOW_TEXT, HIDE_TEXT = "Show pages", "Hide pages"


def page_result(page: PageRecord) -> str:
    """What became of a page: "read · 12 KB", "skipped: robots.txt disallows it"."""
    if page.used:
        size = f"{max(1, round(page.bytes / 1024)):,} KB" if page.bytes else "empty"
        return f"read · {size}"
    return f"skipped: {page.skipped_reason or 'not read'}"


def summary_text(site: str, pages: Sequence[PageRecord], warnings: Sequence[str]) -> str:
    """The line summing a read up: "Read 5 pages of acme.com · 2 skipped"."""
    used = sum(1 for page in pages if page.used)
    skipped = len(pages) - used
    parts = [f"Read {used} page{'s' if used != 1 else ''} of {host_of(site)}"]
    if skipped:
        parts.append(f"{skipped} skipped")
    parts.extend(warnings)
    return " · ".join(parts)


class PagesPanel(QWidget):
    """Guidance or a read's summary, and the list of its pages (module docstring).

    Signals:
        settings_requested(): "Open Settings…" was pressed.
    """

    settings_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.line = ElidedLabel()
        self.line.setObjectName("readSummary")
        self.line.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.toggle = QPushButton(SHOW_TEXT)
        self.toggle.setCheckable(True)
        self.toggle.setFlat(True)
        self.toggle.toggled.connect(self._on_toggled)
        self.settings_button = QPushButton("Open Settings…")
        self.settings_button.clicked.connect(self.settings_requested)
        self.list = _page_list()
        self._listed: list[PageRecord] = []
        self._reading = ""  # the site being read, while a read runs
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._line_row())
        layout.addWidget(self.list)
        self.show_guidance("")

    def _line_row(self) -> QWidget:
        line_row = QWidget()
        row = QHBoxLayout(line_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        row.addWidget(self.toggle)
        row.addWidget(self.settings_button)
        # As tall with a button as without: the form below never moves.
        buttons = (self.toggle, self.settings_button)
        line_row.setFixedHeight(max(button.sizeHint().height() for button in buttons))
        return line_row

    def show_guidance(self, text: str, *, settings: bool = False) -> None:
        """Guidance instead of a read's pages (which are forgotten)."""
        self.list.clear()
        self._listed.clear()
        self._reading = ""
        self.line.set_full_text(text)
        self.toggle.setChecked(False)
        self.toggle.hide()
        self.settings_button.setVisible(settings)

    def start_read(self, site: str) -> None:
        """A read of `site` began: no pages yet; `add_page` counts them as they come."""
        self.show_guidance(f"Reading {host_of(site)}…")
        self._reading = site

    def add_page(self, page: PageRecord) -> None:
        """One page more, read or skipped (the list is in the order pages came)."""
        item = QTreeWidgetItem([short_url(page.url), page_result(page)])
        item.setToolTip(0, page.url)
        item.setToolTip(1, page_result(page))
        self.list.addTopLevelItem(item)
        self._listed.append(page)
        self.toggle.show()
        if self._reading:
            count = plural(len(self._listed), "page")
            self.line.set_full_text(f"Reading {host_of(self._reading)}… {count}")

    def show_read(self, site: str, pages: Sequence[PageRecord], warnings: Sequence[str]) -> None:
        """The read ended: its summary, and its pages in the list (those that came while
        it ran stay where they are; any not heard of yet follow)."""
        self._reading = ""
        missing = Counter(pages) - Counter(self._listed)
        for page in pages:
            if missing[page] > 0:
                missing[page] -= 1
                self.add_page(page)
        self.line.set_full_text(summary_text(site, pages, warnings))
        self.toggle.setVisible(bool(pages))
        self.settings_button.hide()

    def summary(self) -> str:
        return self.line.full_text()

    def pages(self) -> list[tuple[str, str]]:
        """(page, result) as listed."""
        items = (self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount()))
        return [(item.toolTip(0), item.text(1)) for item in items if item is not None]

    def _on_toggled(self, shown: bool) -> None:
        self.list.setVisible(shown)
        self.toggle.setText(HIDE_TEXT if shown else SHOW_TEXT)


def _page_list() -> QTreeWidget:
    pages = QTreeWidget()
    pages.setObjectName("pageList")
    pages.setHeaderLabels(["Page", "Result"])
    pages.setRootIsDecorated(False)
    pages.setUniformRowHeights(True)
    pages.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    header = pages.header()
    header.setStretchLastSection(True)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(0, 280)
    row = pages.fontMetrics().lineSpacing() + 6
    pages.setFixedHeight(header.sizeHint().height() + LIST_ROWS * row + 2 * pages.frameWidth())
    pages.hide()
    return pages
