"""`cv import` stopped midway (kill, Ctrl-C) and run again; two at once on one folder."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from tests.fakes import FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder
from tests.helpers.cli import run_cli, start_cli
from tests.helpers.cv_files import write_txt_cvs
from tests.helpers.import_child import emails_asked, parsed_so_far
from tests.helpers.waiting import block_until

REPORT_KEYS = {"imported", "resumed", "duplicates", "failed"}


@pytest.fixture
def llm_env(fake_openai: FakeOpenAIServer, tmp_path: Path) -> dict[str, str]:
    """The CLI on the fake server, two request slots: one for batch work, one kept free."""
    fake_openai.responder = cv_profile_responder
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.json").write_text(json.dumps({"parallel_requests": 2}))
    return dict(
        os.environ,
        OPENAI_API_KEY="sk-test-fake",
        OPENAI_BASE_URL=fake_openai.base_url,
        HEADHUNTER_CONFIG_DIR=str(config),
    )


def _stopped(child: subprocess.Popen[str], timeout: float) -> str:
    """The stopped child's stderr; if it has not ended in `timeout` s, fail with where each
    of its threads was (faulthandler's dump on SIGABRT) rather than a bare timeout."""
    try:
        return child.communicate(timeout=timeout)[1]
    except subprocess.TimeoutExpired:
        # Whether the signal could reach Python at all (SIGINT is bit 0x2 of each mask).
        status = Path(f"/proc/{child.pid}/status").read_text().splitlines()
        masks = " ".join(line for line in status if line.startswith(("SigBlk", "SigIgn", "SigCgt")))
        child.send_signal(signal.SIGABRT)
        stderr = child.communicate(timeout=30)[1]
        pytest.fail(f"running {timeout:.0f} s after the signal ({masks}):\n{stderr[-6000:]}")


def _files_in(doc: dict[str, list[dict[str, object]]], key: str) -> set[str]:
    return {Path(str(item["file"])).name for item in doc[key]}


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["sigkill", "sigint"])
def test_import_stopped_midway_resumes_when_run_again(
    stop: signal.Signals, llm_env: dict[str, str], fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    drop, data = tmp_path / "drop", tmp_path / "data"
    cvs = {p.name for p in write_txt_cvs(drop, 8)}
    (drop / "empty.txt").write_text("")  # fails each time: the exit code must say so
    # Parses are answered, the first embedding request hangs: it holds the one batch slot,
    # so once it arrives no parse is in flight and every answered parse is committed.
    fake_openai.embedding_latency = 120
    # A child that does not stop can be asked for its threads' stacks (see _stopped).
    env = {**llm_env, "PYTHONFAULTHANDLER": "1"}
    child = start_cli("cv", "import", str(drop), "--json", data_dir=data, env=env)

    def parses_settled() -> bool:
        if child.poll() is not None:
            return True
        parsed = parsed_so_far(data / "headhunter.db")
        return bool(fake_openai.embedding_requests()) and parsed == len(fake_openai.chat_requests())

    block_until(parses_settled, 120)
    assert child.poll() is None, child.communicate()[1]
    parsed_before = set(emails_asked(fake_openai))
    assert 1 <= len(parsed_before) < len(cvs)
    child.send_signal(stop)
    stderr = _stopped(child, 60)
    assert child.returncode == (-signal.SIGKILL if stop == signal.SIGKILL else 130), stderr

    fake_openai.embedding_latency = 0
    again = run_cli("cv", "import", str(drop), "--json", data_dir=data, env=llm_env)

    assert again.returncode == 1, again.stderr  # empty.txt failed
    doc = json.loads(again.stdout)
    assert set(doc) >= REPORT_KEYS
    assert _files_in(doc, "failed") == {"empty.txt"}
    # Nothing had finished: every CV carries on in the job of the first run.
    assert _files_in(doc, "resumed") == cvs
    assert doc["imported"] == [] and doc["duplicates"] == []
    assert len({item["candidate_id"] for item in doc["resumed"]}) == len(cvs)
    assert all(item["profile"]["basics"]["email"] for item in doc["resumed"])
    asked = emails_asked(fake_openai)
    assert len(asked) == len(cvs) and set(asked.values()) == {1}  # no CV parsed twice

    third = run_cli("cv", "import", str(drop), data_dir=data, env=llm_env)
    assert third.stdout.startswith(f"0 imported, 0 resumed, {len(cvs)} duplicate(s), 1 failed")


def test_two_imports_of_one_folder_at_once_parse_each_cv_once(
    llm_env: dict[str, str], fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    drop, data = tmp_path / "drop", tmp_path / "data"
    cvs = {p.name for p in write_txt_cvs(drop, 20)}
    fake_openai.latency = 0.05
    runs = [start_cli("cv", "import", str(drop), "--json", data_dir=data, env=llm_env)]
    # The second starts once the first has claimed work (as a window opened meanwhile would).
    block_until(lambda: fake_openai.chat_requests() or runs[0].poll() is not None, 120)
    runs.append(start_cli("cv", "import", str(drop), "--json", data_dir=data, env=llm_env))
    outputs = [run.communicate(timeout=180) for run in runs]

    for run, (stdout, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stderr
        doc = json.loads(stdout)
        accounted = Counter(
            name for key in ("imported", "resumed", "duplicates") for name in _files_in(doc, key)
        )
        assert set(accounted) == cvs and doc["failed"] == []
    assert len(fake_openai.chat_requests()) == len(cvs)
    assert set(emails_asked(fake_openai).values()) == {1}
