"""`cv import` and `search` end to end: a real process against the local test server."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.fakes import FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder
from tests.helpers.cli import run_cli
from tests.helpers.cv_files import write_txt_cvs
from tests.helpers.network import unreachable_openai_url


@pytest.fixture
def llm_env(fake_openai: FakeOpenAIServer) -> dict[str, str]:
    fake_openai.responder = cv_profile_responder
    return dict(os.environ, OPENAI_API_KEY="sk-test-fake", OPENAI_BASE_URL=fake_openai.base_url)


def test_import_json_contract_then_search(llm_env: dict[str, str], tmp_path: Path) -> None:
    data = tmp_path / "data"
    drop = tmp_path / "drop"
    files = write_txt_cvs(drop, 4)
    (drop / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (drop / "again.txt").write_bytes(files[0].read_bytes())
    (drop / "empty.txt").write_text("")

    result = run_cli("cv", "import", str(drop), "--json", data_dir=data, env=llm_env)
    assert result.returncode == 1, result.stderr  # some files failed
    doc = json.loads(result.stdout)
    assert set(doc) == {"imported", "resumed", "duplicates", "failed"}  # add keys, never remove
    assert doc["resumed"] == []
    assert len(doc["imported"]) == 4
    first = doc["imported"][0]
    assert set(first) == {"candidate_id", "file", "profile"}
    assert first["profile"]["basics"]["email"].endswith("@example.org")
    assert [Path(d["file"]).name for d in doc["duplicates"]] in (["again.txt"], ["cv_1.txt"])
    failed = {Path(f["file"]).name: f["error"] for f in doc["failed"]}
    assert set(failed) == {"photo.png", "empty.txt"}
    assert failed["photo.png"] == "the picture is damaged and cannot be read"  # a bad scan
    assert "empty" in failed["empty.txt"].lower()
    assert "done" in result.stderr  # progress goes to stderr, not into the JSON

    skill = first["profile"]["skills"][0]["name"] if first["profile"]["skills"] else None
    query = skill or first["profile"]["basics"]["label"]
    found = run_cli("search", query, "--limit", "3", "--json", data_dir=data, env=llm_env)
    assert found.returncode == 0, found.stderr
    results = json.loads(found.stdout)["results"]
    assert 1 <= len(results) <= 3
    assert results[0]["matched_terms"] or results[0]["similarity"] is not None

    again = run_cli("cv", "import", str(drop), "--json", data_dir=data, env=llm_env)
    assert len(json.loads(again.stdout)["duplicates"]) == 5  # nothing is imported twice


def test_no_api_key_is_a_one_line_error(tmp_path: Path) -> None:
    [cv] = write_txt_cvs(tmp_path / "cvs", 1)
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    result = run_cli("cv", "import", str(cv), "--json", data_dir=tmp_path / "data", env=env)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().startswith("error: No OpenAI API key")
    assert len(result.stderr.strip().splitlines()) == 1


def test_server_unreachable_is_a_non_zero_exit(tmp_path: Path) -> None:
    [cv] = write_txt_cvs(tmp_path / "cvs", 1)
    env = dict(os.environ, OPENAI_API_KEY="sk-x", OPENAI_BASE_URL=unreachable_openai_url())
    result = run_cli("cv", "import", str(cv), data_dir=tmp_path / "data", env=env)
    assert result.returncode == 2
    assert "connection refused" in result.stderr and "Traceback" not in result.stderr


def test_unknown_client_is_refused(llm_env: dict[str, str], tmp_path: Path) -> None:
    [cv] = write_txt_cvs(tmp_path / "cvs", 1)
    args = ("cv", "import", str(cv), "--client", "Nobody")
    result = run_cli(*args, data_dir=tmp_path / "data", env=llm_env)
    assert result.returncode == 2 and "no client company named 'Nobody'" in result.stderr


def test_import_sends_as_many_requests_at_once_as_the_settings_allow(
    llm_env: dict[str, str], fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    # No one waits on a search in `cv import`: it keeps no request slot free for one.
    fake_openai.latency = 0.3  # long enough for the requests of one round to overlap
    drop = tmp_path / "drop"
    write_txt_cvs(drop, 8)

    result = run_cli("cv", "import", str(drop), data_dir=tmp_path / "data", env=llm_env)

    assert result.returncode == 0, result.stderr
    assert fake_openai.most_at_once == 4  # the default parallel requests
    assert len(fake_openai.chat_requests()) == 8
