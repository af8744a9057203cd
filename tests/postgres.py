"""Throwaway databases on the PostgreSQL server that `.ci/run` starts."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

POSTGRES_ENV = "HEADHUNTER_TEST_POSTGRES_URL"


@contextmanager
def temporary_postgres_database(template: str | None = None) -> Iterator[str]:
    """The URL of a new empty database (a copy of database `template`, if given), dropped
    afterwards.

    Skips without a server locally; in CI (CI=true) a missing server is a failure, because
    the PostgreSQL tests must run there.
    """
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_ENV} is not set in CI: the PostgreSQL tests must run")
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_ENV} to run this test")
    name = f"hh_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            copy = f' TEMPLATE "{template}"' if template else ""
            conn.execute(sa.text(f'CREATE DATABASE "{name}"{copy}'))
        yield admin_url.rsplit("/", 1)[0] + "/" + name
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def database_name(url: str) -> str:
    """The database a URL of `temporary_postgres_database` names."""
    return url.rsplit("/", 1)[-1]
