"""Where the GUI thread is while it stalls: a watchdog thread samples its stack.

For diagnosis (`bench_import.py --trace-stalls MS`), not for figures: the watchdog wakes every
2 ms and takes the GIL to read the stacks, which adds a little to what it measures. Each
sample stands for 2 ms of a stall. The GUI thread's stack shows the code it runs, or the
line at which it waits for the GIL; the other threads' innermost frames show who else was
busy in the same moments.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from types import FrameType

_PERIOD_S = 0.002
# Innermost frames of threads that wait (for work, a lock, a socket): not competing.
_WAITING = {"wait", "_wait_for_tstate_lock", "get", "select", "poll", "_poll", "readinto"}


class StallTracer:
    """Samples the main thread's stack whenever `last_tick()` is older than `threshold_ms`."""

    def __init__(self, last_tick: Callable[[], float], threshold_ms: float) -> None:
        self._last_tick = last_tick
        self._threshold = threshold_ms / 1000
        self._main = threading.main_thread().ident
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="stall-tracer", daemon=True)
        self.gui_stacks: Counter[str] = Counter()
        self.other_threads: Counter[str] = Counter()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def report(self, top: int = 12) -> str:
        """The most frequent GUI-thread stacks and busy frames of other threads, in ms."""
        lines = ["GUI thread during stalls (ms sampled, innermost frame first):"]
        for stack, count in self.gui_stacks.most_common(top):
            lines.append(f"  {count * _PERIOD_S * 1000:6.0f}  {stack}")
        lines.append("other threads' innermost frames in the same samples:")
        for frame, count in self.other_threads.most_common(top):
            lines.append(f"  {count * _PERIOD_S * 1000:6.0f}  {frame}")
        return "\n".join(lines)

    def _watch(self) -> None:
        while not self._stop.wait(_PERIOD_S):
            if time.perf_counter() - self._last_tick() < self._threshold:
                continue
            frames = sys._current_frames()
            main = frames.pop(self._main, None)
            frames.pop(threading.get_ident(), None)
            if main is not None:
                self.gui_stacks[_stack(main, depth=6)] += 1
            for frame in frames.values():
                if frame.f_code.co_name not in _WAITING and not _idle_pool_thread(frame):
                    self.other_threads[_stack(frame, depth=2)] += 1


def _stack(frame: FrameType | None, depth: int) -> str:
    parts = []
    while frame is not None and len(parts) < depth:
        code = frame.f_code
        parts.append(f"{code.co_name} ({code.co_filename.rsplit('/', 1)[-1]}:{frame.f_lineno})")
        frame = frame.f_back
    return " < ".join(parts)


def _idle_pool_thread(frame: FrameType) -> bool:
    # A ThreadPoolExecutor thread between jobs sits in `_worker` at `work_queue.get(...)`.
    return frame.f_code.co_name == "_worker" and frame.f_code.co_filename.endswith("thread.py")
