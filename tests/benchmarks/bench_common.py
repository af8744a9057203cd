"""What the GUI benchmarks share: the GUI-thread heartbeat, the test server in a child
process, and how targets and the machine's load are printed.

Standard library at the top only: a benchmark's extraction workers are spawned processes
that run the main script again, and importing this module must not load Qt there.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEARTBEAT_MS = 5


class Heartbeat:
    """A fast timer on the GUI thread; the gaps between its ticks are the thread's stalls.

    Each gap is kept with the GUI thread's own CPU time within it and, on Linux, the time
    it spent runnable but waiting for a core (the scheduler's run-queue wait): a long gap
    made of run-queue wait is the machine's (other processes held both cores); one with
    neither CPU nor run-queue wait is the thread asleep, waiting for the GIL or a lock.
    """

    def __init__(self, interval_ms: int = HEARTBEAT_MS) -> None:
        from PySide6.QtCore import Qt, QTimer

        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self._last_cpu = 0.0
        self.origin = 0.0
        self.gaps: list[tuple[float, float]] = []  # (seconds since start, gap in seconds)
        self.cpu_gaps: list[float] = []  # the GUI thread's CPU seconds within each gap
        self.wait_gaps: list[float] = []  # its run-queue wait within each gap (0 if unknown)
        self._run_queue = RunQueueClock()
        self._last_wait = 0.0

    def last_tick(self) -> float:
        return self._last

    def start(self) -> None:
        self.origin = self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._run_queue.open()  # here, on the GUI thread it measures
        self._last_wait = self._run_queue.seconds()
        self.gaps.clear()
        self.cpu_gaps.clear()
        self.wait_gaps.clear()
        self._timer.start()

    def stop(self) -> None:
        if self._timer.isActive():
            self._tick()  # the gap up to now counts too
            self._timer.stop()
            self._run_queue.close()

    def _tick(self) -> None:
        now, cpu, wait = time.perf_counter(), time.thread_time(), self._run_queue.seconds()
        self.gaps.append((self._last - self.origin, now - self._last))
        self.cpu_gaps.append(cpu - self._last_cpu)
        self.wait_gaps.append(wait - self._last_wait)
        self._last, self._last_cpu, self._last_wait = now, cpu, wait

    def longest_ms(self) -> float:
        return max((g for _, g in self.gaps), default=0.0) * 1000

    def longest_cpu_ms(self) -> float:
        """The most GUI-thread CPU time spent within one gap."""
        return max(self.cpu_gaps, default=0.0) * 1000

    def p99_ms(self) -> float:
        ordered = sorted(g for _, g in self.gaps)
        return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000 if ordered else 0.0

    def worst(self, n: int) -> list[tuple[float, float, float, float]]:
        """The n longest gaps as (start in s since the batch began, length in ms, the GUI
        thread's CPU ms within it, its run-queue wait ms within it): CPU near the length is
        its own work; run-queue wait, the machine's; neither, the GIL or a lock."""
        top = sorted(range(len(self.gaps)), key=lambda i: self.gaps[i][1], reverse=True)[:n]
        return [
            (self.gaps[i][0], self.gaps[i][1] * 1000, self.cpu_gaps[i] * 1000,
             self.wait_gaps[i] * 1000)
            for i in top
        ]  # fmt: skip

    def longest_own_ms(self) -> float:
        """The longest gap less the run-queue wait in it: the part this process answers for
        (its GUI work, or the GIL held by its other threads), not the other processes'."""
        own = (g - w for (_, g), w in zip(self.gaps, self.wait_gaps, strict=True))
        return max(own, default=0.0) * 1000


class RunQueueClock:
    """A thread's total run-queue wait so far, from Linux's schedstat; 0 where there is
    none, or before `open()`. The file stays open and is read at offset 0 (the kernel
    writes it afresh): opening it at every tick of a 5 ms timer cost ~75 µs a tick."""

    def __init__(self) -> None:
        self._fd: int | None = None

    def open(self) -> None:
        """Measure the calling thread from now on."""
        self.close()
        try:
            self._fd = os.open("/proc/thread-self/schedstat", os.O_RDONLY)
        except OSError:
            self._fd = None

    def seconds(self) -> float:
        if self._fd is None:
            return 0.0
        try:
            return int(os.pread(self._fd, 64, 0).split()[1]) / 1e9
        except (OSError, IndexError, ValueError):
            return 0.0

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


async def idle_stall_ms(seconds: float) -> float:
    """The longest heartbeat gap while the GUI thread has nothing to do."""
    heartbeat = Heartbeat()
    heartbeat.start()
    await asyncio.sleep(seconds)
    heartbeat.stop()
    return heartbeat.longest_ms()


class ServerProcess:
    """The local OpenAI-compatible server in a child process, so that its threads do not
    compete with the GUI thread for the GIL and distort the stall figures.

    `ServerProcess("-c", SCRIPT, *args)` or `ServerProcess(script_path, *args)`: the child
    prints its base URL on the first line of stdout and serves until its stdin closes; a
    child that reads commands from stdin answers each with one line (`ask`).
    """

    def __init__(self, *argv: str) -> None:
        self._proc = subprocess.Popen(
            [sys.executable, *argv],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            cwd=REPO,  # so that `tests` imports
        )  # fmt: skip
        self.base_url = self._read()

    def ask(self, command: str) -> str:
        """Send one command line; the child's one-line answer."""
        assert self._proc.stdin is not None
        self._proc.stdin.write(command + "\n")
        self._proc.stdin.flush()
        return self._read()

    def stop(self) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.close()  # the child serves until its stdin closes
        try:
            self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()

    def _read(self) -> str:
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            raise RuntimeError("the test server's process ended")
        return line.strip()


def mark(ok: bool) -> str:
    """How a figure stands against its target."""
    return "ok" if ok else "MISSED"


def load_note() -> str:
    """The load average, as "; load average 3.2", where the platform tells it."""
    return f"; load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
