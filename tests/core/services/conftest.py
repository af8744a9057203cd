"""The CV import pipeline on real parts, for the service tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from headhunter_desktop.core.storage.database import MainDatabase
from tests.fakes import FakeOpenAIServer
from tests.helpers.import_pipeline import ImportEnv, make_env


@pytest.fixture
def import_env(fake_openai: FakeOpenAIServer, tmp_path: Path) -> Iterator[ImportEnv]:
    """An import pipeline on an SQLite file in tmp_path, parsing with the fake server."""
    env = make_env(fake_openai, tmp_path / "data")
    yield env
    env.db.close()


@pytest.fixture
def searchable_import_env(fake_openai: FakeOpenAIServer, tmp_path: Path) -> Iterator[ImportEnv]:
    """`import_env` whose finished files are indexed in `env.search`, as the app's are."""
    env = make_env(fake_openai, tmp_path / "data", with_search=True)
    yield env
    env.db.close()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[MainDatabase]:
    """A main database in an SQLite file in tmp_path (the generation tests' own)."""
    database = MainDatabase.for_file(tmp_path / "data" / "headhunter.db")
    yield database
    database.close()
