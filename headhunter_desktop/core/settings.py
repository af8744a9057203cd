"""Typed settings, saved as JSON in the config directory (never the API key).

Precedence, highest first: command-line flags, environment (`HEADHUNTER_DATA_DIR`,
`HEADHUNTER_ANALYTICS_URL`, `HEADHUNTER_DATABASE_URL`, `OPENAI_BASE_URL`,
`HEADHUNTER_EMBEDDING_BASE_URL`), the saved settings, the defaults below.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from headhunter_desktop.core.db_urls import sqlite_url
from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.errors import ConfigurationError
from headhunter_desktop.core.llm.base_url import has_credentials, url_password, without_credentials
from headhunter_desktop.core.llm.embedding_inputs import EmbeddingInputType
from headhunter_desktop.core.paths import AppPaths, default_config_dir, resolve_data_dir
from headhunter_desktop.core.private_files import open_private, private_dir
from headhunter_desktop.core.secrets import remember_secret

# The only place model names are written down: everything else asks `model_for`.
DEFAULT_CHAT_MODEL = "gpt-4o-mini"
DEFAULT_EMBEDDING_MODEL = "text-embedding-3-small"
EMBEDDING_ACTIONS = frozenset(action for action in Action if action.is_embedding)
BASE_URL_CREDENTIALS_NOTE = "the user:password@ in the base URL is ignored; the API key is sent"
# CVs without a text layer (scans, photos): "model" sends the page images to the server
# (it costs money, and the pages leave this computer), "local_ocr" reads them here.
ScannedCvReading = Literal["model", "local_ocr", "off"]
BASE_URL_ENV = "OPENAI_BASE_URL"
EMBEDDING_BASE_URL_ENV = "HEADHUNTER_EMBEDDING_BASE_URL"

log = logging.getLogger(__name__)


def validate_base_url(value: str | None) -> str | None:
    """Accept empty (OpenAI itself) or an http(s) URL with a host; raise ConfigurationError.

    For a URL the user types: `user:password@` in it is refused with the reason, since
    the server gets the API key instead (see `core/llm/base_url.py`).
    """
    url = _checked_base_url(value)
    if url is not None and has_credentials(url):
        remember_secret(url_password(url))
        raise ConfigurationError(
            f"Remove the user name and password from the base URL "
            f"({without_credentials(url)}): the server is sent the API key, never "
            "credentials written in the URL."
        )
    return url


def clean_base_url(value: str | None) -> str | None:
    """`validate_base_url` for a saved or environment value: credentials are dropped, not refused.

    Refusing would stop every start over a value the user may not see; the dropped
    credentials are named in the log and in `EffectiveConfig.notes` (shown by selftest).
    """
    url = _checked_base_url(value)
    if url is None or not has_credentials(url):
        return url
    remember_secret(url_password(url))
    log.warning(BASE_URL_CREDENTIALS_NOTE)
    return without_credentials(url)


def _checked_base_url(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        parts = urlsplit(value)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
        shown = f"'{without_credentials(value)}'"
    except ValueError:  # e.g. an unclosed [IPv6 bracket
        valid, shown = False, "This"
    if not valid:
        raise ConfigurationError(
            f"{shown} is not a valid base URL: use http(s)://host[:port]/v1, "
            "e.g. http://localhost:11434/v1 for Ollama."
        )
    return value.rstrip("/")


class Settings(BaseModel):
    """Everything the user can set in the Settings dialog, except the API key."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    base_url: str | None = None
    chat_model: str = DEFAULT_CHAT_MODEL
    embedding_model: str = DEFAULT_EMBEDDING_MODEL
    # Per-action model overrides, e.g. {"parse_cv": "gpt-4o"}.
    action_models: dict[str, str] = Field(default_factory=dict)
    parallel_requests: int = Field(default=4, ge=1, le=32)
    request_timeout_s: float = Field(default=60.0, gt=0, le=600)
    max_retries: int = Field(default=2, ge=0, le=10)
    data_dir: str | None = None
    analytics_url: str | None = None
    database_url: str | None = None
    usage_retention_months: int | None = Field(default=None, ge=1)
    scanned_cvs: ScannedCvReading = "local_ocr"
    # Embeddings from a server of their own (say a local one beside a hosted chat model,
    # for cost and privacy); None: the chat server. Its key has its own keyring entry.
    embedding_base_url: str | None = None
    # Models trained with input prefixes (e5: "query: " / "passage: ") need them sent.
    embedding_input_type: EmbeddingInputType = "none"
    # Printed on the anonymised client CVs; asked for the first time one is made.
    agency_name: str = Field(default="", max_length=200)

    @field_validator("base_url", "embedding_base_url")
    @classmethod
    def _check_base_url(cls, value: str | None) -> str | None:
        try:
            return clean_base_url(value)
        except ConfigurationError as exc:
            raise ValueError(str(exc)) from None

    def model_for(self, action: Action) -> str:
        """The model used for an action: its override, else the chat or embedding default."""
        action = Action(action)  # also takes the plain code ("parse_cv")
        if action in self.action_models:
            return self.action_models[action]
        return self.embedding_model if action.is_embedding else self.chat_model


class SettingsStore:
    """Loads and saves `settings.json`; a damaged file is kept aside, never overwritten."""

    def __init__(self, config_dir: Path | None = None):
        self.path = (config_dir or default_config_dir()) / "settings.json"

    def load(self) -> Settings:
        """The saved settings, or defaults when none were saved."""
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Settings()
        except OSError as exc:
            raise ConfigurationError(f"Cannot read {self.path}: {exc.strerror}.") from None
        try:
            return Settings.model_validate(json.loads(raw))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise ConfigurationError(
                f"The settings file {self.path} is damaged ({_first_line(exc)})."
            ) from None

    def set_aside_damaged(self) -> Path:
        """Rename a damaged settings file so defaults can be saved without losing it."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"settings.damaged-{stamp}.json")
        self.path.rename(target)
        return target

    def save(self, settings: Settings) -> None:
        """Write atomically (a crash leaves the old file intact); only the user may read it."""
        private_dir(self.path.parent)
        tmp = self.path.with_suffix(".json.tmp")
        with open_private(tmp, "w", encoding="utf-8") as file:
            file.write(settings.model_dump_json(indent=2))
        os.replace(tmp, self.path)


@dataclass(frozen=True)
class EffectiveConfig:
    """Settings after flags and environment are applied: what the services are built from.

    The database URLs are `sa.URL` objects when built here from the data folder (its path
    may hold `?` or `%`, see `core/db_urls.py`), text when the user gave one.
    """

    settings: Settings
    paths: AppPaths
    base_url: str | None
    database_url: str | sa.URL
    analytics_url: str | sa.URL
    # Things the user should know about this configuration (selftest prints them).
    notes: tuple[str, ...] = ()
    # Where embedding requests go; None: to `base_url`, with the chat key.
    embedding_base_url: str | None = None


def base_url_from_environment() -> str | None:
    """The server `OPENAI_BASE_URL` names (it overrides the saved one), credentials dropped."""
    return clean_base_url(os.environ.get(BASE_URL_ENV))


def resolve_config(settings: Settings, *, data_dir_flag: str | None = None) -> EffectiveConfig:
    """Apply precedence (flags > environment > saved settings > defaults)."""
    paths = AppPaths(resolve_data_dir(data_dir_flag, settings.data_dir))
    given_base_url = os.environ.get(BASE_URL_ENV) or settings.base_url
    base_url = clean_base_url(given_base_url)
    embedding_url = clean_base_url(
        os.environ.get(EMBEDDING_BASE_URL_ENV) or settings.embedding_base_url
    )
    database_url = (
        os.environ.get("HEADHUNTER_DATABASE_URL")
        or settings.database_url
        or sqlite_url(paths.main_db)
    )
    analytics_url = (
        os.environ.get("HEADHUNTER_ANALYTICS_URL")
        or settings.analytics_url
        or sqlite_url(paths.analytics_db)
    )
    notes = (BASE_URL_CREDENTIALS_NOTE,) if has_credentials(given_base_url) else ()
    return EffectiveConfig(
        settings, paths, base_url, database_url, analytics_url, notes, embedding_url
    )


def _first_line(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or "file"
        return f"{field}: {error['msg']}"
    return str(exc).strip().splitlines()[0]
