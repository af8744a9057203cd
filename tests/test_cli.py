"""The command-line contract: global options, selftest, one-line errors."""

from __future__ import annotations

import os
from pathlib import Path

from headhunter_desktop import __version__
from tests.helpers.cli import run_cli


def test_version_and_help() -> None:
    assert run_cli("--version").stdout.strip() == f"headhunter-desktop {__version__}"
    help_text = run_cli("--help").stdout
    for command in ("cv", "search", "usage", "selftest", "--data-dir"):
        assert command in help_text


def test_selftest_passes_on_a_fresh_data_dir(tmp_path: Path) -> None:
    data = tmp_path / "fresh"
    result = run_cli("selftest", data_dir=data)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "healthy"
    assert any(line.startswith("ok   main database:") and "schema" in line for line in lines)
    assert any(line.startswith("ok   qt window:") for line in lines)
    assert any(line.startswith("ok   usage database:") for line in lines)
    assert any(line.startswith("ok   token counter:") for line in lines)
    assert any(line.startswith("ok   cv extraction: a worker process") for line in lines)
    assert (data / "headhunter.db").exists()


def test_selftest_fails_with_one_line_per_problem(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_cli("selftest", data_dir=blocker / "data")
    assert result.returncode == 1
    assert any(line.startswith("FAIL data folder:") for line in result.stdout.splitlines())
    assert "Traceback" not in result.stdout + result.stderr


def test_corrupt_database_is_reported_not_overwritten(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    garbage = os.urandom(4096)
    (data / "headhunter.db").write_bytes(garbage)
    result = run_cli("selftest", data_dir=data)
    assert result.returncode == 1
    assert "FAIL main database:" in result.stdout
    assert (data / "headhunter.db").read_bytes() == garbage


def test_usage_errors_exit_non_zero_without_traceback() -> None:
    result = run_cli("nonsense")
    assert result.returncode == 2 and "invalid choice" in result.stderr
    assert "Traceback" not in result.stderr
