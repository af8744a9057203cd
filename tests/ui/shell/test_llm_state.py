"""Whether an LLM is set up, at start-up: a key in the keyring is looked up in a worker thread
once the window is usable, not before it and not on the GUI thread."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLabel

from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.ui.shell.llm_state import NOT_SET_UP
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.main_window import opened_window
from tests.helpers.waiting import wait_for

SET_UP_HINT = "connect an LLM in Settings"


@pytest.fixture
def usable_window(qtbot, qloop, services: AppServices) -> Iterator[MainWindow]:
    """As start-up leaves the window once usable: before `finish_start` looks the key up."""
    with opened_window(qloop, services, MainWindow.show_data) as window:
        yield window


def looked_up_on(services: AppServices, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the threads that read the key (the keyring is asked there)."""
    threads: list[str] = []
    read_key = services.keys.get

    def recording_get() -> str | None:
        threads.append(threading.current_thread().name)
        return read_key()

    monkeypatch.setattr(services.keys, "get", recording_get)
    return threads


def test_a_key_in_the_keyring_is_read_in_a_worker_once_the_window_is_usable(
    qtbot, qloop, services: AppServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    services.keys.save("sk-test-in-the-keyring")  # the tests' keyring: a file of their own
    threads = looked_up_on(services, monkeypatch)

    with opened_window(qloop, services, MainWindow.show_data) as window:
        assert threads == []  # usable without asking the keyring
        assert window.llm_state.known is False
        assert window.llm_status.text().startswith("LLM: ")
        assert window.llm_status.text() != NOT_SET_UP

        qloop.run_until_complete(window.llm_state.look_up())

        assert len(threads) == 1 and threads[0] != threading.main_thread().name
        assert window.llm_state.known and window.llm_state.ready
        assert window.cvs_tab.llm_ready and window.llm_status.text() != NOT_SET_UP


def test_without_a_key_the_set_up_hint_comes_with_the_look_up(
    usable_window: MainWindow, qloop
) -> None:
    cvs = usable_window.cvs_tab
    # Until the keyring has answered, the window does not claim that nothing is set up.
    assert cvs.llm_ready and SET_UP_HINT not in cvs.empty_state.text()

    qloop.run_until_complete(usable_window.llm_state.look_up())

    assert usable_window.llm_status.text() == NOT_SET_UP
    assert not cvs.llm_ready and SET_UP_HINT in cvs.empty_state.text()


def test_a_key_from_the_environment_is_known_at_once(
    qtbot, qloop, services: AppServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-from-the-environment")

    with opened_window(qloop, services, MainWindow.show_data) as window:
        assert window.llm_state.known and window.llm_state.ready

        def keyring_asked() -> bool:
            raise AssertionError("the keyring was asked")

        monkeypatch.setattr(services, "llm_ready", keyring_asked)
        qloop.run_until_complete(window.llm_state.look_up())  # nothing left to look up
        assert window.cvs_tab.llm_ready


def test_a_late_tab_gets_the_state_the_look_up_found(usable_window: MainWindow, qloop) -> None:
    qloop.run_until_complete(usable_window.llm_state.look_up())

    companies = usable_window.companies_tab  # built now, after the look-up

    assert companies.llm_ready is False


def test_a_slow_keyring_holds_up_nothing_else_of_the_start(
    usable_window: MainWindow, qloop, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A locked keyring waits for its password: the other tabs and the warm-up go on.
    unlocked = threading.Event()

    def waiting_for_the_password() -> bool:
        unlocked.wait(30)
        return True

    monkeypatch.setattr(usable_window.services, "llm_ready", waiting_for_the_password)
    monkeypatch.setattr(usable_window, "warm_up", asyncio_noop)

    qloop.run_until_complete(usable_window.finish_start())

    assert "Opening…" not in page_texts(usable_window)  # every tab built meanwhile
    assert usable_window.tasks.running("start.key") and not usable_window.llm_state.known
    unlocked.set()
    qloop.run_until_complete(wait_for(lambda: usable_window.llm_state.known))
    assert usable_window.llm_state.ready


async def asyncio_noop() -> None:
    """The LLM warm-up, left out: this test is about the tabs."""


def page_texts(window: MainWindow) -> list[str]:
    pages = [window.tab_widget.widget(i) for i in range(window.tab_widget.count())]
    return [page.text() for page in pages if isinstance(page, QLabel)]


def test_settings_saved_during_the_look_up_keep_their_answer(
    usable_window: MainWindow, qloop, monkeypatch: pytest.MonkeyPatch
) -> None:
    answered = threading.Event()
    services = usable_window.services
    monkeypatch.setattr(services, "llm_ready", lambda: answered.wait(30) and False)
    look_up = asyncio.ensure_future(usable_window.llm_state.look_up(), loop=qloop)
    qloop.run_until_complete(asyncio.sleep(0.05))  # the keyring is being asked

    # Meanwhile the recruiter saves a key in Settings (the window then asks again).
    monkeypatch.setattr(services, "llm_ready", lambda: True)
    usable_window.llm_state.refresh()
    answered.set()  # the keyring's older answer arrives after
    qloop.run_until_complete(look_up)

    assert usable_window.llm_state.ready and usable_window.cvs_tab.llm_ready
