"""Start-up: time to a shown window against a bare Qt window in the same run, time to a usable
window, the same with a 100,000-candidate pool (then its first search and the p95 of the
next ones), and the wall time of a CLI command.

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_startup.py
[--runs 5] [--pool 100000] [--pool-dir DIR] [--before DIR]`

Each start is a fresh process (cold imports) that reads compiled bytecode, as an installed
app or the bundle does: the package is compiled first, and `PYTHONDONTWRITEBYTECODE` (set
on some development machines) is not passed on, since without bytecode every start
compiles the app's 300 modules again (~0.3 s here). Figures are medians. "Shown" is when
the main window has been shown and its first events processed, as for the bare Qt window;
"usable" is when the tab on screen is filled (`run_gui`'s `on_shown`); "databases checked"
when the full integrity check that runs beside it has passed (LLM calls wait for it; it
was part of "usable" until it ran beside); "all tabs built" when the other tabs have
followed it (`TabSet`; until then one opened by the user is built at once), just before
the LLM warm-up starts. The pool is synthetic: candidates with a short CV text and random
unit vectors of text-embedding-3-small's size, written through the app's storage code
(keyword index included); kept in `--pool-dir` to be reused. `--before DIR` runs the same
starts on another checkout (e.g. `git archive HEAD | tar -x -C DIR`) for before/after
figures in one run; it gets data folders of its own.
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import cast

import numpy as np

MODEL = "text-embedding-3-small"
DIMS = 1536
SEARCHES = 40
APP = """
import asyncio, json, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from headhunter_desktop.app import run_gui
from headhunter_desktop.ui.shell import main_window

original_show = main_window.MainWindow.show
def show(self):
    original_show(self)
    QApplication.processEvents()  # painted, as the bare Qt window is
    print("shown", flush=True)
main_window.MainWindow.show = show
original_warm_up = main_window.MainWindow.warm_up
WARMED = []
async def warm_up(self):
    # Every tab is built by now: those not on screen follow "usable" (TabSet).
    print("all_tabs", flush=True)
    if sys.argv[2] == "0":
        QTimer.singleShot(0, self.close)
    await original_warm_up(self)
    WARMED.append(time.perf_counter())
main_window.MainWindow.warm_up = warm_up
QUERIES = ["python developer", "kubernetes", "senior java", "data engineer", "react"]

async def search_then_close(window, count):
    import numpy as np
    rng = np.random.default_rng(7)
    times, warming = [], []
    for i in range(count):
        vector = rng.standard_normal(@DIMS@).astype(np.float32)
        started = time.perf_counter()
        await window.services.search.search(QUERIES[i % len(QUERIES)], vector, 20)
        times.append(time.perf_counter() - started)
        warming.append(not WARMED or WARMED[0] > started)  # beside the warm-up (app.py)
    print("searches " + json.dumps(times), flush=True)
    print("warming " + json.dumps(warming), flush=True)
    window.close()

async def report_checked(window):
    await window.services.verify_databases()
    print("checked", flush=True)

def usable(window):
    print("usable", flush=True)
    asyncio.ensure_future(report_checked(window))
    count = int(sys.argv[2])
    if count:
        asyncio.ensure_future(search_then_close(window, count))

sys.exit(run_gui(sys.argv[1], on_shown=usable))
""".replace("@DIMS@", str(DIMS))
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


def child_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # installed apps start from bytecode
    return env


def compile_package(source: Path | None) -> None:
    """Bytecode for the app's modules (site-packages has its own from pip)."""
    root = source if source is not None else Path(__file__).resolve().parents[2]
    compileall.compile_dir(root / "headhunter_desktop", quiet=1)


def start(script: str, *args: str, source: Path | None = None) -> dict[str, object]:
    """Spawn one process; seconds from the spawn to each line it prints (searches: theirs)."""
    env = child_environment()
    if source is not None:  # another checkout's package first on the path
        env["PYTHONPATH"] = str(source)
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True, env=env,
        cwd=source,  # `-c` puts the working folder first on the path
    )  # fmt: skip
    assert proc.stdout is not None
    seen: dict[str, object] = {}
    for line in proc.stdout:
        kind, _, rest = line.strip().partition(" ")
        seen[kind] = json.loads(rest) if rest else time.perf_counter() - started
    if proc.wait(timeout=600) != 0 or "shown" not in seen:
        raise RuntimeError(f"the start failed: {seen}")
    return seen


def cli_wall_time(data_dir: Path, source: Path | None = None) -> float:
    env = child_environment()
    if source is not None:
        env["PYTHONPATH"] = str(source)
    command = [sys.executable, "-m", "headhunter_desktop", "--data-dir", str(data_dir)]
    started = time.perf_counter()
    subprocess.run(
        [*command, "client", "list"], check=True, capture_output=True, env=env, cwd=source
    )
    return time.perf_counter() - started


def make_pool(data_dir: Path, size: int) -> float:
    """A data folder whose main database holds `size` embedded candidates; seconds taken."""
    import sqlalchemy as sa

    from headhunter_desktop.core.search.keyword import KeywordIndex
    from headhunter_desktop.core.storage.database import MainDatabase
    from headhunter_desktop.core.storage.tables import Candidate
    from headhunter_desktop.core.storage.types import utcnow

    started = time.perf_counter()
    data_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(1)
    skills = ["Python", "Java", "Kubernetes", "React", "SQL", "Go", "AWS", "Spark", "Figma"]
    with MainDatabase.for_file(data_dir / "headhunter.db") as db:

        def insert(session: sa.orm.Session) -> None:
            now = utcnow()
            for first in range(0, size, 2000):
                count = min(2000, size - first)
                vectors = rng.standard_normal((count, DIMS)).astype("<f4")
                vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
                rows = []
                for i in range(count):
                    n = first + i
                    text = f"Person {n}. {skills[n % 9]} and {skills[(n // 9) % 9]} engineer."
                    rows.append({
                        "display_name": f"Person {n}", "extracted_text": text,
                        "profile_json": {"basics": {"name": f"Person {n}"}},
                        "parse_status": "done", "profile_edited_fields": [],
                        "embedding": vectors[i].tobytes(), "embedding_model": MODEL,
                        "created_at": now, "updated_at": now,
                    })  # fmt: skip
                session.execute(sa.insert(Candidate), rows)

        db.run_sync(insert)
        keyword = KeywordIndex(db.dialect)
        while db.run_sync(keyword.index_missing):
            pass
    return time.perf_counter() - started


def vector_load_ms(data_dir: Path) -> tuple[float, float]:
    """(reading every row, mapping the data folder's copy) for the pool's vectors, in ms."""
    from headhunter_desktop.core.search.vector import VectorIndex
    from headhunter_desktop.core.search.vector_cache import VectorCache
    from headhunter_desktop.core.storage.database import MainDatabase

    with MainDatabase.for_file(data_dir / "headhunter.db") as db:
        timings = []
        for cache in (None, VectorCache(data_dir / "headhunter-vectors")):
            index = VectorIndex()
            started = time.perf_counter()
            db.run_sync(lambda s, c=cache, i=index: i.load(s, MODEL, c))
            timings.append((time.perf_counter() - started) * 1000)
    return timings[0], timings[1]


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]


def report_starts(label: str, starts: list[dict[str, object]], bare_ms: float) -> None:
    shown = median_ms([float(s["shown"]) for s in starts])  # type: ignore[arg-type]
    usable = median_ms([float(s["usable"]) for s in starts])  # type: ignore[arg-type]
    built = [float(s["all_tabs"]) for s in starts if "all_tabs" in s]  # type: ignore[arg-type]
    rest = f", all tabs built {median_ms(built):6.0f} ms" if len(built) == len(starts) else ""
    checked = [float(s["checked"]) for s in starts if "checked" in s]  # type: ignore[arg-type]
    if len(checked) == len(starts):
        rest += f", databases checked {median_ms(checked):6.0f} ms"
    print(
        f"{label:42} shown {shown:6.0f} ms ({shown / bare_ms:4.1f}x bare Qt), "
        f"usable {usable:6.0f} ms{rest}  [median of {len(starts)}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pool", type=int, default=100_000, help="0: skip the pool")
    parser.add_argument("--pool-dir", type=Path, help="keep (and reuse) the pool's data here")
    parser.add_argument("--before", type=Path, help="another checkout to compare with")
    args = parser.parse_args()
    runs = args.runs
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as scratch:
        tmp = Path(scratch)
        os.environ["HEADHUNTER_CONFIG_DIR"] = str(tmp / "config")
        sources: list[tuple[str, Path | None]] = [("now", None)]
        if args.before:
            sources.insert(0, ("before", args.before.resolve()))
        bare = [float(start(BARE_QT)["shown"]) for _ in range(runs)]  # type: ignore[arg-type]
        bare_ms = median_ms(bare)
        print(f"{'bare Qt window (baseline)':42} shown {bare_ms:6.0f} ms  [median of {runs}]")
        for _, source in sources:
            compile_package(source)
        for name, source in sources:
            data = tmp / f"data-{name}"
            fresh = [start(APP, str(data / str(i)), "0", source=source) for i in range(runs)]
            existing = [start(APP, str(data / "0"), "0", source=source) for _ in range(runs)]
            report_starts(f"{name}: app, fresh data folder", fresh, bare_ms)
            report_starts(f"{name}: app, existing data folder", existing, bare_ms)
            cli = [cli_wall_time(data / "0", source) for _ in range(runs)]
            print(f"{name + ': `client list` wall time':42} {median_ms(cli):6.0f} ms")
        if args.pool:
            pool_report(args, runs, bare_ms, tmp)


def _p95_and_median(times_ms: list[float]) -> str:
    return f"p95 {p95(times_ms):4.0f} ms, median {statistics.median(times_ms):4.0f} ms"


def pool_report(args: argparse.Namespace, runs: int, bare_ms: float, tmp: Path) -> None:
    pool_dir = args.pool_dir or tmp / "pool"
    if not (pool_dir / "headhunter.db").exists():
        print(f"pool of {args.pool:,} candidates made in {make_pool(pool_dir, args.pool):.0f} s")
    # The first start after the upgrade reads every row and writes the copy (in the
    # background, after the window is usable); every later start maps it.
    first = start(APP, str(pool_dir), "1")
    report_starts("pool: first start (copy written)", [first], bare_ms)
    first_ms = first["searches"][0] * 1000  # type: ignore[index]
    print(f"{'pool: first search of that start':42} {first_ms:6.0f} ms (every row read)")
    starts = [start(APP, str(pool_dir), str(SEARCHES)) for _ in range(runs)]
    report_starts(f"pool of {args.pool:,}: app", starts, bare_ms)
    firsts = [s["searches"][0] * 1000 for s in starts]  # type: ignore[index]
    later: list[tuple[float, bool]] = []
    for s in starts:
        times, warming = cast(list[float], s["searches"]), cast(list[bool], s["warming"])
        later += [(t * 1000, w) for t, w in zip(times[1:], warming[1:], strict=True)]
    print(
        f"{'pool: search (hybrid, no embedding call)':42} first: median "
        f"{statistics.median(firsts):5.0f} ms, max {max(firsts):5.0f} ms; later: "
        f"{_p95_and_median([t for t, _ in later])} [{len(later)} searches]"
    )
    for label, beside in (("begun beside the warm-up", True), ("after it", False)):
        times = [t for t, warming in later if warming == beside]
        if times:
            print(f"{'  of which ' + label:42} {_p95_and_median(times)} [{len(times)}]")
    rows_ms, mapped_ms = vector_load_ms(pool_dir)
    print(
        f"{'pool: vector index load':42} every row read {rows_ms:6.0f} ms (before), "
        f"copy mapped and caught up {mapped_ms:5.0f} ms (now)"
    )


if __name__ == "__main__":
    main()
