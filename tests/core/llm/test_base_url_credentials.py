"""`user:password@` in the base URL: never sent as Basic auth, never shown, never logged."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from headhunter_desktop.core.errors import ConfigurationError
from headhunter_desktop.core.llm.client_factory import ClientOptions, probe_connection
from headhunter_desktop.core.llm.errors import ConnectionFailedError, host_of
from headhunter_desktop.core.logging_setup import configure_logging
from headhunter_desktop.core.secrets import redact
from headhunter_desktop.core.settings import (
    Settings,
    SettingsStore,
    resolve_config,
    validate_base_url,
)
from tests.fakes import FakeOpenAIServer
from tests.helpers.network import unreachable_openai_url

USER, PASSWORD = "alice-user", "pw-s3cret-9f"


def with_credentials(url: str) -> str:
    """`http://host:port/v1` as `http://USER:PASSWORD@host:port/v1`."""
    return url.replace("://", f"://{USER}:{PASSWORD}@", 1)


@pytest.fixture
def app_log(tmp_path: Path) -> Iterator[Path]:
    path = configure_logging(log_dir=tmp_path / "logs")
    yield path
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_headhunter", False)]:
        root.removeHandler(handler)
        handler.close()


def test_the_server_gets_the_key_as_bearer_and_no_basic_auth(
    fake_openai: FakeOpenAIServer,
) -> None:
    url = with_credentials(fake_openai.base_url)
    models = asyncio.run(probe_connection(ClientOptions("sk-test-fake", url)))
    assert "gpt-4o-mini" in models
    [request] = fake_openai.requests
    assert request.headers["authorization"] == "Bearer sk-test-fake"


def test_an_error_message_and_its_log_line_name_the_host_only(app_log: Path) -> None:
    url = with_credentials(unreachable_openai_url())
    with pytest.raises(ConnectionFailedError) as caught:
        asyncio.run(probe_connection(ClientOptions("sk-x", url)))
    message = str(caught.value)
    assert "127.0.0.1" in message
    logging.getLogger("headhunter_desktop.test").error("call to %s failed: %s", url, message)
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = app_log.read_text(encoding="utf-8")
    assert "127.0.0.1" in logged
    for text in (message, logged):
        assert USER not in text and PASSWORD not in text


def test_redaction_hides_credentials_in_any_url() -> None:
    text = redact(
        f"failed: https://{USER}:{PASSWORD}@llm.example:8443/v1 (and postgresql://u:p@h/db)"
    )
    assert USER not in text and PASSWORD not in text and "://u:p@" not in text
    assert "llm.example:8443/v1" in text
    assert host_of(f"http://{USER}:{PASSWORD}@llm.example:8443/v1") == "llm.example:8443"


def test_typed_in_credentials_are_refused_with_the_reason() -> None:
    with pytest.raises(ConfigurationError, match="Remove the user name and password") as caught:
        validate_base_url(f"http://{USER}:{PASSWORD}@localhost:11434/v1")
    assert PASSWORD not in str(caught.value) and USER not in str(caught.value)
    assert "http://localhost:11434/v1" in str(caught.value)


def test_saved_or_environment_credentials_are_dropped_and_noted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SettingsStore(tmp_path)
    store.path.write_text(
        f'{{"base_url": "http://{USER}:{PASSWORD}@saved:1/v1"}}', encoding="utf-8"
    )
    settings = store.load()
    assert settings.base_url == "http://saved:1/v1"
    store.save(settings)
    assert PASSWORD not in store.path.read_text(encoding="utf-8")

    monkeypatch.setenv("OPENAI_BASE_URL", f"http://{USER}:{PASSWORD}@env:2/v1")
    config = resolve_config(Settings())
    assert config.base_url == "http://env:2/v1"
    assert any("ignored" in note for note in config.notes)
