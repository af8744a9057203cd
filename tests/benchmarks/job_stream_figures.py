"""What `bench_job_stream.py` measures, its targets, and how it prints them (standard
library only: the benchmark's spawned workers import its top again)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from tests.benchmarks.bench_common import mark

TARGET_RATIO = 0.95  # deltas/s into the editors over the bare openai client's
TARGET_STALL_MS = 16.0
TARGET_LATENCY_MS = 50.0  # delta to screen, p95
TARGET_RATE = 2000.0  # tokens/s on screen
TARGET_CANCEL_MS = 100.0
TARGET_SLOWDOWN = 1.5  # first text during an import over without
TARGET_PARSE_MS = 15.0


@dataclass
class AppStream:
    """One generation into the job editor, as the screen showed it."""

    rate: float  # chunks on screen per second, from the first shown to the last
    server_rate: float  # chunks the server wrote per second
    latency_p50_ms: float
    latency_p95_ms: float
    stall_ms: float  # longest heartbeat gap until the last text was on screen
    stall_cpu_ms: float  # the most GUI-thread CPU time within one of those gaps
    end_stall_ms: float  # longest gap after it (fields completed, Markdown rendered, saved)
    shown: int  # chunks with text of a shown field that reached the screen
    expected: int
    ok: bool


@dataclass
class Results:
    """Everything one run measured."""

    chunks: int = 0
    characters: int = 0
    server_alone: float = 0.0
    bare: list[float] = field(default_factory=list)
    unpaced: list[AppStream] = field(default_factory=list)
    paced: list[tuple[float, AppStream]] = field(default_factory=list)  # (chunks/s, run)
    parse_cpu_ms: tuple[float, float] = (0.0, 0.0)  # median, best
    cancel_ms: list[tuple[float, float]] = field(default_factory=list)  # closed, finished
    idle_first: list[tuple[float, float]] = field(default_factory=list)  # text, field (s)
    busy_first: list[tuple[float, float]] = field(default_factory=list)
    busy_while_importing: int = 0  # of busy_first: ended while the import still ran
    cvs: int = 0
    cvs_failed: int = 0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def listed(values: list[float], digits: int = 0) -> str:
    return ", ".join(f"{v:,.{digits}f}" for v in values)


def report(results: Results) -> None:
    _report_throughput(results)
    _report_paced(results)
    _report_parse_and_cancel(results)
    _report_import(results)


def _report_throughput(results: Results) -> None:
    bare, app = results.bare, [run.rate for run in results.unpaced]
    ratios = [a / b for a, b in zip(app, bare, strict=True) if b]
    ratio, rate = statistics.median(ratios), statistics.median(app)
    print(
        f"job answer:                 {results.chunks:,} one-word chunks, "
        f"{results.characters:,} characters of field text, into the Jobs tab's editor"
    )
    print(
        f"server alone (raw reader):  {results.server_alone:8,.0f} chunks/s, "
        f"{results.server_alone / statistics.median(bare):.0f}x the bare openai client: "
        "not the bottleneck"
    )
    print(f"unpaced, bare openai client: {listed(bare)} deltas/s (rounds: {len(bare)})")
    print(f"unpaced, into the editors:   {listed(app)} deltas/s on screen (same rounds)")
    print(
        f"throughput ratio:           {ratio:8.2f} median of {listed(ratios, 2)} "
        f"(target >= {TARGET_RATIO}: {mark(ratio >= TARGET_RATIO)})"
    )
    print(
        f"sustained render rate:      {rate:8,.0f} tokens/s median, unpaced "
        f"(target >= {TARGET_RATE:,.0f}: {mark(rate >= TARGET_RATE)})"
    )
    stalls = [run.stall_ms for run in results.unpaced]
    print(
        f"GUI stall, unpaced:         {listed(stalls)} ms while streaming (target <= "
        f"{TARGET_STALL_MS:.0f}: {mark(max(stalls) <= TARGET_STALL_MS)}); GUI-thread CPU in "
        f"the gap {listed([r.stall_cpu_ms for r in results.unpaced])} ms; once complete "
        f"(Markdown rendered, saved) {listed([r.end_stall_ms for r in results.unpaced])} ms"
    )
    for run in [*results.unpaced, *(run for _, run in results.paced)]:
        if not run.ok:
            print("  note: a generation did not complete")
        if run.shown < run.expected:  # text written into a field out of view is not painted
            print(f"  note: {run.expected - run.shown} of a stream's chunks never seen painted")


def _report_paced(results: Results) -> None:
    unpaced_p95 = listed([r.latency_p95_ms for r in results.unpaced])
    print(
        f"delta-to-screen, unpaced:   p95 {unpaced_p95} ms (not a latency: chunks wait in "
        "socket buffers for a client slower than the server)"
    )
    for rate, run in results.paced:
        p95 = run.latency_p95_ms
        print(
            f"paced at {rate:5,.0f} chunks/s:  screen {run.rate:,.0f}/s (server "
            f"{run.server_rate:,.0f}/s); delta-to-screen p50 {run.latency_p50_ms:.1f} ms, p95 "
            f"{p95:.1f} ms (target <= {TARGET_LATENCY_MS:.0f}: {mark(p95 <= TARGET_LATENCY_MS)});"
            f" stall {run.stall_ms:.1f} ms ({mark(run.stall_ms <= TARGET_STALL_MS)}; CPU "
            f"{run.stall_cpu_ms:.1f}), once complete {run.end_stall_ms:.1f} ms"
        )


def _report_parse_and_cancel(results: Results) -> None:
    parse, best = results.parse_cpu_ms
    print(
        f"partial-JSON parse CPU:     {parse:8.1f} ms median, best {best:.1f} ms (50 KB in "
        f"4-char deltas; bench_partial_json.py (c); target <= {TARGET_PARSE_MS:.0f} ms: "
        f"{mark(parse <= TARGET_PARSE_MS)})"
    )
    closed = [close for close, _ in results.cancel_ms]
    if not closed:
        print("cancel to socket closed:    not measured (--cancels 0)")
        return
    median = statistics.median(closed)
    print(
        f"cancel to socket closed:    {median:8.1f} ms median of {listed(closed, 1)} (target "
        f"<= {TARGET_CANCEL_MS:.0f}: {mark(median <= TARGET_CANCEL_MS)}); to the runner's "
        f"finished {statistics.median([f for _, f in results.cancel_ms]):.1f} ms"
    )


def _report_import(results: Results) -> None:
    if not results.idle_first or not results.busy_first:
        print("generation during an import: not measured (--clicks 0)")
        return
    idle = statistics.median([text for text, _ in results.idle_first])
    busy = statistics.median([text for text, _ in results.busy_first])
    for label, runs in (("no import:", results.idle_first), ("importing:", results.busy_first)):
        print(
            f"first text, {label}      {statistics.median([t for t, _ in runs]) * 1000:8.0f} ms"
            f" median of {listed([t * 1000 for t, _ in runs])}; first field complete "
            f"{listed([f * 1000 for _, f in runs])} ms"
        )
    print(
        f"ratio during / no import:   {busy / idle:8.2f} (target <= {TARGET_SLOWDOWN}: "
        f"{mark(busy / idle <= TARGET_SLOWDOWN)}); {results.busy_while_importing} of "
        f"{len(results.busy_first)} ended while the import ran ({results.cvs} CVs, "
        f"{results.cvs_failed} failed)"
    )
