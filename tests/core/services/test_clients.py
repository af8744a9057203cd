"""ClientService against real databases: SQLite files and (when available) PostgreSQL."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.clients import ClientService, ClientSummary
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.errors import DuplicateError, InvalidInputError, NotFoundError
from headhunter_desktop.core.storage.tables import Candidate, Department, Interview, Job

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


@pytest.fixture
def service(main_db: MainDatabase) -> ClientService:
    return ClientService(main_db)


def test_create_and_list_sorted_ignoring_case(service: ClientService) -> None:
    for name in ("beta Labs", "  Acme  ", "Zeta"):
        run(service.create(name))
    clients = run(service.list())
    assert [c.name for c in clients] == ["Acme", "beta Labs", "Zeta"]
    assert all(isinstance(c, ClientSummary) and (c.candidates, c.jobs) == (0, 0) for c in clients)
    with pytest.raises(dataclasses.FrozenInstanceError):
        clients[0].name = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("name", ["", "   ", "\t\n", "x" * 201])
def test_unusable_names_are_rejected(service: ClientService, name: str) -> None:
    with pytest.raises(InvalidInputError):
        run(service.create(name))
    assert run(service.list()) == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Acme", "ACME"),
        ("Acme", "  acme "),
        ("Acme Corp", "acme   corp"),
        ("Straße AG", "STRASSE AG"),
    ],
)
def test_duplicate_names_are_rejected_ignoring_case(
    service: ClientService, first: str, second: str
) -> None:
    run(service.create(first))
    with pytest.raises(DuplicateError, match=f"A client named '{first}' already exists"):
        run(service.create(second))
    assert [c.name for c in run(service.list())] == [first]


def test_rename(service: ClientService) -> None:
    acme = run(service.create("Acme"))
    other = run(service.create("Globex"))
    assert run(service.rename(acme.id, " Acme Ltd ")).name == "Acme Ltd"
    assert run(service.rename(acme.id, "ACME LTD")).name == "ACME LTD"  # case-only change
    with pytest.raises(DuplicateError, match="A client named 'Globex' already exists"):
        run(service.rename(acme.id, "globex"))
    with pytest.raises(InvalidInputError):
        run(service.rename(other.id, "  "))
    with pytest.raises(NotFoundError):
        run(service.rename(10_000, "Ghost"))
    assert [c.name for c in run(service.list())] == ["ACME LTD", "Globex"]


def _seed_dependents(session: Session, client_id: int, other_id: int) -> dict[str, int]:
    department = Department(client_company_id=client_id, name="Platform")
    session.add(department)
    session.flush()
    job = Job(client_company_id=client_id, department_id=department.id, title="SRE")
    other_job = Job(client_company_id=other_id, title="Analyst")
    candidate = Candidate(client_company_id=client_id, display_name="Ada")
    session.add_all([job, other_job, candidate])
    session.flush()
    interview = Interview(candidate_id=candidate.id, job_id=job.id, stage="first")
    session.add(interview)
    session.flush()
    return {"candidate": candidate.id, "interview": interview.id, "other_job": other_job.id}


def test_delete_takes_departments_and_jobs_and_keeps_candidates(
    service: ClientService,
    main_db: MainDatabase,
) -> None:
    acme = run(service.create("Acme"))
    globex = run(service.create("Globex"))
    ids = main_db.run_sync(lambda s: _seed_dependents(s, acme.id, globex.id))

    before = run(service.get(acme.id))
    assert (before.candidates, before.jobs, before.departments) == (1, 1, 1)
    assert run(service.delete(acme.id)) == before

    def leftovers(session: Session) -> dict[str, Any]:
        return {
            "departments": session.scalar(sa.select(sa.func.count()).select_from(Department)),
            "jobs": session.scalars(sa.select(Job.id)).all(),
            "candidate_client": session.get(Candidate, ids["candidate"]).client_company_id,
            "interview_job": session.get(Interview, ids["interview"]).job_id,
        }

    assert main_db.run_sync(leftovers) == {
        "departments": 0,
        "jobs": [ids["other_job"]],  # the other client's job stays
        "candidate_client": None,  # moved to the agency's own pool, not erased
        "interview_job": None,
    }
    assert [(c.name, c.jobs) for c in run(service.list())] == [("Globex", 1)]
    with pytest.raises(NotFoundError):
        run(service.delete(acme.id))


def test_find_by_name_ignores_case(service: ClientService) -> None:
    acme = run(service.create("Acme"))
    assert run(service.find(" ACME ")) == run(service.get(acme.id))
    assert run(service.find("Initech")) is None


def test_errors_are_user_facing(service: ClientService) -> None:
    run(service.create("Acme"))
    with pytest.raises(UserFacingError) as caught:
        run(service.create("acme"))
    assert "Traceback" not in str(caught.value)
