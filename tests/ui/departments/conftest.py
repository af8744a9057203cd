"""The Departments tab in a real window on real services, online on the local fake LLM
(which answers any structured request with an object built from its schema)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from headhunter_desktop.core.domain.client_profile import ClientProfile, FineTuning
from headhunter_desktop.ui.departments.departments_tab import DepartmentsTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import FakeOpenAIServer
from tests.fakes.generation_responder import schema_responder
from tests.helpers.departments_tab import departments_tab, idle
from tests.helpers.waiting import close_shown_dialogs

ACME_PROFILE = ClientProfile(
    name="Acme Rail",
    description="Acme Rail builds signalling software for regional railways.",
    industry="Rail technology",
    fine_tuning=FineTuning(tone="warm, direct, no hype", words_to_avoid=["rockstar"]),
)


@pytest.fixture
def online(fake_openai_env: FakeOpenAIServer, window: MainWindow) -> MainWindow:
    """The window (built after the key and the fake server's URL were set) with the fake
    LLM answering every schema."""
    fake_openai_env.responder = schema_responder()
    assert window.services.llm_ready()
    return window


@pytest.fixture
def acme(online: MainWindow, qloop) -> Any:
    """Acme Rail, with its profile, chosen as the client the window works for."""
    created = qloop.run_until_complete(online.directory.create("Acme Rail"))
    qloop.run_until_complete(online.services.clients.save_profile(created.id, ACME_PROFILE))
    online.directory.select(created.id)
    return created


@pytest.fixture
def tab(online: MainWindow, acme: Any, qloop) -> Iterator[DepartmentsTab]:
    """The Departments tab, shown, with Acme Rail's (empty) list loaded."""
    shown = departments_tab(online)
    qloop.run_until_complete(idle(shown))
    yield shown
    close_shown_dialogs()  # a failed test's question must not answer the next test's
