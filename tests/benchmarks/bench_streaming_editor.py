"""Streaming into the editor: GUI-thread stalls, delta-to-screen latency, render rate.

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/bench_streaming_editor.py
[--deltas 20000] [--rate 4000] [--naive-set-deltas 2000]`

A task on the qasync loop pushes ~4-character deltas of a generated Markdown answer into
an editor shown at 900×600, paced at --rate deltas/s (a fast server; the window keeps up or
falls behind), then unpaced (bursts of 32 deltas per loop turn: how fast it can render),
while a 5 ms heartbeat QTimer records the GUI thread's gaps. First, the same heartbeat
with nothing streaming (the machine's own noise) and a 6 KB field (a job description).
Per run:
- longest stall: the longest gap between heartbeat ticks (target ≤ 16 ms), wall clock
  and, in brackets, the GUI thread's CPU time within it: on a shared, loaded machine the
  wall figure is mostly other processes preempting this one;
- latency p95 from `append` to the insert that carried the delta into the document, and
  to the next paint of the editor's viewport (target ≤ 50 ms);
- render rate: deltas on screen per second, first append to last paint (a delta is about
  a token; target ≥ 2,000 tokens/s);
- for StreamingEditor, the one-off `end_stream()` (Markdown rendered once) and its stall.
Baselines in the same run: QPlainTextEdit.insertPlainText per delta, and FeelUOwn's first
version, setPlainText(whole text) per delta — the latter on the first --naive-set-deltas
deltas only, because it is quadratic.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QWidget

from headhunter_desktop.app import make_event_loop
from headhunter_desktop.ui.common.streaming_editor import StreamingEditor

HEARTBEAT_MS = 5
BURST = 32
VOCABULARY = (
    "the team builds reliable data pipelines for our clients across Europe and we value "
    "ownership clear writing pragmatic testing mentoring Python PostgreSQL Kubernetes "
    "observability product sense customer focus hybrid remote Berlin Lisbon growth budget"
)


def markdown_answer(chars: int, seed: int = 7) -> str:
    """A job-posting-like Markdown text: headings, paragraphs, bullet lists."""
    rng = random.Random(seed)
    words = VOCABULARY.split(" ")
    parts: list[str] = []
    while sum(map(len, parts)) < chars:
        parts.append(f"## {' '.join(rng.choices(words, k=3)).title()}\n\n")
        parts.append(" ".join(rng.choices(words, k=rng.randint(40, 90))) + ".\n\n")
        parts.extend(
            f"- **{rng.choice(words)}** {' '.join(rng.choices(words, k=8))}\n" for _ in range(4)
        )
        parts.append("\n")
    return "".join(parts)[:chars]


@dataclass
class Probe:
    """Timestamps of one run: appends, inserts, paints, heartbeat ticks."""

    appended_at: list[float]
    inserted: int = 0
    painted: int = 0
    to_document_ms: list[float] = field(default_factory=list)
    to_paint_ms: list[float] = field(default_factory=list)
    ticks: list[tuple[float, float]] = field(default_factory=list)  # (wall, thread CPU)
    inserts: int = 0
    last_paint_at: float = 0.0

    def on_tick(self) -> None:
        self.ticks.append((time.perf_counter(), time.thread_time()))

    def on_inserted(self, count: int) -> None:
        now = time.perf_counter()
        self.to_document_ms.extend(
            (now - t) * 1000 for t in self.appended_at[self.inserted : self.inserted + count]
        )
        self.inserted += count
        self.inserts += 1

    def on_paint(self) -> None:
        now = time.perf_counter()
        if self.painted < self.inserted:
            self.last_paint_at = now
        self.to_paint_ms.extend(
            (now - t) * 1000 for t in self.appended_at[self.painted : self.inserted]
        )
        self.painted = self.inserted


class PaintWatch(QObject):
    def __init__(self, probe: Probe):
        super().__init__()
        self.probe = probe

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.probe.on_paint()
        return False


class InsertPerDelta:
    """Baseline: QPlainTextEdit.insertPlainText for every delta."""

    def __init__(self, probe: Probe):
        self.widget = QPlainTextEdit()
        self.probe = probe

    def append(self, delta: str) -> None:
        self.widget.insertPlainText(delta)
        self.probe.on_inserted(1)


class SetPlainTextPerDelta:
    """Baseline: the whole text set again for every delta."""

    def __init__(self, probe: Probe):
        self.widget = QPlainTextEdit()
        self.probe = probe
        self.text = ""

    def append(self, delta: str) -> None:
        self.text += delta
        self.widget.setPlainText(self.text)
        self.probe.on_inserted(1)


class Streaming:
    """The StreamingEditor; its flushes report how many deltas reached the document."""

    def __init__(self, probe: Probe):
        self.widget = StreamingEditor()
        self.widget.chunk_flushed.connect(probe.on_inserted)
        self.append = self.widget.append


async def feed(sink: object, deltas: list[str], probe: Probe, rate: float) -> None:
    """Append the deltas at `rate` per second (0: in bursts, yielding each loop turn)."""
    start = time.perf_counter()
    sent = 0
    clock = time.perf_counter
    append = sink.append  # type: ignore[attr-defined]
    while sent < len(deltas):
        due = int((clock() - start) * rate) + 1 if rate else sent + BURST
        for i in range(sent, min(due, len(deltas))):
            probe.appended_at[i] = clock()
            append(deltas[i])
        sent = max(sent, min(due, len(deltas)))
        await asyncio.sleep(0.001 if rate else 0)


async def run(kind: type, deltas: list[str], rate: float) -> dict[str, float]:
    probe = Probe(appended_at=[0.0] * len(deltas))
    sink = kind(probe)
    widget: QWidget = sink.widget
    widget.resize(900, 600)
    widget.show()
    watch = PaintWatch(probe)
    widget.viewport().installEventFilter(watch)  # type: ignore[attr-defined]
    await asyncio.sleep(0.2)  # shown and painted once before the clock starts
    if isinstance(widget, StreamingEditor):
        widget.begin_stream()
    heartbeat = start_heartbeat(probe)
    started = time.perf_counter()
    await feed(sink, deltas, probe, rate)
    await wait_until_painted(probe, len(deltas))
    figures = summarise(probe, len(deltas), probe.last_paint_at - started)
    if isinstance(widget, StreamingEditor):
        figures |= await time_end_stream(widget, probe)
    heartbeat.stop()
    widget.close()
    widget.deleteLater()
    await asyncio.sleep(0.05)
    return figures


def start_heartbeat(probe: Probe) -> QTimer:
    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.timeout.connect(probe.on_tick)
    heartbeat.start(HEARTBEAT_MS)
    return heartbeat


async def machine_noise(seconds: float = 2.0) -> tuple[float, float]:
    """The longest heartbeat gap with nothing to do: what the machine alone costs."""
    probe = Probe(appended_at=[])
    heartbeat = start_heartbeat(probe)
    await asyncio.sleep(seconds)
    heartbeat.stop()
    return longest_gaps(probe.ticks)


async def wait_until_painted(probe: Probe, count: int) -> None:
    """Until the last delta is painted; text inserted below the visible part never is."""
    last_change, seen = time.perf_counter(), (0, 0)
    while probe.painted < count and time.perf_counter() - last_change < 2.0:
        await asyncio.sleep(0.001)
        if (probe.inserted, probe.painted) != seen:
            last_change, seen = time.perf_counter(), (probe.inserted, probe.painted)


async def time_end_stream(editor: StreamingEditor, probe: Probe) -> dict[str, float]:
    await asyncio.sleep(0.05)
    before, cpu_before = time.perf_counter(), time.thread_time()
    editor.end_stream()
    took, cpu = time.perf_counter() - before, time.thread_time() - cpu_before
    ticks_before = len(probe.ticks)
    await asyncio.sleep(0.05)
    wall, _cpu = longest_gaps(probe.ticks[max(0, ticks_before - 1) : ticks_before + 2])
    return {"end_ms": took * 1000, "end_cpu_ms": cpu * 1000, "end_stall_ms": wall}


def longest_gaps(ticks: list[tuple[float, float]]) -> tuple[float, float]:
    """The longest gap between heartbeat ticks in ms: wall clock, and the GUI thread's own
    CPU time in it (what remains when other processes preempt us on a shared machine)."""
    pairs = list(itertools.pairwise(ticks))
    wall = max((b[0] - a[0] for a, b in pairs), default=0.0)
    cpu = max((b[1] - a[1] for a, b in pairs), default=0.0)
    return wall * 1000, cpu * 1000


def summarise(probe: Probe, count: int, elapsed: float) -> dict[str, float]:
    wall, cpu = longest_gaps(probe.ticks)
    return {
        "stall_ms": wall,
        "cpu_stall_ms": cpu,
        "doc_p50_ms": statistics.median(probe.to_document_ms),
        "doc_p95_ms": percentile(probe.to_document_ms, 0.95),
        "paint_p95_ms": percentile(probe.to_paint_ms, 0.95),
        "rate": probe.painted / elapsed,
        "unpainted": count - probe.painted,
        "inserts": probe.inserts,
    }


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(label: str, figures: dict[str, float]) -> None:
    line = (
        f"{label:46s} stall {figures['stall_ms']:7.1f} ms (CPU {figures['cpu_stall_ms']:6.1f})"
        f" | to document p50 "
        f"{figures['doc_p50_ms']:7.1f} p95 {figures['doc_p95_ms']:7.1f} ms | to paint p95 "
        f"{figures['paint_p95_ms']:7.1f} ms | {figures['rate']:8,.0f} deltas/s | "
        f"{figures['inserts']:6,.0f} inserts"
    )
    if figures["unpainted"]:
        line += f" | {figures['unpainted']:,.0f} deltas never painted"
    if "end_ms" in figures:
        line += (
            f" | end_stream {figures['end_ms']:.1f} ms (CPU {figures['end_cpu_ms']:.1f},"
            f" stall {figures['end_stall_ms']:.1f})"
        )
    print(line, flush=True)


async def main(args: argparse.Namespace) -> None:
    text = markdown_answer(args.deltas * 4)
    deltas = [text[i : i + 4] for i in range(0, len(text), 4)]
    naive_set = deltas[: args.naive_set_deltas]
    print(f"{len(deltas):,} deltas, {len(text):,} characters; heartbeat {HEARTBEAT_MS} ms")
    wall, cpu = await machine_noise()
    print(f"idle, no stream: longest heartbeat gap {wall:.1f} ms (CPU {cpu:.1f}) — machine noise")
    field = await run(Streaming, deltas[: args.field_deltas], args.rate)
    report(f"StreamingEditor, {args.field_deltas * 4 // 1000} KB field", field)
    results: dict[str, tuple[dict[str, float], dict[str, float]]] = {}
    for rate, pace in ((args.rate, f"paced {args.rate:,.0f}/s"), (0, "unpaced")):
        editor = await run(Streaming, deltas, rate)
        report(f"StreamingEditor, {pace}", editor)
        insert = await run(InsertPerDelta, deltas, rate)
        report(f"insertPlainText per delta, {pace}", insert)
        results[pace] = (editor, insert)
        naive = await run(SetPlainTextPerDelta, naive_set, rate)
        report(f"setPlainText per delta ({len(naive_set):,} only), {pace}", naive)
    paced, unpaced = results[f"paced {args.rate:,.0f}/s"], results["unpaced"]
    editor, insert = paced
    print(
        f"paced, StreamingEditor vs insertPlainText per delta: longest stall "
        f"{insert['stall_ms'] / editor['stall_ms']:.0f}x shorter (GUI-thread CPU "
        f"{insert['cpu_stall_ms'] / editor['cpu_stall_ms']:.0f}x), paint latency p95 "
        f"{insert['paint_p95_ms'] / editor['paint_p95_ms']:.0f}x lower"
    )
    editor, insert = unpaced
    print(
        f"unpaced, StreamingEditor vs insertPlainText per delta: render rate "
        f"{editor['rate'] / insert['rate']:.1f}x"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deltas", type=int, default=20_000)
    parser.add_argument("--rate", type=float, default=4000, help="deltas/s from the server")
    parser.add_argument("--naive-set-deltas", type=int, default=2000)
    parser.add_argument("--field-deltas", type=int, default=1500, help="a job description")
    app = QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    loop = make_event_loop(app)
    asyncio.set_event_loop(loop)
    with loop:
        loop.run_until_complete(main(parser.parse_args()))
