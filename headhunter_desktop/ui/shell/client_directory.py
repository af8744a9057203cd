"""The client companies the window knows, shared by the selector and the Companies tab."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from headhunter_desktop.core.services.clients import ClientService, ClientSummary, CreatedClient


class ClientDirectory(QObject):
    """A cached list of clients and the one the window works for.

    Signals:
        clients_changed(): the list was reloaded and differs (a name, a count, a client).
        current_changed(object): the selected ClientSummary, or None for the agency's own pool.
    """

    clients_changed = Signal()
    current_changed = Signal(object)

    def __init__(self, service: ClientService, parent: QObject | None = None):
        super().__init__(parent)
        self._service = service
        self._clients: list[ClientSummary] = []
        self._current_id: int | None = None

    @property
    def clients(self) -> Sequence[ClientSummary]:
        return self._clients

    @property
    def current(self) -> ClientSummary | None:
        return next((c for c in self._clients if c.id == self._current_id), None)

    async def refresh(self) -> None:
        """Reload from the database (in its worker thread) and tell the views if anything
        changed (names, counts): the CVs tab reloads whenever the database changed."""
        clients = list(await self._service.list())
        if clients != self._clients:
            self._clients = clients
            self.clients_changed.emit()
        if self._current_id is not None and self.current is None:
            self.select(None)  # the selected client was deleted

    def select(self, client_id: int | None) -> None:
        if client_id == self._current_id:
            return
        self._current_id = client_id
        self.current_changed.emit(self.current)

    async def create(self, name: str) -> CreatedClient:
        """Add a client; the first one becomes the client the window works for (the work
        after adding it is nearly always for it)."""
        first = not self._clients
        created = await self._service.create(name)
        await self.refresh()
        if first and self._current_id is None:
            self.select(created.id)
        return created

    async def rename(self, client_id: int, name: str) -> None:
        await self._service.rename(client_id, name)
        await self.refresh()
        if client_id == self._current_id:
            self.current_changed.emit(self.current)

    async def delete(self, client_id: int) -> None:
        await self._service.delete(client_id)
        await self.refresh()
