"""A pool larger than the list: the tab says how many it shows of how many, and how to find
the others; a search hides the note, clearing the search brings it back."""

from __future__ import annotations

from headhunter_desktop.core.services.candidates import POOL_LIST_LIMIT
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.candidate_rows import insert_candidates
from tests.helpers.candidates import add_clients
from tests.helpers.waiting import wait_for

TOTAL = POOL_LIST_LIMIT + 345


def test_a_cut_list_says_so_with_the_total(window: MainWindow, qloop) -> None:
    tab = window.cvs_tab
    assert tab.pool_note.isHidden()
    add_clients(window.services.db, 1)
    insert_candidates(window.services.db, TOTAL)

    qloop.run_until_complete(tab.reload_pool())
    assert tab.candidates.rowCount() == POOL_LIST_LIMIT
    assert tab.candidates.candidate_at(0).id == TOTAL  # newest first
    assert not tab.pool_note.isHidden()
    assert tab.pool_note.text() == (
        "Showing the 2,000 most recent of 2,345 candidates — search to find the others."
    )

    tab.search_box.setText("Person")
    tab.search.run_search()
    qloop.run_until_complete(wait_for(lambda: tab.candidates.is_search()))
    assert tab.pool_note.isHidden()

    tab.search_box.clear()
    tab.search.run_search()
    qloop.run_until_complete(wait_for(lambda: not tab.pool_note.isHidden()))
    assert tab.candidates.rowCount() == POOL_LIST_LIMIT


def test_a_list_of_everyone_has_no_note(window: MainWindow, qloop) -> None:
    add_clients(window.services.db, 1)
    insert_candidates(window.services.db, 12)
    qloop.run_until_complete(window.cvs_tab.reload_pool())
    assert window.cvs_tab.candidates.rowCount() == 12
    assert window.cvs_tab.pool_note.isHidden()
