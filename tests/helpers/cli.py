"""The command-line app run as a real child process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(
    *args: str, data_dir: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m headhunter_desktop [--data-dir DATA] ARGS`, output captured as text."""
    return subprocess.run(
        _command(args, data_dir),
        capture_output=True,
        text=True,
        timeout=180,
        env=env if env is not None else dict(os.environ),
    )


def start_cli(
    *args: str, data_dir: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """`run_cli` without waiting: to run two at once, or to interrupt or kill one."""
    return subprocess.Popen(
        _command(args, data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env if env is not None else dict(os.environ),
    )


def _command(args: tuple[str, ...], data_dir: Path | None) -> list[str]:
    data = ["--data-dir", str(data_dir)] if data_dir is not None else []
    return [sys.executable, "-m", "headhunter_desktop", *data, *args]
