"""Two laptops, each with its own data folder and main database, sharing one PostgreSQL
usage database: one client is one client on both, its usage adds up, its budget holds.

The services are the app's own (`AppServices.open`); the LLM is the fake OpenAI server.
Main-database ids collide on purpose: laptop B adds Beta AG first, so its Acme Ltd has
id 2 while laptop A's has id 1, and B's Beta AG has A's Acme's id.
"""

from __future__ import annotations

import asyncio
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import BaseModel

from headhunter_desktop.core.analytics.budgets import Budget, BudgetExceededError
from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.call_contexts import context_for_client
from tests.fakes import ChatReply, FakeOpenAIServer
from tests.helpers.app_services import run_on_data_folder
from tests.helpers.network import TcpRelay

pytestmark = pytest.mark.postgres


class Posting(BaseModel):
    title: str


async def search_for(services: AppServices, name: str) -> None:
    """A talent-pool search done for client `name`: its query embedding is billed to it."""
    client = await services.clients.find(name)
    assert client is not None
    await services.talent_pool.search("python developer", 5, client_id=client.id)


@pytest.fixture
def laptops(
    postgres_url: str, fake_openai_env: FakeOpenAIServer, monkeypatch, tmp_path: Path
) -> tuple[Path, Path]:
    """Data folders of laptops A and B; both record usage into one PostgreSQL database."""
    monkeypatch.setenv("HEADHUNTER_ANALYTICS_URL", postgres_url)
    return tmp_path / "laptop-a", tmp_path / "laptop-b"


def test_both_laptops_adding_a_client_get_one_uuid(laptops: tuple[Path, Path]) -> None:
    a, b = laptops
    acme_a = run_on_data_folder(a, lambda s: s.clients.create("Acme Ltd"))

    async def add_on_b(services: AppServices):
        await services.clients.create("Beta AG")
        return await services.clients.create("ACME  ltd")

    acme_b = run_on_data_folder(b, add_on_b)
    assert (acme_a.adopted, acme_a.note) == (False, None)
    assert acme_b.uuid == acme_a.uuid and acme_b.adopted
    assert (acme_a.id, acme_b.id) == (1, 2)  # the ids collide with B's Beta AG
    assert acme_b.note is not None and "already in the shared client directory" in acme_b.note


def test_usage_from_both_laptops_adds_up_under_one_client(laptops: tuple[Path, Path]) -> None:
    a, b = laptops
    acme_uuid = run_on_data_folder(a, _add_acme_and_search)

    async def on_b(services: AppServices):
        await services.clients.create("Beta AG")  # id 1 here, as Acme on laptop A
        await services.clients.create("Acme Ltd")
        await search_for(services, "Acme Ltd")
        await search_for(services, "Beta AG")
        await asyncio.to_thread(services.usage_writer.flush, 10)
        query = services.usage.query(None, None, None)
        return (
            await services.usage.breakdown(query, "client"),
            await services.usage.totals(services.usage.query(acme_uuid, None, None)),
        )

    by_client, acme = run_on_data_folder(b, on_b)
    assert {(row.label, row.calls) for row in by_client} == {("Acme Ltd", 2), ("Beta AG", 1)}
    assert acme.calls == 2 and acme.cost_usd > 0


def test_a_budget_set_on_one_laptop_holds_for_the_other(
    laptops: tuple[Path, Path], fake_openai: FakeOpenAIServer
) -> None:
    a, b = laptops

    async def on_a(services: AppServices) -> Decimal:
        uuid = await _add_acme_and_search(services)
        budget = Budget(uuid, "Acme Ltd", Decimal("0.0001"), hard_cap=True)
        await services.usage.set_budget(budget)
        await asyncio.to_thread(services.usage_writer.flush, 10)
        return await services.usage.month_spend(uuid)

    spent_on_a = run_on_data_folder(a, on_a)
    fake_openai.queue(ChatReply('{"title": "Engineer"}'))

    async def on_b(services: AppServices) -> BudgetExceededError:
        await services.clients.create("Beta AG")
        acme = await services.clients.create("Acme Ltd")
        beta = await services.clients.find("Beta AG")
        assert beta is not None
        # ~$0.0005 at gpt-4o-mini: past Acme's cap, and nothing stops Beta's call.
        prompt = [{"role": "user", "content": "Write a posting. " + "Context " * 3000}]
        ctx = await context_for_client(services.db, Action.GENERATE_JOB, beta.id)
        await services.gateway.complete_structured(ctx, prompt, Posting)
        ctx = await context_for_client(services.db, Action.GENERATE_JOB, acme.id)
        with pytest.raises(BudgetExceededError) as refused:
            await services.gateway.complete_structured(ctx, prompt, Posting)
        return refused.value

    refused = run_on_data_folder(b, on_b)
    assert spent_on_a > 0 and refused.status.spent_usd == spent_on_a
    assert len(fake_openai.chat_requests()) == 1  # Beta's; Acme's never left laptop B


def test_a_client_added_offline_is_registered_at_the_next_contact(
    laptops: tuple[Path, Path], postgres_url: str, monkeypatch
) -> None:
    a, b = laptops
    relay = TcpRelay(*_host_port(postgres_url))
    monkeypatch.setenv("HEADHUNTER_ANALYTICS_URL", relay.url_for(postgres_url))
    run_on_data_folder(b, lambda s: s.clients.create("Initech"))  # the server is up: registered
    relay.cut()

    async def add_offline(services: AppServices):
        return await services.clients.create("Globex"), await services.clients.create("Acme")

    globex_b, acme_b = run_on_data_folder(b, add_offline)
    assert "out of reach" in (globex_b.note or "") and not globex_b.adopted
    monkeypatch.setenv("HEADHUNTER_ANALYTICS_URL", postgres_url)
    acme_a = run_on_data_folder(a, lambda s: s.clients.create("Acme"))  # meanwhile, on laptop A
    relay.restore()
    monkeypatch.setenv("HEADHUNTER_ANALYTICS_URL", relay.url_for(postgres_url))
    notes = run_on_data_folder(b, lambda s: s.clients.register_pending())
    assert len(notes) == 1 and "“Acme”" in notes[0] and "kept apart" in notes[0]
    assert acme_a.uuid != acme_b.uuid  # both kept: B's calls so far stay with B's Acme
    monkeypatch.setenv("HEADHUNTER_ANALYTICS_URL", postgres_url)
    globex_a = run_on_data_folder(a, lambda s: s.clients.create("globex"))
    assert globex_a.adopted and globex_a.uuid == globex_b.uuid
    again = run_on_data_folder(b, lambda s: s.clients.register_pending())
    assert again == notes  # told again until one of them is renamed


async def _add_acme_and_search(services: AppServices) -> str:
    acme = await services.clients.create("Acme Ltd")
    await search_for(services, "Acme Ltd")
    return acme.uuid


def _host_port(url: str) -> tuple[str, int]:
    import sqlalchemy as sa

    parsed = sa.make_url(url)
    return parsed.host or "127.0.0.1", parsed.port or 5432
