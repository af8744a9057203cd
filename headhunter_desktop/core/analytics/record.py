"""The usage record: one row per LLM or embedding call, numbers and ids only."""

from __future__ import annotations

import dataclasses
import math
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Literal

# "invalid": the server's usage held counts that are not counts; the record keeps them
# clamped (see core/llm/metering.py), so the call is counted but can be told apart.
UsageSource = Literal["provider", "estimated", "invalid"]
PriceSource = Literal["genai-prices", "override", "unpriced"]
# "interrupted": the process ended while the request was out (see core/llm/call_intents).
CallStatus = Literal["ok", "error", "cancelled", "interrupted"]
# What the Errors figure counts: a call that failed, or whose outcome was never heard.
ERROR_STATUSES = ("error", "interrupted")
# The largest count the integer columns hold on both databases (PostgreSQL `integer`).
MAX_STORED_COUNT = 2**31 - 1


def new_record_id() -> str:
    """A fresh idempotency key, made before the request is sent."""
    return str(uuid.uuid4())


@dataclass(slots=True)
class UsageRecord:
    """What one call cost. Prompts and outputs never go here: the record holds no personal data."""

    action: str
    requested_model: str
    id: str = field(default_factory=new_record_id)
    occurred_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    # The client's id in the main database of the laptop that made the call: kept for old
    # records, but it is no identity on a shared server (each laptop counts from 1).
    client_company_id: int | None = None
    client_company_name: str | None = None
    # Who the client is, on every laptop sharing the usage database.
    client_uuid: str | None = None
    entity_type: str | None = None
    entity_id: str | None = None
    model: str | None = None
    tokens_input: int = 0
    tokens_cached_input: int = 0
    tokens_output: int = 0
    tokens_reasoning: int = 0
    tokens_total: int = 0
    usage_source: UsageSource = "provider"
    cost_usd: Decimal | None = None
    price_source: PriceSource = "unpriced"
    latency_ms: int = 0
    ttft_ms: int | None = None
    streaming: bool = False
    status: CallStatus = "ok"
    error_type: str | None = None
    app_user: str = ""
    app_version: str = ""

    def check(self) -> None:
        """Raise ValueError if a count or the cost is not one the database can store.

        Such a record (from a damaged spool or a bug) must be set aside, not sent: the
        database would refuse it, or worse, store an absurd number every total then holds.
        """
        counts = (
            self.tokens_input,
            self.tokens_cached_input,
            self.tokens_output,
            self.tokens_reasoning,
            self.tokens_total,
            self.latency_ms,
            0 if self.ttft_ms is None else self.ttft_ms,
        )
        for count in counts:
            if type(count) is not int or not 0 <= count <= MAX_STORED_COUNT:
                raise ValueError(f"usage record {self.id}: {count!r} is not a storable count")
        if self.cost_usd is not None and not _is_finite_number(self.cost_usd):
            raise ValueError(f"usage record {self.id}: {self.cost_usd!r} is not a cost")

    def to_json_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (the spool line format): Decimal as string, datetime as ISO 8601."""
        data = dataclasses.asdict(self)
        data["occurred_at"] = self.occurred_at.astimezone(UTC).isoformat()
        data["cost_usd"] = None if self.cost_usd is None else str(self.cost_usd)
        return data

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> UsageRecord:
        """Inverse of `to_json_dict`; raises KeyError/ValueError/TypeError on a malformed dict
        or one whose values cannot be stored (see `check`)."""
        values = dict(data)
        values["occurred_at"] = datetime.fromisoformat(values["occurred_at"])
        if values["occurred_at"].tzinfo is None:
            raise ValueError("occurred_at must carry a time zone")
        cost = values.get("cost_usd")
        values["cost_usd"] = None if cost is None else Decimal(cost)
        record = cls(**values)
        record.check()
        return record


def _is_finite_number(value: object) -> bool:
    if isinstance(value, Decimal):
        return value.is_finite()
    if type(value) is int:
        return True
    return type(value) is float and math.isfinite(value)
