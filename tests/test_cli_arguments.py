"""Out-of-range arguments are one clear line on stderr and exit 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.cli import run_cli


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("search", "python", "--limit", "99999999999999999999999"), "--limit must be"),
        (("usage", "--to", "9999-12-31"), "--to must be a date from"),
        (("usage", "--from", "0001-01-01"), "--from must be a date from"),
    ],
)
def test_out_of_range_arguments_are_one_line_errors(
    args: tuple[str, ...], expected: str, tmp_path: Path
) -> None:
    result = run_cli(*args, data_dir=tmp_path / "data")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {expected}")
