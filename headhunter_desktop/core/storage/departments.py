"""Departments of client companies: plain functions over a Session, run inside
`MainDatabase.run()`.

A department's profile (what the model wrote, what a person edited) is kept as JSON in
`profile_json`; these functions store and return it as it is, the service gives it shape.
Names are unique within a client, ignoring case and spacing; the table has no key for it
(a client has a handful of departments), so the check is made here.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.storage import clients as clients_repo
from headhunter_desktop.core.storage.errors import DuplicateError, InvalidInputError, NotFoundError
from headhunter_desktop.core.storage.tables import NAME_MAX, Department, name_key


def clean_department_name(name: str) -> str:
    """The name as stored (stripped); raises InvalidInputError when empty or too long."""
    cleaned = name.strip()
    if not cleaned:
        raise InvalidInputError("A department needs a name.")
    if len(cleaned) > NAME_MAX:
        raise InvalidInputError(f"A department name can have at most {NAME_MAX} characters.")
    return cleaned


def list_departments(session: Session, client_id: int) -> list[Department]:
    """The client's departments, sorted by name regardless of case."""
    query = sa.select(Department).where(Department.client_company_id == client_id)
    return sorted(session.scalars(query), key=lambda d: (name_key(d.name), d.id))


def get_department(session: Session, department_id: int) -> Department:
    """The department with `department_id`; raises NotFoundError when it is gone."""
    department = session.get(Department, department_id)
    if department is None:
        raise NotFoundError(
            "That department no longer exists; it may have been deleted in another window."
        )
    return department


def find_department(session: Session, client_id: int, name: str) -> Department | None:
    """The client's department named `name`, ignoring case and spacing, if any."""
    key = name_key(name)
    return next((d for d in list_departments(session, client_id) if name_key(d.name) == key), None)


def check_new_department_name(session: Session, client_id: int, name: str) -> str:
    """The name a new department of the client would get; raises as `create_department`
    would (NotFoundError for a deleted client, InvalidInputError, DuplicateError)."""
    clients_repo.get_client(session, client_id)
    cleaned = clean_department_name(name)
    _ensure_free(session, client_id, cleaned)
    return cleaned


def create_department(
    session: Session, client_id: int, name: str, profile_json: dict[str, Any]
) -> Department:
    """Add a department to the client."""
    cleaned = check_new_department_name(session, client_id, name)
    department = Department(client_company_id=client_id, name=cleaned, profile_json=profile_json)
    session.add(department)
    session.flush()
    return department


def update_department(
    session: Session, department_id: int, name: str, profile_json: dict[str, Any]
) -> Department:
    """Rename the department and replace its profile; a change of case alone is allowed."""
    department = get_department(session, department_id)
    cleaned = clean_department_name(name)
    _ensure_free(session, department.client_company_id, cleaned, except_id=department_id)
    department.name = cleaned
    department.profile_json = profile_json
    session.flush()
    return department


def delete_department(session: Session, department_id: int) -> None:
    """Delete a department; its jobs stay, without a department (ON DELETE SET NULL)."""
    session.delete(get_department(session, department_id))
    session.flush()


def _ensure_free(session: Session, client_id: int, name: str, except_id: int | None = None) -> None:
    existing = find_department(session, client_id, name)
    if existing is not None and existing.id != except_id:
        client = clients_repo.get_client(session, client_id)
        raise DuplicateError(f"{client.name} already has a department named '{existing.name}'.")
