"""A base URL with `user:password@` (OPENAI_BASE_URL): a real process, a real local server."""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path

from headhunter_desktop.core.paths import default_log_dir
from tests.fakes import ErrorReply, FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder
from tests.helpers.cli import run_cli
from tests.helpers.cv_files import write_txt_cvs

USER, PASSWORD = "alice-user", "pw-s3cret-9f"


def test_credentials_reach_no_output_log_or_queue_row(
    fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    fake_openai.responder = cv_profile_responder
    fake_openai.queue(ErrorReply(400, "input rejected by policy"))  # the first parse fails
    url = fake_openai.base_url.replace("://", f"://{USER}:{PASSWORD}@", 1)
    env = dict(os.environ, OPENAI_API_KEY="sk-test-fake", OPENAI_BASE_URL=url)
    data = tmp_path / "data"
    files = write_txt_cvs(tmp_path / "drop", 2)

    result = run_cli("cv", "import", *map(str, files), "--json", data_dir=data, env=env)

    doc = json.loads(result.stdout)
    [failed] = doc["failed"]
    assert "rejected the request (400)" in failed["error"] and "127.0.0.1" in failed["error"]
    assert len(doc["imported"]) == 1
    with closing(sqlite3.connect(data / "headhunter.db")) as db:
        errors = [row[0] for row in db.execute("SELECT error FROM import_jobs")]
    log = (default_log_dir() / "app.log").read_text(encoding="utf-8")
    assert "ignored" in log  # the user is told the credentials are not used
    for text in (result.stdout, result.stderr, log, *map(str, errors)):
        assert USER not in text and PASSWORD not in text
    sent = {r.headers.get("authorization") for r in fake_openai.requests}
    assert sent == {"Bearer sk-test-fake"}


def test_selftest_says_the_credentials_are_ignored(tmp_path: Path) -> None:
    url = f"http://{USER}:{PASSWORD}@127.0.0.1:9/v1"
    env = dict(os.environ, OPENAI_BASE_URL=url)
    result = run_cli("selftest", data_dir=tmp_path / "data", env=env)
    settings_line = next(line for line in result.stdout.splitlines() if "settings" in line)
    assert "ignored" in settings_line
    assert USER not in result.stdout + result.stderr
    assert PASSWORD not in result.stdout + result.stderr
