"""Start-up builds only the tab on screen; the others are built when first opened, or right
after the first one is filled, with the window's client and LLM state, and loaded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLabel

from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.ui.companies.companies_tab import CompaniesTab
from headhunter_desktop.ui.cvs.cvs_tab import CvsTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from headhunter_desktop.ui.shell.tab_specs import TAB_TITLES
from headhunter_desktop.ui.usage.usage_tab import UsageTab
from tests.helpers.main_window import opened_window
from tests.helpers.screenshots import app_look
from tests.helpers.waiting import wait_for


@pytest.fixture
def usable_window(qtbot, qloop, services: AppServices) -> Iterator[MainWindow]:
    """A window as start-up leaves it once usable: the tab on screen filled, nothing more."""
    qloop.run_until_complete(services.clients.create("Acme Ltd"))
    # The app's style sheet, as at a real start.
    with app_look(), opened_window(qloop, services, MainWindow.show_data) as window:
        yield window


def page_kinds(window: MainWindow) -> list[str]:
    pages = [window.tab_widget.widget(i) for i in range(window.tab_widget.count())]
    return [p.text() if isinstance(p, QLabel) else type(p).__name__ for p in pages]


def test_only_the_tab_on_screen_is_built_at_first(usable_window: MainWindow) -> None:
    assert page_kinds(usable_window) == ["CvsTab"] + ["Opening…"] * 5
    tab_bar = usable_window.tab_widget
    assert [tab_bar.tabText(i) for i in range(tab_bar.count())] == list(TAB_TITLES)


def test_a_tab_opened_first_is_built_with_the_windows_client_and_loaded(
    usable_window: MainWindow, qloop
) -> None:
    [acme] = usable_window.directory.clients
    usable_window.directory.select(acme.id)  # chosen while the Companies tab did not exist

    usable_window.tab_widget.setCurrentIndex(TAB_TITLES.index("Companies"))

    companies = usable_window.tab_widget.currentWidget()
    assert isinstance(companies, CompaniesTab)
    assert companies.client is not None and companies.client.id == acme.id
    assert companies.llm_ready is usable_window.llm_state.ready
    # Its own first load ran: the profile editor opened on the client.
    qloop.run_until_complete(
        wait_for(lambda: companies.editor.client is not None and companies.editor.is_loaded())
    )
    assert companies.editor.client is not None and companies.editor.client.id == acme.id
    assert usable_window.tab(CompaniesTab) is companies  # built once


def test_the_rest_are_built_after_keeping_the_page_on_screen(
    usable_window: MainWindow, qloop
) -> None:
    usable_window.tab_widget.setCurrentIndex(TAB_TITLES.index("Usage"))  # opened first
    usage = usable_window.tab(UsageTab)
    cvs = usable_window.tab(CvsTab)
    changes: list[int] = []
    usable_window.tab_widget.currentChanged.connect(changes.append)

    qloop.run_until_complete(usable_window.tab_set.build_the_rest())  # type: ignore[union-attr]

    assert page_kinds(usable_window) == [
        "CvsTab", "JobsTab", "DepartmentsTab", "CompaniesTab", "InterviewsTab", "UsageTab",
    ]  # fmt: skip
    assert usable_window.tab_widget.currentWidget() is usage and changes == []
    assert usable_window.tab(UsageTab) is usage and usable_window.tab(CvsTab) is cvs
    assert [t.title for t in usable_window.tabs] == list(TAB_TITLES)
