"""Keyboard and menus: a tab's shortcuts fire wherever the focus is (the tab bar too), Tab
leaves the candidate table, the File menu imports, exports and makes the client CV from
any tab, and Help → Keyboard shortcuts lists what is registered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog

from headhunter_desktop.core.domain.import_job import ImportRow, ImportState
from headhunter_desktop.ui.cvs.client_cv_dialog import ClientCvDialog
from headhunter_desktop.ui.jobs.jobs_tab import JobsTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from headhunter_desktop.ui.shell.shortcuts_dialog import ShortcutsDialog
from tests.helpers.candidate_rows import insert_candidates
from tests.helpers.waiting import wait_for, wait_for_widget

CTRL = Qt.KeyboardModifier.ControlModifier


def focus_tab_bar(window: MainWindow, qloop) -> None:
    window.activateWindow()
    qloop.run_until_complete(wait_for(lambda: QApplication.activeWindow() is window))
    window.tab_widget.tabBar().setFocus()
    assert QApplication.focusWidget() is window.tab_widget.tabBar()


async def file_dialog_titled(title: str) -> QFileDialog:
    """The file dialog a command opened, closed again (the window active once more)."""
    dialog = await wait_for_widget(QFileDialog)
    assert dialog.windowTitle() == title
    dialog.reject()
    await wait_for(lambda: not dialog.isVisible() and QApplication.activeModalWidget() is None)
    return dialog


def test_shortcuts_fire_with_the_focus_in_the_tab_bar(window: MainWindow, qloop, qtbot) -> None:
    cvs = window.cvs_tab
    window.tab_widget.setCurrentWidget(cvs)
    focus_tab_bar(window, qloop)
    qtbot.keyClick(window.tab_widget.tabBar(), Qt.Key.Key_F, CTRL)  # the CVs tab's own
    assert QApplication.focusWidget() is cvs.search_box

    window.tab_widget.setCurrentWidget(window.tab(JobsTab))
    focus_tab_bar(window, qloop)
    qtbot.keyClick(window.tab_widget.tabBar(), Qt.Key.Key_O, CTRL)  # File → Import CVs…
    qloop.run_until_complete(file_dialog_titled("Import CVs"))
    assert window.tab_widget.currentWidget() is cvs

    focus_tab_bar(window, qloop)
    qtbot.keyClick(window.tab_widget.tabBar(), Qt.Key.Key_2, CTRL)
    assert window.tab_widget.currentWidget() is window.tab(JobsTab)


def test_no_tab_shortcut_is_ambiguous_with_the_window_s(window: MainWindow) -> None:
    """Qt fires neither of two visible actions with the same keys."""
    menu_items = [a for menu in window.menuBar().actions() for a in menu.menu().actions()]
    everywhere = {k.toString() for a in menu_items + window.actions() for k in a.shortcuts()}
    assert {"Ctrl+O", "Ctrl+1", "F1"} <= everywhere
    for tab in window.tabs:
        keys = {k.toString() for action in tab.actions() for k in action.shortcuts()}
        assert not keys & everywhere, tab.title


def test_tab_leaves_the_candidate_table(window: MainWindow, qloop, qtbot) -> None:
    insert_candidates(window.services.db, 5)
    cvs = window.cvs_tab
    qloop.run_until_complete(cvs.reload_pool())
    assert cvs.candidates.rowCount() == 5
    cvs.table.setFocus()
    cvs.table.selectRow(0)
    qtbot.keyClick(cvs.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not cvs.table
    # The import queue's table too: Tab moves on, not from cell to cell.
    cvs.queue_model.add_rows([queued_row(1), queued_row(2)])
    cvs.left_tabs.setCurrentWidget(cvs.queue_table)
    cvs.queue_table.setFocus()
    cvs.queue_table.setCurrentIndex(cvs.queue_model.index(0, 0))
    qtbot.keyClick(cvs.queue_table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not cvs.queue_table


def queued_row(job_id: int) -> ImportRow:
    return ImportRow(
        job_id=job_id, batch_id="b", file_name=f"cv{job_id}.pdf", source_path=f"/cv{job_id}.pdf",
        state=ImportState.QUEUED, error=None, error_code=None, candidate_id=None,
        client_company_id=None, attempts=0, stored_path=None, sha256=None,
    )  # fmt: skip


def test_file_menu_acts_on_the_cvs_tab_from_any_tab(window: MainWindow, qloop) -> None:
    menus, cvs = window.menus, window.cvs_tab
    window.tab_widget.setCurrentWidget(window.tab(JobsTab))
    menus.update_candidate_items()
    assert not menus.export_json.isEnabled() and not menus.client_cv.isEnabled()
    menus.import_folder.trigger()
    qloop.run_until_complete(file_dialog_titled("Import a folder of CVs"))
    assert window.tab_widget.currentWidget() is cvs

    insert_candidates(window.services.db, 1)  # a Data Engineer with a profile
    qloop.run_until_complete(cvs.reload_pool())
    cvs.table.selectRow(0)
    qloop.run_until_complete(wait_for(lambda: cvs.profile.detail() is not None))
    window.tab_widget.setCurrentWidget(window.tab(JobsTab))
    menus.update_candidate_items()  # as when the File menu opens
    assert menus.export_json.isEnabled() and menus.client_cv.isEnabled()
    menus.export_json.trigger()
    qloop.run_until_complete(file_dialog_titled("Export JSON Resume"))
    menus.client_cv.trigger()
    preview = qloop.run_until_complete(wait_for_widget(ClientCvDialog))
    assert window.tab_widget.currentWidget() is cvs
    preview.reject()


def test_help_lists_the_registered_shortcuts(window: MainWindow, qloop, qtbot) -> None:
    window.tab(JobsTab).add_shortcut("Ctrl+Shift+K", lambda: None, "Knock twice")
    focus_tab_bar(window, qloop)
    qtbot.keyClick(window.tab_widget.tabBar(), Qt.Key.Key_F1)
    dialog = qloop.run_until_complete(wait_for_widget(ShortcutsDialog))
    rows = {(group.split(" ")[0], keys, label) for group, keys, label in dialog.rows()}
    open_keys = QKeySequence(QKeySequence.StandardKey.Open).toString()
    assert ("Everywhere", open_keys, "Import CVs…") in rows
    assert ("Everywhere", "Ctrl+,", "Settings…") in rows
    assert ("Everywhere", "Ctrl+1", "Go to the CVs tab") in rows
    assert ("CVs", "F5", "Refresh") in rows
    assert ("CVs", "Ctrl+S", "Save changes") in rows  # the profile's Save button
    assert ("Jobs", "Ctrl+Return, Ctrl+Enter", "Write the posting") in rows  # one row
    assert ("Jobs", "Ctrl+Shift+K", "Knock twice") in rows  # generated, not a fixed list
    dialog.reject()
