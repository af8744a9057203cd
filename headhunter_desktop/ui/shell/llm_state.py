"""Whether an LLM is set up: shown in the status bar and told to every tab.

The answer may need the OS keyring, whose first look-up finds its backend (~70 ms here, a
D-Bus round trip on a Linux desktop). Start-up does not wait for it: a key from the
environment or a local server that needs none is known at once; otherwise the window
shows as set up until a worker thread has asked the keyring, right after the window is
usable. The recruiter with a stored key sees no change, one without a key the set-up hint
a moment later.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:
    from headhunter_desktop.core.services.app_services import AppServices
    from headhunter_desktop.ui.shell.tab import Tab

NOT_SET_UP = "LLM: not set up — open Settings (Ctrl+,)"


class LlmState:
    """The status-bar label and the tabs' `set_llm_ready`, kept in step with the services."""

    def __init__(self, label: QLabel, services: AppServices, tabs: Callable[[], Iterable[Tab]]):
        self._label, self._services, self._tabs = label, services, tabs
        self.ready = True
        self.known = False  # False: shown as set up until `look_up()` has asked the keyring

    def show_known(self) -> None:
        """Show what needs no keyring look-up; the rest waits for `look_up()`."""
        known = self._services.llm_ready_without_keyring()
        self.known = known is not None
        self._show(True if known is None else known)

    async def look_up(self) -> None:
        """Ask the keyring in a worker thread (when `show_known` could not tell), then show."""
        if self.known:
            return
        ready = await asyncio.get_running_loop().run_in_executor(None, self._services.llm_ready)
        if not self.known:  # a `refresh()` meanwhile (settings saved) has the newer answer
            self._show(ready)
            self.known = True

    def refresh(self) -> None:
        """Ask again now (settings were saved: the keyring has answered before)."""
        self._show(self._services.llm_ready())
        self.known = True

    def _show(self, ready: bool) -> None:
        from headhunter_desktop.core.services.configuration import host_of

        self.ready = ready
        host = host_of(self._services.config.base_url)
        model = self._services.settings.chat_model
        self._label.setText(f"LLM: {host} · {model}" if ready else NOT_SET_UP)
        for tab in self._tabs():
            tab.set_llm_ready(ready)
