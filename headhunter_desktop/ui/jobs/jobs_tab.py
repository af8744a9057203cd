"""The Jobs tab: job postings for the client, written with its context."""

from __future__ import annotations

from headhunter_desktop.ui.common.guide_tab import GuideTab


class JobsTab(GuideTab):
    title = "Jobs"
    heading = "No job postings yet"
    body = (
        "Job postings for {client} are written here with the client's context, "
        "streamed into the editor as the LLM writes them."
    )
