"""Team mode: one app user's calls and the by-user breakdown, against brute-force sums."""

from __future__ import annotations

import dataclasses
from datetime import date
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from headhunter_desktop.core.analytics.queries import (
    UsageQuery,
    usage_breakdown,
    usage_panel,
    usage_totals,
)
from headhunter_desktop.core.analytics.record import UsageRecord
from tests.helpers.usage_db import insert
from tests.helpers.usage_records import client_uuid_of, random_records
from tests.helpers.usage_reference import assert_matches, reference

BERLIN = ZoneInfo("Europe/Berlin")
USERS = ("ana@laptop", "ben@laptop", "chloe@desk")
PERIODS = [(None, None), (date(2025, 2, 10), date(2025, 3, 30)), (date(2025, 3, 30), None)]


def _team_records() -> list[UsageRecord]:
    records = random_records(300, seed=11)
    return [
        dataclasses.replace(r, app_user=USERS[i % 3 if i % 7 else 0]) for i, r in enumerate(records)
    ]


def test_one_users_calls_agree_with_brute_force(engine: sa.Engine) -> None:
    records = _team_records()
    insert(engine, records)
    for start, end in PERIODS:
        for client in (None, client_uuid_of(2)):
            for user in (*USERS, "nobody@nowhere"):
                mine = [r for r in records if r.app_user == user]
                q = UsageQuery(client, start, end, BERLIN, app_user=user)
                want = reference(mine, BERLIN, start, end, client, None).get(None)
                got = usage_totals(engine, q)
                if want is None:
                    assert got.calls == 0
                else:
                    assert_matches(got, want)
                for by in ("action", "model", "client", "day"):
                    want_rows = reference(mine, BERLIN, start, end, client, by)
                    rows = usage_breakdown(engine, q, by)
                    assert len(rows) == len(want_rows), (q, by)
                    for row in rows:
                        assert_matches(row, want_rows[row.key])


def test_the_user_breakdown_agrees_with_brute_force(engine: sa.Engine) -> None:
    records = _team_records()
    insert(engine, records)
    for start, end in PERIODS:
        for client in (None, client_uuid_of(1)):
            rows = usage_breakdown(engine, UsageQuery(client, start, end, BERLIN), "user")
            expected = {
                user: reference(
                    [r for r in records if r.app_user == user], BERLIN, start, end, client, None
                )
                for user in USERS
            }
            want = {user: e[None] for user, e in expected.items() if e}
            assert [r.key for r in rows] == sorted(want)
            for row in rows:
                assert row.app_user == row.key and row.label == row.key
                assert_matches(row, want[row.key])
            # Every call is some user's: the rows add up to the period's totals.
            total = usage_totals(engine, UsageQuery(client, start, end, BERLIN))
            assert sum(r.calls for r in rows) == total.calls
            assert sum(r.cost_usd for r in rows) == total.cost_usd


def test_the_panel_of_one_user(engine: sa.Engine) -> None:
    records = _team_records()
    insert(engine, records)
    q = UsageQuery(None, date(2025, 2, 1), date(2025, 4, 15), BERLIN, app_user="ben@laptop")
    panel = usage_panel(engine, q)
    mine = [r for r in records if r.app_user == "ben@laptop"]
    assert_matches(panel.totals, reference(mine, BERLIN, q.start, q.end, None, None)[None])
    assert panel.by_model == usage_breakdown(engine, q, "model")
    assert panel.by_day == usage_breakdown(engine, q, "day")
