"""Code hygiene that CI enforces through the test suite: ruff, ruff format, mypy against a
baseline that may only shrink, and the size of files and functions."""

from __future__ import annotations

import ast
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "headhunter_desktop"
MYPY_BASELINE = ROOT / "tests" / "mypy_baseline.txt"
MAX_FILE_LINES = 400
# Generated migration scripts are data, not code anyone reads as functions.
NOT_MEASURED = ("migrations/versions",)


def _tool(name: str) -> str:
    path = Path(sys.executable).parent / name
    if path.exists():
        return str(path)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_check_is_clean() -> None:
    result = _run(_tool("ruff"), "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = _run(_tool("ruff"), "format", "--check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def mypy_errors(output: str) -> set[str]:
    """'path: [code] message' per error, without line numbers (they move with every edit)."""
    errors = set()
    for line in output.splitlines():
        match = re.match(r"^(?P<path>[^:]+):\d+: error: (?P<message>.*)$", line)
        if match:
            errors.add(f"{match['path']}: {match['message']}")
    return errors


def test_mypy_finds_nothing_beyond_the_baseline() -> None:
    result = _run(sys.executable, "-m", "mypy", "--no-error-summary")
    if result.returncode not in (0, 1):
        pytest.fail(f"mypy could not run:\n{result.stdout}{result.stderr}")
    found = mypy_errors(result.stdout)
    baseline = set(MYPY_BASELINE.read_text(encoding="utf-8").splitlines()) - {""}
    new, fixed = sorted(found - baseline), sorted(baseline - found)
    assert not new, "new type errors:\n" + "\n".join(new)
    assert not fixed, f"fixed, remove from {MYPY_BASELINE.name} (it only shrinks):\n" + "\n".join(
        fixed
    )


def test_mypy_error_lines_are_parsed_without_line_numbers() -> None:
    output = "a/b.py:12: error: Bad thing  [misc]\na/b.py:13: note: see here\n"
    assert mypy_errors(output) == {"a/b.py: Bad thing  [misc]"}


def _measured_files() -> list[Path]:
    return [
        p for p in sorted(PACKAGE.rglob("*.py")) if not any(n in p.as_posix() for n in NOT_MEASURED)
    ]


def test_no_file_is_over_400_lines() -> None:
    long = [
        f"{p.relative_to(ROOT)}: {n} lines"
        for p in _measured_files()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES
    ]
    assert long == []


def function_lengths(source: str) -> list[int]:
    """Lines of each function's body, its docstring left out."""
    lengths = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            first = body[0]
            if (
                len(body) > 1
                and isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
            ):
                body = body[1:]
            lengths.append((node.end_lineno or node.lineno) - body[0].lineno + 1)
    return lengths


def test_functions_stay_short() -> None:
    lengths = sorted(
        n for p in _measured_files() for n in function_lengths(p.read_text(encoding="utf-8"))
    )
    assert statistics.median(lengths) <= 8
    assert lengths[int(len(lengths) * 0.9)] <= 25


def test_function_length_ignores_the_docstring() -> None:
    source = 'def f():\n    """Doc."""\n    a = 1\n    return a\n'
    assert function_lengths(source) == [2]
