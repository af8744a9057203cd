"""The usage record: one row per LLM or embedding call, numbers and ids only."""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, Literal

UsageSource = Literal["provider", "estimated"]
PriceSource = Literal["genai-prices", "override", "unpriced"]
CallStatus = Literal["ok", "error", "cancelled"]


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
    client_company_id: int | None = None
    client_company_name: str | None = None
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

    def to_json_dict(self) -> dict[str, Any]:
        """A JSON-safe dict (the spool line format): Decimal as string, datetime as ISO 8601."""
        data = dataclasses.asdict(self)
        data["occurred_at"] = self.occurred_at.astimezone(UTC).isoformat()
        data["cost_usd"] = None if self.cost_usd is None else str(self.cost_usd)
        return data

    @classmethod
    def from_json_dict(cls, data: dict[str, Any]) -> UsageRecord:
        """Inverse of `to_json_dict`; raises KeyError/ValueError/TypeError on a malformed dict."""
        values = dict(data)
        values["occurred_at"] = datetime.fromisoformat(values["occurred_at"])
        if values["occurred_at"].tzinfo is None:
            raise ValueError("occurred_at must carry a time zone")
        cost = values.get("cost_usd")
        values["cost_usd"] = None if cost is None else Decimal(cost)
        return cls(**values)
