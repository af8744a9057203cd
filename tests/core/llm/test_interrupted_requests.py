"""A process killed while its requests are out still leaves one record per request the
server saw: the intents it spooled become `interrupted` records at the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.db import open_analytics_db
from headhunter_desktop.core.analytics.writer import UsageWriter
from tests.fakes import ChatReply, FakeOpenAIServer
from tests.helpers.waiting import block_until

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

REPO = Path(__file__).resolve().parents[3]
IN_FLIGHT = 5
CHILD = """
import asyncio, sys
from pydantic import BaseModel
from headhunter_desktop.core.analytics.writer import UsageWriter
from headhunter_desktop.core.llm.client_factory import ClientOptions
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.settings import Settings

class Posting(BaseModel):
    title: str

url, spool, base_url, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
writer = UsageWriter(url, spool)
options = ClientOptions("sk-test-fake", base_url, 600.0, 0)
gateway = LlmGateway(
    options=lambda: options, model_for=Settings().model_for, sink=writer, parallel_requests=n
)
ctx = CallContext("generate_job", 1, "Acme Ltd")
messages = [{"role": "user", "content": "Write a job posting for a data engineer"}]

async def main():
    for _ in range(2):
        await gateway.complete_structured(ctx, messages, Posting)
    print("ANSWERED", flush=True)
    sys.stdin.readline()
    await asyncio.gather(*(gateway.complete_structured(ctx, messages, Posting) for _ in range(n)))

asyncio.run(main())
"""


@pytest.mark.slow
def test_requests_out_when_the_process_is_killed_become_interrupted_records(
    fake_openai: FakeOpenAIServer, analytics_url: str, tmp_path: Path
) -> None:
    fake_openai.responder = lambda body: ChatReply('{"title": "Data Engineer"}')
    spool = tmp_path / "usage-spool.jsonl"
    args = [sys.executable, "-c", CHILD, analytics_url, str(spool), fake_openai.base_url]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [*args, str(IN_FLIGHT)], cwd=REPO, env=env, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline().strip() == "ANSWERED"
        fake_openai.latency = 60.0  # the next requests are still out when the kill comes
        child.stdin.write("go\n")
        child.stdin.flush()
        block_until(lambda: len(fake_openai.chat_requests()) == 2 + IN_FLIGHT, timeout=30)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)

    assert UsageWriter(analytics_url, spool).close(30)  # the next start
    engine = open_analytics_db(analytics_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT status, tokens_input FROM usage_records")).all()
    finally:
        engine.dispose()
    assert len(rows) == len(fake_openai.chat_requests())
    assert sorted(status for status, _ in rows) == ["interrupted"] * IN_FLIGHT + ["ok"] * 2
    assert all(tokens > 0 for status, tokens in rows if status == "interrupted")
