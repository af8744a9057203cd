"""The API key: keyring, environment precedence, the no-keyring fallback, and redaction."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from headhunter_desktop.core.logging_setup import configure_logging
from headhunter_desktop.core.secrets import (
    ApiKeyStore,
    KeyringUnavailableError,
    KeySource,
    keyring_status,
    mask_key,
    redact,
)

KEY = "sk-test-1234567890abcdefSECRET"


def test_keyring_round_trip() -> None:
    store = ApiKeyStore()
    assert store.source() is KeySource.NONE and store.get() is None
    store.save(KEY)
    assert ApiKeyStore().get() == KEY  # a new store reads it back from the keyring
    assert ApiKeyStore().source() is KeySource.KEYRING
    store.clear()
    assert ApiKeyStore().get() is None


def test_the_keyring_is_read_once_a_session(monkeypatch: pytest.MonkeyPatch) -> None:
    ApiKeyStore().save(KEY)
    import keyring

    reads: list[str] = []
    read = keyring.get_password

    def counting_read(service: str, user: str) -> str | None:
        reads.append(user)
        return read(service, user)

    monkeypatch.setattr(keyring, "get_password", counting_read)
    store = ApiKeyStore()

    # Each LLM request asks for the key (on the GUI thread): only the first asks the keyring.
    assert [store.get() for _ in range(5)] == [KEY] * 5
    assert len(reads) == 1
    store.save("sk-test-another-key-000000")  # Settings: what is saved is what is used
    assert store.get() == "sk-test-another-key-000000"
    store.clear()
    assert store.get() is None and store.source() is KeySource.NONE
    assert len(reads) == 1


def test_a_failed_keyring_read_is_tried_again(monkeypatch: pytest.MonkeyPatch) -> None:
    ApiKeyStore().save(KEY)
    import keyring
    import keyring.errors

    read = keyring.get_password

    def locked(service: str, user: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")

    store = ApiKeyStore()
    monkeypatch.setattr(keyring, "get_password", locked)
    assert store.get() is None  # a locked keyring: no key for now…
    monkeypatch.setattr(keyring, "get_password", read)
    assert store.get() == KEY  # …and the key once it is open


def test_environment_variable_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    store = ApiKeyStore()
    store.save(KEY)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-environment-0000")
    assert store.get() == "sk-from-environment-0000"
    assert store.source() is KeySource.ENVIRONMENT


def test_no_secure_keyring_refuses_to_store_in_a_file(
    monkeypatch: pytest.MonkeyPatch, isolated_user_dirs: Path
) -> None:
    # Not chosen explicitly, keyring falls back to keyrings.alt's plaintext file here.
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
    status = keyring_status()
    assert not status.available
    store = ApiKeyStore()
    with pytest.raises(KeyringUnavailableError, match="OPENAI_API_KEY") as caught:
        store.save(KEY)
    assert KEY not in str(caught.value)
    files = [p for p in isolated_user_dirs.rglob("*") if p.is_file()]
    assert all(KEY not in p.read_text(errors="ignore") for p in files)
    store.keep_for_session(KEY)
    assert store.get() == KEY and store.source() is KeySource.SESSION
    assert ApiKeyStore().get() is None  # nothing persisted


def test_mask_and_redact() -> None:
    assert mask_key(KEY) == "sk-…CRET"
    assert KEY not in redact(f"request failed with key {KEY}")
    assert "sk-…" in redact("Authorization: Bearer sk-unknownkey123456")


def test_log_lines_never_contain_the_key(tmp_path: Path) -> None:
    store = ApiKeyStore()
    store.keep_for_session(KEY)
    log_path = configure_logging(log_dir=tmp_path)
    logger = logging.getLogger("headhunter_desktop.test")
    logger.warning("using key %s", store.get())
    try:
        raise RuntimeError(f"server said: bad key {KEY}")
    except RuntimeError:
        logger.exception("call failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_path.read_text(encoding="utf-8")
    assert "using key sk-…CRET" in text and "call failed" in text
    assert KEY not in text
