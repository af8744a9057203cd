"""What `soak_import.py` runs against: a throwaway PostgreSQL cluster, the flaky fake server
in a child process, and the command-line app (clients, budget, usage)."""

from __future__ import annotations

import argparse
import glob
import json
import os
import shlex
import socket
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.helpers.cli import run_cli

REPO = Path(__file__).resolve().parents[2]
CHAT_MODEL, EMBEDDING_MODEL = "gpt-4o-mini", "text-embedding-3-small"
# The hold a CV takes before its work (see core/services/import_budget.py), roughly: the
# longest parse prompt (CV budget 6,000 tokens + rules and schema), the whole output limit
# (8,192) and the longest embedding input (8,000).
HOLD_PROMPT_TOKENS, HOLD_OUTPUT_TOKENS, HOLD_EMBED_TOKENS = 7_500, 8_192, 8_000
# What one parse request of a generated CV weighs, in the fake server's words.
PARSE_PROMPT_WORDS = 700


class PgCluster:
    """A PostgreSQL server the soak test may restart: its own throwaway cluster (initdb and
    pg_ctl as the postgres user, as .ci/run does), or an existing one given by URL and data
    directory."""

    def __init__(self, url: str, data_dir: Path, owned: bool) -> None:
        self.url, self.data_dir, self.owned = url, data_dir, owned
        self.bin = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version)[-1]

    @classmethod
    def open(cls, url: str | None, data_dir: str | None, where: Path) -> PgCluster:
        if url and data_dir:
            return cls(url, Path(data_dir), owned=False)
        where.mkdir()
        port = free_port()
        cluster = cls(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", where, True)
        subprocess.run(["chown", "postgres", str(where)], check=True)
        cluster._pg_ctl(f"{cluster.bin}/initdb -D {where} -A trust -U postgres")
        options = f"-p {port} -k {where} -c listen_addresses=127.0.0.1"
        cluster._pg_ctl(f"{cluster.bin}/pg_ctl -D {where} -o {shlex.quote(options)} "
                        f"-l {where}/log -w start")  # fmt: skip
        return cluster

    def restart(self) -> None:
        """Fast restart: open connections are cut, as when a shared server goes down."""
        self._pg_ctl(
            f"{self.bin}/pg_ctl -D {self.data_dir} -l {self.data_dir}/log -m fast -w restart"
        )

    def stop(self) -> None:
        if self.owned:
            self._pg_ctl(f"{self.bin}/pg_ctl -D {self.data_dir} -m fast -w stop", check=False)

    def _pg_ctl(self, command: str, check: bool = True) -> None:
        # pg_ctl restart keeps the options of the first start (postmaster.opts). No pipes:
        # the server it starts would hold them open, and waiting for their end never ends.
        subprocess.run(
            ["su", "postgres", "-c", command],
            check=check,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def __enter__(self) -> PgCluster:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _version(path: str) -> tuple[int, ...]:
    return tuple(int(p) for p in Path(path).parent.name.split(".") if p.isdigit())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """`soak_server.py` in a child process, talked to over its stdin and stdout."""

    def __init__(self, flaky: float, latency: float, seed: int, answer_tokens: int) -> None:
        script = Path(__file__).with_name("soak_server.py")
        self._proc = subprocess.Popen(
            [sys.executable, str(script), "--flaky", str(flaky), "--latency", str(latency),
             "--seed", str(seed), "--answer-tokens", str(answer_tokens)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO,
        )  # fmt: skip
        self.base_url = self._read()

    def progress(self) -> dict[str, int]:
        return json.loads(self._ask("progress"))

    def report(self) -> list[dict[str, Any]]:
        """Every request the server saw, oldest first (see soak_server.FlakyServer.describe)."""
        return json.loads(self._ask("report"))

    def _ask(self, command: str) -> str:
        assert self._proc.stdin is not None
        self._proc.stdin.write(command + "\n")
        self._proc.stdin.flush()
        return self._read()

    def _read(self) -> str:
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()
        if not line:
            raise RuntimeError("the fake server's process ended")
        return line.strip()

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self._proc.stdin is not None
        self._proc.stdin.close()  # the child serves until its stdin closes
        try:
            self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()


def cli_env(root: Path, base_url: str, analytics_url: str) -> dict[str, str]:
    """The environment of every app process: the fake server, the usage server, no user
    settings (a config folder of its own)."""
    env = dict(os.environ)
    env.update(
        OPENAI_API_KEY="sk-test-fake",
        OPENAI_BASE_URL=base_url,
        HEADHUNTER_ANALYTICS_URL=analytics_url,
        HEADHUNTER_CONFIG_DIR=str(root / "config"),
        PYTHONPATH=str(REPO),
    )
    env.pop("HEADHUNTER_DATABASE_URL", None)
    return env


def soak_cli(data: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """One command-line command on the data folder; its output is printed when it fails."""
    done = run_cli(*args, data_dir=data, env=env)
    if done.returncode != 0:
        print(f"`{' '.join(args)}` exited {done.returncode}: {done.stderr.strip()[-2000:]}")
    return done


SETUP_CLIENTS = """
import asyncio, json, sys
from pathlib import Path
from tests.helpers.app_services import add_clients, run_on_data_folder

async def work(services):
    await add_clients(services, *sys.argv[2:])
    return {c.name: c.uuid for c in await services.clients.list()}

print(json.dumps(run_on_data_folder(Path(sys.argv[1]), work)))
"""


def setup_clients(data: Path, env: dict[str, str], names: list[str]) -> dict[str, str]:
    """Add the clients through the app's client service (the CLI has no `client add`);
    returns their UUIDs by name."""
    done = subprocess.run(
        [sys.executable, "-c", SETUP_CLIENTS, str(data), *names],
        env=env, cwd=REPO, capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def estimated_cap_usd(n_capped: int, args: argparse.Namespace) -> float:
    """A cap the capped client reaches about halfway, but never below three CVs' holds
    (a smaller cap refuses nearly every file at once: the hold is the worst case)."""
    from headhunter_desktop.core.analytics.prices import Pricer

    pricer, now = Pricer(), datetime.now(UTC)

    def usd(model: str, tokens_in: int, tokens_out: int) -> float:
        price = pricer.price(
            model, tokens_input=tokens_in, tokens_cached_input=0, tokens_output=tokens_out, at=now
        )
        return float(price.cost_usd or 0)

    hold = usd(CHAT_MODEL, HOLD_PROMPT_TOKENS, HOLD_OUTPUT_TOKENS)
    hold += usd(EMBEDDING_MODEL, HOLD_EMBED_TOKENS, 0)
    per_cv = usd(CHAT_MODEL, PARSE_PROMPT_WORDS, args.answer_tokens)
    return round(max(3 * hold, per_cv * n_capped / 2), 6)
