"""The Jobs tab on a real window whose LLM is the local fake server."""

from __future__ import annotations

import pytest

from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.jobs.jobs_tab import JobsTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import FakeOpenAIServer
from tests.fakes.generation_responder import schema_responder
from tests.helpers.jobs_tab import add_client, jobs_tab, tab_settled


@pytest.fixture
def online(fake_openai_env: FakeOpenAIServer, window: MainWindow) -> MainWindow:
    """The window (built once the key and the fake server's URL were set), its LLM the
    fake server answering every schema with a plausible object."""
    fake_openai_env.responder = schema_responder()
    assert window.services.llm_ready()
    return window


@pytest.fixture
def acme(online: MainWindow, qloop) -> ClientSummary:
    """Acme Robotics (with a profile) as the window's client."""
    client = qloop.run_until_complete(add_client(online))
    qloop.run_until_complete(tab_settled(online))
    return client


@pytest.fixture
def tab(online: MainWindow, acme: ClientSummary, qloop) -> JobsTab:
    """The Jobs tab, shown, for Acme."""
    shown = jobs_tab(online)
    qloop.run_until_complete(tab_settled(online))
    return shown
