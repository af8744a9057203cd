"""A tab whose feature is still to come: it says what the tab is for and what to do first."""

from __future__ import annotations

from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.common.empty_state import EmptyState
from headhunter_desktop.ui.shell.tab import Tab, TabContext, client_phrase


class GuideTab(Tab):
    """An empty state whose text follows the selected client and the LLM set-up.

    Subclasses set `title`, `heading` and `body` (`{client}` is replaced by the client).
    """

    heading = ""
    body = ""

    def __init__(self, ctx: TabContext):
        super().__init__(EmptyState(self.heading, ""))
        self._settings_button = self.empty_state.add_action(
            "Set up the LLM connection…", ctx.open_settings
        )
        self._companies_button = self.empty_state.add_action(
            "Add a client company", ctx.go_to_companies
        )
        self._render()

    def set_client(self, client: ClientSummary | None) -> None:
        super().set_client(client)
        self._render()

    def set_llm_ready(self, ready: bool) -> None:
        super().set_llm_ready(ready)
        self._render()

    def _render(self) -> None:
        steps = []
        if not self.llm_ready:
            steps.append("connect an LLM in Settings (an OpenAI key or a local server)")
        if self.client is None:
            steps.append("pick or add the client company you work for (top of the window)")
        first = ("<br><br>First, " + " and ".join(steps) + ".") if steps else ""
        self.empty_state.set_text(
            self.heading, self.body.format(client=client_phrase(self.client)) + first
        )
        self._settings_button.setVisible(not self.llm_ready)
        self._companies_button.setVisible(self.client is None)
