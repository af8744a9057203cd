"""Client companies for the GUI and the CLI: async, returning plain frozen values.

A client's UUID is who it is on a usage server shared by laptops with main databases of
their own. Adding a client asks the shared client directory first: a name another laptop
registered already is adopted with its UUID (and the caller is told), so both laptops bill
one client. When the usage server is out of reach, the client gets a new UUID and is
registered at the next contact (`register_pending`); should the name have been taken by
then, both clients are kept apart and the user is told.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy.orm import Session

from headhunter_desktop.core.analytics.client_directory import DirectoryEntry
from headhunter_desktop.core.domain.client_profile import ClientProfile
from headhunter_desktop.core.errors import DatabaseError
from headhunter_desktop.core.services import client_profiles
from headhunter_desktop.core.storage import clients as repo
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.errors import NotFoundError
from headhunter_desktop.core.storage.tables import ClientCompany, new_client_uuid


@dataclass(frozen=True, slots=True)
class ClientSummary:
    """A client and what depends on it (the delete confirmation lists these)."""

    id: int
    name: str
    uuid: str
    candidates: int
    jobs: int
    departments: int = 0


@dataclass(frozen=True, slots=True)
class CreatedClient(ClientSummary):
    """A client just added; `note` says what the shared client directory made of it."""

    # The name was in the shared directory: this client is that one (same UUID).
    adopted: bool = False
    # What to tell the user (adopted, or registered later), None when there is nothing to say.
    note: str | None = None


class SharedClientDirectory(Protocol):
    """The client directory of the usage database (UsageService implements it)."""

    async def claim_client_name(self, uuid: str, name: str) -> DirectoryEntry:
        """Register `uuid` under `name` unless taken; the entry holding the name.
        Raises DatabaseError when the usage database is out of reach."""
        ...


def _summary(client: ClientCompany, counts: repo.DependentCounts) -> ClientSummary:
    return ClientSummary(
        id=client.id,
        name=client.name,
        uuid=client.uuid,
        candidates=counts.candidates,
        jobs=counts.jobs,
        departments=counts.departments,
    )


def _summarize(session: Session, client: ClientCompany) -> ClientSummary:
    counts = repo.dependent_counts(session, client.id).get(client.id, repo.DependentCounts())
    return _summary(client, counts)


class ClientService:
    """Create, rename, list and delete client companies on the database's worker thread."""

    def __init__(self, db: MainDatabase, directory: SharedClientDirectory | None = None) -> None:
        """Without a `directory`, clients are this main database's alone (tests, tools)."""
        self._db = db
        self._directory = directory

    async def list(self) -> list[ClientSummary]:
        """All clients sorted by name, with their counts."""

        def work(session: Session) -> list[ClientSummary]:
            counts = repo.dependent_counts(session)
            return [
                _summary(client, counts.get(client.id, repo.DependentCounts()))
                for client in repo.list_clients(session)
            ]

        return await self._db.run(work)

    async def get(self, client_id: int) -> ClientSummary:
        """One client with its counts; NotFoundError when it is gone."""
        return await self._db.run(lambda s: _summarize(s, repo.get_client(s, client_id)))

    async def find(self, name: str) -> ClientSummary | None:
        """The client named `name` (ignoring case), e.g. for the CLI's `--client NAME`."""

        def work(session: Session) -> ClientSummary | None:
            client = repo.find_client(session, name)
            return None if client is None else _summarize(session, client)

        return await self._db.run(work)

    async def named(self, name: str) -> ClientSummary:
        """The client named `name`, or a NotFoundError saying there is none."""
        client = await self.find(name)
        if client is None:
            raise NotFoundError(f"There is no client company named '{name}'.")
        return client

    async def create(self, name: str) -> CreatedClient:
        """Create a client, adopting the UUID of the shared directory's client of that name;
        DuplicateError / InvalidInputError carry the message to show."""
        cleaned = await self._db.run(lambda s: repo.check_new_client_name(s, name))
        proposed = new_client_uuid()
        entry = await self._claim(proposed, cleaned)
        uuid = proposed if entry is None else entry.uuid
        registered = None if entry is None else datetime.now(UTC)
        summary = await self._db.run(
            lambda s: _summarize(s, repo.create_client(s, cleaned, uuid, registered))
        )
        adopted = uuid != proposed
        note = _creation_note(cleaned, entry, adopted, self._directory is not None)
        return CreatedClient(**dataclasses.asdict(summary), adopted=adopted, note=note)

    async def register_pending(self) -> Sequence[str]:
        """Register clients added while the usage server was out of reach; returns what to
        tell the user (names another laptop registered meanwhile). Stops quietly while the
        server is still out of reach."""
        if self._directory is None:
            return []
        pending = await self._db.run(
            lambda s: [(c.id, c.name, c.uuid) for c in repo.unregistered_clients(s)]
        )
        notes: list[str] = []
        for client_id, name, uuid in pending:
            entry = await self._claim(uuid, name)
            if entry is None:
                break
            if entry.uuid == uuid:
                await self._mark_registered(client_id)
            else:
                notes.append(_conflict_note(name, entry))
        return notes

    async def rename(self, client_id: int, name: str) -> ClientSummary:
        """Rename a client; NotFoundError, DuplicateError or InvalidInputError otherwise."""
        return await self._db.run(lambda s: _summarize(s, repo.rename_client(s, client_id, name)))

    async def delete(self, client_id: int) -> ClientSummary:
        """Delete a client; returns what it had (departments and jobs went with it)."""

        def work(session: Session) -> ClientSummary:
            summary = _summarize(session, repo.get_client(session, client_id))
            repo.delete_client(session, client_id)
            return summary

        return await self._db.run(work)

    async def profile(self, client_id: int) -> ClientProfile:
        """The client's profile, as every generation for it sees it; NotFoundError when gone."""
        return await self._db.run(lambda s: client_profiles.read_profile(s, client_id))

    async def save_profile(self, client_id: int, profile: ClientProfile) -> ClientProfile:
        """Store the profile (not its name: see `rename`) and return it as stored;
        InvalidInputError for a website that is not an http(s) address."""
        website = client_profiles.clean_website(profile.website)
        return await self._db.run(
            lambda s: client_profiles.write_profile(s, client_id, profile, website)
        )

    async def _mark_registered(self, client_id: int) -> None:
        now = datetime.now(UTC)
        await self._db.run(lambda s: repo.mark_registered(s, client_id, now))

    async def _claim(self, uuid: str, name: str) -> DirectoryEntry | None:
        if self._directory is None:
            return None
        try:
            return await self._directory.claim_client_name(uuid, name)
        except DatabaseError:
            return None  # out of reach: registered at the next contact


def _creation_note(
    name: str, entry: DirectoryEntry | None, adopted: bool, shared: bool
) -> str | None:
    if entry is not None and adopted:
        return (
            f"“{name}” is already in the shared client directory (added by "
            f"{entry.created_by} on {entry.created_at:%d %b %Y}): this computer now works "
            "for that same client, so its usage and budget are shared."
        )
    if entry is None and shared:
        return (
            f"“{name}” was added on this computer only: the usage server is out of reach. "
            "It joins the shared client directory when the server is back."
        )
    return None


def _conflict_note(name: str, entry: DirectoryEntry) -> str:
    return (
        f"“{name}” was added on this computer while the usage server was out of reach, and "
        f"{entry.created_by} added a client of the same name meanwhile: the two are kept "
        "apart, each with its own usage and budget. Rename this one if they are different "
        "companies; if they are the same, usage recorded here so far stays with this one."
    )
