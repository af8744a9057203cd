"""A gateway on the fake OpenAI server, a sink that keeps its records, a budget guard that
keeps what it was asked, and a way to run it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from decimal import Decimal
from typing import TypeVar

from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.analytics.reservations import Reservation
from headhunter_desktop.core.llm.client_factory import ClientOptions
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.llm.metering import UsageSink
from headhunter_desktop.core.settings import Settings
from tests.fakes import FakeOpenAIServer


class RecordingSink:
    """A UsageSink that keeps what it is given (the analytics writer is tested on its own)."""

    def __init__(self) -> None:
        self.records: list[UsageRecord] = []

    def submit(self, record: UsageRecord) -> None:
        self.records.append(record)


class RecordingGuard:
    """A SpendGuard that lets every call go and keeps the worst cases it was asked for."""

    def __init__(self) -> None:
        self.asked: list[tuple[CallContext, Decimal]] = []

    async def reserve(self, ctx: CallContext, worst_usd: Decimal) -> Reservation | None:
        self.asked.append((ctx, worst_usd))
        return None


def make_gateway(
    server: FakeOpenAIServer,
    sink: UsageSink,
    *,
    max_retries: int = 0,
    timeout_s: float = 10.0,
    key: str | None = "sk-test-fake",
    **kwargs: object,
) -> LlmGateway:
    settings = Settings()
    options = ClientOptions(key, server.base_url, timeout_s, max_retries)
    return LlmGateway(
        options=lambda: options,
        model_for=settings.model_for,
        sink=sink,
        **kwargs,  # type: ignore[arg-type]
    )


T = TypeVar("T")


def run_then_close(gateway: LlmGateway, work: Awaitable[T]) -> T:
    """Run `work` on a fresh loop and close the gateway's HTTP client on that same loop."""

    async def main() -> T:
        try:
            return await work
        finally:
            await gateway.aclose()

    return asyncio.run(main())
