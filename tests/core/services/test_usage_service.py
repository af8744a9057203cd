"""UsageService without a window: figures, budgets and prices over records a real writer wrote."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from headhunter_desktop.core.analytics.budgets import Budget, BudgetExceededError, BudgetStatus
from headhunter_desktop.core.analytics.prices import PriceOverride
from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.analytics.writer import UsageWriter
from headhunter_desktop.core.errors import DatabaseError
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.services.usage import UsageService
from tests.fakes import ChatReply, FakeOpenAIServer, FakeUsage
from tests.helpers.gateway import RecordingSink, make_gateway, run_then_close
from tests.helpers.network import unreachable_postgres_url
from tests.helpers.usage_records import client_uuid_of, make_record, recent_record

BERLIN = ZoneInfo("Europe/Berlin")
LOCAL_MODEL = "llama3.1:8b"
ACME, BETA = client_uuid_of(1), client_uuid_of(2)


@pytest.fixture
def usage(analytics_url: str) -> Iterator[UsageService]:
    service = UsageService(analytics_url, BERLIN)
    yield service
    service.close()


def write(url: str, spool: Path, *records: UsageRecord) -> None:
    """Records through a real UsageWriter (spool, batch insert, rollups), flushed."""
    writer = UsageWriter(url, spool)
    for record in records:
        writer.submit(record)
    assert writer.close(10), "the writer did not flush"


def acme(cost: str | None, **overrides) -> UsageRecord:
    """A call made just now for client 1, Acme Ltd."""
    return recent_record(cost, client_company_id=1, client_company_name="Acme Ltd", **overrides)


def berlin_noon(day: int) -> datetime:
    return datetime(2025, 3, day, 12, tzinfo=BERLIN)


def test_panel_totals_and_breakdowns_count_what_the_writer_wrote(
    usage: UsageService, analytics_url: str, tmp_path: Path
) -> None:
    beta = {"client_company_id": 2, "client_company_name": "Beta GmbH"}
    write(
        analytics_url,
        tmp_path / "spool.jsonl",
        make_record(occurred_at=berlin_noon(3), cost_usd=Decimal("0.001")),
        make_record(occurred_at=berlin_noon(3), action="embed_cv", cost_usd=Decimal("0.0002")),
        make_record(occurred_at=berlin_noon(4), cost_usd=Decimal("0.003"), **beta),
        make_record(
            occurred_at=berlin_noon(4),
            client_company_id=None,
            client_company_name=None,
            cost_usd=None,
            price_source="unpriced",
            status="error",
        ),
        make_record(occurred_at=berlin_noon(20), cost_usd=Decimal("0.5")),  # outside the period
    )

    async def read():
        march_3_to_4 = usage.query(None, date(2025, 3, 3), date(2025, 3, 4))
        return (
            await usage.panel(march_3_to_4),
            await usage.totals(usage.query(ACME, None, None)),
            await usage.breakdown(march_3_to_4, "client"),
        )

    panel, acme_all_time, by_client = asyncio.run(read())
    totals = panel.totals
    assert (totals.calls, totals.cost_usd) == (4, Decimal("0.0042"))
    assert (totals.unpriced_calls, totals.errors, totals.error_rate) == (1, 1, 0.25)
    assert totals.tokens_total == 4 * 1300
    assert {r.action: r.calls for r in panel.by_action} == {"parse_cv": 3, "embed_cv": 1}
    assert [(r.day, r.calls) for r in panel.by_day] == [
        (date(2025, 3, 3), 2),
        (date(2025, 3, 4), 2),
    ]
    assert {r.client_uuid: r.cost_usd for r in panel.by_client} == {
        ACME: Decimal("0.0012"),
        BETA: Decimal("0.003"),
        None: Decimal(0),
    }
    assert {r.label for r in by_client} >= {"Acme GmbH", "Beta GmbH"}
    assert (acme_all_time.calls, acme_all_time.cost_usd) == (3, Decimal("0.5012"))


def test_a_budget_is_set_read_and_deleted(
    usage: UsageService, analytics_url: str, tmp_path: Path
) -> None:
    write(analytics_url, tmp_path / "spool.jsonl", acme("0.004"), acme("0.002"), acme(None))
    budget = Budget(ACME, "Acme Ltd", Decimal("0.01"), Decimal("0.5"), hard_cap=True)

    async def scenario():
        before = await usage.budget_status(ACME)
        await usage.set_budget(budget)
        status = await usage.budget_status(ACME)
        deleted = await usage.delete_budget(ACME), await usage.delete_budget(ACME)
        return before, status, deleted, await usage.budget_status(ACME)

    before, status, deleted, after = asyncio.run(scenario())
    assert (before.state, before.budget) == ("ok", None)
    assert status.budget == budget
    assert status.spent_usd == Decimal("0.006")  # the unpriced call costs nothing known
    assert status.state == "warn"  # 0.006 reaches half of 0.01
    assert status.month_start <= datetime.now(BERLIN) < status.month_end
    assert deleted == (True, False)
    assert (after.state, after.budget) == ("ok", None)


def test_pre_call_check_refuses_past_a_hard_cap_and_tells_listeners_of_a_warning(
    usage: UsageService, analytics_url: str, tmp_path: Path
) -> None:
    write(analytics_url, tmp_path / "spool.jsonl", acme("0.0099"))
    heard: list[BudgetStatus] = []
    usage.add_budget_listener(heard.append)
    for_acme = CallContext("generate_job", 1, "Acme Ltd", client_uuid=ACME)

    async def scenario() -> BudgetExceededError:
        await usage.set_budget(Budget(ACME, "Acme Ltd", Decimal("0.01"), hard_cap=True))
        await usage.check_before_call(for_acme, Decimal("0.00005"))  # 0.00995: a warning
        with pytest.raises(BudgetExceededError) as refused:
            await usage.check_before_call(for_acme, Decimal("0.0005"))
        return refused.value

    refused = asyncio.run(scenario())
    assert [(s.state, s.projected_usd) for s in heard] == [("warn", Decimal("0.00995"))]
    assert refused.status.state == "blocked" and refused.status.spent_usd == Decimal("0.0099")
    assert "monthly budget of Acme Ltd is $0.01" in str(refused)


def test_a_confirmed_override_goes_ahead_and_calls_for_no_budget_are_not_checked(
    usage: UsageService, analytics_url: str, tmp_path: Path
) -> None:
    write(analytics_url, tmp_path / "spool.jsonl", acme("0.0099"))
    heard: list[str] = []
    usage.add_budget_listener(lambda status: heard.append(status.state))
    removed: list[BudgetStatus] = []
    usage.add_budget_listener(removed.append)
    usage.remove_budget_listener(removed.append)

    async def scenario() -> None:
        await usage.set_budget(Budget(ACME, "Acme Ltd", Decimal("0.01"), hard_cap=True))
        confirmed = CallContext(
            "generate_job", 1, "Acme Ltd", allow_over_budget=True, client_uuid=ACME
        )
        await usage.check_before_call(confirmed, Decimal("1"))
        await usage.check_before_call(CallContext("generate_job"), Decimal("1000"))
        await usage.check_before_call(
            CallContext("generate_job", 2, "Beta GmbH", client_uuid=BETA), Decimal("1000")
        )

    asyncio.run(scenario())
    assert heard == ["blocked"]  # told once, for the confirmed call; no client, no budget: quiet
    assert removed == []


def test_price_overrides_are_added_listed_deleted_and_reloaded(analytics_url: str) -> None:
    at = datetime(2025, 6, 1, 12, tzinfo=BERLIN)
    million = {"tokens_input": 1_000_000, "tokens_cached_input": 0, "tokens_output": 1_000_000}
    override = PriceOverride(LOCAL_MODEL, Decimal("2"), Decimal("3"), None, date(2025, 1, 1))
    first, second = UsageService(analytics_url, BERLIN), UsageService(analytics_url, BERLIN)

    async def scenario():
        unpriced = first.pricer.price(LOCAL_MODEL, at=at, **million)
        await first.add_price_override(override)
        priced = first.pricer.price(LOCAL_MODEL, at=at, **million)
        before_reload = second.pricer.price(LOCAL_MODEL, at=at, **million)
        await second.load_prices()  # another app instance on the same database
        after_reload = second.pricer.price(LOCAL_MODEL, at=at, **million)
        listed = await second.price_overrides()
        deleted = await first.delete_price_override(LOCAL_MODEL, date(2025, 1, 1))
        again = await first.delete_price_override(LOCAL_MODEL, date(2025, 1, 1))
        gone = first.pricer.price(LOCAL_MODEL, at=at, **million)
        return unpriced, priced, before_reload, after_reload, listed, (deleted, again), gone

    try:
        unpriced, priced, before_reload, after_reload, listed, deleted, gone = asyncio.run(
            scenario()
        )
    finally:
        first.close()
        second.close()
    assert (unpriced.cost_usd, unpriced.source) == (None, "unpriced")
    assert (priced.cost_usd, priced.source) == (Decimal(5), "override")
    assert before_reload.source == "unpriced" and after_reload == priced
    assert listed == [override]
    assert deleted == (True, False)
    assert (gone.cost_usd, gone.source) == (None, "unpriced")


def test_reprice_recomputes_stored_costs_of_the_local_days_given(
    usage: UsageService, analytics_url: str, tmp_path: Path
) -> None:
    local = {"model": LOCAL_MODEL, "requested_model": LOCAL_MODEL, "cost_usd": None}
    local |= {"price_source": "unpriced", "tokens_input": 1000, "tokens_cached_input": 0}
    local |= {"tokens_output": 200, "tokens_reasoning": 0, "tokens_total": 1200}
    write(
        analytics_url,
        tmp_path / "spool.jsonl",
        make_record(occurred_at=berlin_noon(3), **local),
        make_record(occurred_at=berlin_noon(4), **local),
        make_record(occurred_at=berlin_noon(20), **local),  # after the repriced days
    )
    override = PriceOverride(LOCAL_MODEL, Decimal("1"), Decimal("2"), None, date(2025, 1, 1))

    async def scenario():
        await usage.add_price_override(override)
        changed = await usage.reprice(date(2025, 3, 3), date(2025, 3, 4))
        again = await usage.reprice(date(2025, 3, 3), date(2025, 3, 4))
        return changed, again, await usage.panel(usage.query(None, None, None))

    changed, again, panel = asyncio.run(scenario())
    assert (changed, again) == (2, 0)  # a second run finds nothing left to change
    each = (1000 * Decimal(1) + 200 * Decimal(2)) / 1_000_000
    assert panel.totals.cost_usd == 2 * each and panel.totals.unpriced_calls == 1
    assert [r.cost_usd for r in panel.by_day] == [each, each, Decimal(0)]


def test_an_unreachable_server_is_a_clear_database_error_at_once() -> None:
    usage = UsageService(unreachable_postgres_url(password="s3cr3t-pw"), BERLIN)
    started = time.monotonic()
    try:
        with pytest.raises(DatabaseError) as caught:
            asyncio.run(usage.totals(usage.query(None, None, None)))
        # The pre-call check lets the call go ahead: it is recorded and sent later.
        asyncio.run(
            usage.check_before_call(CallContext("generate_job", 1, client_uuid=ACME), Decimal(1))
        )
    finally:
        usage.close()
    assert time.monotonic() - started < 10
    message = str(caught.value)
    assert message.startswith("Cannot reach the usage database server at postgresql")
    assert "127.0.0.1" in message
    assert "s3cr3t-pw" not in message


def test_the_database_is_opened_again_once_it_is_back(tmp_path: Path) -> None:
    folder = tmp_path / "not-mounted-yet"
    usage = UsageService(f"sqlite:///{folder / 'analytics.db'}", BERLIN)

    async def totals():
        return await usage.totals(usage.query(None, None, None))

    try:
        with pytest.raises(DatabaseError, match="cannot be opened"):
            asyncio.run(totals())
        folder.mkdir()
        assert asyncio.run(totals()).calls == 0
    finally:
        usage.close()


def test_the_budget_month_is_the_users_month(tmp_path: Path) -> None:
    # A budget month runs in the user's time zone: its start is local midnight on the 1st.
    usage = UsageService(f"sqlite:///{tmp_path / 'analytics.db'}", BERLIN)
    try:
        status = asyncio.run(usage.budget_status(ACME))
    finally:
        usage.close()
    start = status.month_start.astimezone(BERLIN)
    assert (start.day, start.hour, start.minute) == (1, 0, 0)
    assert status.month_end - status.month_start >= timedelta(days=28)


def test_the_gateway_prices_its_next_call_with_an_override_just_added(
    fake_openai: FakeOpenAIServer, tmp_path: Path
) -> None:
    # The app hands the gateway the service's pricer: an override added is used at once.
    usage = UsageService(f"sqlite:///{tmp_path / 'analytics.db'}", BERLIN)
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink, prices=usage.pricer)
    reply = ChatReply("Fine.", usage=FakeUsage(prompt_tokens=1_000_000, completion_tokens=0))
    fake_openai.queue(reply, reply)

    async def one_call() -> None:
        ctx = CallContext("generate_feedback")
        messages = [{"role": "user", "content": "Write feedback"}]
        async with gateway.open_stream(ctx, messages, model=LOCAL_MODEL) as deltas:
            _ = [d async for d in deltas]

    async def call_twice() -> None:
        await one_call()
        override = PriceOverride(LOCAL_MODEL, Decimal("2"), Decimal("3"), None, date(2020, 1, 1))
        await usage.add_price_override(override)
        await one_call()

    try:
        run_then_close(gateway, call_twice())
    finally:
        usage.close()
    before, after = sink.records
    assert (before.cost_usd, before.price_source) == (None, "unpriced")
    assert (after.cost_usd, after.price_source) == (Decimal(2), "override")
