"""'Test connection' against the local OpenAI-compatible server: models, or a specific error."""

from __future__ import annotations

import asyncio

import pytest

from headhunter_desktop.core.llm.client_factory import ClientOptions, make_client, probe_connection
from headhunter_desktop.core.llm.errors import (
    AuthenticationFailedError,
    ConnectionFailedError,
    NoApiKeyError,
)
from tests.fakes import FakeOpenAIServer
from tests.helpers.network import unreachable_openai_url


def test_lists_the_servers_models(fake_openai: FakeOpenAIServer) -> None:
    models = asyncio.run(probe_connection(ClientOptions("sk-test-fake", fake_openai.base_url)))
    assert "gpt-4o-mini" in models and models == sorted(models)


def test_bad_key_names_the_cause_and_hides_the_key(fake_openai: FakeOpenAIServer) -> None:
    wrong = "sk-wrong-key-abcdef123456"
    with pytest.raises(AuthenticationFailedError, match="rejected the API key") as caught:
        asyncio.run(probe_connection(ClientOptions(wrong, fake_openai.base_url)))
    assert wrong not in str(caught.value)
    assert "127.0.0.1" in str(caught.value)


def test_connection_refused_is_specific() -> None:
    with pytest.raises(ConnectionFailedError, match="connection refused"):
        asyncio.run(probe_connection(ClientOptions("sk-x", unreachable_openai_url())))


def test_openai_without_a_key_is_refused_before_any_request() -> None:
    with pytest.raises(NoApiKeyError, match="OPENAI_API_KEY"):
        make_client(ClientOptions(None, None))


def test_local_server_needs_no_key(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.api_key = None
    models = asyncio.run(probe_connection(ClientOptions(None, fake_openai.base_url)))
    assert models


def test_tls_to_a_plain_http_server_is_named_as_a_tls_problem(
    fake_openai: FakeOpenAIServer,
) -> None:
    https_url = fake_openai.base_url.replace("http://", "https://")
    with pytest.raises(ConnectionFailedError, match="TLS/certificate"):
        asyncio.run(probe_connection(ClientOptions("sk-test-fake", https_url)))
