"""Parse CPU of a streamed structured answer: re-parsing per delta against the field reader.

Run: `python tests/benchmarks/bench_partial_json.py [--kb 50] [--delta-chars 4] [--runs 5]`

A seeded, ~50 KB job-posting-like JSON answer (a department profile with its job
templates and a full posting: long descriptions with newlines, quotes and accents, list
fields, numbers, booleans, a nested salary range) is cut into deltas of --delta-chars
characters and parsed as a structured stream would:

(a) today: `pydantic_core.from_json(buffer, allow_partial="trailing-strings")` on the
    whole buffer after every delta (quadratic in the answer's length);
(b) the same, throttled to one parse per 16 ms frame of simulated stream time, at a
    given model speed (one delta = one token; 80 tokens/s is a hosted model, 1,000
    tokens/s a fast local server); a parse also runs on the last delta;
(c) `FieldStreamParser`, fed every delta (O(len(delta)) work per delta);
(d) (c) plus `coalesce` of each frame's events, what an editor applies per frame.

Figures are total parse CPU (`time.process_time`) per answer, the median (and the best)
of --runs; the ratio is of medians, against (a) in the same run. The final
`model_validate_json` of the whole answer, done once in every approach, is printed apart.
Target for (c): <= 15 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydantic_core
from pydantic import BaseModel

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import itertools

from headhunter_desktop.core.llm.field_events import FieldEvent, coalesce
from headhunter_desktop.core.llm.field_stream import FieldStreamParser

FRAME_S = 0.016
WORDS = [
    *("team", "platform", "customers", "build", "design", "review", "mentor", "deliver"),
    *("reliable", "scalable", "services", "data", "pipeline", "cloud", "Kubernetes"),
    *("Python", "stakeholders", "roadmap", "quality", "security", '"ownership"', "café"),
    *("Zürich", "résumé", "growth", "—", "budget", "on-call", "incident"),
]


class SalaryRange(BaseModel):
    min: int
    max: int
    currency: str


class JobTemplate(BaseModel):
    title: str
    description: str
    technologies: list[str]


class JobPosting(BaseModel):
    title: str
    description: str
    responsibilities: list[str]
    qualifications: list[str]
    years_experience: int | None
    salary_range: SalaryRange | None
    remote: bool


class DepartmentAnswer(BaseModel):
    name: str
    description: str
    technologies: list[str]
    job_templates: list[JobTemplate]
    posting: JobPosting


def prose(rng: random.Random, words: int) -> str:
    sentences = []
    while words > 0:
        n = min(words, rng.randint(6, 18))
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + ".")
        words -= n
    return "\n".join(" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4))


def answer(kb: int, seed: int = 7) -> str:
    """A department answer of about `kb` kilobytes, as a model would write it."""
    rng = random.Random(seed)
    posting = {
        "title": "Senior Platform Engineer",
        "description": prose(rng, 600),
        "responsibilities": [prose(rng, 25) for _ in range(12)],
        "qualifications": [prose(rng, 15) for _ in range(10)],
        "years_experience": 5,
        "salary_range": {"min": 85000, "max": 110000, "currency": "EUR"},
        "remote": True,
    }
    templates: list[dict[str, Any]] = []
    department = {
        "name": "Platform",
        "description": prose(rng, 300),
        "technologies": WORDS[:12],
        "job_templates": templates,
        "posting": posting,
    }
    while len(json.dumps(department, ensure_ascii=False)) < kb * 1000:
        technologies = rng.sample(WORDS, 6)
        templates.append(
            {"title": prose(rng, 3), "description": prose(rng, 120), "technologies": technologies}
        )
    return json.dumps(department, ensure_ascii=False)


def deltas(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


def frame_ends(count: int, tokens_per_s: float | None) -> list[bool]:
    """Which deltas end a 16 ms frame of stream time (all of them when unthrottled)."""
    if tokens_per_s is None:
        return [True] * count
    frames = [int(i / tokens_per_s / FRAME_S) for i in range(count)]
    return [a != b for a, b in itertools.pairwise(frames)] + [True]


def reparse(parts: list[str], parse_now: list[bool]) -> None:
    """Today's partial parse of the whole buffer, after each delta that ends a frame."""
    buffer = ""
    for part, now in zip(parts, parse_now, strict=True):
        buffer += part
        if now:
            with contextlib.suppress(ValueError):
                pydantic_core.from_json(buffer, allow_partial="trailing-strings")


def incremental(parts: list[str]) -> None:
    parser = FieldStreamParser(DepartmentAnswer)
    for part in parts:
        parser.feed(part)
    parser.finish()


def incremental_per_frame(parts: list[str], frame_end: list[bool]) -> None:
    parser = FieldStreamParser(DepartmentAnswer)
    frame: list[FieldEvent] = []
    for part, end in zip(parts, frame_end, strict=True):
        frame += parser.feed(part)
        if end:
            coalesce(frame)
            frame = []


def cpu_ms(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and best CPU time of `work` (the best shows it apart from a busy machine)."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        work()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--kb", type=int, default=50)
    args.add_argument("--delta-chars", type=int, default=4)
    args.add_argument("--runs", type=int, default=5)
    args.add_argument("--tokens-per-s", type=float, nargs="+", default=[80.0, 1000.0])
    options = args.parse_args()
    runs = options.runs
    text = answer(options.kb)
    parts = deltas(text, options.delta_chars)
    print(f"answer: {len(text):,} characters, {len(parts):,} deltas of {options.delta_chars}")
    baseline = cpu_ms(lambda: reparse(parts, frame_ends(len(parts), None)), runs)
    rows = [("(a) re-parse the whole buffer per delta", baseline)]
    for rate in options.tokens_per_s:
        ends = frame_ends(len(parts), rate)
        label = f"(b) once per 16 ms at {rate:,.0f} tokens/s ({sum(ends):,} parses)"
        rows.append((label, cpu_ms(functools.partial(reparse, parts, ends), runs)))
    rows.append(("(c) FieldStreamParser, every delta", cpu_ms(lambda: incremental(parts), runs)))
    ends = frame_ends(len(parts), options.tokens_per_s[-1])
    label = f"(d) (c) + coalesce per frame ({sum(ends):,} frames)"
    rows.append((label, cpu_ms(lambda: incremental_per_frame(parts, ends), runs)))
    print(f"{'':<58} {'median':>8}      {'ratio':>6}        {'best':>6}")
    for label, (ms, best) in rows:
        print(f"{label:<58} {ms:8.1f} ms   {ms / baseline[0]:6.3f} x (a)   {best:6.1f} ms")
    final = cpu_ms(lambda: DepartmentAnswer.model_validate_json(text), runs)[0]
    print(f"{'final model_validate_json, once in every approach':<58} {final:8.1f} ms")


if __name__ == "__main__":
    main()
