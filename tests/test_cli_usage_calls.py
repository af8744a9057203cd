"""`usage calls`: one row per call with every field, and the period `usage` states and
defaults to (this month, as the GUI), with records sent through the real usage writer."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.analytics.tables import client_directory
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.usage_periods import period_text
from tests.helpers.app_services import run_on_data_folder
from tests.helpers.cli import run_cli
from tests.helpers.usage_records import make_record, record_id

FIELDS = ["id", "occurred_at", "client_key", "client_name", "action", "model", "entity_type",
          "entity_id", "tokens_input", "tokens_cached_input", "tokens_output", "tokens_reasoning",
          "tokens_total", "cost_usd", "price_source", "latency_ms", "status", "error_type",
          "usage_source", "estimated", "app_user"]  # fmt: skip


def _this_month() -> tuple[date, date]:
    # The child process counts days in the same local time zone as this one.
    today = datetime.now().astimezone().date()
    return today.replace(day=1), today


@pytest.fixture
def recorded(tmp_path: Path) -> tuple[Path, list[UsageRecord]]:
    """Acme's calls (one unpriced, one failed, one estimated), one for no client, and one
    of Acme's from before this month: through the writer, as the gateway sends them."""
    data = tmp_path / "data"
    now = datetime.now(UTC).replace(microsecond=0)
    old = datetime.combine(_this_month()[0], datetime.min.time()).astimezone(UTC)

    async def work(services: AppServices) -> list[UsageRecord]:
        acme = await services.clients.create("Acme Ltd")
        client = {"client_company_id": acme.id, "client_uuid": acme.uuid,
                  "client_company_name": "Acme Ltd"}  # fmt: skip
        records = [
            make_record(id=record_id(1), occurred_at=now - timedelta(seconds=30), **client,
                        action="parse_cv", entity_type="cv_file", entity_id="ab12",
                        cost_usd=Decimal("0.000123456789"), app_user="ana@laptop"),
            make_record(id=record_id(2), occurred_at=now - timedelta(seconds=20), **client,
                        action="generate_job", model="llama3", requested_model="llama3",
                        entity_type="job", entity_id="7", cost_usd=None,
                        price_source="unpriced", usage_source="estimated"),
            make_record(id=record_id(3), occurred_at=now - timedelta(seconds=10), **client,
                        action="parse_cv", model=None, requested_model="gpt-4o-mini",
                        status="error", error_type="APITimeoutError",
                        tokens_input=0, tokens_cached_input=0, tokens_output=0,
                        tokens_reasoning=0, tokens_total=0, cost_usd=Decimal(0)),
            make_record(id=record_id(4), occurred_at=now, client_company_id=None,
                        client_uuid=None, client_company_name=None, action="embed_query",
                        entity_type=None, entity_id=None, cost_usd=Decimal("0.0000002")),
            make_record(id=record_id(5), occurred_at=old - timedelta(days=3), **client,
                        action="parse_cv", cost_usd=Decimal("2.5")),
        ]  # fmt: skip
        for record in records:
            services.usage_writer.submit(record)
        assert services.usage_writer.flush(10)
        return records

    return data, run_on_data_folder(data, work)


def _expected(record: UsageRecord) -> dict[str, Any]:
    """The JSON object of a call, worked out from the record alone."""
    return {
        "id": record.id,
        "occurred_at": record.occurred_at.astimezone(UTC).isoformat(),
        "client_key": record.client_uuid or "",
        "client_name": record.client_company_name,
        "action": record.action,
        "model": record.model or record.requested_model,
        "entity_type": record.entity_type,
        "entity_id": record.entity_id,
        "tokens_input": record.tokens_input,
        "tokens_cached_input": record.tokens_cached_input,
        "tokens_output": record.tokens_output,
        "tokens_reasoning": record.tokens_reasoning,
        "tokens_total": record.tokens_total,
        "cost_usd": None if record.cost_usd is None else format(record.cost_usd, "f"),
        "price_source": record.price_source,
        "latency_ms": record.latency_ms,
        "status": record.status,
        "error_type": record.error_type,
        "usage_source": record.usage_source,
        "estimated": record.usage_source != "provider",
        "app_user": record.app_user,
    }


def _newest_first(records: list[UsageRecord]) -> list[UsageRecord]:
    return sorted(records, key=lambda r: r.occurred_at, reverse=True)


def _json(*args: str, data: Path) -> dict[str, Any]:
    result = run_cli("usage", *args, data_dir=data)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_json_has_every_field_of_this_months_calls_newest_first(
    recorded: tuple[Path, list[UsageRecord]],
) -> None:
    data, records = recorded
    doc = _json("calls", "--format", "json", data=data)
    start, end = _this_month()
    assert doc["period"] == {"from": start.isoformat(), "to": end.isoformat()}
    assert doc["calls"] == [_expected(r) for r in reversed(records[:4])]
    assert doc["calls"][2]["cost_usd"] is None  # unpriced: no cost, not "0"
    assert doc["calls"][1]["cost_usd"] == "0"  # a failed call that cost nothing
    everything = _json("calls", "--all-time", data=data)
    assert everything["period"] == {"from": None, "to": None}
    assert everything["calls"] == [_expected(r) for r in _newest_first(records)]


def test_csv_rows_and_filters(recorded: tuple[Path, list[UsageRecord]]) -> None:
    data, records = recorded
    result = run_cli("usage", "calls", "--client", "acme ltd", "--all-time", "--format", "csv",
                     data_dir=data)  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.stdout.splitlines()[0].split(",") == FIELDS
    expected = [_expected(r) for r in _newest_first(records) if r.client_uuid is not None]
    as_text = [
        {k: "" if v is None else str(v).lower() if isinstance(v, bool) else str(v)
         for k, v in e.items()}
        for e in expected
    ]  # fmt: skip
    assert rows == as_text
    assert rows[1]["cost_usd"] == "" and rows[3]["cost_usd"] == "2.5"

    parse = _json("calls", "--action", "parse_cv", "--all-time", data=data)["calls"]
    assert [c["id"] for c in parse] == [record_id(3), record_id(1), record_id(5)]
    no_client = _json("calls", "--no-client", data=data)["calls"]
    assert [c["id"] for c in no_client] == [record_id(4)]
    old_day = records[4].occurred_at.astimezone().date().isoformat()
    before = _json("calls", "--from", old_day, "--to", old_day, data=data)
    assert [c["id"] for c in before["calls"]] == [record_id(5)]
    assert before["period"] == {"from": old_day, "to": old_day}
    nothing = _json("calls", "--from", "2000-01-01", "--to", "2000-01-31", data=data)
    assert nothing["calls"] == []


def test_usage_states_its_period_and_defaults_to_this_month(
    recorded: tuple[Path, list[UsageRecord]],
) -> None:
    data, records = recorded
    start, end = _this_month()
    month = _json("--format", "json", data=data)
    assert month["period"] == {"from": start.isoformat(), "to": end.isoformat()}
    assert month["totals"]["calls"] == 4
    priced = [r.cost_usd for r in records[:4] if r.cost_usd is not None]
    assert Decimal(month["totals"]["cost_usd"]) == sum(priced, Decimal(0))
    every = _json("--all-time", "--format", "json", data=data)
    assert every["period"] == {"from": None, "to": None} and every["totals"]["calls"] == 5

    table = run_cli("usage", data_dir=data)
    assert table.stdout.splitlines()[0] == f"Period: {period_text(start, end)}"
    assert run_cli("usage", "--all-time", data_dir=data).stdout.startswith("Period: All time\n")
    csv_lines = run_cli("usage", "--format", "csv", data_dir=data).stdout.splitlines()
    assert csv_lines[0].startswith("calls,") and len(csv_lines) == 2  # no period line
    assert csv_lines[1].split(",")[0] == "4"

    both = run_cli("usage", "--all-time", "--from", "2026-01-01", data_dir=data)
    assert both.returncode == 2
    assert both.stderr.strip() == "error: --all-time cannot be combined with --from or --to."
    unknown = run_cli("usage", "calls", "--client", "Nobody", data_dir=data)
    assert unknown.returncode == 2 and "no client company named 'Nobody'" in unknown.stderr


@pytest.fixture
def outcomes(tmp_path: Path) -> Path:
    """Calls numbered 1..7, newer with each number: every status, priced and not, two of
    them recorded without the client's name; Beta renamed in the shared directory since."""
    data = tmp_path / "data"
    now = datetime.now(UTC).replace(microsecond=0)

    async def work(services: AppServices) -> None:
        acme = await services.clients.create("Acme Ltd")
        beta = await services.clients.create("Beta GmbH")
        with services.usage.engine().begin() as conn:
            conn.execute(
                sa.update(client_directory)
                .where(client_directory.c.uuid == beta.uuid)
                .values(name="Beta Holdings")
            )
        specs = [  # (number, client, name snapshot, status, cost)
            (1, acme, "Acme Ltd", "ok", "0.01"),
            (2, acme, "Acme Ltd", "error", None),
            (3, acme, None, "interrupted", "0.03"),
            (4, acme, "Acme Ltd", "cancelled", None),
            (5, beta, None, "interrupted", None),
            (6, None, None, "error", "0.06"),
            (7, None, None, "ok", None),
        ]
        for number, client, name, status, cost in specs:
            services.usage_writer.submit(
                make_record(id=record_id(number), occurred_at=now - timedelta(seconds=80 - number),
                            client_company_id=None, client_uuid=client and client.uuid,
                            client_company_name=name, status=status,
                            cost_usd=None if cost is None else Decimal(cost),
                            price_source="unpriced" if cost is None else "genai-prices")
            )  # fmt: skip
        assert services.usage_writer.flush(10)

    run_on_data_folder(data, work)
    return data


def _numbers(*args: str, data: Path) -> list[int]:
    calls = _json("calls", "--all-time", *args, data=data)["calls"]
    return [int(c["id"].rsplit("-", 1)[1]) for c in calls]


def test_status_and_unpriced_select_what_usage_counts(outcomes: Path) -> None:
    data = outcomes
    assert _numbers("--status", "failed", data=data) == [6, 5, 3, 2]
    assert _numbers("--status", "error", data=data) == [6, 2]
    assert _numbers("--status", "cancelled", data=data) == [4]
    assert _numbers("--unpriced", data=data) == [7, 5, 4, 2]
    assert _numbers("--unpriced", "--status", "failed", data=data) == [5, 2]
    assert _numbers("--unpriced", "--client", "Acme Ltd", data=data) == [4, 2]
    assert _numbers("--unpriced", "--no-client", data=data) == [7]
    totals = _json("--all-time", "--format", "json", data=data)["totals"]
    assert (totals["errors"], totals["unpriced_calls"]) == (4, 4)

    result = run_cli("usage", "calls", "--all-time", "--unpriced", "--format", "csv",
                     data_dir=data)  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["status"], r["cost_usd"]) for r in rows] == [
        ("ok", ""), ("interrupted", ""), ("cancelled", ""), ("error", "")
    ]  # fmt: skip
    bad = run_cli("usage", "calls", "--status", "broken", data_dir=data)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr == (
        "error: --status must be one of ok, error, cancelled, interrupted, failed, not 'broken'.\n"
    )


def test_a_call_without_a_name_gets_the_directorys(outcomes: Path) -> None:
    calls = _json("calls", "--all-time", data=outcomes)["calls"]
    names = {int(c["id"].rsplit("-", 1)[1]): c["client_name"] for c in calls}
    assert names == {1: "Acme Ltd", 2: "Acme Ltd", 3: "Acme Ltd", 4: "Acme Ltd",
                     5: "Beta Holdings", 6: None, 7: None}  # fmt: skip
