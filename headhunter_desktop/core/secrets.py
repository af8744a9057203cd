"""The API keys: the OS keyring, `OPENAI_API_KEY`, or this session's memory — never a file.

The embedding server's key (when embeddings have a server of their own) is a second
keyring entry, or `HEADHUNTER_EMBEDDING_API_KEY`, kept the same way.

`OPENAI_API_KEY` wins when set. When the system has no secure keyring (a headless Linux
box gets keyring's plaintext or "fail" backend), the key is not stored at all: the user
sets the environment variable or keeps the key for this session only.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from headhunter_desktop import APP_ID
from headhunter_desktop.core.errors import UserFacingError

if TYPE_CHECKING:
    from types import ModuleType

KEY_ENV = "OPENAI_API_KEY"
EMBEDDING_KEY_ENV = "HEADHUNTER_EMBEDDING_API_KEY"
_KEYRING_USER = "openai_api_key"
_EMBEDDING_KEYRING_USER = "embedding_api_key"
# Backends that would write the secret in clear text or store nothing at all.
_INSECURE_BACKENDS = {
    "keyrings.alt.file.PlaintextKeyring",
    "keyring.backends.fail.Keyring",
    "keyring.backends.null.Keyring",
}
_KEY_PATTERN = re.compile(r"\b(sk-[A-Za-z0-9_\-]{6,})")
# `scheme://user:password@host`: the host starts after the last '@' before the path, as a
# password may hold an unescaped '@'.
_URL_CREDENTIALS = re.compile(r"(?P<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)[^/\s@:]*:[^/\s]*@")


class KeySource(enum.Enum):
    ENVIRONMENT = "environment variable OPENAI_API_KEY"
    KEYRING = "system keyring"
    SESSION = "this session only"
    NONE = "not set"


class KeyringUnavailableError(UserFacingError):
    """No secure keyring to store the key in."""

    code = "keyring_unavailable"


@dataclass(frozen=True)
class KeyringStatus:
    available: bool
    backend: str
    reason: str = ""


def mask_key(key: str | None) -> str:
    """Show a key as `sk-…abcd`: enough to recognise, never enough to use."""
    if not key:
        return ""
    prefix = key[:3] if key.startswith("sk-") else ""
    return f"{prefix}…{key[-4:]}" if len(key) > 8 else "…"


def _keyring() -> ModuleType:
    # Imported at the first look-up, not with this module: keyring and what it loads to
    # find its backend cost ~40 ms, and start-up looks the key up after the window is
    # usable (`AppServices.llm_ready_without_keyring`).
    import keyring
    import keyring.errors

    return keyring


def keyring_status() -> KeyringStatus:
    """Whether a secure keyring backend is there to hold the key."""
    try:
        backend = _keyring().get_keyring()
    except Exception as exc:  # a broken keyring config must not stop the app
        return KeyringStatus(False, "none", f"keyring failed to load ({type(exc).__name__})")
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    explicitly_chosen = bool(os.environ.get("PYTHON_KEYRING_BACKEND"))
    if name in _INSECURE_BACKENDS and not explicitly_chosen:
        return KeyringStatus(False, name, "no secure system keyring on this computer")
    if getattr(backend, "priority", 1) <= 0 and not explicitly_chosen:
        return KeyringStatus(False, name, "no system keyring on this computer")
    return KeyringStatus(True, name)


class ApiKeyStore:
    """Reads and stores the OpenAI API key; see the module docstring for where it lives."""

    def __init__(
        self, service: str = APP_ID, *, keyring_user: str = _KEYRING_USER, env: str = KEY_ENV
    ):
        self._service, self._user = service, keyring_user
        self.env = env  # the environment variable that overrides the stored key
        self._session_key: str | None = None
        # The keyring's answer, read once: every LLM request asks for the key on the GUI
        # thread, and a keyring read can be a D-Bus round trip. `save` and `clear` keep it
        # in step; a failed read is not kept (a locked keyring may open later).
        self._stored: str | None = None
        self._stored_read = False

    def source_text(self) -> str:
        """Where the key in force comes from, in words ("environment variable …")."""
        source = self.source()
        if source is KeySource.ENVIRONMENT:
            return f"environment variable {self.env}"
        return source.value

    def source(self) -> KeySource:
        """Where `get()` would take the key from."""
        if os.environ.get(self.env):
            return KeySource.ENVIRONMENT
        if self._session_key:
            return KeySource.SESSION
        if self._from_keyring():
            return KeySource.KEYRING
        return KeySource.NONE

    def held_outside_keyring(self) -> bool:
        """A key is in force from the environment or this session (no keyring look-up)."""
        return bool(os.environ.get(self.env) or self._session_key)

    def get(self) -> str | None:
        """The key in force, or None."""
        from_env = os.environ.get(self.env)
        remember_secret(from_env)
        return from_env or self._session_key or self._from_keyring()

    def save(self, key: str) -> None:
        """Store in the keyring; raises KeyringUnavailableError when there is no secure one."""
        key = key.strip()
        if not key:
            raise UserFacingError("The API key is empty.")
        status = keyring_status()
        if not status.available:
            raise KeyringUnavailableError(
                f"Cannot store the API key: {status.reason}. Set the {self.env} "
                "environment variable, or keep the key for this session only."
            )
        keyring = _keyring()
        try:
            keyring.set_password(self._service, self._user, key)
        except keyring.errors.KeyringError as exc:
            raise KeyringUnavailableError(
                f"The system keyring refused to store the key ({type(exc).__name__})."
            ) from None
        self._session_key = None
        self._stored, self._stored_read = key, True
        remember_secret(key)

    def keep_for_session(self, key: str) -> None:
        """Hold the key in memory until the app quits."""
        self._session_key = key.strip() or None
        remember_secret(self._session_key)

    def hold_as_read(self, key: str | None) -> None:
        """The key in force as another process of the app read it (the window, for its
        import process): held in memory, and the keyring is not asked here."""
        self._session_key = None
        self._stored, self._stored_read = (key or "").strip() or None, True
        remember_secret(self._stored)

    def clear(self) -> None:
        """Forget the stored and the session key (the environment variable is the user's)."""
        self._session_key = None
        self._stored, self._stored_read = None, True
        if keyring_status().available:
            keyring = _keyring()
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                keyring.delete_password(self._service, self._user)

    def _from_keyring(self) -> str | None:
        if self._stored_read:
            return self._stored
        if not keyring_status().available:
            return None
        keyring = _keyring()
        try:
            key = keyring.get_password(self._service, self._user)
        except keyring.errors.KeyringError:
            return None
        remember_secret(key)
        self._stored, self._stored_read = key, True
        return key


def embedding_key_store(service: str = APP_ID) -> ApiKeyStore:
    """The key of the embedding server of its own: its own keyring entry and variable."""
    return ApiKeyStore(service, keyring_user=_EMBEDDING_KEYRING_USER, env=EMBEDDING_KEY_ENV)


_known_secrets: set[str] = set()


def remember_secret(secret: str | None) -> None:
    """Register a secret so that `redact` and the log filter hide it everywhere."""
    if secret and len(secret) >= 6:
        _known_secrets.add(secret)


def redact(text: str) -> str:
    """Hide every known secret, anything shaped like an OpenAI key, `user:password@` in URLs."""
    for secret in _known_secrets:
        text = text.replace(secret, mask_key(secret))
    for env_key in filter(None, (os.environ.get(KEY_ENV), os.environ.get(EMBEDDING_KEY_ENV))):
        text = text.replace(env_key, mask_key(env_key))
    text = _URL_CREDENTIALS.sub(r"\g<scheme>***:***@", text)
    return _KEY_PATTERN.sub(lambda m: mask_key(m.group(1)), text)


class RedactingFormatter(logging.Formatter):
    """Formats a log line, traceback included, then hides every API key in the result."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
