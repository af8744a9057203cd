"""`usage` end to end: real gateway calls on the local server, recorded, reported by the CLI."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import BaseModel

from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.settings import SettingsStore, resolve_config
from tests.fakes import ChatReply, FakeOpenAIServer, FakeUsage
from tests.helpers.cli import run_cli
from tests.helpers.usage_records import TOTAL_FIELDS


class Title(BaseModel):
    title: str


@pytest.fixture
def recorded(fake_openai_env: FakeOpenAIServer, tmp_path: Path) -> Path:
    """Three calls for Acme and one for no client, made through the real app services."""
    fake_openai = fake_openai_env
    fake_openai.answer_model = "gpt-4o-mini-2024-07-18"
    fake_openai.queue(
        ChatReply('{"title": "Data Engineer"}', usage=FakeUsage(1200, 300, cached_tokens=256)),
        ChatReply("Strong SQL skills.", usage=FakeUsage(80, 4, reasoning_tokens=0)),
        ChatReply('{"title": "Chef"}', usage=FakeUsage(50, 10)),
    )
    data = tmp_path / "data"
    services = AppServices.open(
        resolve_config(SettingsStore().load(), data_dir_flag=str(data)), SettingsStore()
    )

    async def calls() -> None:
        acme = await services.clients.create("Acme Ltd")
        ctx = CallContext("generate_job", acme.id, acme.name, client_uuid=acme.uuid)
        await services.gateway.complete_structured(ctx, [{"role": "user", "content": "x"}], Title)
        feedback = CallContext("generate_feedback", acme.id, acme.name, client_uuid=acme.uuid)
        async with services.gateway.open_stream(
            feedback, [{"role": "user", "content": "y"}]
        ) as deltas:
            assert "".join([d async for d in deltas]) == "Strong SQL skills."
        await services.gateway.embed(
            CallContext("embed_cv", acme.id, acme.name, client_uuid=acme.uuid), ["a b", "c d"]
        )
        await services.gateway.complete_structured(
            CallContext("generate_job"), [{"role": "user", "content": "z"}], Title
        )
        await services.aclose()

    asyncio.run(calls())
    return data


def test_json_totals_and_rows_follow_the_contract(recorded: Path) -> None:
    result = run_cli(
        "usage", "--client", "acme ltd", "--by", "action", "--format", "json", data_dir=recorded
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    totals = doc["totals"]
    assert set(totals) == set(TOTAL_FIELDS)
    assert totals["calls"] == 3 and totals["errors"] == 0 and totals["unpriced_calls"] == 0
    embed_tokens = 4  # "a b" + "c d": the fake server counts words
    assert totals["tokens_input"] == 1200 + 80 + embed_tokens
    assert totals["tokens_cached_input"] == 256 and totals["tokens_output"] == 304
    # 944 x 0.15 + 256 x 0.075 + 300 x 0.6 (job) + 80 x 0.15 + 4 x 0.6 (feedback)
    # + 4 x 0.02 (embedding), all per million tokens
    expected = (Decimal("340.8") + Decimal("14.4") + Decimal("0.08")) / 1_000_000
    assert Decimal(totals["cost_usd"]) == expected
    by_action = {row["action"]: row for row in doc["rows"]}
    assert set(by_action) == {"generate_job", "generate_feedback", "embed_cv"}
    assert by_action["generate_job"]["cost_usd"] == "0.0003408"
    assert sum(Decimal(r["cost_usd"]) for r in doc["rows"]) == expected


def test_all_clients_csv_has_one_header_line(recorded: Path) -> None:
    result = run_cli("usage", "--by", "client", "--format", "csv", data_dir=recorded)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    lines = result.stdout.splitlines()
    assert lines[0].startswith("client,client_uuid,calls,") and len(lines) == 1 + len(rows)
    clients = {row["client"]: row for row in rows}
    assert clients["Acme Ltd"]["calls"] == "3"
    assert clients[""]["client_uuid"] == ""  # calls made for no client
    assert sum(int(r["calls"]) for r in rows) == 4
    assert "E" not in "".join(r["cost_usd"] for r in rows)  # no scientific notation


def test_table_and_bad_input(recorded: Path) -> None:
    table = run_cli("usage", "--by", "model", data_dir=recorded)
    assert table.returncode == 0 and "TOTAL" in table.stdout
    assert "gpt-4o-mini-2024-07-18" in table.stdout
    bad_date = run_cli("usage", "--from", "25/12/2026", data_dir=recorded)
    assert bad_date.returncode == 2
    assert (
        bad_date.stderr.strip()
        == "error: --from must be a date written YYYY-MM-DD, not '25/12/2026'."
    )
    unknown = run_cli("usage", "--client", "Nobody", data_dir=recorded)
    assert unknown.returncode == 2 and "no client company named 'Nobody'" in unknown.stderr


def test_period_filters(recorded: Path) -> None:
    period = ("--from", "2000-01-01", "--to", "2000-12-31")
    result = run_cli("usage", *period, "--format", "json", data_dir=recorded)
    assert json.loads(result.stdout)["totals"]["calls"] == 0
