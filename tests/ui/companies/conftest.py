"""The Companies tab in a real window on real services, online on the local fake LLM, and
the local test website it reads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from headhunter_desktop.ui.companies.companies_tab import CompaniesTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import FakeOpenAIServer
from tests.fakes.website_pages import acme_site
from tests.fakes.website_server import Serve, WebsiteServer
from tests.helpers.companies_tab import companies_tab, idle
from tests.helpers.waiting import close_shown_dialogs


@pytest.fixture
def online(fake_openai_env: FakeOpenAIServer, window: MainWindow) -> MainWindow:
    """The window, built after the key and the fake server's URL were set."""
    assert window.services.llm_ready()
    return window


@pytest.fixture
def acme(online: MainWindow, qloop) -> Any:
    """Acme Ltd, a client with an empty profile."""
    return qloop.run_until_complete(online.directory.create("Acme Ltd"))


@pytest.fixture
def tab(online: MainWindow, acme: Any, qloop) -> Iterator[CompaniesTab]:
    """The Companies tab, shown, with Acme's profile open beside the list."""
    shown = companies_tab(online)
    shown.panel.table.selectRow(0)
    qloop.run_until_complete(idle(shown))
    assert shown.editor.client is not None and shown.editor.is_loaded()
    yield shown
    close_shown_dialogs()  # a failed test's question must not answer the next test's


@pytest.fixture
def site(serve: Serve) -> WebsiteServer:
    """Acme Robotics' website: JSON-LD home, about, careers, team, contact, robots.txt."""
    return serve(acme_site())
