"""`usage budget` and `search --client` end to end: the real command line in a child
process, the LLM the local fake server, usage recorded by the real writer."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.fakes import FakeOpenAIServer
from tests.helpers.app_services import add_clients, run_on_data_folder
from tests.helpers.cli import run_cli

EMBEDDING_USD_PER_TOKEN = Decimal("0.02") / 1_000_000  # text-embedding-3-small


@pytest.fixture
def data(fake_openai_env: FakeOpenAIServer, tmp_path: Path) -> Path:
    """A data folder with the client Acme Ltd, and the fake server as the LLM."""
    folder = tmp_path / "data"
    run_on_data_folder(folder, lambda s: add_clients(s, "Acme Ltd"))
    return folder


def budget(data: Path, *flags: str) -> dict:
    result = run_cli("usage", "budget", "--client", "acme ltd", *flags, "--json", data_dir=data)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_search_bills_its_query_to_the_client_and_the_budget_shows_it(data: Path) -> None:
    found = run_cli("search", "python developer", "--client", "Acme Ltd", data_dir=data)
    assert found.returncode == 0, found.stderr
    by_action = run_cli(
        "usage", "--client", "Acme Ltd", "--by", "action", "--format", "json", data_dir=data
    )
    rows = json.loads(by_action.stdout)["rows"]
    assert [(r["action"], r["calls"]) for r in rows] == [("embed_query", 1)]
    # Two words, two tokens at the fake server.
    assert budget(data) == {
        "client": "Acme Ltd",
        "monthly_usd": None,
        "warn_pct": None,
        "hard_cap": None,
        "month_spend_usd": f"{2 * EMBEDDING_USD_PER_TOKEN:f}",  # exact, no exponent
    }


def test_a_budget_is_set_then_changed_field_by_field(data: Path) -> None:
    assert budget(data, "--monthly", "50", "--warn", "75", "--hard-cap") == {
        "client": "Acme Ltd",
        "monthly_usd": "50",
        "warn_pct": 75,
        "hard_cap": True,
        "month_spend_usd": "0",
    }
    changed = budget(data, "--no-hard-cap", "--warn", "62.5")
    assert (changed["monthly_usd"], changed["warn_pct"], changed["hard_cap"]) == ("50", 62.5, False)
    shown = run_cli("usage", "budget", "--client", "Acme Ltd", data_dir=data)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == (
        "Acme Ltd: $50.00 a month, warning at 62.5 %, no hard cap; spent this month: $0.00."
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("usage", "budget", "--client", "Nobody"), "no client company named 'Nobody'"),
        (("usage", "budget", "--client", "Acme Ltd", "--warn", "50"), "has no budget yet"),
        (("usage", "budget", "--client", "Acme Ltd", "--monthly", "ten"), "--monthly must be"),
        (("usage", "budget", "--client", "Acme Ltd", "--monthly", "NaN"), "--monthly must be"),
        (("usage", "budget", "--client", "Acme Ltd", "--warn", "0"), "--warn must be"),
        (("search", "python", "--client", "Nobody"), "no client company named 'Nobody'"),
    ],
)
def test_mistakes_are_one_line_and_exit_2(data: Path, args: tuple[str, ...], message: str) -> None:
    result = run_cli(*args, data_dir=data)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_hard_cap_flags_exclude_each_other(data: Path) -> None:
    result = run_cli(
        "usage", "budget", "--client", "Acme Ltd", "--hard-cap", "--no-hard-cap", data_dir=data
    )
    assert result.returncode == 2 and "not allowed with argument" in result.stderr


@pytest.mark.postgres
def test_two_laptops_share_a_clients_usage_and_budget(
    fake_openai_env: FakeOpenAIServer, postgres_url: str, tmp_path: Path, monkeypatch
) -> None:
    # Own data folders (main databases), one usage server; B's Beta AG has A's Acme's id.
    monkeypatch.setenv("HEADHUNTER_ANALYTICS_URL", postgres_url)
    a, b = tmp_path / "laptop-a", tmp_path / "laptop-b"
    run_on_data_folder(a, lambda s: add_clients(s, "Acme Ltd"))
    run_on_data_folder(b, lambda s: add_clients(s, "Beta AG", "Acme Ltd"))
    for folder, client in ((a, "Acme Ltd"), (b, "acme ltd"), (b, "Beta AG")):
        result = run_cli("search", "python developer", "--client", client, data_dir=folder)
        assert result.returncode == 0, result.stderr
    assert budget(a, "--monthly", "5")["monthly_usd"] == "5"
    on_b = run_cli("usage", "--client", "Acme Ltd", "--format", "json", data_dir=b)
    assert json.loads(on_b.stdout)["totals"]["calls"] == 2  # A's search and B's
    shown_on_b = budget(b)
    assert (shown_on_b["monthly_usd"], shown_on_b["month_spend_usd"]) == (
        "5",
        f"{4 * EMBEDDING_USD_PER_TOKEN:f}",
    )
