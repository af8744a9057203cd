"""Candidate data, usage, settings and logs are readable by the user only (POSIX modes)."""

from __future__ import annotations

import asyncio
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from headhunter_desktop.core.analytics.spool import Spool
from headhunter_desktop.core.logging_setup import configure_logging
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.settings import Settings, SettingsStore, resolve_config
from tests.fakes import FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder
from tests.helpers.cv_files import write_txt_cvs

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows: the profile protects them")


def modes_under(folder: Path) -> dict[str, str]:
    """Every folder and file under `folder` (itself included) with its permission bits."""
    paths = [folder, *folder.rglob("*")]
    return {str(p.relative_to(folder.parent)): oct(stat.S_IMODE(p.lstat().st_mode)) for p in paths}


def not_private(folder: Path) -> dict[str, str]:
    want = {True: "0o700", False: "0o600"}
    return {
        name: mode
        for name, mode in modes_under(folder).items()
        if mode != want[(folder.parent / name).is_dir()]
    }


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The common default umask: without explicit modes, files would be 0644, folders 0755."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def app_log(tmp_path: Path) -> Iterator[Path]:
    log_dir = tmp_path / "logs"
    configure_logging(log_dir=log_dir)
    yield log_dir
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_headhunter", False)]:
        root.removeHandler(handler)
        handler.close()


def import_one_cv(services: AppServices, cv: Path) -> None:
    async def work() -> None:
        try:
            result = await services.importer.enqueue([cv], client_company_id=None)
            await services.importer.process(result.batch_id)
        finally:
            await services.gateway.aclose()  # the rest closes after the checks

    asyncio.run(work())


def test_data_folder_after_an_import_is_private(
    loose_umask: None, fake_openai_env: FakeOpenAIServer, tmp_path: Path
) -> None:
    fake_openai_env.responder = cv_profile_responder
    [cv] = write_txt_cvs(tmp_path / "drop", 1)
    data = tmp_path / "data"
    config = resolve_config(Settings(), data_dir_flag=str(data))
    services = AppServices.open(config, SettingsStore())
    try:
        import_one_cv(services, cv)
        assert services.usage_writer.flush(10)  # the parse and embed records are written
        # While open: the SQLite side files (-wal, -shm) exist now.
        assert {"headhunter.db-wal", "analytics.db-wal"} <= {p.name for p in data.iterdir()}
        assert not_private(data) == {}
    finally:
        services.close_sync()
    names = {p.name for p in data.rglob("*")}
    assert {"headhunter.db", "analytics.db", "usage-spool.jsonl", "cv-files"} <= names
    assert any(p.suffix == ".txt" for p in (data / "cv-files").rglob("*"))  # the stored copy
    assert not_private(data) == {}


def test_settings_log_and_set_aside_spool_lines_are_private(
    loose_umask: None, app_log: Path, tmp_path: Path
) -> None:
    config_dir = tmp_path / "config"
    SettingsStore(config_dir).save(Settings(chat_model="gpt-4o"))
    logging.getLogger("headhunter_desktop.test").warning("written to app.log")
    # A spool with a torn line: the line is set aside in usage-spool.jsonl.corrupt.
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    (data / "usage-spool.jsonl").write_bytes(b'{"torn": \n')
    os.chmod(data / "usage-spool.jsonl", 0o644)  # as an older version left it
    Spool(data / "usage-spool.jsonl").load()

    assert not_private(config_dir) == {}
    assert not_private(app_log) == {}
    assert (app_log / "app.log").stat().st_size > 0
    assert {"usage-spool.jsonl", "usage-spool.jsonl.corrupt"} <= {p.name for p in data.iterdir()}
    assert not_private(data) == {}


def test_an_older_data_folder_is_made_private_at_open(loose_umask: None, tmp_path: Path) -> None:
    data = tmp_path / "data"
    config = resolve_config(Settings(), data_dir_flag=str(data))
    AppServices.open(config, SettingsStore()).close_sync()
    for path in [data, *data.rglob("*")]:  # what an older version left: 0755 and 0644
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    AppServices.open(config, SettingsStore()).close_sync()
    modes = modes_under(data)
    assert modes["data"] == modes["data/cv-files"] == "0o700"
    assert modes["data/headhunter.db"] == modes["data/analytics.db"] == "0o600"
