"""Known usage over three months for the overview, comparison, estimator and statement
tests: several clients (two by UUID, one from before UUIDs, calls for no client), actions,
models (priced by genai-prices, by an override, and never priced), and failed, cancelled
and invalid-usage calls. Tests sum these rows themselves to check every figure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from headhunter_desktop.core.analytics.prices import PriceOverride
from headhunter_desktop.core.analytics.record import UsageRecord
from tests.helpers.usage_records import EMBED, MINI, client_uuid_of, make_record, record_id

BERLIN = ZoneInfo("Europe/Berlin")
ACME, BETA = client_uuid_of(1), client_uuid_of(2)
LEGACY_ID = 7  # a client whose calls were recorded before clients had UUIDs
LEGACY_KEY = f"legacy:{LEGACY_ID}"
HOUSE = "house-chat"  # priced by the user's overrides below
LOCAL = "llama3.1:8b"  # no price anywhere
NAMES = {1: "Acme Ltd", 2: "Beta AG", LEGACY_ID: "Old Client GmbH", None: None}
HOUSE_PRICES = (
    PriceOverride(HOUSE, Decimal(2), Decimal(8), Decimal(1), date(2026, 11, 1)),
    PriceOverride(HOUSE, Decimal(3), Decimal(12), Decimal("1.5"), date(2026, 11, 20)),
)


@dataclass(frozen=True)
class Call:
    """One seeded call, as the tests read it back."""

    at: datetime
    client: int | None  # main-database id: 1 Acme, 2 Beta, 7 legacy, None no client
    action: str
    model: str
    tokens_input: int
    tokens_cached: int
    tokens_output: int
    tokens_reasoning: int
    cost: Decimal | None
    status: str = "ok"
    usage_source: str = "provider"

    @property
    def key(self) -> str:
        """The client key the queries count it under."""
        if self.client is None:
            return ""
        return LEGACY_KEY if self.client == LEGACY_ID else client_uuid_of(self.client)

    def local_month(self, tz: ZoneInfo = BERLIN) -> tuple[int, int]:
        local = self.at.astimezone(tz)
        return local.year, local.month


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def _d(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


CALLS = [
    # October 2026
    Call(_utc(2026, 10, 3, 9), 1, "parse_cv", MINI, 3000, 1000, 600, 0, _d("0.000585")),
    Call(_utc(2026, 10, 9, 9), 1, "parse_cv", MINI, 2000, 0, 500, 0, _d("0.0006")),
    Call(_utc(2026, 10, 12, 9), 2, "generate_job", MINI, 1500, 0, 900, 0, _d("0.000765")),
    # 23:30 UTC on 31 October is 00:30 on 1 November in Berlin: November's.
    Call(_utc(2026, 10, 31, 23, 30), 1, "parse_cv", MINI, 4000, 2000, 800, 0, _d("0.00093")),
    # November 2026
    Call(_utc(2026, 11, 2, 8), 1, "parse_cv", MINI, 5000, 0, 1000, 0, _d("0.00135")),
    Call(_utc(2026, 11, 2, 8, 1), 1, "embed_cv", EMBED, 1800, 0, 0, 0, _d("0.000036")),
    Call(_utc(2026, 11, 5, 10), 1, "generate_job", MINI, 0, 0, 0, 0, _d("0"), "error"),
    Call(_utc(2026, 11, 6, 10), 1, "parse_cv", MINI, 2500, 0, 200, 0, _d("0.000495"), "cancelled"),
    Call(_utc(2026, 11, 10, 14), 1, "generate_feedback", HOUSE, 1200, 200, 400, 0, _d("0.0054")),
    Call(_utc(2026, 11, 12, 14), 1, "generate_feedback", LOCAL, 900, 0, 300, 0, None),
    Call(_utc(2026, 11, 13, 14), 1, "generate_feedback", LOCAL, 700, 0, 0, 0, None, "cancelled"),
    Call(_utc(2026, 11, 25, 14), 1, "generate_job", HOUSE, 1000, 0, 700, 100, _d("0.0114")),
    Call(_utc(2026, 11, 26, 9), 1, "parse_cv", MINI, 9000, 0, 9000, 0, _d("0.00675"), "ok",
         "invalid"),
    Call(_utc(2026, 11, 4, 11), 2, "parse_cv", MINI, 3500, 500, 700, 0, _d("0.0008625")),
    Call(_utc(2026, 11, 4, 11, 5), 2, "embed_cv", EMBED, 2600, 0, 0, 0, _d("0.000052")),
    Call(_utc(2026, 11, 18, 11), 2, "generate_job", LOCAL, 2000, 0, 1000, 0, None, "error"),
    Call(_utc(2026, 11, 7, 7), LEGACY_ID, "parse_cv", MINI, 1000, 0, 100, 0, _d("0.00021")),
    Call(_utc(2026, 11, 8, 7), None, "embed_query", EMBED, 12, 0, 0, 0, _d("0.00000024")),
    # 23:30 UTC on 30 November is 00:30 on 1 December in Berlin: December's.
    Call(_utc(2026, 11, 30, 23, 30), 1, "parse_cv", MINI, 3000, 0, 600, 0, _d("0.00081")),
    # December 2026
    Call(_utc(2026, 12, 1, 10), 2, "parse_cv", MINI, 1000, 0, 200, 0, _d("0.00027")),
]  # fmt: skip


def seeded_records(calls: list[Call] = CALLS) -> list[UsageRecord]:
    """The calls as the gateway records them."""
    out = []
    for i, call in enumerate(calls):
        legacy = call.client == LEGACY_ID
        out.append(
            make_record(
                id=record_id(1000 + i),
                occurred_at=call.at,
                client_company_id=call.client,
                client_uuid=None if legacy or call.client is None else client_uuid_of(call.client),
                client_company_name=NAMES[call.client],
                action=call.action,
                requested_model=call.model,
                model=call.model,
                tokens_input=call.tokens_input,
                tokens_cached_input=call.tokens_cached,
                tokens_output=call.tokens_output,
                tokens_reasoning=call.tokens_reasoning,
                tokens_total=call.tokens_input + call.tokens_output,
                cost_usd=call.cost,
                price_source="unpriced" if call.cost is None else "genai-prices",
                status=call.status,
                usage_source=call.usage_source,
                entity_type="candidate",
                entity_id=str(i),
            )
        )
    return out


def month_calls(key: str | None, year: int, month: int, tz: ZoneInfo = BERLIN) -> list[Call]:
    """The seeded calls of one client key (None: every client) in a local month."""
    return [
        c for c in CALLS if c.local_month(tz) == (year, month) and (key is None or c.key == key)
    ]


def priced_sum(calls: list[Call]) -> Decimal:
    """What the priced ones of `calls` cost, exactly."""
    return sum((c.cost for c in calls if c.cost is not None), Decimal(0))
