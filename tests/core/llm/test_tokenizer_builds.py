"""Building a tokenizer holds the GIL for ~0.1-0.3 s (tiktoken's constructor): it happens in
a worker thread, never on the event loop's thread, even for a call made before the
warm-up has built them (an import resumed at start, a search typed at once)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.llm import tokens
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.settings import Settings, SettingsStore, resolve_config
from tests.fakes import FakeOpenAIServer
from tests.fakes.cv_responder import cv_profile_responder
from tests.helpers.cv_files import write_txt_cvs
from tests.helpers.gateway import RecordingSink, make_gateway, run_then_close
from tests.helpers.import_pipeline import make_env

CTX = CallContext("embed_query", None, None)


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """No tokenizer built yet; the names of the threads that build one, as they do."""
    threads: list[str] = []
    read_vocabulary = tokens.mergeable_ranks

    def recording(name: str) -> dict[bytes, int]:
        threads.append(threading.current_thread().name)
        return read_vocabulary(name)

    monkeypatch.setattr(tokens, "mergeable_ranks", recording)
    tokens._encoding.cache_clear()
    tokens._built.clear()
    yield threads
    tokens._encoding.cache_clear()  # the next test builds them again, unrecorded
    tokens._built.clear()


def test_an_embedding_first_builds_them_in_a_worker(
    fake_openai: FakeOpenAIServer, builds: list[str]
) -> None:
    gateway = make_gateway(fake_openai, RecordingSink())

    vectors = run_then_close(gateway, gateway.embed(CTX, ["Kubernetes engineer"]))

    assert len(vectors) == 1
    assert builds and threading.main_thread().name not in builds  # the loop's thread


def test_an_import_run_first_builds_them_in_a_worker(
    fake_openai: FakeOpenAIServer, builds: list[str], tmp_path: Path
) -> None:
    fake_openai.responder = cv_profile_responder
    env = make_env(fake_openai, tmp_path / "data")
    folder = tmp_path / "cvs"
    write_txt_cvs(folder, 2)
    try:

        async def scenario() -> int:
            result = await env.service.enqueue([folder], client_company_id=None)
            return len(await env.service.process(result.batch_id))

        assert env.run(scenario()) == 2
    finally:
        env.db.close()

    assert builds and threading.main_thread().name not in builds


def test_concurrent_calls_share_one_build(fake_openai: FakeOpenAIServer, builds: list[str]) -> None:
    gateway = make_gateway(fake_openai, RecordingSink())

    async def three_at_once() -> None:
        await asyncio.gather(*(gateway.tokenizers_ready() for _ in range(3)))

    run_then_close(gateway, three_at_once())

    # Each encoding the models in use need, built once (o200k and cl100k by default).
    names = {tokens.encoding_name_for(gateway.model_for(action)) for action in Action}
    assert len(builds) == len(names) == 2


def test_the_warm_up_and_an_early_call_share_one_build(builds: list[str], tmp_path: Path) -> None:
    config = resolve_config(Settings(), data_dir_flag=str(tmp_path / "data"))
    services = AppServices.open(config, SettingsStore())

    async def warm_up_and_a_call() -> None:
        await asyncio.gather(services.start(), services.gateway.tokenizers_ready())

    try:
        asyncio.run(warm_up_and_a_call())
    finally:
        services.close_sync()

    assert len(builds) == 2  # o200k and cl100k, once each
