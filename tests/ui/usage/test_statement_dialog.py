"""The statement dialog on a real analytics database: the preview's lines and total, a
markup, and the CSV and PDF written through the file dialog (CSV parsed, PDF read back)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLineEdit

from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.usage_format import format_cost, money_text
from headhunter_desktop.ui.common.generation_status import error_colour
from headhunter_desktop.ui.shell.task_registry import TaskRegistry
from headhunter_desktop.ui.usage.statement_dialog import CSV, PDF, StatementDialog
from tests.helpers.pdf_text import pdf_text
from tests.helpers.screenshots import app_look, looks, save_screenshot, squeezed_widgets
from tests.helpers.waiting import wait_for, wait_for_widget
from tests.ui.usage.usage_views_seed import Seeded, seed


def expected_lines(seeded: Seeded, client_uuid: str) -> dict[tuple[str, str], dict]:
    """The month's calls of a client per (action, model), summed here from the records."""
    lines: dict[tuple[str, str], dict] = defaultdict(
        lambda: {"calls": 0, "cost": Decimal(0), "unpriced": 0}
    )
    for r in seeded.records:
        if r.client_uuid != client_uuid or r.occurred_at < seeded.month_start:
            continue
        line = lines[(r.action, r.model)]
        line["calls"] += 1
        if r.cost_usd is None:
            line["unpriced"] += 1
        else:
            line["cost"] += r.cost_usd
    return dict(lines)


def open_dialog(
    services: AppServices, tasks: TaskRegistry, qloop, seeded: Seeded
) -> StatementDialog:
    clients = [(seeded.acme_uuid, "Acme Ltd"), (seeded.beta_uuid, "Beta GmbH")]
    dialog = StatementDialog(services, tasks, clients, seeded.acme_uuid)
    dialog.resize(1024, 640)
    qloop.run_until_complete(wait_for(lambda: dialog.statement is not None))
    return dialog


async def save_through_file_dialog(dialog: StatementDialog, kind, path: Path) -> str:
    """Press Save, answer the file dialog with `path`; the file name it proposed."""
    dialog.save(kind)
    chooser = await wait_for_widget(QFileDialog)
    proposed = Path(chooser.selectedFiles()[0]).name
    # Typed, as a user does (selectFile leaves alone the name box that has the focus).
    chooser.findChild(QLineEdit, "fileNameEdit").setText(str(path))
    chooser.accept()
    await wait_for(lambda: dialog.status.text() == f"Saved the statement to {path}")
    return proposed


def test_preview_csv_and_pdf_add_up_to_the_records(
    services: AppServices, view_tasks: TaskRegistry, qloop, tmp_path: Path
) -> None:
    seeded = seed(services, qloop)
    services.settings.agency_name = "Northwind Talent"
    dialog = open_dialog(services, view_tasks, qloop, seeded)
    expected = expected_lines(seeded, seeded.acme_uuid)
    statement = dialog.statement
    assert statement is not None and statement.client_name == "Acme Ltd"
    got = {(line.action, line.model): line for line in statement.lines}
    assert set(got) == set(expected)
    for key, want in expected.items():
        assert got[key].calls == want["calls"]
        assert got[key].unpriced_calls == want["unpriced"]
        assert got[key].cost_usd == (None if want["unpriced"] == want["calls"] else want["cost"])
    total = sum((w["cost"] for w in expected.values()), Decimal(0))
    assert statement.total_usd == total
    assert dialog.total.text().startswith(f"Total: {money_text(total)}.")
    unpriced = sum(w["unpriced"] for w in expected.values())
    assert f"{unpriced} unpriced calls listed apart" in dialog.total.text()
    assert dialog.table.rowCount() == len(expected)
    assert dialog.table.isColumnHidden(5)  # no markup asked: no markup column

    dialog.markup.setValue(12.5)
    qloop.run_until_complete(
        wait_for(lambda: dialog.statement is not None and dialog.statement.markup_pct)
    )
    markup = total * Decimal("12.5") / 100
    assert dialog.statement.markup_total_usd == markup
    assert not dialog.table.isColumnHidden(5)
    assert f"with the 12.5 % markup ({money_text(markup)}): {money_text(total + markup)}" in (
        dialog.total.text()
    )

    csv_path = tmp_path / "acme.csv"
    proposed = qloop.run_until_complete(save_through_file_dialog(dialog, CSV, csv_path))
    assert (
        proposed
        == f"usage-statement-Acme Ltd-{seeded.month_start.astimezone(services.usage.tz):%Y-%m}.csv"
    )
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    header = rows.index(next(r for r in rows if r[:3] == ["action", "label", "model"]))
    columns = rows[header]
    body = []
    for row in rows[header + 1 :]:
        if not row:
            break
        body.append(dict(zip(columns, row, strict=False)))
    total_row = next(r for r in body if r["action"] == "TOTAL")
    lines = [r for r in body if r["action"] != "TOTAL"]
    assert {(r["action"], r["model"]) for r in lines} == set(expected)
    for r in lines:
        want = expected[(r["action"], r["model"])]
        assert int(r["calls"]) == want["calls"]
        if want["unpriced"] < want["calls"]:
            assert Decimal(r["cost_usd"]) == want["cost"]
    assert Decimal(total_row["cost_usd"]) == total

    pdf_path = tmp_path / "acme.pdf"
    qloop.run_until_complete(save_through_file_dialog(dialog, PDF, pdf_path))
    text = pdf_text(pdf_path)
    assert "Northwind Talent" in text and "Acme Ltd" in text
    assert money_text(total) in text
    assert format_cost(total) in text  # each total also exactly


def test_unwritable_place_is_said_in_red(
    services: AppServices, view_tasks: TaskRegistry, qloop, tmp_path: Path
) -> None:
    seeded = seed(services, qloop)
    dialog = open_dialog(services, view_tasks, qloop, seeded)
    assert dialog.statement is not None
    missing = tmp_path / "no-such-folder" / "acme.csv"
    assert qloop.run_until_complete(dialog.write(dialog.statement, CSV, missing)) is None
    assert dialog.status.text().startswith(f"{missing} could not be written")
    assert not missing.exists()
    shown = dialog.status.palette().color(dialog.status.foregroundRole())
    assert shown == error_colour(dialog.palette())


def test_screenshots_light_and_dark(
    services: AppServices, view_tasks: TaskRegistry, qloop, tmp_path: Path
) -> None:
    seeded = seed(services, qloop)
    dialog = open_dialog(services, view_tasks, qloop, seeded)
    dialog.markup.setValue(10)
    qloop.run_until_complete(
        wait_for(lambda: dialog.statement is not None and dialog.statement.markup_pct)
    )
    for look, palette in looks().items():  # dark too when the pictures are kept
        with app_look(palette):
            dialog.show()
            qloop.run_until_complete(wait_for(dialog.isVisible))
            save_screenshot(dialog, f"usage-statement-1024x640-{look}", tmp_path)
            assert not squeezed_widgets(dialog), look
    dialog.close()
