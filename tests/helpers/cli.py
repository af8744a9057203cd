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
    data = ["--data-dir", str(data_dir)] if data_dir is not None else []
    return subprocess.run(
        [sys.executable, "-m", "headhunter_desktop", *data, *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=env if env is not None else dict(os.environ),
    )
