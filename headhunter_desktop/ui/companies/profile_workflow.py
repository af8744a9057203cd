"""What the Companies tab does with the profile beside the list: open the chosen client's
profile, save it, and never lose unsaved work — leaving it (another client, a client
switch) with unsaved changes asks Save / Discard / Cancel first, and "Cancel" selects
the client on screen again. Each step is a named background task.

Signals:
    client_shown(object): the profile of this ClientSummary (None: no client) is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.clients import ClientService, ClientSummary
from headhunter_desktop.ui.companies.company_reading import CompanyReading
from headhunter_desktop.ui.companies.profile_editor import ProfileEditor
from headhunter_desktop.ui.shell.async_dialogs import choose
from headhunter_desktop.ui.shell.client_directory import ClientDirectory
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

OPEN_TASK, SAVE_TASK = "companies.profile.open", "companies.profile.save"
SAVE, DISCARD = "Save", "Discard"


class ProfileWorkflow(QObject):
    """Opening, saving and leaving the profile on screen (module docstring).

    Signals:
        client_shown(object): whose profile is shown (a ClientSummary, or None).
    """

    client_shown = Signal(object)

    def __init__(
        self,
        parent: QWidget,
        clients: ClientService,
        tasks: TaskRegistry,
        directory: ClientDirectory,
        editor: ProfileEditor,
        reading: CompanyReading,
    ):
        super().__init__(parent)
        self._parent, self._clients, self._tasks = parent, clients, tasks
        self._directory = directory
        self._editor, self._reading = editor, reading
        self._saving = False

    def is_working(self) -> bool:
        """A load, a save, a read or an extraction is under way."""
        busy = self._reading.is_running() or self._saving
        return busy or self._tasks.running(OPEN_TASK) or self._tasks.running(SAVE_TASK)

    # -- entry points (each starts a task) ------------------------------------------------
    def open(self, client: ClientSummary | None) -> None:
        """Show `client`'s profile (None: none), after any unsaved work on screen."""
        shown = self._editor.client
        if client is not None and shown is not None and client.id == shown.id:
            self._editor.set_client_name(client)  # renamed, or chosen again after "Cancel"
            return
        self._tasks.start(OPEN_TASK, self._open(client))

    def save(self) -> None:
        editor = self._editor
        if editor.is_loaded() and editor.is_dirty() and not self._busy_elsewhere():
            self._tasks.start(SAVE_TASK, self.save_now())

    # -- leaving what is shown ------------------------------------------------------------
    async def leave_current(self) -> bool:
        """True when the editor may show another client: a read stops, unsaved changes
        are saved or discarded; False when the user chose to stay. A client deleted
        meanwhile has nothing to save to: it is left at once."""
        await self._reading.stop()
        editor = self._editor
        if editor.client is None or not editor.is_dirty() or not self._exists(editor.client):
            return True
        answer = await choose(
            self._parent,
            "Unsaved changes",
            f"Save the changes to the profile of “{editor.client.name}” before leaving it?",
            [SAVE, DISCARD],
        )
        if answer == SAVE:
            return await self.save_now()
        return answer == DISCARD

    async def _open(self, client: ClientSummary | None) -> None:
        shown = self._editor.client
        if not await self.leave_current():
            self.client_shown.emit(shown)  # back to the unsaved work
            return
        await self.load(client)

    async def load(self, client: ClientSummary | None) -> None:
        """Show `client`'s profile as stored (None: no client)."""
        self.client_shown.emit(client)
        if client is None:
            self._editor.show_none()
            return
        self._editor.show_loading(client)
        try:
            profile = await self._clients.profile(client.id)
        except UserFacingError as exc:
            self._editor.status.show_error(f"The profile could not be loaded: {exc}")
            return
        self._editor.show_profile(client, profile)

    # -- saving ---------------------------------------------------------------------------
    async def save_now(self) -> bool:
        """Save what is on screen; False (the reason in the status strip) when it failed."""
        editor = self._editor
        client = editor.client
        if client is None or not editor.is_loaded():
            return False
        self._saving = True
        editor.set_busy(True)
        try:
            stored = await self._clients.save_profile(client.id, editor.profile())
        except UserFacingError as exc:
            editor.status.show_error(str(exc))
            return False
        finally:
            self._saving = False
            editor.set_busy(False)
        editor.show_saved(stored)
        editor.status.show_idle(f"Saved the profile of {client.name}")
        return True

    def _exists(self, client: ClientSummary) -> bool:
        return any(c.id == client.id for c in self._directory.clients)

    def _busy_elsewhere(self) -> bool:
        return self._reading.is_running() or self._saving or self._editor.is_merging()
