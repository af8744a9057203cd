"""The window's menu bar: File (imports, exports, the client CV, settings, quit) and Help
(keyboard shortcuts, the log folder, about), and Ctrl+1… to switch tabs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QTabWidget

from headhunter_desktop import APP_NAME, __version__

Keys = QKeySequence | QKeySequence.StandardKey | str
NO_CANDIDATE = "Select a candidate in the CVs tab first."


@dataclass(frozen=True)
class MenuCommands:
    """What the menu items do; the CVs tab's commands switch to that tab first."""

    import_files: Callable[[], object]
    import_folder: Callable[[], object]
    export_json: Callable[[], object]
    client_cv: Callable[[], object]
    candidate_shown: Callable[[], bool]  # a profile is shown: export and client CV apply
    open_settings: Callable[[], object]
    quit: Callable[[], object]
    show_shortcuts: Callable[[], object]
    open_logs: Callable[[], object]
    show_about: Callable[[], object]


class WindowMenus:
    """Builds the menu bar of `window` and keeps its actions (tests trigger them)."""

    def __init__(self, window: QMainWindow, commands: MenuCommands, tabs: QTabWidget):
        self._window, self._commands = window, commands
        self._build_file_menu(window.menuBar().addMenu("&File"))
        self._build_help_menu(window.menuBar().addMenu("&Help"))
        self.tab_actions = [
            self._action(f"Go to the {tabs.tabText(i)} tab", f"Ctrl+{i + 1}", _switch_to(tabs, i))
            for i in range(tabs.count())
        ]
        window.addActions(self.tab_actions)  # not in a menu: shortcuts only

    def _build_file_menu(self, menu: QMenu) -> None:
        c = self._commands
        open_keys = QKeySequence.StandardKey.Open
        self.import_files = self._action("&Import CVs…", open_keys, c.import_files)
        self.import_folder = self._action("Import a &folder of CVs…", "", c.import_folder)
        self.export_json = self._action("&Export JSON Resume…", "", c.export_json)
        self.client_cv = self._action("&Client CV…", "", c.client_cv)
        self.settings = self._action("&Settings…", "Ctrl+,", c.open_settings)
        self.settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit = self._action("&Quit", QKeySequence.StandardKey.Quit, c.quit)
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        menu.addActions([self.import_files, self.import_folder])
        menu.addSeparator()
        menu.addActions([self.export_json, self.client_cv])
        menu.addSeparator()
        menu.addActions([self.settings])
        menu.addSeparator()
        menu.addActions([self.quit])
        menu.aboutToShow.connect(self.update_candidate_items)
        self.update_candidate_items()

    def _build_help_menu(self, menu: QMenu) -> None:
        c = self._commands
        keys = QKeySequence.StandardKey.HelpContents
        self.shortcuts = self._action("&Keyboard shortcuts", keys, c.show_shortcuts)
        self.open_logs = self._action("Open &log folder", "", c.open_logs)
        self.about = self._action(f"&About {APP_NAME}", "", c.show_about)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)
        menu.addActions([self.shortcuts, self.open_logs, self.about])

    def update_candidate_items(self) -> None:
        """Export and the client CV act on the candidate shown in the CVs tab: only then on."""
        shown = self._commands.candidate_shown()
        for action in (self.export_json, self.client_cv):
            action.setEnabled(shown)
            action.setToolTip("" if shown else NO_CANDIDATE)

    def _action(self, text: str, keys: Keys, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self._window)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False: slot())
        return action


def _switch_to(tabs: QTabWidget, index: int) -> Callable[[], object]:
    return lambda: tabs.setCurrentIndex(index)


def show_about(window: QMainWindow) -> None:
    """Help → About."""
    QMessageBox.about(
        window,
        f"About {APP_NAME}",
        f"<b>{APP_NAME}</b> {__version__}<br>CV intake, LLM-written profiles and exact "
        "per-client LLM cost tracking for recruitment agencies.",
    )
