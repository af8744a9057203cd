"""What the main window builds once the services are open: its tabs (and, through them, the
services). One import of this module pays for all of them; start-up runs it off the GUI
thread while the window already shows."""

from __future__ import annotations

from collections.abc import Callable

from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.ui.companies.companies_tab import CompaniesTab
from headhunter_desktop.ui.cvs.cvs_tab import CvsTab
from headhunter_desktop.ui.departments.departments_tab import DepartmentsTab
from headhunter_desktop.ui.interviews.interviews_tab import InterviewsTab
from headhunter_desktop.ui.jobs.jobs_tab import JobsTab
from headhunter_desktop.ui.settings.settings_dialog import SettingsDialog
from headhunter_desktop.ui.shell.client_selector import ClientSelector
from headhunter_desktop.ui.shell.tab import Tab, TabContext
from headhunter_desktop.ui.usage.usage_tab import UsageTab

# The tabs in their order on screen (titles as main_window.TAB_TITLES); Ctrl+1… follow it.
TAB_CLASSES: tuple[Callable[[TabContext], Tab], ...] = (
    CvsTab,
    JobsTab,
    DepartmentsTab,
    CompaniesTab,
    InterviewsTab,
    UsageTab,
)

__all__ = ["TAB_CLASSES", "AppServices", "ClientSelector", "SettingsDialog"]
