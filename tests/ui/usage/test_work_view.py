"""Cost per piece of work on a real analytics database: per candidate (its CV files added
up), job posting, interview and department; the link that opens it; the drill-down to
its calls."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from headhunter_desktop.core.analytics.call_log import CallFilter
from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.usage_format import money_text
from headhunter_desktop.ui.shell.task_registry import TaskRegistry
from headhunter_desktop.ui.usage.calls_view import CallsView
from headhunter_desktop.ui.usage.work_model import WORK_COLUMN, work_text
from headhunter_desktop.ui.usage.work_view import KINDS, WorkView
from tests.helpers.screenshots import app_look, looks, save_screenshot, squeezed_widgets
from tests.helpers.waiting import wait_for
from tests.ui.usage.usage_views_seed import Seeded, newest_first, seed


def month_filter(services: AppServices, seeded: Seeded) -> CallFilter:
    tz = services.usage.tz
    first = seeded.month_start.astimezone(tz).date()
    return CallFilter(client_key=seeded.acme_uuid, start=first, end=date.today(), tz=tz)


def acme_month(seeded: Seeded) -> list[UsageRecord]:
    return [
        r
        for r in seeded.records
        if r.client_uuid == seeded.acme_uuid and r.occurred_at >= seeded.month_start
    ]


def sums(records: list[UsageRecord]) -> tuple[int, int, Decimal, int]:
    """(calls, tokens, cost of the priced calls, unpriced calls), summed here."""
    return (
        len(records),
        sum(r.tokens_total for r in records),
        sum((r.cost_usd for r in records if r.cost_usd is not None), Decimal(0)),
        sum(1 for r in records if r.cost_usd is None),
    )


def show_kind(view: WorkView, qloop, entity_type: str | None) -> None:
    index = next(i for i, kind in enumerate(KINDS) if kind[1] == entity_type)
    if view.kind.currentIndex() != index:
        view.summary.setText("")
        view.kind.setCurrentIndex(index)
    qloop.run_until_complete(wait_for(lambda: view.summary.text() not in ("", "Loading…")))


def make_view(
    services: AppServices, tasks: TaskRegistry, seeded: Seeded, qloop, opened: list
) -> WorkView:
    view = WorkView(services, tasks, opened.append)
    view.resize(1024, 640)
    view.show()
    view.load(month_filter(services, seeded))
    qloop.run_until_complete(wait_for(lambda: view.summary.text() not in ("", "Loading…")))
    return view


def test_cost_per_candidate_job_interview_department(
    services: AppServices, view_tasks: TaskRegistry, qloop
) -> None:
    seeded = seed(services, qloop)
    view = make_view(services, view_tasks, seeded, qloop, [])
    records, work = acme_month(seeded), seeded.work
    cases = (
        ("cv_file", set(work.cv_hashes), "Ada Lovelace"),
        ("job", {str(work.job_id)}, None),
        ("interview", {str(work.interview_id)}, None),
        ("department", {str(work.department_id)}, None),
    )
    for entity_type, ids, text in cases:
        show_kind(view, qloop, entity_type)
        rows = view.model.rows()
        assert len(rows) == 1, entity_type  # a candidate's two CV files are one candidate
        row = rows[0]
        mine = [r for r in records if r.entity_type == entity_type and r.entity_id in ids]
        calls, tokens, cost, unpriced = sums(mine)
        assert (row.calls, row.tokens_total, row.cost_usd, row.unpriced_calls) == (
            calls,
            tokens,
            cost,
            unpriced,
        ), entity_type
        assert set(row.entity_ids) == ids
        if text is not None:
            assert work_text(row) == text
        shown = view.proxy.index(0, 5).data()
        assert shown == money_text(cost)
        assert view.summary.text().startswith("1 ")
        assert money_text(cost) in view.summary.text()

    show_kind(view, qloop, None)  # all work: the four pieces, adding up to the month
    with_work = [r for r in records if r.entity_type is not None]
    rows = view.model.rows()
    assert len(rows) == 4
    assert view.summary.text().startswith(f"4 pieces of work · {len(with_work)} calls · ")
    kinds = {view.proxy.index(i, 1).data() for i in range(4)}
    assert kinds == {"Candidate", "Job posting", "Interview", "Department"}
    assert sum(r.calls for r in rows) == len(with_work)
    assert sum((r.cost_usd for r in rows), Decimal(0)) == sums(with_work)[2]
    costs = [view.work_at(i).cost_usd for i in range(4)]
    assert costs == sorted(costs, reverse=True)  # most expensive first


def test_link_opens_the_work_and_double_click_drills_down(
    services: AppServices, view_tasks: TaskRegistry, qloop
) -> None:
    seeded = seed(services, qloop)
    opened: list = []
    view = make_view(services, view_tasks, seeded, qloop, opened)
    show_kind(view, qloop, "job")
    rect = view.table.visualRect(view.proxy.index(0, WORK_COLUMN))
    QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert [(label.target, label.target_id) for label in opened] == [("job", seeded.work.job_id)]

    asked: list[CallFilter] = []
    view.calls_requested.connect(asked.append)
    rect = view.table.visualRect(view.proxy.index(0, 3))  # the calls, not the link
    # The press a double click starts with, then the double click.
    QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(asked) == 1 and len(opened) == 1
    f = asked[0]
    assert (f.client_key, f.entity_type, f.entity_id) == (
        seeded.acme_uuid,
        "job",
        str(seeded.work.job_id),
    )
    # The tab hands that filter to the call log: the job's calls, and only them.
    calls = CallsView(services, view_tasks, opened.append)
    calls.show_calls(f)
    expected = newest_first(
        [r for r in acme_month(seeded) if (r.entity_type, r.entity_id) == ("job", f.entity_id)]
    )
    qloop.run_until_complete(wait_for(lambda: calls.model.rowCount() == len(expected)))
    assert [r.id for r in calls.model.rows()] == [r.id for r in expected]
    qloop.run_until_complete(wait_for(lambda: "for one" in calls.count_label.text()))
    assert calls.count_label.text() == f"{len(expected)} calls for one job posting"


def test_screenshots_light_and_dark(
    services: AppServices, view_tasks: TaskRegistry, qloop, tmp_path: Path
) -> None:
    seeded = seed(services, qloop)
    view = make_view(services, view_tasks, seeded, qloop, [])
    show_kind(view, qloop, None)
    for look, palette in looks().items():  # dark too when the pictures are kept
        with app_look(palette):
            qloop.run_until_complete(wait_for(view.isVisible))
            save_screenshot(view, f"usage-work-1024x640-{look}", tmp_path)
            assert not squeezed_widgets(view), look
    view.close()
