"""The benchmarks' run-queue clock: it tells a stall the machine caused from the app's own."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.benchmarks.bench_common import RunQueueClock

pytestmark = pytest.mark.skipif(
    not os.path.exists("/proc/thread-self/schedstat") or not hasattr(os, "sched_setaffinity"),
    reason="Linux schedstat only",
)

BUSY = "import time\nend = time.perf_counter() + 5\nwhile time.perf_counter() < end: pass"


def _spin(seconds: float) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        pass
    return time.perf_counter() - started


def test_a_thread_sharing_its_core_with_busy_processes_counts_its_wait() -> None:
    allowed = os.sched_getaffinity(0)
    core = min(allowed)
    clock = RunQueueClock()
    assert clock.seconds() == 0.0  # not open yet: nothing measured
    rivals = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(2)]
    try:
        for rival in rivals:
            os.sched_setaffinity(rival.pid, {core})
        os.sched_setaffinity(0, {core})  # this thread now takes turns with both
        clock.open()
        before, cpu_before = clock.seconds(), time.thread_time()
        elapsed = _spin(0.6)
        waited, ran = clock.seconds() - before, time.thread_time() - cpu_before
    finally:
        os.sched_setaffinity(0, allowed)
        for rival in rivals:
            rival.kill()
            rival.wait()
        clock.close()
    # Three busy tasks on one core: this one runs about a third of the time and waits,
    # runnable, the rest. What it did not run it waited, nearly all of it.
    assert waited > 0.5 * elapsed
    assert abs(elapsed - ran - waited) < 0.15 * elapsed
