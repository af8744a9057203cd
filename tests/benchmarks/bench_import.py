"""CV intake of a folder of generated CVs through the real window, services and LLM client.

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_import.py
[--cvs 200] [--latency 0.3] [--parallel 8] [--baseline-cvs 20] [--format txt|pdf]`

The local OpenAI-compatible test server answers every request after `--latency` seconds
(parse requests with a JSON profile). The app is built as the GUI builds it (resolve_config,
AppServices.open, its import process, MainWindow on a qasync loop) and the folder is
imported through the CVs tab, so the table updates are part of what is measured. Targets:
wall time ≤ 1.3 × the ideal (calls × latency / parallelism, from the calls actually made:
the import process serves no person, so its batch work uses every slot), and no GUI-thread
stall over 16 ms, one frame at 60 Hz (a 5 ms heartbeat QTimer records the gaps between its
ticks during the batch). `--format pdf` imports generated PDF CVs (one- and two-column)
instead of plain text: the text extraction, in worker processes, then has real work to
do. Also printed: the CPU time of the app's process (GUI thread and others: what competes
for the GIL) and, after the batches, the longest gap of the same heartbeat with nothing to
do, which is the floor that other load on the machine puts under the stall figure.

Baseline, in the same run: a smaller batch with one request at a time (parallel=1), to show
the speed-up per CV.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

# Qt and the app are imported inside the functions: the app's extraction worker processes
# are spawned, and a spawned process runs the main script again (as `__mp_main__`). The
# app's own entry points are light; this script's top must be too, or each worker would
# load Qt and the whole app first (11-14 s per worker on a loaded machine, measured).
from tests.benchmarks.bench_common import (  # standard library only: light
    HEARTBEAT_MS,
    Heartbeat,
    ServerProcess,
    idle_stall_ms,
)
from tests.helpers.stall_tracer import StallTracer  # standard library only: light

if TYPE_CHECKING:
    from headhunter_desktop.core.services.app_services import AppServices
    from headhunter_desktop.ui.cvs.import_queue_model import ImportQueueModel

TARGET_RATIO = 1.3
TARGET_STALL_MS = 16.0
BATCH_TIMEOUT_S = 300.0
IDLE_FLOOR_S = 5.0


@dataclass
class BatchResult:
    cvs: int
    parallel: int
    latency: float
    chat_calls: int
    embedding_calls: int
    wall_s: float
    failed: int
    longest_ms: float
    p99_ms: float
    # (at s, gap ms, GUI-thread CPU ms in it, its run-queue wait ms in it)
    worst: list[tuple[float, float, float, float]]
    longest_own_ms: float  # the longest gap less its run-queue wait (Linux; else the gap)
    # CPU seconds of the app's process and of its GUI thread during the batch: unlike the
    # stalls, barely moved by other load on the machine. Whatever else runs in the process
    # competes with the GUI thread for the GIL.
    process_cpu_s: float
    gui_thread_cpu_s: float

    @property
    def calls(self) -> int:
        return self.chat_calls + self.embedding_calls

    @property
    def ideal_s(self) -> float:
        return self.calls * self.latency / self.parallel

    @property
    def ratio(self) -> float:
        return self.wall_s / self.ideal_s if self.ideal_s else float("inf")

    @property
    def per_cv_s(self) -> float:
        return self.wall_s / self.cvs


async def until_finished(
    model: ImportQueueModel, n: int, task_failed: asyncio.Future[None]
) -> float:
    """When (perf_counter) the queue showed n rows, all finished. Checked on row changes, not
    polled, so the wait adds no work of its own; a failed background task ends it early."""
    done: asyncio.Future[float] = asyncio.get_running_loop().create_future()

    def check(*_: object) -> None:
        if not done.done() and model.progress()[:2] == (n, n):
            done.set_result(time.perf_counter())

    model.dataChanged.connect(check)
    try:
        await asyncio.wait(
            [done, task_failed], timeout=BATCH_TIMEOUT_S, return_when=asyncio.FIRST_COMPLETED
        )
    finally:
        model.dataChanged.disconnect(check)
    if task_failed.done():
        task_failed.result()  # raises the task's error
    if not done.done():
        raise TimeoutError(f"{n} files did not finish within {BATCH_TIMEOUT_S:.0f} s")
    return done.result()


async def import_batch(
    root: Path,
    name: str,
    n: int,
    parallel: int,
    latency: float,
    file_format: str = "txt",
    trace_stalls_ms: float = 0.0,
) -> BatchResult:
    """Open fresh services and a window on their own data folder, import n CVs, close."""
    from headhunter_desktop.core.services.app_services import AppServices
    from headhunter_desktop.core.settings import Settings, SettingsStore, resolve_config
    from headhunter_desktop.ui.shell.main_window import MainWindow
    from headhunter_desktop.ui.shell.task_registry import TaskRegistry
    from tests.helpers.cv_files import write_pdf_cvs, write_txt_cvs
    from tests.helpers.waiting import close_window

    folder = root / name / "cvs"
    (write_pdf_cvs if file_format == "pdf" else write_txt_cvs)(folder, n)
    config = resolve_config(
        Settings(parallel_requests=parallel), data_dir_flag=str(root / name / "data")
    )
    loop = asyncio.get_running_loop()
    services = await loop.run_in_executor(None, AppServices.open, config, SettingsStore())
    services.import_in_own_process()  # as the app does (app.py)
    task_failed: asyncio.Future[None] = loop.create_future()

    def on_task_error(exc: BaseException) -> None:
        if not task_failed.done():
            task_failed.set_exception(exc)

    try:
        window = MainWindow(services, TaskRegistry(on_error=on_task_error))
    except BaseException:
        await services.aclose()
        raise
    heartbeat = Heartbeat()
    try:
        window.show()
        await window.load()
        # The app spawns its import process at start, after the window is usable
        # (AppServices.start); here too, before the batch: a drop does not wait for it.
        assert services.separate_import is not None
        spawned_at = time.perf_counter()
        await services.separate_import.prepare()
        print(f"import process ready in {time.perf_counter() - spawned_at:.2f} s ({name})")
        model = window.cvs_tab.queue_model
        heartbeat.start()
        tracer = StallTracer(heartbeat.last_tick, trace_stalls_ms) if trace_stalls_ms else None
        if tracer:
            tracer.start()
        cpu_at_start, gui_cpu_at_start = time.process_time(), time.thread_time()
        window.cvs_tab.import_paths([folder])
        finished_at = await until_finished(model, n, task_failed)
        heartbeat.stop()
        process_cpu = time.process_time() - cpu_at_start
        gui_thread_cpu = time.thread_time() - gui_cpu_at_start
        if tracer:
            tracer.stop()
            print(tracer.report())
        await services.separate_import.aclose()  # its usage records written
        calls = await calls_by_action(services)
        return BatchResult(
            cvs=n,
            parallel=parallel,
            latency=latency,
            chat_calls=calls.get("parse_cv", 0),
            embedding_calls=calls.get("embed_cv", 0),
            wall_s=finished_at - heartbeat.origin,
            failed=model.progress()[2],
            longest_ms=heartbeat.longest_ms(),
            p99_ms=heartbeat.p99_ms(),
            worst=heartbeat.worst(5),
            longest_own_ms=heartbeat.longest_own_ms(),
            process_cpu_s=process_cpu,
            gui_thread_cpu_s=gui_thread_cpu,
        )
    finally:
        heartbeat.stop()
        await close_window(window, timeout=30)


async def calls_by_action(services: AppServices) -> dict[str, int]:
    """The calls the app made, counted by its own usage records (one per API call)."""
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, services.usage_writer.flush, 30)
    rows = await services.usage.breakdown(services.usage.query(None, None, None), "action")
    return {str(row.key): row.calls for row in rows}


SERVER_SCRIPT = """
import sys
from tests.fakes import FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder
server = FakeOpenAIServer(latency=float(sys.argv[1]))
server.responder = cv_profile_responder
server.start()
print(server.base_url, flush=True)
sys.stdin.read()
server.stop()
"""


def report(main: BatchResult, baseline: BatchResult) -> None:
    def mark(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    print(f"CVs imported:                {main.cvs} (failed: {main.failed})")
    print(
        f"LLM calls:                   {main.calls} "
        f"({main.chat_calls} chat + {main.embedding_calls} embedding)"
    )
    print(f"latency / parallel requests: {main.latency * 1000:.0f} ms / {main.parallel}")
    print(f"wall time:                   {main.wall_s:7.2f} s")
    print(f"ideal (calls×latency/par.):  {main.ideal_s:7.2f} s")
    print(
        f"ratio wall / ideal:          {main.ratio:7.2f}   "
        f"(target ≤ {TARGET_RATIO}: {mark(main.ratio <= TARGET_RATIO)})"
    )
    print(
        f"longest GUI stall:           {main.longest_ms:7.1f} ms "
        f"(target ≤ {TARGET_STALL_MS:.0f} ms: {mark(main.longest_ms <= TARGET_STALL_MS)})"
    )
    print(f"p99 heartbeat gap:           {main.p99_ms:7.1f} ms ({HEARTBEAT_MS} ms timer)")
    print(
        f"CPU in the app's process:    {main.process_cpu_s:7.2f} s "
        f"(GUI thread {main.gui_thread_cpu_s:.2f} s, other threads "
        f"{main.process_cpu_s - main.gui_thread_cpu_s:.2f} s)"
    )
    print(
        f"  less run-queue wait:       {main.longest_own_ms:7.1f} ms (the longest gap without "
        "the time the GUI thread was runnable but the machine gave it no core)"
    )
    worst = ", ".join(
        f"{ms:.0f} ms (GUI CPU {cpu:.0f}, run-queue {wait:.0f}) @ {at:.2f} s"
        for at, ms, cpu, wait in main.worst
    )
    print(f"longest gaps (at batch time): {worst}")
    print(
        f"baseline, parallel=1:        {baseline.cvs} CVs, {baseline.calls} calls, "
        f"{baseline.wall_s:.2f} s (ratio to its ideal {baseline.ratio:.2f}, "
        f"longest stall {baseline.longest_ms:.1f} ms, failed {baseline.failed})"
    )
    print(
        f"per CV:                      {main.per_cv_s * 1000:.0f} ms at parallel={main.parallel}"
        f" vs {baseline.per_cv_s * 1000:.0f} ms at parallel=1"
    )
    print(f"speed-up per CV:             {baseline.per_cv_s / main.per_cv_s:7.2f}x")


async def run(args: argparse.Namespace, root: Path) -> None:
    server = ServerProcess("-c", SERVER_SCRIPT, str(args.latency))
    try:
        os.environ["OPENAI_API_KEY"] = "sk-test-fake"
        os.environ["OPENAI_BASE_URL"] = server.base_url
        os.environ["HEADHUNTER_CONFIG_DIR"] = str(root / "config")
        # The main batch first, on a cold process: what a recruiter's first drop costs.
        batch = await import_batch(
            root, "parallel", args.cvs, args.parallel, args.latency, args.format, args.trace_stalls
        )
        baseline = await import_batch(
            root, "sequential", args.baseline_cvs, 1, args.latency, args.format
        )
    finally:
        server.stop()
    floor = await idle_stall_ms(IDLE_FLOOR_S)
    report(batch, baseline)
    load = f"; load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    print(
        f"idle heartbeat, same run:    {floor:7.1f} ms longest gap in {IDLE_FLOOR_S:.0f} s with "
        f"nothing to do (the floor set by other load on the machine{load})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cvs", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--parallel", type=int, default=8)
    parser.add_argument("--baseline-cvs", type=int, default=20)
    parser.add_argument("--format", choices=("txt", "pdf"), default="txt", help="CV files")
    parser.add_argument(
        "--trace-stalls",
        type=float,
        default=0.0,
        metavar="MS",
        help="diagnosis: print where the GUI thread is during stalls over MS (main batch)",
    )
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from headhunter_desktop.app import create_application, make_event_loop

    app = create_application()
    app.setQuitOnLastWindowClosed(False)
    # The loop closes before the temporary folder is removed (exit in reverse order).
    with (
        tempfile.TemporaryDirectory(prefix="bench_import_") as tmp,
        asyncio.Runner(loop_factory=lambda: make_event_loop(app)) as runner,
    ):
        runner.run(run(args, Path(tmp)))


if __name__ == "__main__":
    main()
