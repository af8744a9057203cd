"""An edit typed in the profile is never lost: selecting another candidate asks Save /
Discard / Cancel, and Save keeps the selection and the search on screen."""

from __future__ import annotations

import asyncio

from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.candidates import Person, add_people
from tests.helpers.dialogs import answer_message_box
from tests.helpers.waiting import wait_for

PEOPLE = [
    Person(1, "Ada Smith", "Welder in Leeds", {"basics": {"name": "Ada Smith", "label": "Welder"}}),
    Person(2, "Bob Brown", "Welder in York", {"basics": {"name": "Bob Brown", "label": "Welder"}}),
]


def select(window: MainWindow, name: str) -> None:
    """Select the row of `name`, as a click on it does."""
    tab = window.cvs_tab
    row = next(r for r, p in enumerate(tab.candidates.people()) if p.name == name)
    tab.table.selectRow(row)


def shown(window: MainWindow) -> str | None:
    detail = window.cvs_tab.profile.detail()
    return detail.summary.name if detail else None


def stored_label(window: MainWindow, qloop, candidate_id: int) -> str | None:
    detail = qloop.run_until_complete(window.services.candidates.detail(candidate_id))
    return detail.profile.basics.label


def test_leaving_an_edited_profile_asks_save_discard_or_cancel(window: MainWindow, qloop) -> None:
    add_people(window.services.db, PEOPLE)
    tab = window.cvs_tab
    qloop.run_until_complete(tab.reload_pool())
    select(window, "Ada Smith")
    qloop.run_until_complete(wait_for(lambda: shown(window) == "Ada Smith"))
    tab.profile.edits["label"].setText("Senior welder")
    assert tab.has_unsaved_changes()

    select(window, "Bob Brown")  # Cancel: back on Ada, the edit still there
    question = qloop.run_until_complete(answer_message_box("Cancel"))
    assert "Unsaved changes" in question and "title of Ada Smith" in question
    qloop.run_until_complete(wait_for(lambda: not window.tasks.running("cvs.leave")))
    assert shown(window) == "Ada Smith" and tab.candidate_actions.selected_id() == 1
    assert tab.profile.edits["label"].text() == "Senior welder"

    select(window, "Bob Brown")  # Discard: Bob shown, Ada as stored
    qloop.run_until_complete(answer_message_box("Discard"))
    qloop.run_until_complete(wait_for(lambda: shown(window) == "Bob Brown"))
    assert stored_label(window, qloop, 1) == "Welder"

    tab.profile.edits["label"].setText("Lead welder")
    select(window, "Ada Smith")  # Save: Bob's edit stored, then Ada shown
    qloop.run_until_complete(answer_message_box("Save"))
    qloop.run_until_complete(wait_for(lambda: shown(window) == "Ada Smith"))
    assert stored_label(window, qloop, 2) == "Lead welder"
    assert tab.candidate_actions.selected_id() == 1
    assert not tab.has_unsaved_changes()


def test_saving_keeps_the_selection_and_the_search_on_screen(window: MainWindow, qloop) -> None:
    add_people(window.services.db, PEOPLE)
    tab = window.cvs_tab
    tab.search_box.setText("welder")
    tab.search.run_search()
    qloop.run_until_complete(wait_for(lambda: tab.candidates.rowCount() == 2))
    assert tab.candidates.is_search()
    select(window, "Bob Brown")
    qloop.run_until_complete(wait_for(lambda: shown(window) == "Bob Brown"))

    tab.profile.edits["name"].setText("Robert Brown")
    tab.profile.save_button.click()
    qloop.run_until_complete(wait_for(lambda: shown(window) == "Robert Brown"))
    # The list follows the edit (the watcher or the save's refresh), and nothing else moves.
    qloop.run_until_complete(
        wait_for(lambda: "Robert Brown" in [p.name for p in tab.candidates.people()])
    )
    assert tab.candidates.is_search() and tab.search_box.text() == "welder"
    assert tab.candidates.rowCount() == 2
    assert tab.candidate_actions.selected_id() == 2
    assert not tab.has_unsaved_changes()


def test_closing_the_window_with_an_edit_asks_first(window: MainWindow, qloop) -> None:
    add_people(window.services.db, PEOPLE)
    tab = window.cvs_tab
    qloop.run_until_complete(tab.reload_pool())
    select(window, "Ada Smith")
    qloop.run_until_complete(wait_for(lambda: shown(window) == "Ada Smith"))
    tab.profile.edits["label"].setText("Welding inspector")

    async def close_and_cancel() -> None:
        window.close()
        await answer_message_box("Cancel")

    qloop.run_until_complete(close_and_cancel())
    assert not window.is_shut_down() and tab.has_unsaved_changes()
    assert tab.profile.edits["label"].text() == "Welding inspector"


def test_a_row_clicked_while_the_list_is_read_stays_selected(window: MainWindow, qloop) -> None:
    # The pool watch reloads the list every few hundred ms: a reload that began before a
    # click must not put back the selection it found then (none), dropping the click.
    add_people(window.services.db, PEOPLE)
    tab = window.cvs_tab
    for searching in (False, True):
        if searching:
            tab.search_box.setText("welder")
            tab.search.run_search()
            qloop.run_until_complete(wait_for(lambda: tab.candidates.is_search()))
        else:
            qloop.run_until_complete(tab.reload_pool())
        tab.table.clearSelection()
        reload = asyncio.ensure_future(tab.reload_pool())
        qloop.run_until_complete(asyncio.sleep(0))  # the reload waits on the database now
        select(window, "Bob Brown")
        qloop.run_until_complete(reload)
        assert tab.candidate_actions.selected_id() == 2, f"searching: {searching}"
