"""Start-up time to a shown main window, against a bare Qt window, in the same run.

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_startup.py [--runs 5]`
Each run is a fresh process (cold imports, fresh data folder); the figure is the median.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

APP = """
import sys, time
from PySide6.QtCore import QTimer
from headhunter_desktop.app import run_gui
def shown(window):
    print("shown", flush=True)
    QTimer.singleShot(0, window.close)
sys.exit(run_gui(sys.argv[1], on_shown=shown))
"""
BARE_QT = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.show()
app.processEvents()
print("shown", flush=True)
QTimer.singleShot(0, app.quit)
app.exec()
"""


def time_to_shown(script: str, *args: str) -> float:
    """Seconds from spawning the process to its 'shown' line."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "shown":
            elapsed = time.perf_counter() - started
            break
    else:
        raise RuntimeError("the window was never shown")
    proc.wait(timeout=60)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HEADHUNTER_CONFIG_DIR"] = os.path.join(tmp, "config")
        fresh = [time_to_shown(APP, os.path.join(tmp, f"data{i}")) for i in range(runs)]
        # The everyday case: databases exist and are at the current schema.
        existing = [time_to_shown(APP, os.path.join(tmp, "data0")) for _ in range(runs)]
    bare_times = [time_to_shown(BARE_QT) for _ in range(runs)]
    bare_ms = statistics.median(bare_times) * 1000
    for label, times in (("fresh data dir", fresh), ("existing data dir", existing)):
        ms = statistics.median(times) * 1000
        print(
            f"app window shown ({label}): median {ms:6.0f} ms over {runs} runs, "
            f"{ms / bare_ms:5.1f}x the bare Qt window"
        )
    print(f"bare Qt window shown (baseline):   median {bare_ms:6.0f} ms over {runs} runs")


if __name__ == "__main__":
    main()
