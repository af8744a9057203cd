"""Migration 0006: every client company gets a UUID of its own, and is not yet registered in
the shared client directory (the app does that at its next contact with the usage server)."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.storage import migrate
from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.tables import ClientCompany
from tests.helpers.main_db import create_at_revision

T0 = "'2024-01-01 10:00:00'"
SEED_0005 = [
    "INSERT INTO client_companies (id, name, name_key, created_at, updated_at) "
    f"VALUES ({i}, '{name}', '{name.lower()}', {T0}, {T0})"
    for i, name in ((1, "Acme"), (2, "Globex"), (7, "Initech"))
]


def test_existing_clients_get_distinct_fresh_uuids(db_url: str) -> None:
    create_at_revision(db_url, "0005", SEED_0005)
    with MainDatabase(db_url) as db:
        clients = db.run_sync(
            lambda s: [
                (c.id, c.name, c.uuid, c.registered_at)
                for c in s.scalars(sa.select(ClientCompany).order_by(ClientCompany.id))
            ]
        )
        revision = db.run_sync(lambda s: migrate.current_revision(s.connection()))
    assert revision == migrate.head_revision()
    assert [(i, name) for i, name, _, _ in clients] == [(1, "Acme"), (2, "Globex"), (7, "Initech")]
    uuids = [u for _, _, u, _ in clients]
    assert len(set(uuids)) == 3
    assert all(uuid.UUID(u).version == 4 for u in uuids)
    assert [registered for *_, registered in clients] == [None, None, None]


def test_a_uuid_belongs_to_one_client(main_db: MainDatabase) -> None:
    def two_with_one_uuid(session: sa.orm.Session) -> None:
        session.add_all(
            [
                ClientCompany(name="A", name_key="a", uuid="same"),
                ClientCompany(name="B", name_key="b", uuid="same"),
            ]
        )
        session.flush()

    with pytest.raises(sa.exc.IntegrityError):
        main_db.run_sync(two_with_one_uuid)
