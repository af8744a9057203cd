"""The Usage tab: what every LLM call cost, per client (the panel is built on the analytics DB)."""

from __future__ import annotations

from headhunter_desktop.ui.tabs.base import Tab
from headhunter_desktop.ui.widgets.empty_state import EmptyState


class UsageTab(Tab):
    """Shows the agency owner the recorded LLM usage; empty until the first call."""

    title = "Usage"

    def __init__(self) -> None:
        super().__init__(
            EmptyState(
                "No LLM calls recorded yet",
                "Every call the app makes — parsing a CV, embedding it, writing a job "
                "posting — is recorded here with its exact input, cached, output and "
                "reasoning tokens and its cost in USD, per client company, ready to bill.",
            )
        )
