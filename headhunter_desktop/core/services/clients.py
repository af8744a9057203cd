"""Client companies for the GUI and the CLI: async, returning plain frozen values."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from headhunter_desktop.core.storage import clients as repo
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.tables import ClientCompany


@dataclass(frozen=True, slots=True)
class ClientSummary:
    """A client and what depends on it (the delete confirmation lists these)."""

    id: int
    name: str
    candidates: int
    jobs: int
    departments: int = 0


def _summary(client: ClientCompany, counts: repo.DependentCounts) -> ClientSummary:
    return ClientSummary(
        id=client.id,
        name=client.name,
        candidates=counts.candidates,
        jobs=counts.jobs,
        departments=counts.departments,
    )


def _summarize(session: Session, client: ClientCompany) -> ClientSummary:
    counts = repo.dependent_counts(session, client.id).get(client.id, repo.DependentCounts())
    return _summary(client, counts)


class ClientService:
    """Create, rename, list and delete client companies on the database's worker thread."""

    def __init__(self, db: MainDatabase) -> None:
        self._db = db

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

    async def create(self, name: str) -> ClientSummary:
        """Create a client; DuplicateError / InvalidInputError carry the message to show."""
        return await self._db.run(lambda s: _summarize(s, repo.create_client(s, name)))

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
