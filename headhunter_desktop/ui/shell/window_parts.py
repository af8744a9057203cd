"""What the main window builds once the services are open: the services, the tab on screen
at start (the CVs tab; the others are built later, see `TabSet`), the client selector and
the settings dialog. One import of this module pays for them; start-up runs it off the GUI
thread while the window already shows."""

from __future__ import annotations

from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.ui.cvs.cvs_tab import CvsTab
from headhunter_desktop.ui.settings.settings_dialog import SettingsDialog
from headhunter_desktop.ui.shell.client_selector import ClientSelector
from headhunter_desktop.ui.shell.tab_set import TabSet

__all__ = ["AppServices", "ClientSelector", "CvsTab", "SettingsDialog", "TabSet"]
