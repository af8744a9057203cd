"""The Interviews tab: interview notes and scores become written feedback."""

from __future__ import annotations

from headhunter_desktop.ui.common.guide_tab import GuideTab


class InterviewsTab(GuideTab):
    title = "Interviews"
    heading = "No interviews yet"
    body = "Interview notes and scores for {client}'s candidates become written feedback here."
