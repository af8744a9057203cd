""" "Working for" is remembered between starts, so later imports go on being billed to the
client chosen before (not silently to no one); the first client added becomes the choice."""

from __future__ import annotations

from headhunter_desktop.ui.shell.main_window import MainWindow
from headhunter_desktop.ui.shell.task_registry import TaskRegistry
from tests.helpers.waiting import wait_for


def remembered(window: MainWindow, qloop) -> None:
    qloop.run_until_complete(wait_for(lambda: not window.tasks.running("working_for.remember")))


def client_at_next_start(window: MainWindow, qloop) -> str | None:
    """The client a second window on the same data folder starts with, as at the next start."""
    second = MainWindow(window.services, TaskRegistry())
    second.show()
    try:
        qloop.run_until_complete(second.load())
        current = second.directory.current
        if current is not None:
            assert second.client_selector.currentText().startswith(current.name)
        return current.name if current else None
    finally:  # not close(): that shuts the shared services down
        second.hide()
        second.deleteLater()


def test_the_first_client_added_becomes_the_choice_and_is_remembered(
    window: MainWindow, qloop
) -> None:
    directory = window.directory
    assert directory.current is None
    acme = qloop.run_until_complete(directory.create("Acme Ltd"))
    assert directory.current is not None and directory.current.id == acme.id
    beta = qloop.run_until_complete(directory.create("Beta GmbH"))
    assert directory.current.id == acme.id  # a second client does not take over
    directory.select(beta.id)
    remembered(window, qloop)
    assert client_at_next_start(window, qloop) == "Beta GmbH"


def test_a_deleted_or_damaged_memory_means_the_agencys_pool(window: MainWindow, qloop) -> None:
    acme = qloop.run_until_complete(window.directory.create("Acme Ltd"))
    remembered(window, qloop)
    qloop.run_until_complete(window.directory.delete(acme.id))
    assert client_at_next_start(window, qloop) is None

    qloop.run_until_complete(window.directory.create("Beta GmbH"))  # the first again: chosen
    remembered(window, qloop)
    assert client_at_next_start(window, qloop) == "Beta GmbH"
    memory = window.services.config.paths.data_dir / "working-for.json"
    memory.write_text("{not json", encoding="utf-8")
    assert client_at_next_start(window, qloop) is None
