"""Candidates and client companies seeded into a real main database, then indexed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from headhunter_desktop.core.search import KeywordIndex, fields_from
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.tables import Candidate, ClientCompany, name_key


@dataclass
class Person:
    """A candidate to seed: id, name, CV text, optional profile and client company id."""

    id: int
    name: str
    text: str
    profile: dict[str, Any] | None = None
    client: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def add_clients(db: MainDatabase, *ids: int) -> None:
    """Client companies with the given ids (named Client <id>)."""

    def add(session: Session) -> None:
        for client_id in ids:
            name = f"Client {client_id}"
            session.add(ClientCompany(id=client_id, name=name, name_key=name_key(name)))

    db.run_sync(add)


def add_people(db: MainDatabase, people: list[Person], *, index: bool = True) -> KeywordIndex:
    """Insert `people` as candidates and (unless `index=False`) put them in the keyword index."""
    keyword = KeywordIndex(db.dialect)

    def add(session: Session) -> None:
        for p in people:
            session.add(
                Candidate(
                    id=p.id,
                    display_name=p.name,
                    extracted_text=p.text,
                    profile_json=p.profile,
                    client_company_id=p.client,
                    **p.extra,
                )
            )
        session.flush()
        if index:
            for p in people:
                keyword.upsert(session, p.id, fields_from(p.name, p.profile, p.text))

    db.run_sync(add)
    return keyword


def ids(hits: list[Any]) -> list[int]:
    """The candidate ids of search hits, in order."""
    return [hit.candidate_id for hit in hits]
