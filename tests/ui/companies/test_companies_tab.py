"""The Companies tab on real services: add, rename, delete, and the shared selector."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from headhunter_desktop.core.analytics.client_directory import claim_name
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.storage.clients import create_client
from headhunter_desktop.core.storage.tables import name_key
from headhunter_desktop.ui.shell.client_selector import NO_CLIENT_LABEL
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.dialogs import type_into_input_dialog
from tests.helpers.waiting import wait_for, wait_for_widget


def test_companies_crud_updates_the_shared_selector(window: MainWindow, qloop) -> None:
    tab = window.companies_tab
    window.tab_widget.setCurrentWidget(tab)

    async def scenario() -> None:
        tab.add_client()
        await type_into_input_dialog("  Acme Ltd ")
        await wait_for(lambda: len(window.directory.clients) == 1)
        assert window.directory.clients[0].name == "Acme Ltd"
        assert not tab.is_showing_empty_state()
        names = [window.client_selector.itemText(i) for i in range(2)]
        assert names == [NO_CLIENT_LABEL, "Acme Ltd"]

        # Work for it: every tab now speaks of Acme.
        tab.table.selectRow(0)
        tab.work_for_selected()
        assert window.client_selector.currentText() == "Acme Ltd"
        jobs_list = window.widget_for("Jobs").list_panel.empty_label  # type: ignore[attr-defined]
        await wait_for(lambda: "Acme Ltd" in jobs_list.text())

        tab.rename_selected()
        await type_into_input_dialog("Acme Group")
        await wait_for(lambda: window.directory.clients[0].name == "Acme Group")
        assert window.client_selector.currentText() == "Acme Group"

        tab.table.selectRow(0)
        tab.delete_selected()
        box = await wait_for_widget(QMessageBox)
        assert "Acme Group" in box.text() and "kept for billing" in box.text()
        next(b for b in box.buttons() if b.text() == "Delete").click()
        await wait_for(lambda: not window.directory.clients)
        assert window.client_selector.currentText() == NO_CLIENT_LABEL
        assert tab.is_showing_empty_state()

    qloop.run_until_complete(scenario())


def test_cancelled_delete_keeps_the_client(window: MainWindow, qloop) -> None:
    async def scenario() -> None:
        await window.directory.create("Keep Me")
        window.companies_tab.table.selectRow(0)
        window.companies_tab.delete_selected()
        box = await wait_for_widget(QMessageBox)
        box.reject()
        await wait_for(lambda: not window.tasks.running("companies.delete"))
        assert [c.name for c in window.directory.clients] == ["Keep Me"]

    qloop.run_until_complete(scenario())


def test_duplicate_client_name_is_refused_with_a_message(window: MainWindow, qloop) -> None:
    errors: list[BaseException] = []
    window.tasks._on_error = errors.append

    async def scenario() -> None:
        await window.directory.create("Acme Ltd")
        window.companies_tab.add_client()
        await type_into_input_dialog("acme ltd")
        await wait_for(lambda: bool(errors))

    qloop.run_until_complete(scenario())
    assert "already exists" in str(errors[0])
    assert len(window.directory.clients) == 1


ELSEWHERE = "00000000-0000-4000-a000-00000000beef"


def registered_elsewhere(services: AppServices, name: str) -> None:
    """`name` in the usage database's client directory, as another laptop registered it."""
    claim_name(services.usage.engine(), ELSEWHERE, name, name_key(name), "bo@laptop-b")


def test_a_client_another_laptop_added_is_adopted_and_the_tab_says_so(
    window: MainWindow, qloop
) -> None:
    registered_elsewhere(window.services, "Acme Ltd")
    tab = window.companies_tab
    window.tab_widget.setCurrentWidget(tab)

    async def scenario() -> None:
        tab.add_client()
        await type_into_input_dialog("acme LTD")
        await wait_for(lambda: len(window.directory.clients) == 1)

    qloop.run_until_complete(scenario())
    assert window.directory.clients[0].uuid == ELSEWHERE
    assert tab.directory_note.isVisible()
    assert "already in the shared client directory" in tab.directory_note.text()
    assert "bo@laptop-b" in tab.directory_note.text()


@pytest.fixture
def added_offline(services: AppServices) -> None:
    """Acme Ltd added here while the usage server was out of reach (not registered), and
    registered meanwhile by another laptop under its own UUID."""
    services.db.run_sync(lambda s: create_client(s, "Acme Ltd"))
    registered_elsewhere(services, "Acme Ltd")


def test_a_name_taken_meanwhile_is_reported_when_the_window_opens(
    added_offline: None, window: MainWindow, qloop
) -> None:
    tab = window.companies_tab
    qloop.run_until_complete(wait_for(lambda: bool(tab.directory_note.text())))
    assert "“Acme Ltd”" in tab.directory_note.text() and "kept apart" in tab.directory_note.text()
    assert window.directory.clients[0].uuid != ELSEWHERE
