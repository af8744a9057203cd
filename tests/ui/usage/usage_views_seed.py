"""An agency's month in the usage database, for the Usage views' tests: two clients with
work in the main database (a department, a job, a candidate with two CV files, an
interview) and calls for it — several months, actions and models, an unpriced model,
failed, cancelled and estimated calls, calls for no client — inserted as the writer does.

Each test computes what it expects from `Seeded.records` on its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from headhunter_desktop.core.analytics.budgets import month_bounds
from headhunter_desktop.core.analytics.record import UsageRecord
from headhunter_desktop.core.analytics.record_insert import epoch_seconds
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.storage.tables import (
    Candidate,
    CvFile,
    Department,
    Interview,
    Job,
    ParseStatus,
)
from tests.helpers.usage_db import insert
from tests.helpers.usage_records import make_record, record_id

CHAT, EMBED, LOCAL = "gpt-4o-mini", "text-embedding-3-small", "llama-local"
ACME_CALLS_THIS_MONTH = 60  # more than two pages of 25


@dataclass(frozen=True)
class Work:
    """Main-database ids of Acme's work."""

    department_id: int
    job_id: int
    candidate_id: int
    cv_hashes: tuple[str, str]  # a CV file is recorded by its SHA-256
    interview_id: int


@dataclass(frozen=True)
class Seeded:
    acme_uuid: str
    beta_uuid: str
    work: Work
    records: list[UsageRecord]
    now: datetime  # when the records were made (UTC)
    month_start: datetime  # this local month's first instant, UTC


def seed(services: AppServices, qloop: Any) -> Seeded:
    """Clients, work and calls (see the module docstring)."""
    acme = qloop.run_until_complete(services.clients.create("Acme Ltd"))
    beta = qloop.run_until_complete(services.clients.create("Beta GmbH"))
    work = qloop.run_until_complete(services.db.run(lambda s: _work(s, acme.id)))
    now = datetime.now(UTC)
    start, _end = month_bounds(now.astimezone(services.usage.tz))
    records = _records(acme.uuid, beta.uuid, work, start, now)
    insert(services.usage.engine(), records)
    return Seeded(acme.uuid, beta.uuid, work, records, now, start)


def _work(session: Session, acme_id: int) -> Work:
    department = Department(client_company_id=acme_id, name="Platform")
    session.add(department)
    session.flush()
    job = Job(client_company_id=acme_id, department_id=department.id, title="SRE", status="open")
    ada = Candidate(
        display_name="Ada Lovelace",
        extracted_text="Ada",
        client_company_id=acme_id,
        parse_status=ParseStatus.DONE,
    )
    session.add_all([job, ada])
    session.flush()
    files = [
        CvFile(
            candidate_id=ada.id,
            original_name=f"ada-{n}.pdf",
            stored_path=f"ada-{n}.pdf",
            sha256=f"{n:064d}",
            size_bytes=100,
            kind="pdf",
        )
        for n in (1, 2)
    ]
    interview = Interview(candidate_id=ada.id, job_id=job.id, stage="First interview")
    session.add_all([*files, interview])
    session.flush()
    return Work(department.id, job.id, ada.id, (files[0].sha256, files[1].sha256), interview.id)


def _records(
    acme: str, beta: str, work: Work, month_start: datetime, now: datetime
) -> list[UsageRecord]:
    """Acme: 60 calls this month (spread between the month's start and now) for its work,
    some unpriced, failed, cancelled, estimated; 5 last month. Beta: 4 this month. No
    client: 3 this month."""
    span = (now - month_start) / (ACME_CALLS_THIS_MONTH + 10)
    entities = [
        ("cv_file", work.cv_hashes[0], "parse_cv"),
        ("cv_file", work.cv_hashes[1], "parse_cv"),
        ("cv_file", work.cv_hashes[0], "embed_cv"),
        ("job", str(work.job_id), "generate_job"),
        ("interview", str(work.interview_id), "generate_feedback"),
        ("department", str(work.department_id), "generate_department"),
    ]
    records = []
    for i in range(ACME_CALLS_THIS_MONTH):
        entity_type, entity_id, action = entities[i % len(entities)]
        unpriced = i % 10 == 7
        records.append(
            _call(
                i,
                acme,
                "Acme Ltd",
                month_start + span * (i + 1),
                action=action,
                model=LOCAL if unpriced else (EMBED if action == "embed_cv" else CHAT),
                entity_type=entity_type,
                entity_id=entity_id,
                cost=None if unpriced else Decimal("0.0001") * (i + 1),
                status="error" if i % 13 == 5 else ("cancelled" if i % 17 == 3 else "ok"),
                usage_source="estimated" if i % 11 == 4 else "provider",
                app_user="ana@laptop" if i % 2 else "ben@desk",
            )
        )
    last_month = month_start - timedelta(days=3)
    for i in range(5):
        records.append(
            _call(100 + i, acme, "Acme Ltd", last_month + timedelta(hours=i), cost=Decimal("1"))
        )
    for i in range(4):
        at = month_start + span * (2 * i + 1) + timedelta(seconds=1)
        records.append(_call(200 + i, beta, "Beta GmbH", at, cost=Decimal("0.25")))
    for i in range(3):
        at = month_start + span * (3 * i + 2) + timedelta(seconds=2)
        records.append(_call(300 + i, None, None, at, cost=Decimal("0.125"), action="embed_query"))
    return records


def _call(
    index: int,
    client_uuid: str | None,
    client_name: str | None,
    at: datetime,
    *,
    cost: Decimal | None,
    action: str = "parse_cv",
    model: str = CHAT,
    entity_type: str | None = None,
    entity_id: str | None = None,
    status: str = "ok",
    usage_source: str = "provider",
    app_user: str = "ana@laptop",
) -> UsageRecord:
    tokens_in, tokens_out = 1000 + index, 200 + index
    return make_record(
        id=record_id(index),
        occurred_at=at,
        client_uuid=client_uuid,
        client_company_id=None,
        client_company_name=client_name,
        action=action,
        model=model,
        requested_model=model,
        entity_type=entity_type,
        entity_id=entity_id,
        tokens_input=tokens_in,
        tokens_cached_input=index,
        tokens_output=tokens_out,
        tokens_reasoning=0,
        tokens_total=tokens_in + tokens_out,
        cost_usd=cost,
        price_source="unpriced" if cost is None else "genai-prices",
        status=status,
        usage_source=usage_source,
        app_user=app_user,
        latency_ms=400 + index,
    )


def client_key(record: UsageRecord) -> str:
    return record.client_uuid or ""


def newest_first(records: list[UsageRecord]) -> list[UsageRecord]:
    """The call log's order: newest first by whole second, then by id, descending."""
    return sorted(records, key=lambda r: (epoch_seconds(r.occurred_at), r.id), reverse=True)
