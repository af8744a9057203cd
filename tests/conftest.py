"""Fixtures shared by the whole suite: isolation from the real user, PostgreSQL, the fake server.

Plain helper functions live in tests/helpers/; fixtures live in the conftest.py files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from tests.fakes import FakeOpenAIServer
from tests.fakes.website_server import Route, Serve, WebsiteServer
from tests.helpers import database_templates as templates_module
from tests.helpers.database_templates import DatabaseTemplates
from tests.postgres import temporary_postgres_database


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """One worker more than cores (`-n auto`): a GUI or CLI test spends much of its time
    waiting (on the fake server, a child process, the event loop's timers), and on a
    2-core machine a third worker took a fifth off the wall time of the GUI tests."""
    return (os.cpu_count() or 1) + 1


@pytest.fixture(scope="session")
def database_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseTemplates]:
    """This worker's migrated templates (tests/helpers/database_templates.py), in use
    for the whole session."""
    templates = DatabaseTemplates(tmp_path_factory.mktemp("database-templates"))
    with pytest.MonkeyPatch.context() as monkeypatch:
        templates.install(monkeypatch.setattr)
        yield templates


@pytest.fixture(autouse=True)
def migrated_databases(
    request: pytest.FixtureRequest, database_templates: DatabaseTemplates
) -> Iterator[None]:
    """New SQLite databases are copies of migrated templates, except in a test marked
    `fresh_databases` (one about creating or migrating them)."""
    enabled = request.node.get_closest_marker("fresh_databases") is None
    database_templates.enabled = enabled
    templates_module.active_folder = database_templates.folder if enabled else None
    yield
    database_templates.enabled = True
    templates_module.active_folder = None


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every user directory, the keyring and the OpenAI variables away from the real user.

    A test never reads or writes the developer's settings, data, logs or keychain.
    """
    home = tmp_path / "home"
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        (home / sub).mkdir(parents=True)
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("HEADHUNTER_CONFIG_DIR", str(home / "config" / "headhunter-desktop"))
    monkeypatch.setenv("HEADHUNTER_DATA_DIR", str(tmp_path / "data"))
    # An explicitly chosen file keyring under the temporary XDG_DATA_HOME.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "HEADHUNTER_ANALYTICS_URL",
        "HEADHUNTER_DATABASE_URL",
        "HEADHUNTER_EMBEDDING_API_KEY",
        "HEADHUNTER_EMBEDDING_BASE_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    import keyring.core

    keyring.core._keyring_backend = None  # forget a backend chosen by an earlier test
    return home


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAIServer]:
    """A started :class:`FakeOpenAIServer` (key ``sk-test-fake``), stopped after the test."""
    server = FakeOpenAIServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fake_openai_env(
    fake_openai: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> FakeOpenAIServer:
    """The fake server, named by OPENAI_API_KEY and OPENAI_BASE_URL for the app to use."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-fake")
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    return fake_openai


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database per test (see tests/postgres.py for skip rules)."""
    with temporary_postgres_database() as url:
        yield url


@pytest.fixture
def serve() -> Iterator[Serve]:
    """`serve(pages, delay=0.0)`: a started local website (tests/fakes/website_server.py),
    stopped after the test."""
    servers: list[WebsiteServer] = []

    def start(pages: Mapping[str, Route], *, delay: float = 0.0) -> WebsiteServer:
        servers.append(WebsiteServer(pages, delay=delay).start())
        return servers[-1]

    yield start
    for server in servers:
        server.stop()
