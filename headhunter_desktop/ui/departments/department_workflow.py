"""What the Departments tab does: open, create, save, delete and generate a client's
departments, each step a named background task, and never losing unsaved work.

Leaving what the editor shows (another department, "New", another client) with unsaved
changes asks Save / Discard / Cancel first; "Cancel" on a client switch switches back.
A completed generation — the whole profile or one field — is saved at once; a cancelled
or failed one leaves what was written in the editor, unsaved.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, Signal
from PySide6.QtWidgets import QWidget

from headhunter_desktop.core.domain.department import DepartmentProfile
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.core.services.departments import DepartmentService
from headhunter_desktop.ui.common.generation_runner import GenerationRunner, confirm_replace_edited
from headhunter_desktop.ui.departments.department_editor import DepartmentEditor
from headhunter_desktop.ui.departments.department_fields import GENERATED_KEYS
from headhunter_desktop.ui.departments.department_list_panel import DepartmentListPanel
from headhunter_desktop.ui.shell.async_dialogs import choose, confirm
from headhunter_desktop.ui.shell.client_directory import ClientDirectory
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

PROFILE_LABEL = "the department profile"
TASK_NAMES = tuple(
    f"departments.{step}" for step in ("client", "open", "save", "delete", "prepare")
)
SAVE, DISCARD = "Save", "Discard"


class DepartmentWorkflow(QObject):
    """The tab's actions on the list panel, the editor and the generation runner.

    Signals:
        client_shown(object): the departments of this ClientSummary (or None) are shown.
    """

    client_shown = Signal(object)

    def __init__(
        self,
        parent: QWidget,
        service: DepartmentService,
        tasks: TaskRegistry,
        directory: ClientDirectory,
        panel: DepartmentListPanel,
        editor: DepartmentEditor,
    ):
        super().__init__(parent)
        self._parent, self._service, self._tasks = parent, service, tasks
        self._directory, self._panel, self._editor = directory, panel, editor
        self._model = panel.model
        self._client: ClientSummary | None = None  # whose departments are shown
        self._syncing = False  # the list changes from here, not from a click
        self.runner = GenerationRunner(parent, tasks, editor.status, name="departments.generate")
        self.runner.started.connect(lambda: self._set_busy(True))
        self.runner.finished.connect(lambda _ok: self._set_busy(False))
        panel.view.selectionModel().currentChanged.connect(self._on_current_changed)

    @property
    def client(self) -> ClientSummary | None:
        return self._client

    def is_working(self) -> bool:
        """A load, save, delete or generation of the tab is under way."""
        return self.runner.running or any(self._tasks.running(name) for name in TASK_NAMES)

    # -- entry points (each starts a task) ------------------------------------------------
    def switch_client(self, client: ClientSummary | None) -> None:
        """The window works for another client: its departments, after any unsaved work."""
        if client is not None and self._client is not None and client.id == self._client.id:
            self._client = client  # renamed, or switched back after "Cancel"
            self._panel.set_client_name(client.name)
            return
        if client is None and self._client is None:
            return
        self._tasks.start("departments.client", self._switch(client))

    def reload(self) -> None:
        if self._client is not None:
            self._tasks.start("departments.client", self._load(self._client))

    def new(self) -> None:
        if self._client is not None and not self.runner.running:
            self._tasks.start("departments.open", self._open(None))

    def save(self) -> None:
        if self._client is not None and not self.runner.running and self._editor.is_dirty():
            self._tasks.start("departments.save", self._save())

    def delete(self) -> None:
        if self._editor.saved_profile() is not None and not self.runner.running:
            self._tasks.start("departments.delete", self._delete())

    def generate(self) -> None:
        if self._can_generate():
            self._tasks.start("departments.prepare", self._generate())

    def regenerate(self, key: str) -> None:
        if self._can_generate():
            self._tasks.start("departments.prepare", self._regenerate(key))

    # -- leaving what is shown ------------------------------------------------------------
    async def leave_current(self) -> bool:
        """True when the editor may show something else: a running generation stops,
        unsaved changes are saved or discarded; False when the user chose to stay."""
        await self._stop_generation()
        editor = self._editor
        if not editor.is_dirty() or not self._client_exists(editor.client_id):
            return True
        what = f"“{editor.name()}”" if editor.name() else "the new department"
        answer = await choose(
            self._parent,
            "Unsaved changes",
            f"Save the changes to {what} before leaving it?",
            [SAVE, DISCARD],
        )
        if answer == SAVE:
            return await self._save()
        return answer == DISCARD

    async def _stop_generation(self) -> None:
        """Cancel a running generation and wait until its fields are editable again."""
        await self.runner.stop()

    def _client_exists(self, client_id: int) -> bool:
        return any(c.id == client_id for c in self._directory.clients)

    # -- loading and opening --------------------------------------------------------------
    async def _switch(self, client: ClientSummary | None) -> None:
        if not await self.leave_current():
            if self._client is not None:
                self._directory.select(self._client.id)  # back to the unsaved work
            return
        await self._load(client)

    async def _load(self, client: ClientSummary | None) -> None:
        self._client = client
        self.client_shown.emit(client)
        self._with_list_synced(lambda: self._model.set_departments([]))
        self._editor.show_new(0 if client is None else client.id)
        if client is None:
            return
        self._panel.show_loading(client.name)
        try:
            departments = await self._service.list(client.id)
        finally:
            self._panel.show_loaded()
        self._with_list_synced(lambda: self._model.set_departments(departments))
        self._show(departments[0] if departments else None)

    async def _open(self, profile: DepartmentProfile | None) -> None:
        """Show `profile` (None: a new department) once what is shown may be left."""
        if not await self.leave_current():
            self._select(self._shown_id())
            return
        self._show(profile)
        if profile is None:
            self._editor.name_edit.setFocus()

    def _show(self, profile: DepartmentProfile | None) -> None:
        if profile is None:
            self._editor.show_new(self._client.id if self._client else 0)
        else:
            self._editor.show_department(profile)
        self._select(self._shown_id())

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing:
            return
        profile = self._model.department_at(current.row()) if current.isValid() else None
        if profile is not None and profile.id != self._shown_id():
            self._tasks.start("departments.open", self._open(profile))

    # -- saving and deleting --------------------------------------------------------------
    async def _save(self) -> bool:
        """Save what is on screen; False (the reason in the status strip) when it failed."""
        try:
            await self._store(self._editor.profile())
        except UserFacingError as exc:
            self._editor.status.show_error(str(exc))
            self._editor.name_edit.setFocus()
            return False
        self._editor.status.show_idle(f"Saved “{self._editor.name()}”")
        return True

    async def _store(self, profile: DepartmentProfile) -> DepartmentProfile:
        """Save `profile`, then show it saved in the list and the editor; raises
        UserFacingError (empty or taken name, database) with nothing changed."""
        self._editor.set_busy(True)
        try:
            saved = await self._service.save(profile)
        finally:
            self._editor.set_busy(self.runner.running)
        self._with_list_synced(lambda: self._model.upsert(saved))
        self._editor.mark_saved(saved)
        self._select(saved.id)
        return saved

    async def _delete(self) -> None:
        saved = self._editor.saved_profile()
        if saved is None or saved.id is None:
            return
        text = f"Delete “{saved.name}”?\n\nIts job postings stay, without a department."
        if not await confirm(self._parent, "Delete department", text, "Delete"):
            return
        try:
            await self._service.delete(saved.id)
        except UserFacingError as exc:
            self._editor.status.show_error(str(exc))
            return
        row = self._model.row_of(saved.id) or 0
        self._with_list_synced(lambda: self._model.remove(saved.id or 0))
        self._show(self._model.department_at(min(row, self._model.rowCount() - 1)))
        self._editor.status.show_idle(f"Deleted “{saved.name}”")

    # -- generating -----------------------------------------------------------------------
    def _can_generate(self) -> bool:
        return self._client is not None and not self.runner.running and self._editor.can_generate()

    async def _generate(self) -> None:
        editor = self._editor
        if not self._name_is_free() or not await self._may_replace_all():
            return
        client_id, name, guidance = editor.client_id, editor.name(), editor.guidance()
        self.runner.start(
            lambda allow: self._service.generate(
                client_id, name, guidance=guidance, allow_over_budget=allow
            ),
            editor.form,
            GENERATED_KEYS,
            self._generated,
            PROFILE_LABEL,
        )

    async def _regenerate(self, key: str) -> None:
        form = self._editor.form
        if not self._name_is_free():
            return
        if key in form.edited_fields() and not await confirm_replace_edited(
            self._parent, form.label_of(key)
        ):
            return
        profile = self._editor.profile()
        self.runner.start(
            lambda allow: self._service.regenerate_field(profile, key, allow_over_budget=allow),
            form,
            [key],
            self._generated,
            f"the {form.label_of(key).lower()}",
        )

    async def _generated(self, _final: BaseModel) -> None:
        """A generation completed: save the department as it now stands (an error is the
        runner's to show; the text stays in the editor, unsaved)."""
        await self._store(self._editor.profile(ai_drafted=True))

    async def _may_replace_all(self) -> bool:
        edited = self._editor.form.edited_fields()
        if not edited or not self._editor.has_content():
            return True
        labels = ", ".join(f"“{self._editor.form.label_of(k)}”" for k in sorted(edited))
        return await confirm(
            self._parent,
            "Replace your changes?",
            f"Generate writes every field again; what you wrote by hand in {labels} is replaced.",
            "Generate",
        )

    def _name_is_free(self) -> bool:
        """A department of that name the client has already cannot be saved: say so before
        anything is paid for."""
        editor = self._editor
        other = self._model.find_name(editor.name(), except_id=self._shown_id())
        if other is not None:
            editor.status.show_error(
                f"{self._client.name if self._client else 'This client'} has a department "
                f"“{other.name}” already: open it from the list, or choose another name."
            )
            editor.name_edit.setFocus()
        return other is None

    # -- the list -------------------------------------------------------------------------
    def _shown_id(self) -> int | None:
        saved = self._editor.saved_profile()
        return None if saved is None else saved.id

    def _select(self, department_id: int | None) -> None:
        """Select the row of `department_id` (none for a new department), quietly."""
        view, row = self._panel.view, self._model.row_of(department_id)

        def select() -> None:
            if row is None:
                view.selectionModel().clear()
            else:
                flag = QItemSelectionModel.SelectionFlag.ClearAndSelect
                view.selectionModel().setCurrentIndex(self._model.index(row), flag)
                view.scrollTo(self._model.index(row))

        self._with_list_synced(select)

    def _with_list_synced(self, change: Callable[[], object]) -> None:
        self._syncing = True
        try:
            change()
        finally:
            self._syncing = False

    def _set_busy(self, busy: bool) -> None:
        self._editor.set_busy(busy)
        self._panel.set_busy(busy)
        if not busy:
            self._editor.refresh_state()
