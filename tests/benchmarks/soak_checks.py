"""The figures and checks `soak_import.py` prints: the usage database and the main database
read directly, against the fake server's log of every request it saw."""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa

CHAT, EMBEDDINGS = "/v1/chat/completions", "/v1/embeddings"
EMBEDDING_ACTIONS = ("embed_cv", "embed_query")
# A parse answered this long (after its latency) before a kill may be lost by the kill:
# between the answer and the profile's commit, on a loaded machine.
KILL_WINDOW_S = 10.0
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
UNFINISHED = ("queued", "extracting", "parsing", "embedding")


@dataclass
class Figures:
    """Everything the run produced that the checks read."""

    requests: list[dict[str, Any]]
    pg_url: str
    data: Path
    folders: dict[str, Path]  # client name -> its CV folder
    uuids: dict[str, str]  # client name -> UUID
    caps: dict[str, float]  # client name -> hard cap (USD)
    kill_times: list[tuple[float, Path]]
    latency: float
    parallel: int
    wall_s: float
    finished: bool
    gave_up: list[str]
    kills: int
    restarts: int
    runs: int
    usage_exit: int
    budget_json: str
    results: list[tuple[str, bool, str]] = field(default_factory=list)

    def check(self, name: str, ok: bool, detail: str) -> None:
        self.results.append((name, ok, detail))


def usage_records(pg_url: str) -> list[dict[str, Any]]:
    from headhunter_desktop.core.analytics.tables import usage_records as table

    engine = sa.create_engine(pg_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.select(table)).mappings().all()
    finally:
        engine.dispose()
    return [dict(r) for r in rows]


def endpoint_of(record: dict[str, Any]) -> str:
    return EMBEDDINGS if record["action"] in EMBEDDING_ACTIONS else CHAT


def check_counts(fig: Figures, records: list[dict[str, Any]]) -> None:
    """One record per request the server saw, per endpoint."""
    for endpoint in (CHAT, EMBEDDINGS):
        seen = [r for r in fig.requests if r["path"] == endpoint]
        mine = [r for r in records if endpoint_of(r) == endpoint]
        answers = dict(Counter(r["answer"] for r in seen))
        statuses = dict(Counter(r["status"] for r in mine))
        detail = (f"{len(mine)} records {statuses} vs {len(seen)} requests the server saw "
                  f"(answers {answers})")  # fmt: skip
        # A SIGKILL between an intent's fsync and the request's first byte leaves an
        # interrupted record for a request the server never saw: the app cannot know
        # whether the bytes left, so it keeps the (estimated) record. At most one per kill.
        unsent = len(mine) - len(seen)
        interrupted = statuses.get("interrupted", 0)
        if unsent > 0:
            detail += f"; {unsent} interrupted record(s) whose request never left"
        ok = len(mine) == len(seen) or 0 < unsent <= min(interrupted, fig.kills)
        fig.check(f"records = requests {endpoint}", ok, detail)
    other = Counter(r["path"] for r in fig.requests if r["path"] not in (CHAT, EMBEDDINGS))
    if other:
        print(f"other requests (no usage record expected): {dict(other)}")


def check_tokens(fig: Figures, records: list[dict[str, Any]]) -> None:
    """Provider-reported tokens of the records against the server's answers, one to one."""
    for endpoint in (CHAT, EMBEDDINGS):
        answered = Counter(
            (r["prompt_tokens"], r["completion_tokens"] or 0)
            for r in fig.requests
            if r["path"] == endpoint and r["prompt_tokens"] is not None
        )
        mine = [r for r in records if endpoint_of(r) == endpoint]
        reported = Counter(
            (r["tokens_input"], r["tokens_output"])
            for r in mine
            if r["status"] == "ok" and r["usage_source"] == "provider"
        )
        interrupted = [r for r in mine if r["status"] == "interrupted"]
        unmatched, lost = reported - answered, answered - reported
        server_total = sum((p + c) * n for (p, c), n in answered.items())
        record_total = sum((p + c) * n for (p, c), n in reported.items())
        lost_total = sum((p + c) * n for (p, c), n in lost.items())
        estimated = sum(r["tokens_total"] for r in interrupted)
        ok = not unmatched and lost.total() <= len(interrupted)
        detail = (
            f"server reported {server_total} tokens in {answered.total()} answers; records "
            f"hold {record_total} provider tokens in {reported.total()} ({unmatched.total()} "
            f"match no answer); {lost.total()} answers ({lost_total} tokens) have no record: "
            f"≤ {len(interrupted)} interrupted records (estimated {estimated} prompt tokens)"
        )
        fig.check(f"tokens {endpoint}", ok, detail)


def cv_folders(fig: Figures) -> dict[str, Path]:
    """CV identity (its e-mail) -> the folder it is in."""
    where = {}
    for folder in fig.folders.values():
        for path in folder.iterdir():
            found = EMAIL.search(path.read_text(encoding="utf-8"))
            if found:
                where[found.group(0)] = folder
    return where


def check_parsed_once(fig: Figures) -> None:
    """Two full parse answers for one CV: only the parse a kill lost may be repeated."""
    parses: dict[str, list[float]] = defaultdict(list)
    for r in fig.requests:
        if r["path"] == CHAT and r["cv"] and r["answer"] == "200":
            parses[r["cv"]].append(r["arrived_at"])
    folders = cv_folders(fig)
    budget = Counter({i: fig.parallel for i in range(len(fig.kill_times))})  # lost per kill
    repeated = explained = 0
    for cv, times in parses.items():
        for at in sorted(times)[:-1]:  # every parse but the last was repeated
            repeated += 1
            kill = _explaining_kill(fig, at, folders.get(cv), budget)
            if kill is not None:
                budget[kill] -= 1
                explained += 1
    twice = sum(1 for times in parses.values() if len(times) > 1)
    detail = (f"{len(parses)} CVs parsed, {twice} more than once ({repeated} repeated parses, "
              f"{explained} lost to a kill: answered ≤ {KILL_WINDOW_S:.0f} s before a kill of "
              f"a process importing its folder, ≤ {fig.parallel} per kill)")  # fmt: skip
    fig.check("no CV parsed twice", repeated == explained, detail)


def _explaining_kill(fig: Figures, at: float, folder: Path | None, budget: Counter) -> int | None:
    for i, (killed_at, killed_folder) in enumerate(fig.kill_times):
        window = fig.latency + KILL_WINDOW_S
        if budget[i] > 0 and killed_folder == folder and killed_at - window <= at <= killed_at:
            return i
    return None


def check_caps(fig: Figures, records: list[dict[str, Any]]) -> None:
    now = datetime.now(UTC)
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    for name, cap in fig.caps.items():
        spent = sum(
            (r["cost_usd"] or Decimal(0))
            for r in records
            if r["client_uuid"] == fig.uuids[name] and r["occurred_at"] >= month_start
        )
        try:
            reported = json.loads(fig.budget_json).get("month_spend_usd")
        except ValueError:
            reported = "?"
        detail = f"${spent:.6f} spent this month (`usage budget`: ${reported}) vs cap ${cap:.6f}"
        fig.check(f"month spend ≤ hard cap ({name})", spent <= Decimal(str(cap)), detail)


def files_by_client(fig: Figures) -> dict[str, Counter]:
    """Per client: files imported, failed, stopped by the cap, queued (by each file's last job)."""
    engine = sa.create_engine(f"sqlite:///{fig.data / 'headhunter.db'}")
    query = sa.text(
        "SELECT c.name, j.source_path, j.state, j.error_code FROM import_jobs j "
        "LEFT JOIN client_companies c ON c.id = j.client_company_id ORDER BY j.id"
    )
    try:
        with engine.connect() as conn:
            rows = conn.execute(query).all()
    finally:
        engine.dispose()
    last: dict[tuple[str, str], tuple[str, str | None]] = {}
    jobs: Counter = Counter()
    for name, path, state, code in rows:
        jobs[name] += 1
        # A file done once stays imported: later runs see its copy as a duplicate.
        if last.get((name, path), ("",))[0] != "done":
            last[(name, path)] = (state, code)
    counts: dict[str, Counter] = defaultdict(Counter)
    for (name, _), (state, code) in last.items():
        kind = "stopped by cap" if code == "budget_exceeded" else state
        counts[name][kind if kind not in UNFINISHED else f"queued ({kind})"] += 1
    for name in counts:
        counts[name]["jobs"] = jobs[name]
    return counts


def run_checks(fig: Figures, args: argparse.Namespace) -> int:
    """Print the figures and the checks; 0 when every check passes."""
    records = usage_records(fig.pg_url)
    check_counts(fig, records)
    check_tokens(fig, records)
    check_parsed_once(fig)
    check_caps(fig, records)
    files = files_by_client(fig)
    for name, folder in fig.folders.items():
        if name not in fig.caps:
            n = sum(1 for _ in folder.iterdir())
            done = files[name]["done"]
            fig.check(f"every CV of {name} imported", done == n, f"{done} of {n} files")
    detail = f"{fig.runs} import runs; gave up: {fig.gave_up or 'none'}"
    fig.check("every import ended on its own", fig.finished and not fig.gave_up, detail)
    fig.check("`usage --format json` ran", fig.usage_exit == 0, f"exit {fig.usage_exit}")
    print_figures(fig, args, records, files)
    for name, ok, detail in fig.results:
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")
    return 0 if all(ok for _, ok, _ in fig.results) else 1


def print_figures(
    fig: Figures, args: argparse.Namespace, records: list[dict[str, Any]], files: dict
) -> None:
    print(f"CVs: {args.cvs}, processes: {args.processes}, flaky: {args.flaky}, "
          f"seed: {args.seed}, latency: {args.latency * 1000:.0f} ms")  # fmt: skip
    print(f"SIGKILLs: {fig.kills} of {args.kills}; usage server restarts: "
          f"{fig.restarts} of {args.pg_restarts}; import runs: {fig.runs}")  # fmt: skip
    print(f"wall time: {fig.wall_s:.1f} s")
    print(f"requests the server saw: {len(fig.requests)}; usage records: {len(records)}")
    by_status = Counter((r["action"], r["status"], r["usage_source"]) for r in records)
    for (action, status, source), n in sorted(by_status.items()):
        print(f"  records {action:<10} {status:<12} {source:<10} {n:6d}")
    for name in fig.folders:
        counts = dict(sorted(files.get(name, Counter()).items()))
        print(f"files of {name}: {counts}")
