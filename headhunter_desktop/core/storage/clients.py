"""Client companies: plain functions over a Session, run inside `MainDatabase.run()`."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.storage.errors import DuplicateError, InvalidInputError, NotFoundError
from headhunter_desktop.core.storage.tables import (
    NAME_MAX,
    Candidate,
    ClientCompany,
    Department,
    Job,
    name_key,
    new_client_uuid,
)


class DependentCounts(NamedTuple):
    """What hangs off a client: shown before a delete, which takes departments and jobs."""

    candidates: int = 0
    departments: int = 0
    jobs: int = 0


def clean_client_name(name: str) -> str:
    """The name as stored (stripped); raises InvalidInputError when empty or too long."""
    cleaned = name.strip()
    if not cleaned:
        raise InvalidInputError("A client needs a name.")
    if len(cleaned) > NAME_MAX:
        raise InvalidInputError(f"A client name can have at most {NAME_MAX} characters.")
    return cleaned


def list_clients(session: Session) -> list[ClientCompany]:
    """All clients, sorted by name regardless of case."""
    return list(session.scalars(sa.select(ClientCompany).order_by(ClientCompany.name_key)))


def get_client(session: Session, client_id: int) -> ClientCompany:
    """The client with `client_id`; raises NotFoundError when it is gone."""
    client = session.get(ClientCompany, client_id)
    if client is None:
        raise NotFoundError(
            "That client no longer exists; it may have been deleted in another window."
        )
    return client


def client_identity(session: Session, client_id: int) -> tuple[str, str]:
    """(name, uuid) of the client with `client_id`; raises NotFoundError when it is gone."""
    client = get_client(session, client_id)
    return client.name, client.uuid


def uuids_by_id(session: Session) -> dict[int, str]:
    """Every client's UUID by its id."""
    rows = session.execute(sa.select(ClientCompany.id, ClientCompany.uuid))
    return {client_id: uuid for client_id, uuid in rows}


def find_client(session: Session, name: str) -> ClientCompany | None:
    """The client whose name matches `name` ignoring case and spacing, if any."""
    key = name_key(name)
    return session.scalar(sa.select(ClientCompany).where(ClientCompany.name_key == key))


def check_new_client_name(session: Session, name: str) -> str:
    """The name a new client would be stored with; raises as `create_client` would."""
    cleaned = clean_client_name(name)
    _ensure_free(session, cleaned)
    return cleaned


def create_client(
    session: Session,
    name: str,
    uuid: str | None = None,
    registered_at: datetime | None = None,
) -> ClientCompany:
    """Add a client (with a new UUID, or `uuid` adopted from the shared client directory);
    raises DuplicateError when the name or the UUID is taken (names ignoring case)."""
    cleaned = check_new_client_name(session, name)
    if uuid is not None:
        _ensure_uuid_free(session, uuid, cleaned)
    client = ClientCompany(
        name=cleaned,
        name_key=name_key(cleaned),
        uuid=uuid or new_client_uuid(),
        registered_at=registered_at,
    )
    session.add(client)
    _flush(session, cleaned)
    return client


def unregistered_clients(session: Session) -> list[ClientCompany]:
    """Clients the shared client directory has not learnt of yet, oldest first."""
    query = sa.select(ClientCompany).where(ClientCompany.registered_at.is_(None))
    return list(session.scalars(query.order_by(ClientCompany.id)))


def mark_registered(session: Session, client_id: int, when: datetime) -> None:
    """Record that the shared client directory knows the client (a deleted one is skipped)."""
    session.execute(
        sa.update(ClientCompany).where(ClientCompany.id == client_id).values(registered_at=when)
    )


def rename_client(session: Session, client_id: int, name: str) -> ClientCompany:
    """Rename a client; a change of case alone is allowed."""
    client = get_client(session, client_id)
    cleaned = clean_client_name(name)
    _ensure_free(session, cleaned, except_id=client_id)
    client.name = cleaned
    client.name_key = name_key(cleaned)
    _flush(session, cleaned)
    return client


def delete_client(session: Session, client_id: int) -> None:
    """Delete a client with its departments and jobs; its candidates move to the own pool."""
    session.delete(get_client(session, client_id))
    session.flush()


def dependent_counts(session: Session, client_id: int | None = None) -> dict[int, DependentCounts]:
    """Counts per client id (all clients, or just `client_id`); clients with none are absent."""
    found: dict[int, dict[str, int]] = {}
    for field, model in (("candidates", Candidate), ("departments", Department), ("jobs", Job)):
        column = model.client_company_id
        query = sa.select(column, sa.func.count()).where(column.is_not(None)).group_by(column)
        if client_id is not None:
            query = query.where(column == client_id)
        for owner, count in session.execute(query).all():
            found.setdefault(owner, {})[field] = count
    return {owner: DependentCounts(**counts) for owner, counts in found.items()}


def _ensure_free(session: Session, name: str, except_id: int | None = None) -> None:
    query = sa.select(ClientCompany.name).where(ClientCompany.name_key == name_key(name))
    if except_id is not None:
        query = query.where(ClientCompany.id != except_id)
    existing = session.scalar(query)
    if existing is not None:
        raise DuplicateError(f"A client named '{existing}' already exists.")


def _ensure_uuid_free(session: Session, uuid: str, name: str) -> None:
    holder = session.scalar(sa.select(ClientCompany.name).where(ClientCompany.uuid == uuid))
    if holder is not None:
        raise DuplicateError(
            f"'{name}' of the shared client directory is already on this computer, "
            f"named '{holder}'."
        )


def _flush(session: Session, name: str) -> None:
    # Another process may have taken the name since the check: the unique key decides.
    try:
        session.flush()
    except sa.exc.IntegrityError:
        raise DuplicateError(f"A client named '{name}' already exists.") from None
