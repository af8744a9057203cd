"""`usage statement` end to end: known calls in a data folder's usage database, the CSV and
the PDF written by the real command line, the PDF's text read back with pypdf."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from headhunter_desktop.core.analytics.db import open_analytics_db
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.settings import Settings, SettingsStore, resolve_config
from tests.helpers.app_services import add_clients, run_on_data_folder
from tests.helpers.cli import run_cli
from tests.helpers.pdf_text import pdf_text, pdf_title
from tests.helpers.usage_db import insert
from tests.helpers.usage_months import ACME, BETA, month_calls, priced_sum, seeded_records

AGENCY = "Talent & Co"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder with Acme Ltd and Beta AG, and the seeded months recorded for them."""
    folder = tmp_path / "data"

    async def clients(services: AppServices) -> dict[str, str]:
        await add_clients(services, "Acme Ltd", "Beta AG")
        named = [await services.clients.named(n) for n in ("Acme Ltd", "Beta AG")]
        return {ACME: named[0].uuid, BETA: named[1].uuid}

    uuids = run_on_data_folder(folder, clients)
    seeded = [
        dataclasses.replace(r, client_uuid=uuids.get(r.client_uuid or "", r.client_uuid))
        for r in seeded_records()
    ]
    engine = open_analytics_db(resolve_config(Settings(), data_dir_flag=str(folder)).analytics_url)
    try:
        insert(engine, seeded)
    finally:
        engine.dispose()
    SettingsStore().save(Settings(agency_name=AGENCY))
    return folder


def statement(data: Path, out: Path, fmt: str, *extra: str) -> str:
    result = run_cli(
        "usage", "statement", "--client", "acme ltd", "--month", "2026-11", "--format", fmt,
        "--out", str(out), *extra, data_dir=data,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stderr


def csv_total(path: Path) -> str:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    (total,) = [cells for cells in rows if cells and cells[0] == "TOTAL"]
    return total[8]  # cost_usd


def test_the_pdf_total_is_the_csvs(data: Path, tmp_path: Path) -> None:
    local = datetime.now().astimezone().tzinfo  # the command's time zone: this computer's
    expected = priced_sum(month_calls(ACME, 2026, 11, local))  # type: ignore[arg-type]
    csv_file, pdf_file = tmp_path / "acme.csv", tmp_path / "acme.pdf"
    said = statement(data, csv_file, "csv", "--markup", "10")
    statement(data, pdf_file, "pdf", "--markup", "10")

    total = csv_total(csv_file)
    assert Decimal(total) == expected
    assert f"exactly {total} USD" in said
    text = pdf_text(pdf_file)
    assert f"(exactly {total} USD)" in text
    markup = (expected / 10).normalize()
    assert f"(exactly {markup:f} USD)" in text
    assert f"(exactly {(expected + expected / 10).normalize():f} USD)" in text
    shown = [AGENCY, "Acme Ltd", "1 November 2026 – 30 November 2026", "Parse CV"]
    shown += ["Write interview feedback", "Markup (10 %)", "Calls without a known price"]
    for words in shown:
        assert words in text, words
    # No price is set for the house model on this computer: its stored costs are named.
    assert "Costs of house-chat were set with a price no longer on record." in text
    assert pdf_title(pdf_file) == "Usage statement: Acme Ltd, November 2026"


def test_the_statement_total_is_the_usage_commands(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "beta.csv"
    result = run_cli(
        "usage", "statement", "--client", "Beta AG", "--month", "2026-11", "--format", "csv",
        "--out", str(out), data_dir=data,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    usage = run_cli(
        "usage", "--client", "Beta AG", "--from", "2026-11-01", "--to", "2026-11-30",
        "--format", "json", data_dir=data,
    )  # fmt: skip
    assert usage.returncode == 0, usage.stderr
    assert Decimal(csv_total(out)) == Decimal(json.loads(usage.stdout)["totals"]["cost_usd"])


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (("--client", "Nobody"), "no client company named 'Nobody'"),
        (("--month", "2026-13"), "--month must be a month written YYYY-MM, not '2026-13'"),
        (("--month", "11/2026"), "--month must be a month written YYYY-MM"),
        (("--markup", "-5"), "--markup must be a percentage from 0 to 1,000"),
        (("--markup", "ten"), "--markup must be a percentage"),
        (("--out", "{tmp}/no/such/folder/x.csv"), "does not exist"),
        (("--out", "{tmp}"), "it is a folder"),
    ],
)
def test_mistakes_are_one_line_and_exit_2(
    tmp_path: Path, flags: tuple[str, str], message: str
) -> None:
    data = tmp_path / "data"  # no clients: every mistake is found before any is looked up
    given = {"--client": "Acme Ltd", "--month": "2026-11", "--out": str(tmp_path / "s.csv")}
    given[flags[0]] = flags[1].format(tmp=tmp_path)
    args = [item for pair in given.items() for item in pair]
    result = run_cli("usage", "statement", *args, "--format", "csv", data_dir=data)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "s.csv").exists()
