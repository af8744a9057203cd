"""`usage` for calls to a model without a price: unpriced, never `0` (issue 8, item 6).

And records set aside by the writer: `usage` warns on stderr, `selftest` fails (item 1).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.usage_format import FIGURE_KEYS
from headhunter_desktop.core.settings import SettingsStore, resolve_config
from tests.helpers.cli import run_cli
from tests.helpers.usage_records import recent_record

LOCAL = "llama3"
MINI = "gpt-4o-mini-2024-07-18"


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    """Two calls to a local model (no price), a priced and an unpriced one to gpt-4o-mini."""
    data = tmp_path / "data"
    store = SettingsStore()
    services = AppServices.open(resolve_config(store.load(), data_dir_flag=str(data)), store)
    for record in (
        recent_record(None, model=LOCAL, requested_model=LOCAL),
        recent_record(None, model=LOCAL, requested_model=LOCAL),
        recent_record("0.00042", model=MINI),
        recent_record(None, model=MINI),
    ):
        services.usage_writer.submit(record)
    assert services.usage_writer.flush(10)
    services.close_sync()
    return data


def test_json_says_null_for_a_row_without_any_price(recorded: Path) -> None:
    result = run_cli("usage", "--by", "model", "--format", "json", data_dir=recorded)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert list(doc["totals"]) == list(FIGURE_KEYS)  # the contract keeps every key
    rows = {row["model"]: row for row in doc["rows"]}
    assert list(rows[LOCAL])[1:] == list(FIGURE_KEYS)
    assert (rows[LOCAL]["cost_usd"], rows[LOCAL]["unpriced_calls"]) == (None, 2)
    assert (rows[MINI]["cost_usd"], rows[MINI]["unpriced_calls"]) == ("0.00042", 1)
    assert (doc["totals"]["cost_usd"], doc["totals"]["unpriced_calls"]) == ("0.00042", 3)


def test_csv_and_table_leave_the_cost_of_an_unpriced_row_empty(recorded: Path) -> None:
    result = run_cli("usage", "--by", "model", "--format", "csv", data_dir=recorded)
    assert result.returncode == 0, result.stderr
    rows = {row["model"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert (rows[LOCAL]["cost_usd"], rows[LOCAL]["unpriced_calls"]) == ("", "2")
    assert rows[MINI]["cost_usd"] == "0.00042"

    table = run_cli("usage", "--by", "model", data_dir=recorded)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    local = next(line for line in lines if line.startswith(LOCAL)).split()
    # model, calls, input, cached, output, reasoning, (no cost), unpriced
    assert len(local) == 7 and local[-1] == "2"
    assert "0.00042" in next(line for line in lines if line.startswith(MINI))
    assert "3 call(s) have no known price" in lines[-1]


def test_set_aside_records_are_reported_by_usage_and_fail_selftest(recorded: Path) -> None:
    healthy = run_cli("selftest", data_dir=recorded)
    assert "ok   set-aside usage records: none" in healthy.stdout.splitlines()
    rejected = recorded / "usage-spool.jsonl.rejected"
    rejected.write_bytes(b'{"id": "a"}\n{"id": "b"}\n')

    report = run_cli("usage", "--format", "json", data_dir=recorded)
    assert report.returncode == 0
    assert json.loads(report.stdout)["totals"]["calls"] == 4  # stdout stays a JSON document
    assert "warning: 2 usage record(s) are not in these figures" in report.stderr
    assert str(rejected) in report.stderr

    check = run_cli("selftest", data_dir=recorded)
    assert check.returncode == 1
    [line] = [line for line in check.stdout.splitlines() if "set-aside" in line]
    assert line.startswith("FAIL set-aside usage records: 2 usage record(s)")
    assert str(rejected) in line
