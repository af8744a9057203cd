"""Names for the entities usage records point at, from the main database.

A usage record names its work by (entity_type, entity_id) only: "cv_file" with the file's
SHA-256, "job", "department", "interview" with their main-database ids, "client" (a
company profile) with the client's id. `entity_labels` turns them into what a recruiter
reads ("Jane Doe", "Senior Data Engineer") and where a click leads (`target`,
`target_id`), in one trip to the database thread. A CV file leads to its candidate; an
entity no longer in the database reads "job #12 (deleted)" and leads nowhere.

Cost per candidate: a candidate may have several CV files (a newer CV, a merged
duplicate), each with calls of its own. `group_by_target` sums the WorkCost rows whose
labels lead to the same target, so the Work view and the tests add a candidate up once.
Entity types this module does not know get no label (the caller shows type and id).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.analytics.work_costs import WorkCost
from headhunter_desktop.core.storage.tables import (
    Candidate,
    ClientCompany,
    CvFile,
    Department,
    Interview,
    Job,
)

if TYPE_CHECKING:
    from headhunter_desktop.core.services.app_services import AppServices

Ref = tuple[str, str]
# entity_type as recorded -> where its link leads.
TARGETS = {
    "cv_file": "candidate",
    "job": "job",
    "department": "department",
    "interview": "interview",
    "client": "company",
}
_CHUNK = 500
_DELETED_NAMES = {
    "cv_file": "CV file",
    "job": "job",
    "department": "department",
    "interview": "interview",
    "client": "company",
}


@dataclass(frozen=True)
class EntityLabel:
    """What to show for an entity and what opening it opens.

    client_id: the main-database id of the client the entity belongs to (None: the
    agency's own pool, or unknown). target_id: the id to open (a CV file's candidate);
    None when the entity is gone.
    """

    text: str
    client_id: int | None
    target: str
    target_id: int | None


@dataclass(frozen=True)
class TargetCost:
    """The summed WorkCost rows of one target (a candidate's CV files add up here)."""

    label: EntityLabel | None
    entity_type: str
    entity_ids: tuple[str, ...]
    client_key: str
    client_name: str | None
    calls: int
    tokens_total: int
    cost_usd: Decimal
    unpriced_calls: int
    first_at: datetime
    last_at: datetime


async def entity_labels(services: AppServices, refs: Iterable[Ref]) -> dict[Ref, EntityLabel]:
    """Labels of the known entity types among `refs` (missing entities as deleted)."""
    wanted = {ref for ref in refs if ref[0] in TARGETS}
    if not wanted:
        return {}
    return await services.db.run(lambda session: labels_in(session, wanted))


def labels_in(session: Session, refs: Iterable[Ref]) -> dict[Ref, EntityLabel]:
    """`entity_labels` inside a main-database session (blocking)."""
    ids: dict[str, set[str]] = {}
    for entity_type, entity_id in refs:
        if entity_type in TARGETS:
            ids.setdefault(entity_type, set()).add(entity_id)
    found: dict[Ref, EntityLabel] = {}
    for chunk in _chunks(ids.get("cv_file", set())):
        found |= _cv_files(session, set(chunk))
    for entity_type, read in _BY_ID.items():
        for chunk in _chunks(ids.get(entity_type, set())):
            found |= read(session, _numbers(set(chunk)))
    for entity_type, entity_ids in ids.items():
        for entity_id in entity_ids:
            found.setdefault((entity_type, entity_id), deleted_label(entity_type, entity_id))
    return found


def deleted_label(entity_type: str, entity_id: str) -> EntityLabel:
    """'job #12 (deleted)'; a CV file by the start of its SHA-256."""
    name = _DELETED_NAMES[entity_type]
    shown = entity_id[:12] if entity_type == "cv_file" else f"#{entity_id}"
    return EntityLabel(f"{name} {shown} (deleted)", None, TARGETS[entity_type], None)


def group_by_target(costs: Sequence[WorkCost], labels: dict[Ref, EntityLabel]) -> list[TargetCost]:
    """One row per target, most expensive first: the entities whose labels lead to the
    same existing target are summed; the others stay one row each."""
    groups: dict[tuple[str, object], list[WorkCost]] = {}
    for cost in costs:
        label = labels.get((cost.entity_type, cost.entity_id))
        key: tuple[str, object] = (
            (label.target, label.target_id)
            if label is not None and label.target_id is not None
            else (cost.entity_type, cost.entity_id)
        )
        groups.setdefault(key, []).append(cost)
    rows = [_target_cost(parts, labels) for parts in groups.values()]
    rows.sort(key=lambda r: (-r.cost_usd, -r.calls, r.entity_type, r.entity_ids))
    return rows


def _target_cost(parts: list[WorkCost], labels: dict[Ref, EntityLabel]) -> TargetCost:
    latest = max(parts, key=lambda p: p.last_at)
    return TargetCost(
        label=labels.get((parts[0].entity_type, parts[0].entity_id)),
        entity_type=parts[0].entity_type,
        entity_ids=tuple(sorted(p.entity_id for p in parts)),
        client_key=latest.client_key,
        client_name=latest.client_name,
        calls=sum(p.calls for p in parts),
        tokens_total=sum(p.tokens_total for p in parts),
        cost_usd=sum((p.cost_usd for p in parts), Decimal(0)),
        unpriced_calls=sum(p.unpriced_calls for p in parts),
        first_at=min(p.first_at for p in parts),
        last_at=latest.last_at,
    )


def _chunks(values: set[str]) -> Iterable[list[str]]:
    # Bounded IN lists: SQLite takes at most 32,766 parameters a statement.
    ordered = sorted(values)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


def _numbers(entity_ids: set[str]) -> dict[int, str]:
    # Ids as recorded (text) by their integer value; a non-number matches nothing.
    return {int(i): i for i in entity_ids if i.isascii() and i.isdigit()}


def _rows(session: Session, query: Any) -> list[Any]:
    return list(session.execute(query).all())


def _cv_files(session: Session, hashes: set[str]) -> dict[Ref, EntityLabel]:
    if not hashes:
        return {}
    query = (
        sa.select(CvFile.sha256, Candidate.id, Candidate.display_name, Candidate.client_company_id)
        .join(Candidate, CvFile.candidate_id == Candidate.id)
        .where(CvFile.sha256.in_(hashes))
    )
    return {
        ("cv_file", row.sha256): EntityLabel(
            row.display_name, row.client_company_id, "candidate", row.id
        )
        for row in _rows(session, query)
    }


def _jobs(session: Session, ids: dict[int, str]) -> dict[Ref, EntityLabel]:
    query = sa.select(Job.id, Job.title, Job.client_company_id).where(Job.id.in_(ids))
    return {
        ("job", ids[row.id]): EntityLabel(row.title, row.client_company_id, "job", row.id)
        for row in (_rows(session, query) if ids else [])
    }


def _departments(session: Session, ids: dict[int, str]) -> dict[Ref, EntityLabel]:
    query = sa.select(Department.id, Department.name, Department.client_company_id).where(
        Department.id.in_(ids)
    )
    return {
        ("department", ids[row.id]): EntityLabel(
            row.name, row.client_company_id, "department", row.id
        )
        for row in (_rows(session, query) if ids else [])
    }


def _interviews(session: Session, ids: dict[int, str]) -> dict[Ref, EntityLabel]:
    query = (
        sa.select(
            Interview.id,
            Interview.stage,
            Candidate.display_name,
            Candidate.client_company_id,
            Job.client_company_id.label("job_client_id"),
        )
        .join(Candidate, Interview.candidate_id == Candidate.id)
        .outerjoin(Job, Interview.job_id == Job.id)
        .where(Interview.id.in_(ids))
    )
    return {
        ("interview", ids[row.id]): EntityLabel(
            f"Interview with {row.display_name} ({row.stage})",
            # The job's client is whom the interview is for; else the candidate's.
            row.job_client_id if row.job_client_id is not None else row.client_company_id,
            "interview",
            row.id,
        )
        for row in (_rows(session, query) if ids else [])
    }


def _companies(session: Session, ids: dict[int, str]) -> dict[Ref, EntityLabel]:
    query = sa.select(ClientCompany.id, ClientCompany.name).where(ClientCompany.id.in_(ids))
    return {
        ("client", ids[row.id]): EntityLabel(row.name, row.id, "company", row.id)
        for row in (_rows(session, query) if ids else [])
    }


_BY_ID = {
    "job": _jobs,
    "department": _departments,
    "interview": _interviews,
    "client": _companies,
}
