"""The call log on a real analytics database: rows in order, paging past the first page
by scrolling, each filter, a drill-down's filter, and the link to a call's work."""

from __future__ import annotations

import dataclasses
import threading
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from headhunter_desktop.core.analytics import call_log
from headhunter_desktop.core.analytics.call_log import CallFilter
from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.domain.actions import action_label
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.usage_format import money_text
from headhunter_desktop.ui.shell.task_registry import TaskRegistry
from headhunter_desktop.ui.usage.calls_model import ENTITY_COLUMN, HEADERS
from headhunter_desktop.ui.usage.calls_view import (
    NO_CALLS_TEXT,
    NO_CLIENT_CALLS_TEXT,
    NO_MATCH_TEXT,
    CallsView,
)
from tests.helpers.screenshots import app_look, looks, save_screenshot, squeezed_widgets
from tests.helpers.waiting import wait_for
from tests.ui.usage.usage_views_seed import (
    ACME_CALLS_THIS_MONTH,
    Seeded,
    client_key,
    newest_first,
    seed,
)

PAGE = 25


class Opened(list):
    """What the view asked to open (EntityLabels), in order."""


def month_filter(services: AppServices, seeded: Seeded, key: str | None, **more) -> CallFilter:
    tz = services.usage.tz
    first = seeded.month_start.astimezone(tz).date()
    return CallFilter(client_key=key, start=first, end=date.today(), tz=tz, **more)


def this_month(seeded: Seeded, key: str | None = None) -> list[UsageRecord]:
    return newest_first(
        [
            r
            for r in seeded.records
            if r.occurred_at >= seeded.month_start and (key is None or client_key(r) == key)
        ]
    )


def make_view(services: AppServices, tasks: TaskRegistry, opened: Opened) -> CallsView:
    view = CallsView(services, tasks, opened.append)
    view.page_size = PAGE
    view.resize(1024, 640)
    view.show()
    return view


def settle(view: CallsView, qloop, rows: int) -> None:
    """Wait until the count is shown and `rows` rows are loaded."""
    qloop.run_until_complete(
        wait_for(
            lambda: (
                view.model.rowCount() == rows and not view.count_label.text().startswith("Counting")
            )
        )
    )


def shown_ids(view: CallsView) -> list[str]:
    return [row.id for row in view.model.rows()]


def cell(view: CallsView, row: int, title: str) -> str:
    return view.model.index(row, HEADERS.index(title)).data()


def test_rows_page_by_scrolling_newest_first(
    services: AppServices, view_tasks: TaskRegistry, qloop
) -> None:
    seeded = seed(services, qloop)
    view = make_view(services, view_tasks, Opened())
    view.show_calls(month_filter(services, seeded, seeded.acme_uuid))
    expected = this_month(seeded, seeded.acme_uuid)
    assert len(expected) == ACME_CALLS_THIS_MONTH
    settle(view, qloop, PAGE)
    assert view.count_label.text() == f"{ACME_CALLS_THIS_MONTH} calls"
    assert shown_ids(view) == [r.id for r in expected[:PAGE]]
    for pages in (2, 3):  # scrolled to the end, the view asks for the next page
        view.table.scrollToBottom()
        loaded = min(pages * PAGE, len(expected))
        qloop.run_until_complete(wait_for(lambda n=loaded: view.model.rowCount() == n))
    assert shown_ids(view) == [r.id for r in expected]
    assert not view.model.canFetchMore()

    tz = services.usage.tz
    for row, record in enumerate(expected):
        assert cell(view, row, "Time") == f"{record.occurred_at.astimezone(tz):%d %b %H:%M:%S}"
        assert cell(view, row, "Client") == "Acme Ltd"
        assert cell(view, row, "Action") == action_label(record.action)
        assert cell(view, row, "Model") == record.model
        assert cell(view, row, "Input") == f"{record.tokens_input:,}"
        assert cell(view, row, "Cached") == f"{record.tokens_cached_input:,}"
        assert cell(view, row, "Output") == f"{record.tokens_output:,}"
        assert cell(view, row, "Cost") == money_text(record.cost_usd)
        assert cell(view, row, "Latency") == f"{record.latency_ms:,} ms"
        assert cell(view, row, "≈") == ("≈" if record.usage_source != "provider" else "")
    assert "unpriced" in {cell(view, row, "Cost") for row in range(len(expected))}


def test_each_filter_narrows_the_rows_and_the_count(
    services: AppServices, view_tasks: TaskRegistry, qloop
) -> None:
    seeded = seed(services, qloop)
    view = make_view(services, view_tasks, Opened())
    view.page_size = 100  # one page: this test is about which rows, not paging
    view.show_calls(month_filter(services, seeded, seeded.acme_uuid))
    acme = this_month(seeded, seeded.acme_uuid)
    settle(view, qloop, len(acme))
    # The drop-downs offer the values of the client's month.
    assert view.combos["action"].count() == 1 + len({r.action for r in acme})
    # ... and the failed group (error or interrupted), as Acme has errors.
    assert view.combos["status"].count() == 2 + len({r.status for r in acme})
    assert view.combos["status"].findText("Failed (error or interrupted)") > 0
    cases = (
        ("action", "parse_cv", lambda r: r.action == "parse_cv"),
        ("model", "llama-local", lambda r: r.model == "llama-local"),
        ("status", "error", lambda r: r.status == "error"),
        ("status", "failed", lambda r: r.status in ("error", "interrupted")),
        ("app_user", "ben@desk", lambda r: r.app_user == "ben@desk"),
        ("entity_type", "job", lambda r: r.entity_type == "job"),
    )
    for field, value, keep in cases:
        combo = view.combos[field]
        combo.setCurrentIndex(combo.findData(value))
        expected = [r.id for r in acme if keep(r)]
        assert expected, field
        settle(view, qloop, len(expected))
        assert shown_ids(view) == expected, field
        assert view.count_label.text() == f"{len(expected)} call{'s' if len(expected) > 1 else ''}"
        assert getattr(view.current_filter, field) == value
        combo.setCurrentIndex(0)  # "All …" again
        settle(view, qloop, len(acme))
    view.estimated_only.setChecked(True)
    estimated = [r.id for r in acme if r.usage_source != "provider"]
    settle(view, qloop, len(estimated))
    assert shown_ids(view) == estimated
    view.clear_filters()
    settle(view, qloop, len(acme))
    assert not view.estimated_only.isChecked()
    view.unpriced_only.setChecked(True)
    unpriced = [r.id for r in acme if r.cost_usd is None]
    assert 0 < len(unpriced) < len(acme)
    settle(view, qloop, len(unpriced))
    assert shown_ids(view) == unpriced and view.current_filter.priced is False
    assert view.count_label.text() == f"{len(unpriced)} calls"
    view.clear_filters()
    settle(view, qloop, len(acme))
    assert not view.unpriced_only.isChecked() and view.current_filter.priced is None


def test_a_drill_down_selects_its_filter_and_no_client_calls(
    services: AppServices, view_tasks: TaskRegistry, qloop
) -> None:
    seeded = seed(services, qloop)
    view = make_view(services, view_tasks, Opened())
    view.show_calls(month_filter(services, seeded, seeded.acme_uuid, action="generate_job"))
    expected = [r.id for r in this_month(seeded, seeded.acme_uuid) if r.action == "generate_job"]
    settle(view, qloop, len(expected))
    assert shown_ids(view) == expected
    qloop.run_until_complete(wait_for(lambda: view.combos["action"].count() > 1))
    assert view.combos["action"].currentText() == "Write job posting"

    view.show_calls(month_filter(services, seeded, ""))  # calls made for no client
    nobody = this_month(seeded, "")
    settle(view, qloop, len(nobody))
    assert shown_ids(view) == [r.id for r in nobody]
    assert {cell(view, row, "Client") for row in range(len(nobody))} == {"(no client)"}
    assert view.combos["action"].currentIndex() == 0  # the drill-down's action is gone

    view.show_calls(month_filter(services, seeded, None))  # every client
    settle(view, qloop, PAGE)
    everyone = this_month(seeded)
    assert view.count_label.text() == f"{len(everyone)} calls"
    assert shown_ids(view) == [r.id for r in everyone[:PAGE]]


def test_a_log_with_no_calls_says_why_and_keeps_its_columns(
    services: AppServices, view_tasks: TaskRegistry, qloop
) -> None:
    seeded = seed(services, qloop)
    view = make_view(services, view_tasks, Opened())
    acme = month_filter(services, seeded, seeded.acme_uuid)
    view.show_calls(acme)
    settle(view, qloop, PAGE)
    assert not view.hint.isVisible()
    widths = [view.table.columnWidth(c) for c in range(len(HEADERS))]

    # A drop-down that matches nothing: the hint names the filters and their way out.
    view.show_calls(dataclasses.replace(acme, app_user="nobody@desk"))
    settle(view, qloop, 0)
    qloop.run_until_complete(wait_for(view.hint.isVisible))
    assert view.count_label.text() == "0 calls"
    assert view.hint.text() == NO_MATCH_TEXT and "Clear filters" in view.hint.text()
    assert [view.table.columnWidth(c) for c in range(len(HEADERS))] == widths
    hint = view.hint.geometry()
    assert view.table.viewport().rect().contains(hint) and hint.height() > 0

    view.clear_filters()  # every call of the client's month again
    settle(view, qloop, PAGE)
    assert not view.hint.isVisible()

    # A client and period with no call at all: nothing to clear, said so.
    empty_month = dataclasses.replace(acme, start=date(2001, 1, 1), end=date(2001, 1, 31))
    view.show_calls(empty_month)
    settle(view, qloop, 0)
    qloop.run_until_complete(wait_for(view.hint.isVisible))
    assert view.hint.text() == NO_CLIENT_CALLS_TEXT
    view.show_calls(dataclasses.replace(empty_month, client_key=None))
    settle(view, qloop, 0)
    qloop.run_until_complete(wait_for(lambda: view.hint.text() == NO_CALLS_TEXT))
    assert view.hint.isVisible()


def test_clicking_a_calls_work_opens_it(
    services: AppServices, view_tasks: TaskRegistry, qloop
) -> None:
    seeded = seed(services, qloop)
    opened = Opened()
    view = make_view(services, view_tasks, opened)
    view.page_size = 100
    view.show_calls(month_filter(services, seeded, seeded.acme_uuid))
    acme = this_month(seeded, seeded.acme_uuid)
    settle(view, qloop, len(acme))
    work = seeded.work
    targets = {
        ("cv_file", work.cv_hashes[1]): ("candidate", work.candidate_id),
        ("job", str(work.job_id)): ("job", work.job_id),
        ("interview", str(work.interview_id)): ("interview", work.interview_id),
        ("department", str(work.department_id)): ("department", work.department_id),
    }
    for (entity_type, entity_id), (target, target_id) in targets.items():
        row = next(
            i
            for i, r in enumerate(acme)
            if (r.entity_type, r.entity_id) == (entity_type, entity_id)
        )
        index = view.model.index(row, ENTITY_COLUMN)
        view.table.scrollTo(index)
        rect = view.table.visualRect(index)
        QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        label = opened[-1]
        assert (label.target, label.target_id) == (target, target_id), entity_type
        assert cell(view, row, "Work") == label.text
    assert cell(view, 0, "Work") != ""
    before = len(opened)
    # A click elsewhere in a row opens nothing.
    rect = view.table.visualRect(view.model.index(0, HEADERS.index("Model")))
    QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(opened) == before
    assert opened[0].text == "Ada Lovelace"


def test_screenshots_light_and_dark(
    services: AppServices, view_tasks: TaskRegistry, qloop, tmp_path: Path
) -> None:
    seeded = seed(services, qloop)
    view = make_view(services, view_tasks, Opened())
    view.show_calls(month_filter(services, seeded, None))
    settle(view, qloop, PAGE)
    for look, palette in looks().items():  # dark too when the pictures are kept
        with app_look(palette):
            qloop.run_until_complete(wait_for(view.isVisible))
            save_screenshot(view, f"usage-calls-1024x640-{look}", tmp_path)
            assert not squeezed_widgets(view), look
    view.close()


def test_the_first_page_does_not_wait_for_the_drop_downs(
    services: AppServices, view_tasks: TaskRegistry, qloop, monkeypatch
) -> None:
    # The drop-downs' values are the slow query (every call of the period): held here
    # until the page has shown, as a year of a million calls would hold it for seconds.
    seeded = seed(services, qloop)
    page_shown = threading.Event()
    real_choices = call_log.filter_choices

    def slow_choices(engine, f):
        assert page_shown.wait(20), "the page waited behind the drop-downs' query"
        return real_choices(engine, f)

    monkeypatch.setattr(call_log, "filter_choices", slow_choices)
    view = make_view(services, view_tasks, Opened())
    view.show_calls(month_filter(services, seeded, seeded.acme_uuid))

    qloop.run_until_complete(wait_for(lambda: view.model.rowCount() > 0))
    page_shown.set()
    actions = view.combos["action"]
    qloop.run_until_complete(wait_for(lambda: actions.count() > 1))
    expected = this_month(seeded, seeded.acme_uuid)
    assert shown_ids(view)[:PAGE] == [r.id for r in expected[:PAGE]]
