"""Usage records as the gateway makes them: one with every field set, many at random, recent
ones with a cost; and the record ids in a spool file."""

from __future__ import annotations

import contextlib
import json
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from headhunter_desktop.core.analytics.record import UsageRecord

MINI = "gpt-4o-mini-2024-07-18"
EMBED = "text-embedding-3-small"
# The figures of a usage total, in the order the CLI and the queries report them.
TOTAL_FIELDS = (
    "calls",
    "tokens_input",
    "tokens_cached_input",
    "tokens_output",
    "tokens_reasoning",
    "tokens_total",
    "cost_usd",
    "unpriced_calls",
    "errors",
)


def client_uuid_of(client_id: int) -> str:
    """The UUID of the client whose main-database id is `client_id`, in these records."""
    return f"00000000-0000-4000-a000-{client_id:012d}"


def make_record(**overrides: Any) -> UsageRecord:
    """A plausible record with every field set; override what the test is about.

    The client's UUID follows its id (`client_uuid_of`) unless given: set
    `client_uuid=None` for a record made before clients had UUIDs.
    """
    values: dict[str, Any] = {
        "action": "parse_cv",
        "requested_model": "gpt-4o-mini",
        "model": MINI,
        "occurred_at": datetime(2025, 3, 30, 12, 0, 0, 123456, tzinfo=UTC),
        "client_company_id": 1,
        "client_company_name": "Acme GmbH",
        "entity_type": "cv",
        "entity_id": "cv-17",
        "tokens_input": 1000,
        "tokens_cached_input": 200,
        "tokens_output": 300,
        "tokens_reasoning": 50,
        "tokens_total": 1300,
        "usage_source": "provider",
        "cost_usd": Decimal("0.000330000001"),
        "price_source": "genai-prices",
        "latency_ms": 850,
        "ttft_ms": 120,
        "streaming": True,
        "status": "ok",
        "error_type": None,
        "app_user": "ana@laptop",
        "app_version": "0.1.0",
    }
    values.update(overrides)
    if "client_uuid" not in overrides:
        client = values["client_company_id"]
        values["client_uuid"] = None if client is None else client_uuid_of(client)
    return UsageRecord(**values)


def recent_record(cost: str | None, **overrides: Any) -> UsageRecord:
    """A call made just now that cost `cost` dollars (None: unpriced), 1000 tokens in and
    200 out unless overridden, none of them cached or reasoning."""
    tokens_input = overrides.pop("tokens_input", 1000)
    tokens_output = overrides.pop("tokens_output", 200)
    values: dict[str, Any] = {
        "occurred_at": datetime.now(UTC),
        "tokens_input": tokens_input,
        "tokens_cached_input": 0,
        "tokens_output": tokens_output,
        "tokens_reasoning": 0,
        "tokens_total": tokens_input + tokens_output,
        "cost_usd": None if cost is None else Decimal(cost),
        "price_source": "unpriced" if cost is None else "genai-prices",
    }
    return make_record(**{**values, **overrides})


def client_key_of(record: UsageRecord) -> str | None:
    """What the queries count a record under per client, worked out independently: its
    UUID; "legacy:ID" for one recorded before UUIDs; None for no client."""
    if record.client_uuid is not None:
        return record.client_uuid
    return None if record.client_company_id is None else f"legacy:{record.client_company_id}"


def record_id(index: int) -> str:
    """A deterministic UUID-shaped id."""
    return f"00000000-0000-4000-8000-{index:012d}"


def random_records(count: int, seed: int = 7) -> list[UsageRecord]:
    """Calls from mid-January to mid-May 2025, through both DST changes' months, by two
    laptops (see `client_key_of`)."""
    rnd = random.Random(seed)
    first = datetime(2025, 1, 15, tzinfo=UTC)
    span = int((datetime(2025, 5, 15, tzinfo=UTC) - first).total_seconds())
    actions = ["parse_cv", "embed_cv", "generate_job", "extract_company"]
    records = []
    for i in range(count):
        t_in = rnd.randrange(0, 9000)
        t_out = rnd.randrange(0, 2000)
        client = rnd.choice([1, 2, 3, None])
        # Two laptops, each with its own main-database id for the same client; client 3's
        # calls were recorded before clients had UUIDs (counted apart per id).
        laptop_id = None if client is None else client + 10 * (i % 2)
        uuid = None if client in (None, 3) else client_uuid_of(client)
        cost = None if rnd.random() < 0.1 else Decimal(rnd.randrange(10**9)).scaleb(-12)
        records.append(
            make_record(
                id=record_id(i),
                occurred_at=first + timedelta(seconds=rnd.randrange(span)),
                client_company_id=laptop_id,
                client_uuid=uuid,
                client_company_name=None if client is None else f"Client {client}",
                action=rnd.choice(actions),
                model=rnd.choice([MINI, EMBED, None]),
                requested_model=rnd.choice(["gpt-4o-mini", "llama3"]),
                tokens_input=t_in,
                tokens_cached_input=rnd.randrange(0, t_in + 1),
                tokens_output=t_out,
                tokens_reasoning=rnd.randrange(0, t_out + 1),
                tokens_total=t_in + t_out,
                cost_usd=cost,
                price_source="unpriced" if cost is None else "genai-prices",
                status=rnd.choice(["ok"] * 8 + ["error", "cancelled"]),
                latency_ms=int(rnd.lognormvariate(6.5, 1.2)),
            )
        )
    return records


def spooled_ids(spool: Path) -> set[str]:
    """Ids of the records in a spool file, read only (another process may be appending:
    Spool.load() would tidy the file under it)."""
    if not spool.exists():
        return set()
    ids = set()
    for line in spool.read_bytes().split(b"\n"):
        with contextlib.suppress(ValueError):  # empty, or being written right now
            data = json.loads(line)
            if "id" in data:  # not an intent (a request's placeholder, no record yet)
                ids.add(data["id"])
    return ids


def utc(*args: int) -> datetime:
    """datetime(*args) in UTC."""
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]
