"""The import process's start (`import_worker._open`), run in this process to look inside it."""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
from pathlib import Path

from headhunter_desktop.core.services.import_worker import _open
from headhunter_desktop.core.settings import Settings, resolve_config
from tests.fakes import FakeOpenAIServer


def test_the_import_process_freezes_what_its_start_left_before_it_is_ready(
    fake_openai_env: FakeOpenAIServer, tmp_path: Path
) -> None:
    # Unfrozen, the first full collection of a batch walked the start's objects (openai,
    # SQLAlchemy, pydantic): ~110 ms in which no request left the process.
    config = resolve_config(Settings(), data_dir_flag=str(tmp_path / "data"))
    window_end, worker_end = multiprocessing.Pipe()
    frozen_before = gc.get_freeze_count()

    async def start() -> int:
        services = await _open(worker_end, config)
        assert services is not None
        try:
            return gc.get_freeze_count()
        finally:
            gc.unfreeze()  # this test process lives on: its objects collectable again
            await services.aclose()

    frozen = asyncio.run(start())

    assert window_end.poll(5) and window_end.recv() == ("ready",)
    assert frozen > frozen_before
    assert gc.isenabled()  # what a batch creates is still collected
