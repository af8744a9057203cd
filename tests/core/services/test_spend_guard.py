"""A hard cap is never exceeded: with calls in parallel, with records not yet committed, and
with the shared usage server out of reach (in this run and the next)."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from pydantic import BaseModel

from headhunter_desktop.core.analytics.budgets import BudgetExceededError
from headhunter_desktop.core.analytics.tables import open_reservations
from headhunter_desktop.core.llm.context import CallContext
from tests.fakes import ChatReply, FakeOpenAIServer, FakeUsage
from tests.helpers.network import TcpRelay
from tests.helpers.spending import ACME_UUID, SpendingStack, hard_cap, spending_stack

ACME = CallContext("generate_job", 1, "Acme Ltd", client_uuid=ACME_UUID)
MESSAGES = [{"role": "user", "content": "Write a job posting for a data engineer"}]
# gpt-4o-mini: 2,000 tokens in at $0.15/M and 2,000 out at $0.60/M.
CALL_COST = Decimal("0.0015")


class Posting(BaseModel):
    title: str


def answer_each_call_for(server: FakeOpenAIServer) -> None:
    server.responder = lambda body: ChatReply(
        '{"title": "Data Engineer"}', usage=FakeUsage(2_000, 2_000)
    )


async def calls(stack: SpendingStack, count: int, *, waves: int = 1) -> list[object]:
    """`waves` times `count` postings at once; a refused one comes back as its
    BudgetExceededError. The HTTP client is closed at the end (it is bound to this loop)."""
    gateway, outcomes = stack.gateway, []
    try:
        for _ in range(waves):
            tasks = (gateway.complete_structured(ACME, MESSAGES, Posting) for _ in range(count))
            outcomes += await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        await gateway.aclose()
    return outcomes


def month_spend(stack: SpendingStack) -> Decimal:
    assert stack.writer.flush(30)
    return asyncio.run(stack.usage.budget_status(ACME_UUID)).spent_usd


def test_parallel_calls_never_take_a_client_past_its_hard_cap(
    fake_openai: FakeOpenAIServer, analytics_url: str, tmp_path: Path
) -> None:
    answer_each_call_for(fake_openai)
    fake_openai.latency = 0.1  # all sixteen are in flight together
    stack = spending_stack(analytics_url, tmp_path / "data", fake_openai, parallel=16)
    hard_cap(stack.usage, "0.02")

    try:
        outcomes = asyncio.run(calls(stack, 16, waves=3))
        spent = month_spend(stack)
    finally:
        stack.close()
    answered = [o for o in outcomes if isinstance(o, Posting)]
    refused = [o for o in outcomes if isinstance(o, BudgetExceededError)]
    assert len(answered) + len(refused) == 48 and answered and refused
    assert spent == CALL_COST * len(answered) <= Decimal("0.02")
    assert len(fake_openai.chat_requests()) == len(answered)  # a refused call sends nothing


def test_two_processes_sharing_the_usage_database_hold_one_cap_together(
    fake_openai: FakeOpenAIServer, analytics_url: str, tmp_path: Path
) -> None:
    """Two laptops (or a window and a command-line import), each with calls in parallel:
    each sees what the other has set aside, so together they stay within the cap."""
    answer_each_call_for(fake_openai)
    fake_openai.latency = 0.1
    one = spending_stack(analytics_url, tmp_path / "one", fake_openai, parallel=8)
    two = spending_stack(analytics_url, tmp_path / "two", fake_openai, parallel=8)
    hard_cap(one.usage, "0.02")

    async def both() -> list[object]:
        first, second = await asyncio.gather(calls(one, 8, waves=3), calls(two, 8, waves=3))
        return [*first, *second]

    try:
        outcomes = asyncio.run(both())
        assert two.writer.flush(30)
        spent = month_spend(one)
    finally:
        one.close()
        two.close()
    answered = [o for o in outcomes if isinstance(o, Posting)]
    assert answered and len(answered) < len(outcomes)
    assert spent == CALL_COST * len(answered) <= Decimal("0.02")


@pytest.mark.postgres
def test_with_the_usage_server_away_the_cap_holds_on_local_records(
    fake_openai: FakeOpenAIServer, postgres_url: str, tmp_path: Path
) -> None:
    """$0.006 of $0.01 is spent; the server goes away. Calls go on from the spool (this run)
    and from the spool and the kept snapshot (the next run) until the cap: no further."""
    answer_each_call_for(fake_openai)
    host, port = sa_host_port(postgres_url)
    relay = TcpRelay(host, port)
    url = relay.url_for(postgres_url)
    data = tmp_path / "data"
    stack = spending_stack(url, data, fake_openai)
    hard_cap(stack.usage, "0.01")

    async def until_refused(stack: SpendingStack) -> int:
        try:
            for answered in range(20):  # $0.03: far past the cap
                try:
                    await stack.gateway.complete_structured(ACME, MESSAGES, Posting)
                except BudgetExceededError:
                    return answered
        finally:
            await stack.gateway.aclose()
        raise AssertionError("the cap did not hold")

    try:
        # One after another: four worst-case reservations at once would pass the cap.
        asyncio.run(calls(stack, 1, waves=4))  # $0.006, committed: the last reading holds it
        assert month_spend(stack) == 4 * CALL_COST
        relay.cut()
        this_run = asyncio.run(until_refused(stack))
    finally:
        stack.close()  # the records of this run wait in the spool
    next_run = spending_stack(url, data, fake_openai)
    try:
        assert asyncio.run(until_refused(next_run)) == 0
    finally:
        next_run.close()
    assert this_run >= 1
    relay.restore()
    back = spending_stack(url, data, fake_openai)
    try:
        assert month_spend(back) == (4 + this_run) * CALL_COST <= Decimal("0.01")
    finally:
        back.close()
        relay.cut()


def sa_host_port(url: str) -> tuple[str, int]:
    import sqlalchemy as sa

    parsed = sa.make_url(url)
    return parsed.host or "127.0.0.1", parsed.port or 5432


def _reserve_whole_cap_for(analytics_url: str, owner: str) -> None:
    """Another process's row in the shared table, holding the client's whole cap."""
    engine = sa.create_engine(analytics_url)
    row = {"owner": owner, "client_uuid": ACME_UUID, "amount_usd": Decimal("0.02"),
           "expires_epoch": int(time.time()) + 600}  # fmt: skip
    try:
        with engine.begin() as conn:
            conn.execute(open_reservations.insert().values(row))
    finally:
        engine.dispose()


@pytest.mark.parametrize("host_is_this_machine", [True, False])
def test_a_killed_local_process_does_not_hold_the_cap_but_a_remote_one_does(
    fake_openai: FakeOpenAIServer, analytics_url: str, tmp_path: Path, host_is_this_machine: bool
) -> None:
    """A process of this machine that is gone (SIGKILL) frees its reservations at once; one
    on another laptop cannot be checked, so its row holds until it lapses."""
    answer_each_call_for(fake_openai)
    stack = spending_stack(analytics_url, tmp_path / "data", fake_openai)
    hard_cap(stack.usage, "0.02")
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    host = socket.gethostname()[:40] if host_is_this_machine else "another-laptop"
    _reserve_whole_cap_for(analytics_url, f"deadbeef:{ended.stdout.strip()}@{host}")
    try:
        [outcome] = asyncio.run(calls(stack, 1))
    finally:
        stack.close()
    if host_is_this_machine:
        assert isinstance(outcome, Posting)
    else:
        assert isinstance(outcome, BudgetExceededError)
        assert fake_openai.chat_requests() == []
