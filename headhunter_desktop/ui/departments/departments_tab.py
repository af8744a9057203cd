"""The Departments tab: the client's department profiles, which feed its job postings."""

from __future__ import annotations

from headhunter_desktop.ui.common.guide_tab import GuideTab


class DepartmentsTab(GuideTab):
    title = "Departments"
    heading = "No departments yet"
    body = (
        "Department profiles of {client} — what the team does, its technologies — "
        "feed every job posting written for it."
    )
