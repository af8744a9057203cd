"""Whose candidates the CVs tab lists: one client's, the agency's own pool, or everyone's."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from headhunter_desktop.core.services.candidates import ALL, ClientFilter
from headhunter_desktop.core.services.clients import ClientSummary

ALL_CLIENTS, NO_CLIENT = "All clients", "No client"
_ALL_KEY, _NONE_KEY = "all", "none"  # item data; a client's item holds its id


class ClientFilterBox(QComboBox):
    """“All clients”, “No client”, then each client by name; follows the window's client
    (the client worked for, or everyone when it works for no one) until the user picks.

    Signals:
        scope_changed(): the choice changed (by the user or by following the window).
    """

    scope_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("clientFilter")
        self.setToolTip("Whose candidates the list shows (a search covers the whole pool)")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.addItem(ALL_CLIENTS, _ALL_KEY)
        self.addItem(NO_CLIENT, _NONE_KEY)
        self.currentIndexChanged.connect(lambda _i: self.scope_changed.emit())

    def scope(self) -> ClientFilter:
        """The choice as the candidate service takes it."""
        key = self.currentData()
        if key == _ALL_KEY or key is None:
            return ALL
        return None if key == _NONE_KEY else int(key)

    def set_clients(self, clients: Sequence[ClientSummary]) -> None:
        """The clients to offer; the choice stays (everyone, when its client is gone)."""
        chosen = self.currentData()
        self.blockSignals(True)
        while self.count() > 2:
            self.removeItem(2)
        for client in clients:
            self.addItem(client.name, client.id)
        index = self.findData(chosen)
        self.setCurrentIndex(max(index, 0))
        self.blockSignals(False)
        if index < 0:
            self.scope_changed.emit()

    def follow(self, client: ClientSummary | None) -> None:
        """The window now works for `client`: list that client's candidates."""
        index = self.findData(client.id) if client is not None else 0
        if index < 0 and client is not None:  # not offered yet (the list reloads later)
            self.addItem(client.name, client.id)
            index = self.count() - 1
        self.setCurrentIndex(index)
