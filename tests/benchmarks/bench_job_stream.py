"""A streamed job posting through the real window: throughput, stalls, latency, cancel,
and a generation started while a CV import runs.

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_job_stream.py
[--chunks 20000] [--rounds 3] [--rates 200 1000] [--cancels 5] [--clicks 5] [--cvs 200]`

The app is built as the GUI builds it (resolve_config, AppServices.open, MainWindow on a
qasync loop), a client selected, the Jobs tab shown with a title typed in the job editor's
header; each generation is a click on its "Generate" button, and streams into the editor's
`FieldForm` through its `GenerationRunner`. The local OpenAI-compatible server runs in a
child process (`job_stream_server.py`: its threads do not take the GIL from the GUI
thread); it answers a job request with a JobPostingDraft JSON of --chunks one-word chunks
(~150 KB for 20,000), stamps every chunk it writes, and reports when a client closes its
connection. A 5 ms heartbeat QTimer records the GUI thread's gaps, with the thread's own
CPU time within each (on a shared machine a long gap with little CPU is other processes).

1. Throughput, --rounds rounds, unpaced (the server writes as fast as the client reads;
   "server alone", a reader that only drains the bytes, shows it is not the bottleneck):
   chunks per second on screen in the editors, first to last, against the bare openai
   client (`AsyncOpenAI`, same request and stream, no UI, same process and loop), its first
   delta to its last, in the same round (target ratio >= 0.95). The same runs give the
   sustained render rate (target >= 2,000 tokens/s; a chunk is a token) and the longest
   GUI-thread stall (target <= 16 ms), while streaming and once complete (Markdown
   rendered, the job saved).
2. Delta-to-screen latency, paced at each of --rates chunks/s for --paced-seconds (200/s
   is a fast hosted model; unpaced, chunks wait in socket buffers for the client, which is
   no latency of the app's): the server stamps each chunk as it writes it
   (`time.monotonic()`: CLOCK_MONOTONIC, one clock for both processes); at every paint of
   a field editor the probe reads how many characters the runner has applied (the status
   strip's count, set in the same call that flushes the editors), hence which chunks are
   on screen. Latency = the first paint showing a chunk's text - the chunk's write time,
   over every chunk carrying text of a field that shows text (p95 target <= 50 ms).
3. Partial-JSON parse CPU: `bench_partial_json.py`'s incremental parser, figure (c).
4. Cancel, --cancels times, a second into a stream at the highest rate: from
   `cancel_button().click()` on the status strip to the server process seeing the
   connection closed (EPOLLRDHUP on the socket) (target <= 100 ms), and to the runner's
   `finished`.
5. Generations during a --cvs import (the CVs tab, text CVs, 0.3 s per call as in
   `bench_import.py`, the job request too): click to the first streamed text painted in
   the form, and to its first field complete, --clicks times without an import and then
   during one (target: median during <= 1.5 x without).
Then the heartbeat's longest gap with nothing to do: the floor other load puts under it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

# Standard library only at the top (see bench_import.py): the app's extraction workers are
# spawned processes that run this script again.
from tests.benchmarks.bench_common import (
    HEARTBEAT_MS,
    Heartbeat,
    ServerProcess,
    idle_stall_ms,
    load_note,
)
from tests.benchmarks.job_stream_baselines import (
    API_KEY,
    TITLE,
    bare_client,
    drain_stream,
    rate_of,
)
from tests.benchmarks.job_stream_figures import AppStream, Results, percentile, report

if TYPE_CHECKING:
    from tests.benchmarks.job_stream_probe import AnswerPlan

SERVER_SCRIPT = Path(__file__).with_name("job_stream_server.py")
IMPORT_LATENCY_S = 0.3
SMALL_ANSWER = 800  # chunks: the answer of the warm-up and of the clicks during an import
IDLE_FLOOR_S = 5.0
STREAM_TIMEOUT_S = 180.0
IMPORT_TIMEOUT_S = 300.0


@dataclass
class Session:
    """The app under test (services, window, the Jobs tab's editor) and its server."""

    services: Any
    window: Any
    editor: Any
    server: ServerProcess
    task_failed: asyncio.Future[None]
    plans: dict[int, AnswerPlan] = field(default_factory=dict)

    def plan(self, chunks: int) -> AnswerPlan:
        """The server's answer of `chunks` chunks from now on, and where its chunks land."""
        from tests.benchmarks.job_stream_probe import AnswerPlan, text_keys
        from tests.benchmarks.job_stream_server import job_answer

        self.server.ask(f"answer {chunks}")
        if chunks not in self.plans:
            keys = text_keys(self.editor.form, self.editor.keys)
            self.plans[chunks] = AnswerPlan.of(job_answer(chunks), keys)
        return self.plans[chunks]


# -- the app --------------------------------------------------------------------------------
async def open_session(root: Path, server: ServerProcess) -> Session:
    """Services and a shown window on their own data folder, a client selected."""
    from headhunter_desktop.core.services.app_services import AppServices
    from headhunter_desktop.core.settings import Settings, SettingsStore, resolve_config
    from headhunter_desktop.ui.shell.main_window import MainWindow
    from headhunter_desktop.ui.shell.task_registry import TaskRegistry
    from tests.benchmarks.job_stream_probe import TabJobEditor
    from tests.helpers.waiting import wait_for

    config = resolve_config(Settings(parallel_requests=8), data_dir_flag=str(root / "data"))
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
    window.show()
    await window.load()
    client = await window.directory.create("Northwind Analytics")
    window.directory.select(client.id)
    editor = TabJobEditor(window)
    await wait_for(lambda: editor.ready(client.id), 30)
    return Session(services, window, editor, server, task_failed)


async def close_session(session: Session) -> None:
    from tests.helpers.waiting import close_window

    session.editor.close()
    await close_window(session.window, timeout=30)


def click_generate(session: Session) -> asyncio.Future[bool]:
    """Click "Generate"; the future is the runner's `finished` (True: completed)."""
    done: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
    runner = session.editor.runner

    def finished(ok: bool) -> None:
        runner.finished.disconnect(finished)
        if not done.done():
            done.set_result(ok)

    runner.finished.connect(finished)
    session.editor.generate(TITLE)
    return done


async def finished(session: Session, done: asyncio.Future[bool]) -> bool:
    """Whether the generation completed, once it ended (a failed app task raises)."""
    either: list[asyncio.Future[Any]] = [done, session.task_failed]
    await asyncio.wait(either, timeout=STREAM_TIMEOUT_S, return_when=asyncio.FIRST_COMPLETED)
    if session.task_failed.done():
        session.task_failed.result()
    if not done.done():
        raise TimeoutError(f"the generation did not finish within {STREAM_TIMEOUT_S:.0f} s")
    return done.result()


# -- 1, 2: streams --------------------------------------------------------------------------
async def server_alone(session: Session) -> float:
    """The server's rate to a reader that only drains the bytes."""
    session.server.ask("rate 0")
    await drain_stream(session.server.base_url, session.services.settings.chat_model)
    return rate_of(stream_stamps(session))


def stream_stamps(session: Session) -> list[float]:
    """When the server wrote each content chunk of the last stream (`time.monotonic()`)."""
    return [float(at) for at in json.loads(session.server.ask("stream"))["stamps"]]


async def app_stream(
    session: Session, plan: AnswerPlan, rate: float, trace_stalls_ms: float = 0.0
) -> AppStream:
    """One generation of the plan's answer at `rate` (0: unpaced), watched."""
    from tests.benchmarks.job_stream_probe import ScreenProbe
    from tests.helpers.stall_tracer import StallTracer

    session.server.ask(f"rate {rate:g}")
    editor = session.editor
    probe = ScreenProbe(editor.form, editor.status, plan)
    heartbeat = Heartbeat()
    heartbeat.start()
    tracer = StallTracer(heartbeat.last_tick, trace_stalls_ms) if trace_stalls_ms else None
    if tracer:
        tracer.start()
    clock_offset = time.perf_counter() - time.monotonic()
    try:
        ok = await finished(session, click_generate(session))
        await asyncio.sleep(0.1)  # the last paints
    finally:
        heartbeat.stop()
        probe.remove()
        if tracer:
            tracer.stop()
            print(tracer.report())
    stamps = stream_stamps(session)
    latencies = probe.latencies_ms(stamps)
    last_shown = (probe.shown_at[-1] if probe.shown_at else 0.0) + clock_offset
    # Gaps that began before the last text was on screen, and those after (the end).
    cut = sum(1 for at, _ in heartbeat.gaps if heartbeat.origin + at < last_shown)
    streaming, after = range(cut), [gap for _, gap in heartbeat.gaps[cut:]]
    return AppStream(
        rate=probe.render_rate(),
        server_rate=rate_of(stamps),
        latency_p50_ms=percentile(latencies, 0.5),
        latency_p95_ms=percentile(latencies, 0.95),
        stall_ms=max((heartbeat.gaps[i][1] for i in streaming), default=0.0) * 1000,
        stall_cpu_ms=max((heartbeat.cpu_gaps[i] for i in streaming), default=0.0) * 1000,
        end_stall_ms=max(after, default=0.0) * 1000,
        shown=len(probe.shown_at),
        expected=len(plan.shown_chunks),
        ok=ok,
    )


async def measure_streams(session: Session, args: argparse.Namespace, results: Results) -> None:
    import openai

    model = session.services.settings.chat_model
    client = openai.AsyncOpenAI(api_key=API_KEY, base_url=session.server.base_url)
    try:
        session.plan(SMALL_ANSWER)  # warm-up: both clients' first stream, connections open
        await app_stream(session, session.plan(SMALL_ANSWER), 0)
        await bare_client(client, model)
        plan = session.plan(args.chunks)
        results.chunks, results.characters = plan.chunks, plan.characters
        results.server_alone = await server_alone(session)
        for _ in range(args.rounds):
            session.server.ask("rate 0")
            results.bare.append(await bare_client(client, model))
            results.unpaced.append(await app_stream(session, plan, 0, args.trace_stalls))
        for rate in args.rates:  # long enough to settle, short enough at a model's pace
            paced = session.plan(min(args.chunks, int(rate * args.paced_seconds)))
            results.paced.append((rate, await app_stream(session, paced, rate, args.trace_stalls)))
    finally:
        await client.close()


def parse_cpu_ms() -> tuple[float, float]:
    """bench_partial_json.py's figure (c): the incremental parser over 50 KB, 4-char deltas."""
    from tests.benchmarks.bench_partial_json import answer, cpu_ms, deltas, incremental

    parts = deltas(answer(50), 4)
    return cpu_ms(lambda: incremental(parts), 5)


# -- 4: cancel ------------------------------------------------------------------------------
async def cancel_once(session: Session, rate: float, after_chars: int) -> tuple[float, float]:
    """Click Cancel mid-stream: ms to the server seeing the connection closed, and to the
    runner's `finished`."""
    from tests.benchmarks.job_stream_probe import status_count
    from tests.helpers.waiting import wait_for

    session.server.ask(f"rate {rate:g}")
    editor = session.editor
    done = click_generate(session)
    await wait_for(
        lambda: editor.runner.running and status_count(editor.status) >= after_chars,
        STREAM_TIMEOUT_S,
    )
    port = json.loads(session.server.ask("port"))["port"]
    clicked = time.monotonic()
    editor.status.cancel_button().click()
    completed = await finished(session, done)
    finished_at = time.monotonic()
    if completed:
        raise RuntimeError("the stream completed before Cancel was clicked: use a longer one")
    closed = await server_saw_close(session.server, port)
    return (closed - clicked) * 1000, (finished_at - clicked) * 1000


async def server_saw_close(server: ServerProcess, port: int, timeout: float = 10.0) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        at = json.loads(server.ask(f"closed {port}"))["at"]
        if at is not None:
            return float(at)
        await asyncio.sleep(0.01)
    raise TimeoutError(f"the server did not see the connection close within {timeout:.0f} s")


async def measure_cancel(session: Session, args: argparse.Namespace, results: Results) -> None:
    plan = session.plan(args.chunks)
    rate = max(args.rates)
    after = plan.chars_after[min(plan.chunks - 1, int(rate))]  # a second into the stream
    for _ in range(args.cancels):
        results.cancel_ms.append(await cancel_once(session, rate, after))
        await asyncio.sleep(0.2)


# -- 5: a generation during an import -------------------------------------------------------
async def first_text(session: Session, plan: AnswerPlan) -> tuple[float, float]:
    """Seconds from the click to the first streamed text painted in the form, and to its
    first field complete; then the generation is cancelled."""
    from tests.benchmarks.job_stream_probe import ScreenProbe
    from tests.helpers.waiting import wait_for

    editor = session.editor
    first_key = next(key for key in editor.form.field_keys() if key in editor.keys)
    completed: list[float] = []
    first_editor = editor.form.field(first_key).editor

    def on_field_finished(ok: bool) -> None:
        if ok and not completed:
            completed.append(time.monotonic())

    probe = ScreenProbe(editor.form, editor.status, plan)
    first_editor.stream_finished.connect(on_field_finished)
    clicked = time.monotonic()
    done = click_generate(session)
    try:
        await wait_for(lambda: probe.first_text_at is not None and completed, STREAM_TIMEOUT_S)
        editor.runner.cancel()
        await finished(session, done)
    finally:
        first_editor.stream_finished.disconnect(on_field_finished)
        probe.remove()
    assert probe.first_text_at is not None
    return probe.first_text_at - clicked, completed[0] - clicked


async def measure_during_import(
    session: Session, args: argparse.Namespace, root: Path, results: Results
) -> None:
    from tests.helpers.cv_files import write_txt_cvs
    from tests.helpers.waiting import wait_for

    folder = root / "cvs"
    write_txt_cvs(folder, args.cvs)
    plan = session.plan(SMALL_ANSWER)
    session.server.ask(f"rate {max(args.rates):g}")
    session.server.ask(f"latency {IMPORT_LATENCY_S}")
    await first_text(session, plan)  # warm-up at this latency
    for _ in range(args.clicks):
        results.idle_first.append(await first_text(session, plan))
        await asyncio.sleep(0.3)
    model = session.window.cvs_tab.queue_model
    session.window.cvs_tab.import_paths([folder])
    await asyncio.sleep(1.0)  # the import's requests fill their slots
    for _ in range(args.clicks):
        results.busy_first.append(await first_text(session, plan))
        results.busy_while_importing += model.progress()[:2] != (args.cvs, args.cvs)
        await asyncio.sleep(0.3)
    await wait_for(lambda: model.progress()[:2] == (args.cvs, args.cvs), IMPORT_TIMEOUT_S)
    results.cvs, results.cvs_failed = args.cvs, model.progress()[2]


# -- main -----------------------------------------------------------------------------------
async def run(args: argparse.Namespace, root: Path) -> None:
    server = ServerProcess(str(SERVER_SCRIPT), "0")
    results = Results()
    try:
        os.environ["OPENAI_API_KEY"] = API_KEY
        os.environ["OPENAI_BASE_URL"] = server.base_url
        os.environ["HEADHUNTER_CONFIG_DIR"] = str(root / "config")
        session = await open_session(root, server)
        try:
            await measure_streams(session, args, results)
            await measure_cancel(session, args, results)
            await measure_during_import(session, args, root, results)
        finally:
            await close_session(session)
    finally:
        server.stop()
    results.parse_cpu_ms = parse_cpu_ms()
    floor = await idle_stall_ms(IDLE_FLOOR_S)
    print(f"all figures from this run; GUI-thread heartbeat every {HEARTBEAT_MS} ms")
    report(results)
    print(
        f"idle heartbeat, same run:   {floor:8.1f} ms longest gap in {IDLE_FLOOR_S:.0f} s with "
        f"nothing to do (the floor set by other load on the machine{load_note()})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chunks", type=int, default=20_000, help="the answer's chunks")
    parser.add_argument("--rounds", type=int, default=3, help="unpaced rounds, each client")
    parser.add_argument(
        "--rates", type=float, nargs="+", default=[200, 1000], help="paced chunks/s"
    )
    parser.add_argument("--paced-seconds", type=float, default=10, help="each paced stream")
    parser.add_argument(
        "--trace-stalls",
        type=float,
        default=0.0,
        metavar="MS",
        help="diagnosis: print where the GUI thread is during stalls over MS (each stream)",
    )
    parser.add_argument("--cancels", type=int, default=5)
    parser.add_argument("--clicks", type=int, default=5, help="generations, each case")
    parser.add_argument("--cvs", type=int, default=200, help="CVs imported meanwhile")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from headhunter_desktop.app import create_application, make_event_loop

    app = create_application()
    app.setQuitOnLastWindowClosed(False)
    with (
        tempfile.TemporaryDirectory(prefix="bench_job_stream_") as tmp,
        asyncio.Runner(loop_factory=lambda: make_event_loop(app)) as runner,
    ):
        runner.run(run(args, Path(tmp)))


if __name__ == "__main__":
    main()
