"""The main window: six tabs, the shared client selector, menus and the status bar.

It is shown before the services are open (its tabs say "Opening…", see `attach`), so this
module imports only Qt at load time. What the services and the tab on screen need (about a
second of imports) comes with `import_window_dependencies()`, which start-up calls off the
GUI thread; the GUI modules themselves are imported on it (see `warm_imports`). The other
tabs are built once that one is filled, or when opened first (`TabSet`).
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QToolBar, QWidget

from headhunter_desktop import APP_NAME
from headhunter_desktop.ui.common.steady_tab_widget import SteadyTabWidget
from headhunter_desktop.ui.shell.tab_specs import TAB_TITLES
from headhunter_desktop.ui.shell.task_registry import TaskRegistry
from headhunter_desktop.ui.shell.warm_imports import import_dependencies_of

if TYPE_CHECKING:
    from headhunter_desktop.core.services.app_services import AppServices
    from headhunter_desktop.core.services.configuration import Settings
    from headhunter_desktop.ui.companies.companies_tab import CompaniesTab
    from headhunter_desktop.ui.cvs.cvs_tab import CvsTab
    from headhunter_desktop.ui.settings.settings_dialog import SettingsDialog
    from headhunter_desktop.ui.shell.client_directory import ClientDirectory
    from headhunter_desktop.ui.shell.shortcuts_dialog import ShortcutsDialog
    from headhunter_desktop.ui.shell.tab import Tab
    from headhunter_desktop.ui.shell.tab_set import TabSet
    from headhunter_desktop.ui.usage.usage_tab import UsageTab

OPENING_TEXT = "Opening…"
T = TypeVar("T", bound="Tab")
NOTICE_MS = 15000  # how long a tab's status-bar notice stays


def import_window_dependencies() -> None:
    """Import what `attach` needs from outside the GUI layer (the services, what the first
    tab uses): blocking, so start-up runs it in a worker thread while the window shows."""
    import_dependencies_of("headhunter_desktop.ui.shell.window_parts")


class MainWindow(QMainWindow):
    """The app's one window. Closing it runs the async shutdown before it really closes.

    Built without services, it shows at once with every tab saying "Opening…";
    `attach(services)` then fills it. Built with them, it is complete at once.

    Signals:
        shutdown_finished(): services are closed; the process may exit.
    """

    shutdown_finished = Signal()
    services: AppServices
    directory: ClientDirectory
    tab_set: TabSet  # with the services (`attach`)

    def __init__(self, services: AppServices | None, tasks: TaskRegistry):
        super().__init__()
        self.tasks = tasks
        self.close_requested = False  # closed while opening: shut down once attached
        self._shutdown_started = False
        self._shutdown_done = False
        self._shutdown_task: asyncio.Future[None] | None = None
        self._confirming_close = False
        self._close_question: asyncio.Future[None] | None = None
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(900, 560)
        self._fit_to_screen(1200, 760)
        self._init_opening_tabs()
        if services is not None:
            self.attach(services)

    def attach(self, services: AppServices) -> None:
        """Fill the window with the tabs, toolbar, menus and status of opened services
        (faster once `import_window_dependencies()` has run)."""
        from headhunter_desktop.ui.shell.client_directory import ClientDirectory
        from headhunter_desktop.ui.shell.style_sheet import style_sheet_applied_after

        self.services = services
        self.directory = ClientDirectory(services.clients, self)
        with style_sheet_applied_after():
            self._init_tabs()
        self._init_toolbar()
        self._init_menus()
        self._init_status_bar()
        self._connect_signals()
        self.llm_state.show_known()

    # -- building -------------------------------------------------------------------------
    def _fit_to_screen(self, width: int, height: int) -> None:
        """Open at a comfortable size, but never larger than a small laptop's screen."""
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry()
            width, height = min(width, available.width()), min(height, available.height())
        self.resize(width, height)

    def is_opening(self) -> bool:
        """The tabs still say "Opening…": the services are not attached yet."""
        return not hasattr(self, "tab_set")

    def _init_opening_tabs(self) -> None:
        self.tab_widget = SteadyTabWidget()
        self.tab_widget.setDocumentMode(True)
        for title in TAB_TITLES:
            label = QLabel(OPENING_TEXT)
            label.setObjectName("openingTab")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.tab_widget.addTab(label, title)
        self.setCentralWidget(self.tab_widget)
        self.statusBar().showMessage("Opening the data folder…")

    def _init_tabs(self) -> None:
        from headhunter_desktop.ui.shell.tab import TabContext
        from headhunter_desktop.ui.shell.tab_set import TabSet

        ctx = TabContext(
            self.services, self.tasks, self.directory, self.open_settings, self.go_to_companies,
            self.open_shortlist, self.go_to_tab, self.open_interview,
            notify=self.notify,
        )  # fmt: skip
        self.tab_set = TabSet(self.tab_widget, ctx, self._prepare_late_tab)
        self.tab_set.at(max(self.tab_widget.currentIndex(), 0))  # the one on screen

    def _prepare_late_tab(self, tab: Tab) -> None:
        """A tab built after the first load: the client and LLM state the others have."""
        tab.set_llm_ready(self.llm_state.ready)
        tab.set_client(self.directory.current)

    @property
    def tabs(self) -> list[Tab]:
        """Every tab (those not built yet are built now)."""
        return self.tab_set.all()

    def _init_toolbar(self) -> None:
        from headhunter_desktop.ui.shell.client_selector import ClientSelector

        toolbar = QToolBar("Client")
        toolbar.setObjectName("clientToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel("  Working for: "))
        self.client_selector = ClientSelector(self.directory)
        toolbar.addWidget(self.client_selector)
        self.addToolBar(toolbar)

    def _init_menus(self) -> None:
        from headhunter_desktop.core.services.configuration import default_log_dir
        from headhunter_desktop.ui.shell.window_menus import MenuCommands, WindowMenus, show_about

        cvs = self.cvs_tab
        commands = MenuCommands(
            import_files=self._in_cvs_tab(cvs.intake.pick_files),
            import_folder=self._in_cvs_tab(cvs.intake.pick_folder),
            export_json=self._in_cvs_tab(cvs.candidate_actions.export_selected),
            client_cv=self._in_cvs_tab(cvs.candidate_actions.client_cv_selected),
            candidate_shown=lambda: cvs.profile.detail() is not None,
            open_settings=self.open_settings,
            quit=self.close,
            show_shortcuts=self.show_shortcuts,
            open_logs=lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(default_log_dir()))),
            show_about=lambda: show_about(self),
        )
        self.menus = WindowMenus(self, commands, self.tab_widget)

    def _in_cvs_tab(self, command: Callable[[], object]) -> Callable[[], object]:
        """A File menu command of the CVs tab: it acts where the recruiter can see it."""

        def run() -> object:
            self.tab_widget.setCurrentWidget(self.cvs_tab)
            return command()

        return run

    def _init_status_bar(self) -> None:
        from headhunter_desktop.ui.shell.llm_state import LlmState
        from headhunter_desktop.ui.shell.usage_status import UsageStatus

        self.usage_status = UsageStatus(self.statusBar(), self.services, self.tasks, self.notify)
        self.sync_status = self.usage_status.sync_label
        self.set_aside_status = self.usage_status.set_aside_label
        self.llm_status = QLabel()
        self.llm_status.setObjectName("llmStatus")
        self.statusBar().addPermanentWidget(self.llm_status)
        self.llm_state = LlmState(self.llm_status, self.services, self.tab_set.built)
        self.statusBar().showMessage(f"Data folder: {self.services.config.paths.data_dir}", 8000)

    def notify(self, text: str) -> None:
        """A passing notice in the status bar (a budget alert, say)."""
        self.statusBar().showMessage(text, NOTICE_MS)

    def _connect_signals(self) -> None:
        self.directory.current_changed.connect(self._on_client_changed)
        self.tab_widget.currentChanged.connect(self._on_tab_changed)

    # -- behaviour ------------------------------------------------------------------------
    async def load(self) -> None:
        """First data load after the window is shown: `show_data`, then `finish_start`."""
        await self.show_data()
        await self.finish_start()

    async def show_data(self) -> None:
        """Fill the tab on screen: from here on the recruiter can work."""
        await self.directory.refresh()
        await self._recall_working_for()
        self.update_sync_status()
        await self.tab_set.load_built()

    async def finish_start(self) -> None:
        """What start-up does once the window is usable: the key looked up (beside the rest:
        a locked keyring may wait for its password), the other tabs, `warm_up`, then the
        import process (the first drop does not wait for it)."""
        self.tasks.start("start.key", self.llm_state.look_up())
        await self.tab_set.build_the_rest()
        # The tab on screen: a first drop on an empty pool shows its content at once.
        self.tab_set.at(max(self.tab_widget.currentIndex(), 0)).prepare_content()
        await self.warm_up()
        await self.services.prepare_imports()

    async def warm_up(self) -> None:
        """The first LLM call's costs (imports, tokenizers, prices), paid in a worker now."""
        try:
            await self.services.start()
        finally:
            # ~185k long-lived objects (openai, SQLAlchemy, pydantic): collections walking
            # them stalled the GUI 140-200 ms every few seconds during an import. Frozen,
            # they are never walked; the collector, paused while starting (app.py), resumes.
            gc.freeze()
            gc.enable()

    def update_sync_status(self) -> None:
        """'n usage records waiting to sync', records set aside (see UsageStatus)."""
        self.usage_status.update()

    def _on_tab_changed(self, index: int) -> None:
        if index >= 0:
            self.tab_set.at(index).activated()

    def tab(self, tab_class: type[T]) -> T:
        """The window's tab of that class (built now if it was not yet)."""
        return self.tab_set.of_class(tab_class)

    @property
    def cvs_tab(self) -> CvsTab:
        from headhunter_desktop.ui.cvs.cvs_tab import CvsTab

        return self.tab(CvsTab)

    @property
    def companies_tab(self) -> CompaniesTab:
        from headhunter_desktop.ui.companies.companies_tab import CompaniesTab

        return self.tab(CompaniesTab)

    @property
    def usage_tab(self) -> UsageTab:
        from headhunter_desktop.ui.usage.usage_tab import UsageTab

        return self.tab(UsageTab)

    def go_to_companies(self) -> None:
        self.tab_widget.setCurrentWidget(self.companies_tab)
        if not self.directory.clients:
            self.companies_tab.add_client()

    def open_shortlist(self, skills: list[str], description: str) -> None:
        """The CVs tab's shortlist for a job's required skills (from the Jobs tab)."""
        self.tab_widget.setCurrentWidget(self.cvs_tab)
        self.cvs_tab.search.shortlist_for(skills, description)

    def go_to_tab(self, title: str) -> None:
        self.tab_widget.setCurrentWidget(self.widget_for(title))

    def open_interview(self, client_id: int, interview_id: int) -> None:
        """The Interviews tab on one interview (from a candidate's or a job's list)."""
        from headhunter_desktop.ui.interviews.interviews_tab import InterviewsTab

        tab = self.tab(InterviewsTab)
        self.tab_widget.setCurrentWidget(tab)
        tab.open_interview_of(client_id, interview_id)

    def open_settings(self) -> SettingsDialog:
        from headhunter_desktop.ui.settings.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            self.services.settings, self.services.keys, self.tasks, self,
            embedding_keys=self.services.embedding_keys,
        )  # fmt: skip
        dialog.saved.connect(self._apply_settings)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def show_shortcuts(self) -> ShortcutsDialog:
        """Help → Keyboard shortcuts: the ones registered right now, by where they work."""
        from headhunter_desktop.ui.shell.shortcuts_dialog import (
            ShortcutsDialog,
            registered_shortcuts,
        )

        tabs = [(tab.title, tab) for tab in self.tabs]
        dialog = ShortcutsDialog(registered_shortcuts(self, tabs), self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _apply_settings(self, settings: Settings) -> None:
        self.services.apply_settings(settings)
        self.llm_state.refresh()
        self.cvs_tab.settings_applied()  # after a model change, the tab offers a re-index
        self.statusBar().showMessage("Settings saved.", 4000)

    def _on_client_changed(self, client: object) -> None:
        from headhunter_desktop.core.services.clients import ClientSummary

        for tab in self.tab_set.built():  # one built later gets it then
            tab.set_client(client)  # type: ignore[arg-type]
        uuid = client.uuid if isinstance(client, ClientSummary) else None
        self.tasks.start("working_for.remember", self.services.working_for.remember(uuid))

    async def _recall_working_for(self) -> None:
        """The client chosen at the last start, when it is still there (imports go on being
        billed to it rather than silently to no one)."""
        uuid = await self.services.working_for.recall()
        chosen = next((c for c in self.directory.clients if c.uuid == uuid), None)
        if chosen is not None and self.directory.current is None:
            self.directory.select(chosen.id)

    # -- shutdown -------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._shutdown_done:
            event.accept()
            return
        event.ignore()
        if self.is_opening():  # nothing to shut down yet: start-up does it once attached
            self.close_requested = True
            self.statusBar().showMessage("Closing once the data folder is open…")
            return
        if self._shutdown_started or self._confirming_close:
            return
        if any(tab.has_unsaved_changes() for tab in self.tab_set.built()):
            self._confirming_close = True
            self._close_question = asyncio.ensure_future(self._confirm_then_shut_down())
        else:
            self._start_shutdown()

    async def _confirm_then_shut_down(self) -> None:
        """Each tab with unsaved work asks Save / Discard / Cancel; Cancel keeps the window."""
        try:
            for tab in self.tab_set.built():
                if tab.has_unsaved_changes():
                    self.tab_widget.setCurrentWidget(tab)  # the question is about what shows
                    if not await tab.confirm_close():
                        return
        finally:
            self._confirming_close = False
        self._start_shutdown()

    def _start_shutdown(self) -> None:
        self._shutdown_started = True
        self.statusBar().showMessage("Closing: finishing work in progress…")
        self.setEnabled(False)
        self._shutdown_task = asyncio.ensure_future(self._shutdown())

    async def _shutdown(self) -> None:
        self.usage_status.stop()
        for tab in self.tab_set.built():
            tab.shut_down()
        try:
            await self.tasks.cancel_all()
            await self.services.aclose()
        finally:
            self._shutdown_done = True
            self.close()
            self.shutdown_finished.emit()

    def give_up_opening(self) -> None:
        """Start-up failed before the services were attached: close with nothing to shut down."""
        self._shutdown_done = True
        self.close()
        self.shutdown_finished.emit()

    def is_shut_down(self) -> bool:
        return self._shutdown_done

    def widget_for(self, title: str) -> QWidget:
        """The tab with that title (tests and keyboard navigation)."""
        if title not in TAB_TITLES:
            raise KeyError(title)
        return self.tab_set.at(TAB_TITLES.index(title))
