"""A main database damaged inside a page: selftest fails, `cv import` pays for nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.fakes import FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder
from tests.helpers.cli import run_cli
from tests.helpers.cv_files import write_txt_cvs
from tests.helpers.sqlite_damage import damage_table_page, main_db_with_candidates


@pytest.fixture
def damaged_data(tmp_path: Path) -> Path:
    """A data folder whose candidates table has a page full of garbage."""
    data = tmp_path / "data"
    main_db_with_candidates(data / "headhunter.db")
    damage_table_page(data / "headhunter.db", "candidates")
    return data


def test_selftest_fails_naming_the_damage(damaged_data: Path) -> None:
    result = run_cli("selftest", data_dir=damaged_data)
    assert result.returncode != 0
    [line] = [line for line in result.stdout.splitlines() if "main database" in line]
    assert line.startswith("FAIL main database") and "is damaged" in line
    assert str(damaged_data / "headhunter.db") in line
    assert "healthy" not in result.stdout.splitlines()[-1]


def test_cv_import_refuses_before_any_request(
    damaged_data: Path, fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    fake_openai.responder = cv_profile_responder
    env = dict(os.environ, OPENAI_API_KEY="sk-test-fake", OPENAI_BASE_URL=fake_openai.base_url)
    files = write_txt_cvs(tmp_path / "drop", 2)
    result = run_cli("cv", "import", *map(str, files), data_dir=damaged_data, env=env)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "is damaged" in errors[0]
    assert "Traceback" not in result.stderr
    assert fake_openai.requests == []
