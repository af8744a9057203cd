"""What every main-window tab shares: how it is built, the client it works for, the LLM's
readiness, an empty state, and shortcuts that work wherever the focus is in the window."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.common.empty_state import EmptyState
from headhunter_desktop.ui.shell.client_directory import ClientDirectory
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

Keys = QKeySequence | QKeySequence.StandardKey | str


@dataclass(frozen=True)
class TabContext:
    """What the window hands every tab it builds: services, tasks, clients, navigation."""

    services: AppServices
    tasks: TaskRegistry
    directory: ClientDirectory
    open_settings: Callable[[], object]
    go_to_companies: Callable[[], object]
    # Switch to the CVs tab and shortlist candidates for (required skills, description).
    open_shortlist: Callable[[list[str], str], object] = lambda _skills, _text: None
    # Switch to the tab with this title ("Jobs", "CVs"…): an empty state's next step.
    go_to_tab: Callable[[str], object] = lambda _title: None
    # Switch to the Interviews tab on (client id, interview id), the client chosen first.
    open_interview: Callable[[int, int], object] = lambda _client_id, _interview_id: None
    # A passing notice in the window's status bar (a budget alert, say).
    notify: Callable[[str], object] = lambda _text: None


class Tab(QWidget):
    """A main-window tab: shows `content` or, when there is nothing yet, `empty_state`.

    Subclasses set `title`, build themselves from a `TabContext`, and override the hooks
    they need: `set_client`, `set_llm_ready`, `activated`, `load`, and (when unsaved work
    can be lost) `has_unsaved_changes` with `confirm_close`.
    """

    title = ""

    def __init__(self, empty_state: EmptyState, content: QWidget | None = None):
        super().__init__()
        self.client: ClientSummary | None = None
        self.llm_ready = False
        self.empty_state = empty_state
        self._stack = QStackedWidget()
        self._stack.addWidget(empty_state)
        if content is not None:
            self._stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

    # -- hooks the window calls -----------------------------------------------------------
    def set_client(self, client: ClientSummary | None) -> None:
        """The window switched the client it works for."""
        self.client = client

    def set_llm_ready(self, ready: bool) -> None:
        """The LLM connection became usable (or stopped being so) after a settings change."""
        self.llm_ready = ready

    def activated(self) -> None:
        """The user switched to this tab."""

    async def load(self) -> None:
        """First data load, once the window is shown and the services have started."""

    def shut_down(self) -> None:
        """The window is closing: stop timers that would reach the closing services."""

    def has_unsaved_changes(self) -> bool:
        """Something on screen would be lost if the window closed now."""
        return False

    async def confirm_close(self) -> bool:
        """The window is closing: save or discard the unsaved changes (asking the user);
        False keeps the window open (the user chose "Cancel")."""
        return True

    # -- for subclasses -------------------------------------------------------------------
    def add_shortcut(self, keys: Keys, slot: Callable[[], object], label: str = "") -> QAction:
        """A shortcut that works while this tab is shown, wherever the focus is in the window
        (the tab bar too). `label` says what it does in Help → Keyboard shortcuts (default:
        the slot's name, "refresh_now" → "Refresh now").

        Qt ignores the shortcuts of hidden widgets, so two tabs may use the same keys; keys
        the window's menus use (Ctrl+O, Ctrl+,, Ctrl+Q…) would be ambiguous: never both.
        """
        action = QAction(label or _label_of(slot), self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def show_empty_state(self, empty: bool) -> None:
        self._stack.setCurrentIndex(0 if empty or self._stack.count() == 1 else 1)

    def is_showing_empty_state(self) -> bool:
        return self._stack.currentIndex() == 0

    def prepare_content(self) -> None:
        """Polish, lay out and paint the content once, off screen, while the empty state
        shows. Shown for the first time (a first drop on an empty pool), it polished and laid
        out some hundred widgets and painted them in one go: a 20-25 ms stall just as the
        import began. Prepared, the switch takes a few ms."""
        content = self._stack.widget(1)
        if content is None or not self.is_showing_empty_state():
            return
        content.resize(self._stack.size())
        content.grab()


def _label_of(slot: Callable[[], object]) -> str:
    name = getattr(slot, "__name__", "").strip("_").replace("_", " ")
    return name[:1].upper() + name[1:] if name != "<lambda>" else ""


def client_phrase(client: ClientSummary | None) -> str:
    """'Acme Ltd' or "the agency's own pool", for guidance texts."""
    return f"<b>{client.name}</b>" if client else "the agency's own pool"
