"""Work costs named from the main database: a CV file leads to its candidate, a candidate's
files add up, a deleted entity says so; through the app's own services on a data folder."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy.orm import Session

from headhunter_desktop.core.domain.department import DepartmentProfile
from headhunter_desktop.core.domain.job_posting import JobPosting
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.entity_labels import (
    EntityLabel,
    entity_labels,
    group_by_target,
)
from headhunter_desktop.core.storage.tables import Candidate, CvFile, ParseStatus
from tests.helpers.app_services import run_on_data_folder
from tests.helpers.interview_records import store_interview
from tests.helpers.job_postings import posting_fields
from tests.helpers.usage_db import insert
from tests.helpers.usage_records import make_record, record_id

JANE_FILES, LINUS_FILE, GONE_FILE = ("a" * 64, "b" * 64), "c" * 64, "d" * 64


@dataclass(frozen=True)
class Ids:
    acme: int
    jane: int
    linus: int
    job: int
    department: int
    interview: int


def _people(session: Session, acme: int) -> tuple[int, int]:
    jane = Candidate(display_name="Jane Doe", parse_status=ParseStatus.DONE,
                     client_company_id=acme)  # fmt: skip
    linus = Candidate(display_name="Linus", parse_status=ParseStatus.DONE)
    session.add_all([jane, linus])
    session.flush()
    for owner, sha in ((jane, JANE_FILES[0]), (jane, JANE_FILES[1]), (linus, LINUS_FILE)):
        stored = f"cvs/{sha}.pdf"
        session.add(CvFile(candidate_id=owner.id, original_name="cv.pdf", stored_path=stored,
                           sha256=sha, size_bytes=10, kind="pdf"))  # fmt: skip
    return jane.id, linus.id


async def _work(services: AppServices) -> Ids:
    acme = (await services.clients.create("Acme Ltd")).id
    jane, linus = await services.db.run(lambda s: _people(s, acme))
    job = await services.jobs.save(
        JobPosting(client_id=acme, fields=posting_fields(title="Data Engineer"))
    )
    department = await services.departments.save(DepartmentProfile(client_id=acme, name="Platform"))
    assert job.id is not None and department.id is not None
    interview = await asyncio.to_thread(store_interview, services.db, jane, job.id)
    assert interview.id is not None
    return Ids(acme, jane, linus, job.id, department.id, interview.id)


# (entity_type, entity_id of Ids or literal, cost; None: unpriced)
CALLS = [
    ("cv_file", JANE_FILES[0], "0.1"),
    ("cv_file", JANE_FILES[0], "0.2"),
    ("cv_file", JANE_FILES[1], "0.3"),
    ("cv_file", JANE_FILES[1], None),
    ("cv_file", LINUS_FILE, "0.05"),
    ("cv_file", GONE_FILE, "0.01"),
    ("job", "job", "0.4"),
    ("job", "999", "0.02"),
    ("department", "department", "0.03"),
    ("interview", "interview", "0.07"),
    ("client", "acme", "0.04"),
    ("scribble", "1", "0.5"),  # a type this version does not know: no label
]


def test_labels_and_cost_per_target(tmp_path: Path) -> None:
    async def work(services: AppServices) -> None:
        ids = await _work(services)
        at = datetime(2026, 11, 3, 9, tzinfo=UTC)
        records = [
            make_record(id=record_id(i), occurred_at=at + timedelta(minutes=i),
                        entity_type=kind, entity_id=str(getattr(ids, ref, ref)),
                        cost_usd=None if cost is None else Decimal(cost),
                        price_source="unpriced" if cost is None else "genai-prices")
            for i, (kind, ref, cost) in enumerate(CALLS)
        ]  # fmt: skip
        await asyncio.to_thread(insert, services.usage.engine(), records)
        f = services.usage.call_filter(None, None, None)
        costs = await services.usage.work_costs(f)
        labels = await entity_labels(services, [(c.entity_type, c.entity_id) for c in costs])

        jane = EntityLabel("Jane Doe", ids.acme, "candidate", ids.jane)
        assert labels == {
            ("cv_file", JANE_FILES[0]): jane,
            ("cv_file", JANE_FILES[1]): jane,
            ("cv_file", LINUS_FILE): EntityLabel("Linus", None, "candidate", ids.linus),
            ("cv_file", GONE_FILE): EntityLabel("CV file dddddddddddd (deleted)", None,
                                                "candidate", None),
            ("job", str(ids.job)): EntityLabel("Data Engineer", ids.acme, "job", ids.job),
            ("job", "999"): EntityLabel("job #999 (deleted)", None, "job", None),
            ("department", str(ids.department)): EntityLabel(
                "Platform", ids.acme, "department", ids.department),
            ("interview", str(ids.interview)): EntityLabel(
                "Interview with Jane Doe (technical)", ids.acme, "interview", ids.interview),
            ("client", str(ids.acme)): EntityLabel("Acme Ltd", ids.acme, "company", ids.acme),
        }  # fmt: skip

        rows = group_by_target(costs, labels)
        summary = [(r.label.text if r.label else None, r.calls, r.cost_usd, r.unpriced_calls)
                   for r in rows]  # fmt: skip
        assert summary == [
            ("Jane Doe", 4, Decimal("0.6"), 1),  # her two CV files, added up
            (None, 1, Decimal("0.5"), 0),
            ("Data Engineer", 1, Decimal("0.4"), 0),
            ("Interview with Jane Doe (technical)", 1, Decimal("0.07"), 0),
            ("Linus", 1, Decimal("0.05"), 0),
            ("Acme Ltd", 1, Decimal("0.04"), 0),
            ("Platform", 1, Decimal("0.03"), 0),
            ("job #999 (deleted)", 1, Decimal("0.02"), 0),
            ("CV file dddddddddddd (deleted)", 1, Decimal("0.01"), 0),
        ]
        assert rows[0].entity_ids == tuple(sorted(JANE_FILES))
        assert rows[0].first_at == at and rows[0].last_at == at + timedelta(minutes=3)
        assert await entity_labels(services, [("scribble", "1")]) == {}

    run_on_data_folder(tmp_path / "data", work)
