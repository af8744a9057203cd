"""The command line in a pipeline: output cut short by the reader (`… --json | head -c 10`)
ends quietly, and library warnings go to app.log, not onto the terminal."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakes import FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder
from tests.helpers.cli import run_cli
from tests.helpers.cv_files import write_pdf_cvs

SIGPIPE_EXIT = 141  # what a shell reports for a writer whose reader went away


@pytest.mark.parametrize(
    "args", [("cv", "list", "--json"), ("usage", "--format", "json"), ("usage", "--format", "csv")]
)
def test_a_reader_that_goes_away_ends_the_output_quietly(tmp_path: Path, args: tuple) -> None:
    command = [sys.executable, "-m", "headhunter_desktop", "--data-dir", str(tmp_path), *args]
    reader, writer = os.pipe()
    child = subprocess.Popen(command, stdout=writer, stderr=subprocess.PIPE, text=True)
    os.close(writer)
    os.close(reader)  # `head` read its bytes and left before the first write: every write fails
    _, stderr = child.communicate(timeout=180)
    assert child.returncode in (0, SIGPIPE_EXIT), stderr
    assert stderr == ""  # no BrokenPipeError traceback, no "Exception ignored" at exit


def test_piped_into_head_prints_only_the_first_bytes(tmp_path: Path) -> None:
    cli = f"{sys.executable} -m headhunter_desktop --data-dir {tmp_path}"
    result = subprocess.run(
        ["bash", "-c", f"{cli} usage --format json | head -c 10"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0 and len(result.stdout) == 10
    assert result.stderr == ""


def _broken_pdf(folder: Path) -> Path:
    """A CV whose cross-reference offset is wrong: pypdf warns while it repairs it."""
    [pdf] = write_pdf_cvs(folder, 1)
    fixed = re.sub(
        rb"startxref\s+(\d+)", lambda m: b"startxref\n%d" % (int(m[1]) + 7), pdf.read_bytes()
    )
    pdf.write_bytes(fixed)
    return pdf


def test_cv_import_prints_no_library_warnings(
    fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    fake_openai.responder = cv_profile_responder
    env = dict(
        os.environ,
        OPENAI_API_KEY="sk-test-fake",
        OPENAI_BASE_URL=fake_openai.base_url,
        XDG_STATE_HOME=str(tmp_path / "state"),  # app.log goes under it
    )
    pdf = _broken_pdf(tmp_path / "cvs")
    result = run_cli("cv", "import", str(pdf), data_dir=tmp_path / "data", env=env, fresh=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1 imported")
    progress = result.stderr.strip().splitlines()
    assert progress and all(line.startswith(f"{pdf.name}: ") for line in progress), progress
    [log] = (tmp_path / "state").rglob("app.log")
    assert "startxref" in log.read_text()  # logged, not printed
