"""The budget path as the app wires it: a usage service, a writer whose records its spend
guard sees, a gateway that reserves through that guard; and a client with a hard cap."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from headhunter_desktop.core.analytics.budgets import Budget
from headhunter_desktop.core.analytics.writer import UsageWriter
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.services.usage import UsageService
from tests.fakes import FakeOpenAIServer
from tests.helpers.gateway import make_gateway

ACME_UUID = "5f0c1d2e-7a3b-4c5d-8e9f-0a1b2c3d4e5f"


@dataclass
class SpendingStack:
    usage: UsageService
    writer: UsageWriter
    gateway: LlmGateway

    def close(self) -> None:
        """As the app shuts down: the writer flushes (what it can), then the service."""
        self.writer.close(10)
        self.usage.close()


def spending_stack(
    analytics_url: str, data_dir: Path, server: FakeOpenAIServer, *, parallel: int = 4
) -> SpendingStack:
    """The three wired together on `data_dir` (its spool, its budget snapshots)."""
    spool = data_dir / "usage-spool.jsonl"
    data_dir.mkdir(parents=True, exist_ok=True)
    usage = UsageService(analytics_url, spool_path=spool)
    writer = UsageWriter(analytics_url, spool, observer=usage.spend_guard.ledger)
    gateway = make_gateway(
        server,
        writer,
        spend_guard=usage.spend_guard,
        parallel_requests=parallel,
    )
    return SpendingStack(usage, writer, gateway)


def capped_budget(limit_usd: str, client_uuid: str = ACME_UUID) -> Budget:
    """Acme Ltd's hard-capped monthly budget of `limit_usd`."""
    return Budget(client_uuid, "Acme Ltd", Decimal(limit_usd), Decimal("0.8"), hard_cap=True)


def hard_cap(usage: UsageService, limit_usd: str, client_uuid: str = ACME_UUID) -> Budget:
    """Give the client a hard-capped monthly budget of `limit_usd` (no loop running)."""
    budget = capped_budget(limit_usd, client_uuid)
    asyncio.run(usage.set_budget(budget))
    return budget
