"""Whether a process id is still running: what tells a dead lease owner on this machine."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from headhunter_desktop.core.processes import pid_alive


def test_a_running_process_is_alive_and_a_finished_one_is_not() -> None:
    assert pid_alive(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert pid_alive(child.pid)
    finally:
        child.kill()
        child.wait()
    assert not pid_alive(child.pid)
    assert not pid_alive(0) and not pid_alive(-1)


@pytest.mark.skipif(sys.platform != "linux", reason="zombies are read from /proc")
def test_a_killed_process_not_yet_reaped_counts_as_gone() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    os.kill(child.pid, signal.SIGKILL)
    try:
        os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # dead, still a zombie
        assert not pid_alive(child.pid)
    finally:
        child.wait()
