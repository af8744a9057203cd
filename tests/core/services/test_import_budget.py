"""An import stopped by a hard cap: between files, never between a CV's parse and its
embedding; the files left stay queued with the reason, and resume once the budget allows."""

from __future__ import annotations

import asyncio
import dataclasses
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from headhunter_desktop.core.analytics.budgets import BudgetExceededError
from headhunter_desktop.core.domain.import_job import ImportState
from headhunter_desktop.core.storage import clients as clients_repo
from tests.fakes import FakeOpenAIServer, FakeUsage
from tests.fakes.cv_responder import cv_profile_responder
from tests.helpers.cv_files import write_txt_cvs
from tests.helpers.import_pipeline import make_env
from tests.helpers.spending import ACME_UUID, capped_budget, hard_cap, spending_stack

FILES = 12
# gpt-4o-mini: 5,000 tokens in at $0.15/M and 3,000 out at $0.60/M per parse.
PARSE_COST = Decimal("0.00255")


def costly_parse(body: dict[str, Any]) -> Any:
    reply = cv_profile_responder(body)
    return dataclasses.replace(reply, usage=FakeUsage(5_000, 3_000))


def test_a_capped_import_leaves_files_queued_and_none_half_done(
    fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    stack = spending_stack(f"sqlite:///{tmp_path / 'analytics.db'}", tmp_path / "data", fake_openai)
    env = make_env(fake_openai, tmp_path / "data", gateway=stack.gateway)
    fake_openai.responder = costly_parse
    client = env.db.run_sync(lambda s: clients_repo.create_client(s, "Acme Ltd", ACME_UUID).id)
    hard_cap(stack.usage, "0.02")
    files = write_txt_cvs(tmp_path / "cvs", FILES)

    async def import_all() -> None:
        await env.service.enqueue(files, client)
        await env.service.process()

    try:
        with pytest.raises(BudgetExceededError):
            env.run(import_all())
        rows = env.run(env.service.rows())
        assert stack.writer.flush(30)
        spent = asyncio.run(stack.usage.budget_status(ACME_UUID)).spent_usd
    finally:
        stack.close()
        env.db.close()
    states = [row.state for row in rows]
    done = states.count(ImportState.DONE)
    assert set(states) == {ImportState.DONE, ImportState.QUEUED}  # nothing half done
    assert 0 < done < FILES and spent <= Decimal("0.02")
    assert len(fake_openai.embedding_requests()) >= 1
    stopped = [row for row in rows if row.error_code == "budget_exceeded"]
    assert stopped and all(row.state == ImportState.QUEUED for row in stopped)
    assert "monthly budget of Acme Ltd" in (stopped[0].error or "")
    assert len(fake_openai.chat_requests()) == done  # every parse paid for became a profile


def test_the_stopped_files_resume_once_the_budget_allows(
    fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    stack = spending_stack(f"sqlite:///{tmp_path / 'analytics.db'}", tmp_path / "data", fake_openai)
    env = make_env(fake_openai, tmp_path / "data", gateway=stack.gateway)
    fake_openai.responder = costly_parse
    client = env.db.run_sync(lambda s: clients_repo.create_client(s, "Acme Ltd", ACME_UUID).id)
    hard_cap(stack.usage, "0.02")
    files = write_txt_cvs(tmp_path / "cvs", FILES)

    async def stopped_then_resumed() -> list[ImportState]:
        await env.service.enqueue(files, client)
        with pytest.raises(BudgetExceededError):
            await env.service.process()
        await stack.usage.set_budget(capped_budget("1.00"))  # "Raise the budget…"
        await env.service.process()
        return [row.state for row in await env.service.rows()]

    try:
        states = env.run(stopped_then_resumed())
    finally:
        stack.close()
        env.db.close()
    assert states == [ImportState.DONE] * FILES
    assert len(fake_openai.chat_requests()) == FILES  # no CV parsed twice


def test_run_anyway_finishes_the_files_past_the_cap(
    fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    stack = spending_stack(f"sqlite:///{tmp_path / 'analytics.db'}", tmp_path / "data", fake_openai)
    env = make_env(fake_openai, tmp_path / "data", gateway=stack.gateway)
    fake_openai.responder = costly_parse
    client = env.db.run_sync(lambda s: clients_repo.create_client(s, "Acme Ltd", ACME_UUID).id)
    hard_cap(stack.usage, "0.01")
    files = write_txt_cvs(tmp_path / "cvs", 4)

    async def confirmed() -> list[ImportState]:
        await env.service.enqueue(files, client)
        with pytest.raises(BudgetExceededError):
            await env.service.process()
        await env.service.process(allow_over_budget=True)
        return [row.state for row in await env.service.rows()]

    try:
        assert env.run(confirmed()) == [ImportState.DONE] * 4
    finally:
        stack.close()
        env.db.close()
