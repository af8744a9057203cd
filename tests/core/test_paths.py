"""The data directory: created on demand, and a clear error when it cannot be used."""

from __future__ import annotations

from pathlib import Path

import pytest

from headhunter_desktop.core.errors import DataDirError
from headhunter_desktop.core.paths import AppPaths


def test_ensure_creates_missing_folders(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "a" / "b").ensure()
    assert paths.data_dir.is_dir()
    assert paths.main_db.parent == paths.analytics_db.parent == paths.data_dir


def test_unusable_data_dir_is_a_specific_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("I am a file, not a folder")
    with pytest.raises(DataDirError, match="cannot be used") as caught:
        AppPaths(blocker / "data").ensure()
    assert "--data-dir" in str(caught.value)
    assert blocker.read_text() == "I am a file, not a folder"
