"""The CV import pipeline on real parts, for the service tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes import FakeOpenAIServer
from tests.helpers.import_pipeline import ImportEnv, make_env


@pytest.fixture
def import_env(fake_openai: FakeOpenAIServer, tmp_path: Path) -> Iterator[ImportEnv]:
    """An import pipeline on an SQLite file in tmp_path, parsing with the fake server."""
    env = make_env(fake_openai, tmp_path / "data")
    yield env
    env.db.close()
