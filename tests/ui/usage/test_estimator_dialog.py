"""The estimator dialog on a real analytics database: a month's work priced with the
agency's measured average tokens per call and the prices of the chosen models."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from headhunter_desktop.core.analytics.prices import PriceOverride
from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.usage_format import money_text
from headhunter_desktop.ui.shell.task_registry import TaskRegistry
from headhunter_desktop.ui.usage.estimator_dialog import EstimatorDialog
from tests.helpers.screenshots import app_look, looks, save_screenshot, squeezed_widgets
from tests.helpers.usage_db import insert
from tests.helpers.usage_records import make_record, record_id
from tests.helpers.waiting import wait_for
from tests.ui.usage.usage_views_seed import seed

MILLION = Decimal(1_000_000)
# USD per million tokens: (input, cached input, output)
CHAT_PRICE = (Decimal("1"), Decimal("0.5"), Decimal("2"))
EMBED_PRICE = (Decimal("0.1"), Decimal("0.1"), Decimal("0"))


def add_prices(services: AppServices, qloop) -> None:
    """Prices of two made-up models, so that the expected costs are plain arithmetic."""
    since = date.today() - timedelta(days=400)
    for model, (inp, cached, out) in (("test-chat", CHAT_PRICE), ("test-embed", EMBED_PRICE)):
        override = PriceOverride(model, inp, out, cached, since)
        qloop.run_until_complete(services.usage.add_price_override(override))


def open_dialog(services: AppServices, tasks: TaskRegistry, qloop) -> EstimatorDialog:
    dialog = EstimatorDialog(services, tasks)
    dialog.resize(1024, 640)
    qloop.run_until_complete(wait_for(lambda: dialog.estimate is not None))
    return dialog


def averages(records: list[UsageRecord], action: str, per_action: str | None = None):
    """(input, cached, output) tokens per call of `action`, worked out here: successful
    calls with measured usage; embeddings of CVs spread over the CVs parsed."""
    measured = [r for r in records if r.status == "ok" and r.usage_source != "invalid"]
    of_action = [r for r in measured if r.action == action]
    per = len([r for r in measured if r.action == (per_action or action)])
    return tuple(
        round(sum(getattr(r, field) for r in of_action) / per)
        for field in ("tokens_input", "tokens_cached_input", "tokens_output")
    )


def call_cost(tokens: tuple[int, int, int], price: tuple[Decimal, Decimal, Decimal]) -> Decimal:
    tokens_in, cached, out = tokens
    return ((tokens_in - cached) * price[0] + cached * price[1] + out * price[2]) / MILLION


def test_total_is_the_measured_averages_at_the_chosen_models_prices(
    services: AppServices, view_tasks: TaskRegistry, qloop
) -> None:
    seeded = seed(services, qloop)
    add_prices(services, qloop)
    dialog = open_dialog(services, view_tasks, qloop)
    dialog.counts["cv"].setValue(150)
    dialog.counts["job"].setValue(4)
    dialog.counts["feedback"].setValue(7)
    dialog.chat_model.setCurrentText("test-chat")
    dialog.embedding_model.setCurrentText("test-embed")

    records = seeded.records
    expected = {
        "parse_cv": 150 * call_cost(averages(records, "parse_cv"), CHAT_PRICE),
        "embed_cv": 150 * call_cost(averages(records, "embed_cv", "parse_cv"), EMBED_PRICE),
        "generate_job": 4 * call_cost(averages(records, "generate_job"), CHAT_PRICE),
        "generate_feedback": 7 * call_cost(averages(records, "generate_feedback"), CHAT_PRICE),
    }
    estimate = dialog.estimate
    assert estimate is not None
    assert {line.action: line.cost_usd for line in estimate.lines} == expected
    assert estimate.missing_actions == []
    total = sum(expected.values(), Decimal(0))
    assert estimate.total_usd == total
    assert dialog.total.text() == f"Total: {money_text(total)} a month"
    shown = {row[1]: row for row in dialog.line_texts()}
    assert set(shown) == {"Parse CV", "Embed CV", "Write job posting", "Write interview feedback"}
    assert shown["Parse CV"][0] == "150 CVs"
    assert shown["Parse CV"][2] == "test-chat"
    assert shown["Embed CV"][2] == "test-embed"
    assert shown["Write job posting"][-1] == money_text(expected["generate_job"])
    assert shown["Write job posting"][-2] == money_text(expected["generate_job"] / 4)
    assert dialog.notes.text() == ""

    # A model without a price: its lines are unpriced and the note says so.
    dialog.chat_model.setCurrentText("no-such-model-xyz")
    assert dialog.estimate is not None
    assert dialog.estimate.total_usd == expected["embed_cv"]
    assert "No price is known for no-such-model-xyz" in dialog.notes.text()
    assert {row[-1] for row in dialog.line_texts() if row[2] == "no-such-model-xyz"} == {"unpriced"}


def test_work_never_measured_is_said_plainly(
    services: AppServices, view_tasks: TaskRegistry, qloop
) -> None:
    add_prices(services, qloop)
    insert(
        services.usage.engine(),
        [
            make_record(
                id=record_id(i),
                action="parse_cv",
                tokens_input=1000,
                tokens_cached_input=0,
                tokens_output=100,
            )
            for i in range(3)
        ],
    )
    dialog = open_dialog(services, view_tasks, qloop)
    dialog.chat_model.setCurrentText("test-chat")
    dialog.embedding_model.setCurrentText("test-embed")
    estimate = dialog.estimate
    assert estimate is not None
    assert estimate.missing_actions == ["embed_cv", "generate_job", "generate_feedback"]
    notes = dialog.notes.text()
    for label in ("Embed CV", "Write job posting", "Write interview feedback"):
        assert f"“{label}”" in notes
    assert "Not in the total" in notes
    parse_cost = 200 * call_cost((1000, 0, 100), CHAT_PRICE)
    assert estimate.total_usd == parse_cost


def test_screenshots_light_and_dark(
    services: AppServices, view_tasks: TaskRegistry, qloop, tmp_path: Path
) -> None:
    seed(services, qloop)
    dialog = open_dialog(services, view_tasks, qloop)
    for look, palette in looks().items():  # dark too when the pictures are kept
        with app_look(palette):
            dialog.show()
            qloop.run_until_complete(wait_for(dialog.isVisible))
            save_screenshot(dialog, f"usage-estimator-1024x640-{look}", tmp_path)
            assert not squeezed_widgets(dialog), look
    dialog.close()
