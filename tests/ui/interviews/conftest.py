"""The Interviews tab on a real window whose LLM is the local fake server: Acme (with a
profile) chosen, two of its jobs and two candidates in the pool."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.interviews.interviews_tab import InterviewsTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import FakeOpenAIServer
from tests.helpers.interviews_tab import Agency, add_agency, interviews_tab, tab_settled
from tests.helpers.jobs_tab import add_client


@pytest.fixture
def online(fake_openai_env: FakeOpenAIServer, window: MainWindow) -> Iterator[MainWindow]:
    """The window, built once the key and the fake server's URL were set."""
    assert window.services.llm_ready()
    yield window
    fake_openai_env.on_chunk = None


@pytest.fixture
def acme(online: MainWindow, qloop) -> ClientSummary:
    """Acme Robotics (with a profile) as the window's client."""
    return qloop.run_until_complete(add_client(online))


@pytest.fixture
def agency(online: MainWindow, acme: ClientSummary, qloop) -> Agency:
    """Acme's two jobs and the pool's two candidates."""
    return qloop.run_until_complete(add_agency(online, acme.id))


@pytest.fixture
def tab(online: MainWindow, agency: Agency, qloop) -> InterviewsTab:
    """The Interviews tab, shown, for Acme, its lists loaded."""
    shown = interviews_tab(online)
    qloop.run_until_complete(shown.refresh())
    qloop.run_until_complete(tab_settled(online))
    return shown
