"""The CVs tab's views stay true: a command-line import in another process appears in the
open window, client counts follow imports, F5 refreshes, the shortlist's note goes with the
shortlist; the list has a Client column, a client filter, sorting and a context menu."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QHeaderView

from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder
from tests.helpers.candidates import Person, add_clients, add_people
from tests.helpers.cli import start_cli
from tests.helpers.cv_files import write_txt_cvs
from tests.helpers.dialogs import answer_message_box
from tests.helpers.waiting import close_window, wait_for


def names(window: MainWindow) -> list[str]:
    return [p.name for p in window.cvs_tab.candidates.people()]


def statuses(window: MainWindow) -> list[str]:
    return [p.status for p in window.cvs_tab.candidates.people()]


def choose_filter(window: MainWindow, text: str) -> None:
    box = window.cvs_tab.client_filter
    box.setCurrentIndex(box.findText(text))


def seed(window: MainWindow) -> None:
    """Clients 1 and 2; Cleo and Bob for client 1, Ada for client 2, Dan for no one."""
    add_clients(window.services.db, 1, 2)
    people = [
        Person(1, "Cleo Jones", "cv", {"basics": {"label": "Nurse"}}, client=1),
        Person(2, "Ada Smith", "cv", {"basics": {"label": "Welder"}}, client=2),
        Person(3, "Bob Brown", "cv", {"basics": {"label": "Analyst"}}, client=1),
        Person(4, "Dan Moss", "cv", {"basics": {"label": "Baker"}}),
    ]
    add_people(window.services.db, people)


def test_a_command_line_import_appears_in_the_open_window_with_its_client_count(
    window: MainWindow, qloop, fake_openai_env: FakeOpenAIServer, tmp_path: Path
) -> None:
    fake_openai_env.responder = cv_profile_responder
    acme = qloop.run_until_complete(window.directory.create("Acme Ltd"))
    assert window.directory.current.id == acme.id  # the first client is worked for
    write_txt_cvs(tmp_path / "cvs", 2)
    data_dir = window.services.config.paths.data_dir

    child = start_cli(
        "cv", "import", str(tmp_path / "cvs"), "--client", "Acme Ltd", data_dir=data_dir
    )
    try:
        qloop.run_until_complete(wait_for(lambda: statuses(window) == ["done", "done"], 90))
        qloop.run_until_complete(wait_for(lambda: window.directory.current.candidates == 2))
    finally:
        child.communicate(timeout=120)
    assert child.returncode == 0
    assert window.cvs_tab.candidates.data(window.cvs_tab.candidates.index(0, 4)) == "Acme Ltd"

    async def delete_acme() -> str:
        window.tab_widget.setCurrentWidget(window.companies_tab)
        window.companies_tab.panel.select(acme.id)
        window.companies_tab.delete_selected()
        return await answer_message_box("Cancel")

    assert "Its 2 candidate(s) stay" in qloop.run_until_complete(delete_acme())


def test_the_list_filters_by_client_shows_the_client_and_sorts_by_any_column(
    window: MainWindow, qloop
) -> None:
    seed(window)
    qloop.run_until_complete(window.directory.refresh())
    window.directory.select(1)  # the filter follows the client worked for
    tab = window.cvs_tab
    qloop.run_until_complete(wait_for(lambda: names(window) == ["Bob Brown", "Cleo Jones"]))
    assert tab.client_filter.currentText() == "Client 1"

    choose_filter(window, "All clients")
    qloop.run_until_complete(wait_for(lambda: len(names(window)) == 4))
    assert names(window) == ["Dan Moss", "Bob Brown", "Ada Smith", "Cleo Jones"]  # newest first
    clients = [tab.candidates.data(tab.candidates.index(r, 4)) for r in range(4)]
    assert clients == ["—", "Client 1", "Client 2", "Client 1"]
    assert tab.candidates.headerData(4, Qt.Orientation.Horizontal) == "Client"

    tab.table.selectRow(names(window).index("Ada Smith"))
    header = tab.table.horizontalHeader()
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, 0))
    assert names(window) == ["Ada Smith", "Bob Brown", "Cleo Jones", "Dan Moss"]
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_section_centre(header, 1))
    assert names(window) == ["Bob Brown", "Dan Moss", "Cleo Jones", "Ada Smith"]  # by title
    assert tab.candidate_actions.selected_id() == 2  # the selection followed its row
    tab.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    assert names(window)[:1] == ["Ada Smith"] and names(window)[-1] == "Dan Moss"  # no client last
    tab.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    assert names(window) == ["Dan Moss", "Bob Brown", "Ada Smith", "Cleo Jones"]

    choose_filter(window, "No client")
    qloop.run_until_complete(wait_for(lambda: names(window) == ["Dan Moss"]))
    window.directory.select(2)
    qloop.run_until_complete(wait_for(lambda: names(window) == ["Ada Smith"]))


def _section_centre(header: QHeaderView, section: int) -> QPoint:
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    return QPoint(x, header.height() // 2)


# The offscreen platform cannot raise a popup or grab the keyboard; it says so.
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_context_menu_opens_and_deletes_the_row_it_was_opened_on(
    window: MainWindow, qloop
) -> None:
    seed(window)
    tab = window.cvs_tab
    qloop.run_until_complete(tab.reload_pool())
    row = names(window).index("Bob Brown")
    position = tab.table.visualRect(tab.candidates.index(row, 0)).center()
    tab.table.customContextMenuRequested.emit(position)
    menu = tab.candidate_actions.context_menu
    entries = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert entries == ["Open", "Re-parse", "Export JSON Resume…", "Delete…"]
    assert tab.candidate_actions.selected_id() == 3
    next(a for a in menu.actions() if a.text() == "Open").trigger()
    qloop.run_until_complete(wait_for(lambda: tab.profile.detail() is not None))
    assert tab.profile.detail().summary.name == "Bob Brown"
    menu.close()

    tab.table.customContextMenuRequested.emit(position)
    next(a for a in tab.candidate_actions.context_menu.actions() if a.text() == "Delete…").trigger()
    shown = qloop.run_until_complete(answer_message_box("Delete"))
    assert "Erase Bob Brown" in shown
    qloop.run_until_complete(wait_for(lambda: "Bob Brown" not in names(window)))
    # The delete's last step clears the profile (the pool watch may drop the row first).
    qloop.run_until_complete(wait_for(lambda: tab.profile.detail() is None))


def test_f5_runs_the_search_again_and_the_shortlist_note_goes_with_the_shortlist(
    window: MainWindow, qloop
) -> None:
    seed(window)
    tab = window.cvs_tab
    tab.search_box.setText("Welder")
    tab.search.run_search()
    qloop.run_until_complete(wait_for(lambda: tab.candidates.is_search()))
    assert names(window) == ["Ada Smith"]
    add_people(window.services.db, [Person(5, "Eve Hart", "cv", {"basics": {"label": "Welder"}})])
    QTest.keyClick(tab.search_box, Qt.Key.Key_F5)
    qloop.run_until_complete(wait_for(lambda: sorted(names(window)) == ["Ada Smith", "Eve Hart"]))

    tab.search_box.clear()
    tab.requirements_box.setText("Welder")
    tab.search.run_shortlist()
    qloop.run_until_complete(wait_for(lambda: tab.candidates.shortlist_entry(0) is not None))
    assert tab.search_note.text().startswith("Shortlist for Welder")
    tab.requirements_box.clear()
    assert tab.search_note.text() == ""
    qloop.run_until_complete(wait_for(lambda: len(names(window)) == 5))


def test_a_candidate_erased_elsewhere_leaves_the_list_and_the_profile(
    window: MainWindow, qloop
) -> None:
    seed(window)
    tab = window.cvs_tab
    qloop.run_until_complete(tab.reload_pool())
    tab.table.selectRow(names(window).index("Ada Smith"))
    qloop.run_until_complete(wait_for(lambda: tab.profile.detail() is not None))

    qloop.run_until_complete(window.services.candidates.delete(2))  # not through the tab
    qloop.run_until_complete(wait_for(lambda: "Ada Smith" not in names(window)))
    qloop.run_until_complete(wait_for(lambda: tab.profile.detail() is None))


def test_a_closed_window_stops_watching_the_database(window: MainWindow, qloop) -> None:
    watch = window.cvs_tab._watch_timer
    assert watch.isActive()  # the window is open: it looks for changes made elsewhere
    qloop.run_until_complete(close_window(window))
    assert not watch.isActive()  # else it polls closed services for as long as it lives
