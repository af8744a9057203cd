"""Seeding helpers for the search tests: candidates in a real main database, then indexed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from headhunter_desktop.core.search import KeywordIndex, fields_from
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.engine import sqlite_url
from headhunter_desktop.core.storage.models import Candidate, ClientCompany, name_key
from tests.postgres import temporary_postgres_database

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


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


@contextmanager
def fresh_database_url(backend: str, folder: Path) -> Iterator[str]:
    """A new empty database on `backend` for a whole module (conftest's `postgres_url` is per test).

    Same rules as `postgres_url`: skip without a server locally, fail without one in CI.
    """
    if backend == "sqlite":
        yield sqlite_url(folder / "headhunter.db").render_as_string()
        return
    with temporary_postgres_database() as url:
        yield url
