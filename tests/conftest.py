"""Fixtures shared by the whole suite: isolation from the real user, PostgreSQL, the fake server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.fixtures import fake_openai  # noqa: F401  (re-exported fixture)

POSTGRES_ENV = "HEADHUNTER_TEST_POSTGRES_URL"


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every user directory, the keyring and the OpenAI variables away from the real user.

    A test never reads or writes the developer's settings, data, logs or keychain.
    """
    home = tmp_path / "home"
    for name, sub in (
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        (home / sub).mkdir(parents=True)
        monkeypatch.setenv(name, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("HEADHUNTER_CONFIG_DIR", str(home / "config" / "headhunter-desktop"))
    monkeypatch.setenv("HEADHUNTER_DATA_DIR", str(tmp_path / "data"))
    # An explicitly chosen file keyring under the temporary XDG_DATA_HOME.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    for name in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "HEADHUNTER_ANALYTICS_URL",
        "HEADHUNTER_DATABASE_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    import keyring.core

    keyring.core._keyring_backend = None  # forget a backend chosen by an earlier test
    return home


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the server named by HEADHUNTER_TEST_POSTGRES_URL.

    Skips locally without a server; in CI (CI=true) a missing server is a failure, because
    the PostgreSQL tests must run there.
    """
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        if os.environ.get("CI"):
            pytest.fail(f"{POSTGRES_ENV} is not set in CI: the PostgreSQL tests must run")
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_ENV} to run this test")
    import sqlalchemy as sa

    name = f"hh_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        yield admin_url.rsplit("/", 1)[0] + "/" + name
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
