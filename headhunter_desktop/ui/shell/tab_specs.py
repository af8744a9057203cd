"""Which tabs the main window has, in their order on screen, and where each one's class
lives: the window shows their titles before anything else is imported (see `TabSet`)."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from headhunter_desktop.ui.shell.tab import Tab, TabContext


@dataclass(frozen=True)
class TabSpec:
    """Where a tab's class lives; its module is imported only when the tab is built."""

    title: str
    module: str
    class_name: str

    def import_class(self) -> Callable[[TabContext], Tab]:
        """The tab's class (every tab is built from the window's `TabContext`)."""
        tab_class = getattr(importlib.import_module(self.module), self.class_name)
        return cast("Callable[[TabContext], Tab]", tab_class)


# The tabs in their order on screen; Ctrl+1… follow it.
TAB_SPECS = (
    TabSpec("CVs", "headhunter_desktop.ui.cvs.cvs_tab", "CvsTab"),
    TabSpec("Jobs", "headhunter_desktop.ui.jobs.jobs_tab", "JobsTab"),
    TabSpec("Departments", "headhunter_desktop.ui.departments.departments_tab", "DepartmentsTab"),
    TabSpec("Companies", "headhunter_desktop.ui.companies.companies_tab", "CompaniesTab"),
    TabSpec("Interviews", "headhunter_desktop.ui.interviews.interviews_tab", "InterviewsTab"),
    TabSpec("Usage", "headhunter_desktop.ui.usage.usage_tab", "UsageTab"),
)

TAB_TITLES = tuple(spec.title for spec in TAB_SPECS)
