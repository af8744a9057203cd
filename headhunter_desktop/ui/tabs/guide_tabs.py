"""Tabs whose features arrive with later work: each says what it is for and what to do first."""

from __future__ import annotations

from collections.abc import Callable

from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.tabs.base import Tab, client_phrase
from headhunter_desktop.ui.widgets.empty_state import EmptyState


class GuideTab(Tab):
    """An empty state whose text follows the selected client and the LLM set-up."""

    def __init__(
        self,
        title: str,
        heading: str,
        body: str,
        open_settings: Callable[[], object],
        go_to_companies: Callable[[], object],
    ):
        super().__init__(EmptyState(heading, ""))
        self.title = title
        self._heading, self._body = heading, body
        self._llm_ready = False
        self._settings_button = self.empty_state.add_action(
            "Set up the LLM connection…", open_settings
        )
        self._companies_button = self.empty_state.add_action(
            "Add a client company", go_to_companies
        )
        self._render()

    def set_client(self, client: ClientSummary | None) -> None:
        super().set_client(client)
        self._render()

    def set_llm_ready(self, ready: bool) -> None:
        self._llm_ready = ready
        self._render()

    def _render(self) -> None:
        steps = []
        if not self._llm_ready:
            steps.append("connect an LLM in Settings (an OpenAI key or a local server)")
        if self.client is None:
            steps.append("pick or add the client company you work for (top of the window)")
        first = ("<br><br>First, " + " and ".join(steps) + ".") if steps else ""
        self.empty_state.set_text(
            self._heading, self._body.format(client=client_phrase(self.client)) + first
        )
        self._settings_button.setVisible(not self._llm_ready)
        self._companies_button.setVisible(self.client is None)


def make_guide_tabs(
    open_settings: Callable[[], object], go_to_companies: Callable[[], object]
) -> list[GuideTab]:
    """The Jobs, Departments and Interviews tabs in their empty state."""
    specs = [
        (
            "Jobs",
            "No job postings yet",
            "Job postings for {client} are written here with the client's context, "
            "streamed into the editor as the LLM writes them.",
        ),
        (
            "Departments",
            "No departments yet",
            "Department profiles of {client} — what the team does, its technologies — "
            "feed every job posting written for it.",
        ),
        (
            "Interviews",
            "No interviews yet",
            "Interview notes and scores for {client}'s candidates become written feedback here.",
        ),
    ]
    return [GuideTab(t, h, b, open_settings, go_to_companies) for t, h, b in specs]
