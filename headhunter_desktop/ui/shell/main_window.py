"""The main window: six tabs, the shared client selector, menus and the status bar."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QToolBar, QWidget

from headhunter_desktop import APP_NAME, __version__
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.core.services.configuration import Settings, default_log_dir, host_of
from headhunter_desktop.core.services.usage_types import BudgetStatus, format_usd
from headhunter_desktop.ui.companies.companies_tab import CompaniesTab
from headhunter_desktop.ui.cvs.cvs_tab import CvsTab
from headhunter_desktop.ui.departments.departments_tab import DepartmentsTab
from headhunter_desktop.ui.interviews.interviews_tab import InterviewsTab
from headhunter_desktop.ui.jobs.jobs_tab import JobsTab
from headhunter_desktop.ui.settings.settings_dialog import SettingsDialog
from headhunter_desktop.ui.shell.client_directory import ClientDirectory
from headhunter_desktop.ui.shell.client_selector import ClientSelector
from headhunter_desktop.ui.shell.shortcuts_dialog import ShortcutsDialog, registered_shortcuts
from headhunter_desktop.ui.shell.tab import Tab, TabContext
from headhunter_desktop.ui.shell.task_registry import TaskRegistry
from headhunter_desktop.ui.shell.window_menus import MenuCommands, WindowMenus
from headhunter_desktop.ui.usage.usage_tab import UsageTab

# The tabs in their order on screen; Ctrl+1… follow it.
TAB_CLASSES: tuple[Callable[[TabContext], Tab], ...] = (
    CvsTab,
    JobsTab,
    DepartmentsTab,
    CompaniesTab,
    InterviewsTab,
    UsageTab,
)
T = TypeVar("T", bound=Tab)


class MainWindow(QMainWindow):
    """The app's one window. Closing it runs the async shutdown before it really closes.

    Signals:
        shutdown_finished(): services are closed; the process may exit.
    """

    shutdown_finished = Signal()

    def __init__(self, services: AppServices, tasks: TaskRegistry):
        super().__init__()
        self.services, self.tasks = services, tasks
        self._shutdown_started = False
        self._shutdown_done = False
        self._shutdown_task: asyncio.Future[None] | None = None
        self._confirming_close = False
        self._close_question: asyncio.Future[None] | None = None
        self._pending_before = 0
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(900, 560)
        self._fit_to_screen(1200, 760)
        self.directory = ClientDirectory(services.clients, self)
        self._init_tabs()
        self._init_toolbar()
        self._init_menus()
        self._init_status_bar()
        self._connect_signals()
        self._refresh_llm_state()

    # -- building -------------------------------------------------------------------------
    def _fit_to_screen(self, width: int, height: int) -> None:
        """Open at a comfortable size, but never larger than a small laptop's screen."""
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry()
            width, height = min(width, available.width()), min(height, available.height())
        self.resize(width, height)

    def _init_tabs(self) -> None:
        ctx = TabContext(
            self.services, self.tasks, self.directory, self.open_settings, self.go_to_companies,
            self.open_shortlist, self.go_to_tab, self.open_interview,
        )  # fmt: skip
        self.tab_widget = QTabWidget()
        self.tab_widget.setDocumentMode(True)
        self.tabs: list[Tab] = [tab_class(ctx) for tab_class in TAB_CLASSES]
        for tab in self.tabs:
            self.tab_widget.addTab(tab, tab.title)
        self.setCentralWidget(self.tab_widget)

    def _init_toolbar(self) -> None:
        toolbar = QToolBar("Client")
        toolbar.setObjectName("clientToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(QLabel("  Working for: "))
        self.client_selector = ClientSelector(self.directory)
        toolbar.addWidget(self.client_selector)
        self.addToolBar(toolbar)

    def _init_menus(self) -> None:
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
            show_about=self.show_about,
        )
        self.menus = WindowMenus(self, commands, self.tab_widget)

    def _in_cvs_tab(self, command: Callable[[], object]) -> Callable[[], object]:
        """A File menu command of the CVs tab: it acts where the recruiter can see it."""

        def run() -> object:
            self.tab_widget.setCurrentWidget(self.cvs_tab)
            return command()

        return run

    def _init_status_bar(self) -> None:
        self.sync_status = QLabel()
        self.sync_status.setObjectName("syncStatus")
        self.sync_status.hide()
        self.statusBar().addPermanentWidget(self.sync_status)
        self.set_aside_status = QLabel()
        self.set_aside_status.setObjectName("setAsideStatus")
        self.set_aside_status.hide()
        self.statusBar().addPermanentWidget(self.set_aside_status)
        # The writer counts under a lock in microseconds: polling beats a cross-thread signal.
        self._sync_timer = QTimer(self)
        self._sync_timer.setInterval(2000)
        self._sync_timer.timeout.connect(self.update_sync_status)
        self._sync_timer.start()
        self.llm_status = QLabel()
        self.llm_status.setObjectName("llmStatus")
        self.statusBar().addPermanentWidget(self.llm_status)
        self.statusBar().showMessage(f"Data folder: {self.services.config.paths.data_dir}", 8000)

    def _connect_signals(self) -> None:
        self.directory.current_changed.connect(self._on_client_changed)
        self.tab_widget.currentChanged.connect(self._on_tab_changed)
        self.services.usage.add_budget_listener(self.show_budget_warning)

    # -- behaviour ------------------------------------------------------------------------
    async def load(self) -> None:
        """First data load after the window is shown."""
        await self.directory.refresh()
        await self._recall_working_for()
        await self.services.start()
        self.update_sync_status()
        # Start-up leaves ~185k long-lived objects (openai types, SQLAlchemy, pydantic); a
        # full collection walking them stalled the GUI 140-200 ms every few seconds during
        # an import. Frozen objects are never collected, so those walks go.
        gc.freeze()
        for tab in self.tabs:
            await tab.load()

    def update_sync_status(self) -> None:
        """'n usage records waiting to sync' while the analytics database is out of reach."""
        pending = self.services.usage_writer.pending_count
        # Records normally commit within milliseconds: only a backlog that outlives one
        # poll (2 s) means the database is out of reach.
        waiting, self._pending_before = pending > 0 and self._pending_before > 0, pending
        self.sync_status.setVisible(waiting)
        self.sync_status.setText(
            f"{pending} usage record{'s' if pending != 1 else ''} waiting to sync"
        )
        self._update_set_aside_status()

    def _update_set_aside_status(self) -> None:
        # Never silent: these records are missing from every figure an agency bills from.
        set_aside = self.services.usage.set_aside_records()
        self.set_aside_status.setVisible(set_aside.count > 0)
        if set_aside.count:
            self.set_aside_status.setText(
                f"{set_aside.count} usage record{'s' if set_aside.count != 1 else ''} "
                f"set aside, not in the figures: {set_aside.where}"
            )
            self.set_aside_status.setToolTip(
                "Refused by the usage database, or unreadable in the spool. Kept for review "
                "(see app.log for the reason); move the file away once reviewed."
            )

    def show_budget_warning(self, status: BudgetStatus) -> None:
        """A status-bar note when a client's month passes its warning threshold."""
        budget = status.budget
        if budget is None:
            return
        share = status.projected_usd / budget.monthly_limit_usd if budget.monthly_limit_usd else 0
        self.statusBar().showMessage(
            f"{budget.client_company_name} has used {share:.0%} of its monthly LLM budget "
            f"({format_usd(status.projected_usd)} of {format_usd(budget.monthly_limit_usd)}).",
            15000,
        )

    def _on_tab_changed(self, index: int) -> None:
        self.tabs[index].activated()

    def tab(self, tab_class: type[T]) -> T:
        """The window's tab of that class."""
        return next(t for t in self.tabs if isinstance(t, tab_class))

    @property
    def cvs_tab(self) -> CvsTab:
        return self.tab(CvsTab)

    @property
    def companies_tab(self) -> CompaniesTab:
        return self.tab(CompaniesTab)

    @property
    def usage_tab(self) -> UsageTab:
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
        tab = self.tab(InterviewsTab)
        self.tab_widget.setCurrentWidget(tab)
        tab.open_interview_of(client_id, interview_id)

    def open_settings(self) -> SettingsDialog:
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
        tabs = [(tab.title, tab) for tab in self.tabs]
        dialog = ShortcutsDialog(registered_shortcuts(self, tabs), self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<b>{APP_NAME}</b> {__version__}<br>CV intake, LLM-written profiles and exact "
            "per-client LLM cost tracking for recruitment agencies.",
        )

    def _apply_settings(self, settings: Settings) -> None:
        self.services.apply_settings(settings)
        self._refresh_llm_state()
        self.cvs_tab.settings_applied()  # after a model change, the tab offers a re-index
        self.statusBar().showMessage("Settings saved.", 4000)

    def _on_client_changed(self, client: object) -> None:
        for tab in self.tabs:
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

    def _refresh_llm_state(self) -> None:
        ready = self.services.llm_ready()
        host = host_of(self.services.config.base_url)
        model = self.services.settings.chat_model
        self.llm_status.setText(
            f"LLM: {host} · {model}" if ready else "LLM: not set up — open Settings (Ctrl+,)"
        )
        for tab in self.tabs:
            tab.set_llm_ready(ready)

    # -- shutdown -------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._shutdown_done:
            event.accept()
            return
        event.ignore()
        if self._shutdown_started or self._confirming_close:
            return
        if any(tab.has_unsaved_changes() for tab in self.tabs):
            self._confirming_close = True
            self._close_question = asyncio.ensure_future(self._confirm_then_shut_down())
        else:
            self._start_shutdown()

    async def _confirm_then_shut_down(self) -> None:
        """Each tab with unsaved work asks Save / Discard / Cancel; Cancel keeps the window."""
        try:
            for tab in self.tabs:
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
        self._sync_timer.stop()
        for tab in self.tabs:
            tab.shut_down()
        try:
            await self.tasks.cancel_all()
            await self.services.aclose()
        finally:
            self._shutdown_done = True
            self.close()
            self.shutdown_finished.emit()

    def is_shut_down(self) -> bool:
        return self._shutdown_done

    def widget_for(self, title: str) -> QWidget:
        """The tab with that title (tests and keyboard navigation)."""
        for i in range(self.tab_widget.count()):
            if self.tab_widget.tabText(i) == title:
                return self.tabs[i]
        raise KeyError(title)
