"""What every tab shares: the client it works for and a page that can show an empty state."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.widgets.empty_state import EmptyState


class Tab(QWidget):
    """A main-window tab: shows `content` or, when there is nothing yet, `empty_state`."""

    title = ""

    def __init__(self, empty_state: EmptyState, content: QWidget | None = None):
        super().__init__()
        self.client: ClientSummary | None = None
        self.empty_state = empty_state
        self._stack = QStackedWidget()
        self._stack.addWidget(empty_state)
        if content is not None:
            self._stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

    def set_client(self, client: ClientSummary | None) -> None:
        """The window switched the client it works for."""
        self.client = client

    def show_empty_state(self, empty: bool) -> None:
        self._stack.setCurrentIndex(0 if empty or self._stack.count() == 1 else 1)

    def is_showing_empty_state(self) -> bool:
        return self._stack.currentIndex() == 0


def client_phrase(client: ClientSummary | None) -> str:
    """'Acme Ltd' or "the agency's own pool", for guidance texts."""
    return f"<b>{client.name}</b>" if client else "the agency's own pool"
