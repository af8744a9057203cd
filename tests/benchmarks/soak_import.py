"""Soak test: concurrent command-line imports, SIGKILLs, a flaky LLM and a restarting usage server.

Run: `.venv/bin/python tests/benchmarks/soak_import.py [--cvs 300] [--processes 3] [--kills 6]
[--pg-restarts 2] [--flaky 0.15] [--seed N] [--pg-url URL --pg-data DIR] [--cap-usd USD]`

N generated text CVs go in two folders: a third for "Capped Ltd" (a hard-capped monthly
budget, low enough to stop its import midway), the rest for "Open Ltd" (no budget). A
throwaway PostgreSQL cluster is the shared usage server (or `--pg-url`/`--pg-data`: an
existing one this script may restart with pg_ctl). The OpenAI-compatible fake server runs
in a child process (`soak_server.py`) and fails `--flaky` of the requests (429 with
Retry-After: 0, 500, dropped connection). `--processes` slots run `headhunter-desktop cv
import FOLDER --client NAME` on one data folder, each over both folders in turn; at random
points of the progress one running import is SIGKILLed (and its slot starts it again), and
PostgreSQL is restarted (`pg_ctl restart -m fast`). A slot is done when an import of each
folder ended on its own with nothing left but files the hard cap stopped.

Then `usage --format json` (which flushes and adopts the spools of killed processes), and
the checks, read from the usage database and the server's log of every request:
- records = requests, per endpoint: one usage record per HTTP attempt, retries and killed
  ones included;
- tokens: every record with provider-reported usage matches one answer of the server
  (prompt and completion tokens); the server's answers without such a record are at most the
  interrupted records (answers sent to a process killed before it read them);
- no CV parsed twice (two full parse answers for one CV), except what kills explain: a parse
  answered shortly before a kill, of a CV in the folder the killed process imported;
- month spend of every hard-capped client ≤ its cap;
- every CV of the uncapped client imported, every slot done before the timeout.
Exit 0 only when every check passes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.soak_checks import Figures, run_checks
from tests.benchmarks.soak_infra import (
    REPO,
    PgCluster,
    ServerProcess,
    cli_env,
    estimated_cap_usd,
    setup_clients,
    soak_cli,
)
from tests.helpers.cv_files import write_txt_cvs

CAPPED, OPEN = "Capped Ltd", "Open Ltd"
POLL_S = 0.2
MAX_RUNS_PER_FOLDER = 25


class Slot:
    """One of the concurrent import processes: its folders in turn, restarted after a kill."""

    def __init__(self, index: int, folders: list[tuple[Path, str]], data: Path, env: dict) -> None:
        self.index, self.todo, self.data, self.env = index, list(folders), data, env
        self.proc: subprocess.Popen[bytes] | None = None
        self.runs = self.kills = 0
        self.runs_of_folder = 0
        self.gave_up: str | None = None
        self._out: Path | None = None

    @property
    def done(self) -> bool:
        return not self.todo or self.gave_up is not None

    @property
    def folder(self) -> Path:
        return self.todo[0][0]

    def start(self, logs: Path) -> None:
        folder, client = self.todo[0]
        self.runs += 1
        self.runs_of_folder += 1
        self._out = logs / f"slot{self.index}_run{self.runs}.json"
        command = [sys.executable, "-m", "headhunter_desktop", "--data-dir", str(self.data)]
        command += ["cv", "import", str(folder), "--client", client, "--json"]
        with self._out.open("wb") as out, self._out.with_suffix(".err").open("wb") as err:
            # Its own process group: a SIGKILL takes any worker processes with it.
            self.proc = subprocess.Popen(
                command, stdout=out, stderr=err, env=self.env, cwd=REPO, start_new_session=True
            )

    def kill(self) -> None:
        assert self.proc is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.proc = None
        self.kills += 1

    def poll(self) -> None:
        """When the running import ended on its own: next folder, or the same again."""
        if self.proc is None or self.proc.poll() is None:
            return
        code, self.proc = self.proc.returncode, None
        if code in (0, 1, 2) and self._only_capped_left():
            self.todo.pop(0)
            self.runs_of_folder = 0
        elif self.runs_of_folder >= MAX_RUNS_PER_FOLDER:
            self.gave_up = f"{self.folder.name}: {self.runs_of_folder} runs, last exit {code}"

    def _only_capped_left(self) -> bool:
        assert self._out is not None
        try:
            document = json.loads(self._out.read_text())
        except ValueError:
            # No report: the run ended on one error line, which may be the cap's.
            errors = self._out.with_suffix(".err").read_text(errors="replace").splitlines()
            return bool(errors) and errors[-1].startswith("error: The monthly budget")
        return all("monthly budget" in item["error"] for item in document["failed"])


class Disruptions:
    """Kills and usage-server restarts at random points of the progress (parse answers)."""

    def __init__(self, args: argparse.Namespace, expected_parses: int, rng: random.Random):
        def points(n: int) -> list[float]:
            return sorted(rng.uniform(0.05, 0.75) * expected_parses for _ in range(n))

        self.kill_at, self.restart_at = points(args.kills), points(args.pg_restarts)
        self.kill_times: list[tuple[float, Path]] = []  # (time.time(), folder being imported)
        self.restarts = 0
        self._rng = rng

    def step(self, progress: int, slots: list[Slot], pg: PgCluster) -> None:
        if self.kill_at and progress >= self.kill_at[0]:
            running = [s for s in slots if s.proc is not None]
            if running:
                self.kill_at.pop(0)
                victim = self._rng.choice(running)
                self.kill_times.append((time.time(), victim.folder))
                victim.kill()
        if self.restart_at and progress >= self.restart_at[0]:
            self.restart_at.pop(0)
            pg.restart()
            self.restarts += 1


def drive(slots: list[Slot], server: ServerProcess, pg: PgCluster, chaos: Disruptions,
          logs: Path, timeout_s: float) -> bool:  # fmt: skip
    """Run the slots until each is done; False when the timeout came first."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for slot in slots:
            slot.poll()
            if slot.proc is None and not slot.done:
                slot.start(logs)
        if all(s.done and s.proc is None for s in slots):
            return True
        chaos.step(server.progress()["parse_ok"], slots, pg)
        time.sleep(POLL_S)
    for slot in slots:
        if slot.proc is not None:
            slot.kill()  # the timeout's, not a disruption: not counted as one
            slot.kills -= 1
    return False


def run(args: argparse.Namespace, root: Path) -> int:
    rng = random.Random(args.seed)
    n_capped = args.cvs // 3
    folders = {CAPPED: root / "cvs_capped", OPEN: root / "cvs_open"}
    write_txt_cvs(folders[CAPPED], n_capped)
    write_txt_cvs(folders[OPEN], args.cvs - n_capped, first_serial=n_capped + 1)
    data, logs = root / "data", root / "logs"
    logs.mkdir()
    with (
        PgCluster.open(args.pg_url, args.pg_data, root / "pg") as pg,
        ServerProcess(args.flaky, args.latency, args.seed, args.answer_tokens) as server,
    ):
        env = cli_env(root, server.base_url, pg.url)
        uuids = setup_clients(data, env, [CAPPED, OPEN])
        cap = args.cap_usd if args.cap_usd is not None else estimated_cap_usd(n_capped, args)
        soak_cli(data, env, "usage", "budget", "--client", CAPPED, "--monthly", f"{cap}",
                "--hard-cap", "--json")  # fmt: skip
        pairs = [(folders[OPEN], OPEN), (folders[CAPPED], CAPPED)]
        slots = [Slot(i, pairs[i % 2 :] + pairs[: i % 2], data, env) for i in range(args.processes)]
        chaos = Disruptions(args, args.cvs - n_capped // 2, rng)
        started = time.monotonic()
        finished = drive(slots, server, pg, chaos, logs, args.timeout)
        wall_s = time.monotonic() - started
        usage = soak_cli(data, env, "usage", "--format", "json")
        budget = soak_cli(data, env, "usage", "budget", "--client", CAPPED, "--json")
        figures = Figures(
            requests=server.report(), pg_url=pg.url, data=data, folders=folders, uuids=uuids,
            caps={CAPPED: cap}, kill_times=chaos.kill_times, latency=args.latency,
            parallel=4, wall_s=wall_s, finished=finished,
            gave_up=[s.gave_up for s in slots if s.gave_up],
            kills=sum(s.kills for s in slots), restarts=chaos.restarts,
            runs=sum(s.runs for s in slots), usage_exit=usage.returncode,
            budget_json=budget.stdout,
        )  # fmt: skip
        print(f"data folder, logs: {root} (kept with --keep)")
        return run_checks(figures, args)  # the usage server still runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cvs", type=int, default=300)
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--kills", type=int, default=6)
    parser.add_argument("--pg-restarts", type=int, default=2)
    parser.add_argument("--flaky", type=float, default=0.15)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--latency", type=float, default=0.05, help="server latency, seconds")
    parser.add_argument("--answer-tokens", type=int, default=2000, help="per parse answer")
    parser.add_argument("--cap-usd", type=float, default=None, help="Capped Ltd's hard cap")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds for the imports")
    parser.add_argument("--pg-url", help="an existing PostgreSQL usage server (with --pg-data)")
    parser.add_argument("--pg-data", help="its data directory, for pg_ctl restart")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if bool(args.pg_url) != bool(args.pg_data):
        parser.error("--pg-url and --pg-data go together")
    root = Path(tempfile.mkdtemp(prefix="soak_import_"))
    os.chmod(root, 0o755)  # the postgres user creates the throwaway cluster inside
    try:
        code = run(args, root)
    finally:
        if not args.keep:
            subprocess.run(["rm", "-rf", str(root)], check=False)
    sys.exit(code)


if __name__ == "__main__":
    main()
