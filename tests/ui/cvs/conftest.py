"""Fixtures of the CVs tab's tests."""

from __future__ import annotations

import dataclasses

import pytest

from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder


@pytest.fixture
def online(
    window: MainWindow, fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> MainWindow:
    """The window, its LLM the local test server answering CV parses with profiles."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-fake")
    fake_openai.responder = cv_profile_responder
    services = window.services
    services.config = dataclasses.replace(services.config, base_url=fake_openai.base_url)
    return window
