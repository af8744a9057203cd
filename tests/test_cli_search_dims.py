"""The command line after the embedding server changed vector size under the same model
name: `cv import` stops with one line saying what to do and stores nothing; `search` falls
back to keywords, says why on stderr, and ends without a traceback."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes import FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder
from tests.helpers.cli import run_cli
from tests.helpers.cv_files import write_txt_cvs


@pytest.fixture
def small_server() -> Iterator[FakeOpenAIServer]:
    server = FakeOpenAIServer(api_key=None, embedding_dims=32).start()
    yield server
    server.stop()


def test_import_and_search_after_a_vector_size_change(
    fake_openai_env: FakeOpenAIServer, small_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    fake_openai_env.responder = cv_profile_responder
    data = tmp_path / "data"
    write_txt_cvs(tmp_path / "a", 2)
    first = run_cli("cv", "import", str(tmp_path / "a"), data_dir=data)
    assert first.returncode == 0, first.stderr
    moved = dict(os.environ, HEADHUNTER_EMBEDDING_BASE_URL=small_server.base_url)
    write_txt_cvs(tmp_path / "b", 1, first_serial=10)
    refused = run_cli("cv", "import", str(tmp_path / "b"), data_dir=data, env=moved)
    assert refused.returncode != 0
    assert "choose a new model name" in refused.stderr and "Traceback" not in refused.stderr
    found = run_cli("search", "engineer", "--json", data_dir=data, env=moved)
    assert found.returncode == 0, found.stderr
    assert "Traceback" not in found.stderr and "Re-index all candidates" in found.stderr
    document = json.loads(found.stdout)
    assert document["keyword_only"] and document["results"]
    assert all(r["similarity"] is None for r in document["results"])
