"""Settings: precedence (flags > environment > saved > defaults), damage handling, validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.errors import ConfigurationError
from headhunter_desktop.core.settings import (
    DEFAULT_CHAT_MODEL,
    EMBEDDING_ACTIONS,
    Settings,
    SettingsStore,
    resolve_config,
    validate_base_url,
)


def test_defaults_when_nothing_saved(tmp_path: Path) -> None:
    settings = SettingsStore(tmp_path).load()
    assert settings.chat_model == DEFAULT_CHAT_MODEL == "gpt-4o-mini"
    assert settings.embedding_model == "text-embedding-3-small"
    assert settings.parallel_requests == 4
    assert settings.model_for("parse_cv") == "gpt-4o-mini"
    assert settings.model_for("embed_query") == "text-embedding-3-small"


def test_each_action_gets_its_kind_of_model_unless_overridden() -> None:
    settings = Settings(chat_model="llama3.1:8b", action_models={"generate_job": "gpt-4o"})
    assert {Action.EMBED_CV, Action.EMBED_QUERY} == EMBEDDING_ACTIONS
    for action in Action:
        expected = "text-embedding-3-small" if action.is_embedding else "llama3.1:8b"
        if action is Action.GENERATE_JOB:
            expected = "gpt-4o"  # overrides are saved under the stored code
        assert settings.model_for(action) == expected
    with pytest.raises(ValueError, match="not_an_action"):
        settings.model_for("not_an_action")


def test_save_and_load_round_trip_has_no_key(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    saved = Settings(base_url="http://localhost:11434/v1/", action_models={"parse_cv": "gpt-4o"})
    store.save(saved)
    loaded = store.load()
    assert loaded == saved
    assert loaded.base_url == "http://localhost:11434/v1"  # trailing slash normalised
    assert loaded.model_for("parse_cv") == "gpt-4o"
    assert "key" not in store.path.read_text().lower()


def test_data_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saved = Settings(data_dir=str(tmp_path / "saved"))
    monkeypatch.setenv("HEADHUNTER_DATA_DIR", str(tmp_path / "env"))
    flagged = resolve_config(saved, data_dir_flag=str(tmp_path / "flag"))
    assert flagged.paths.data_dir == tmp_path / "flag"
    assert resolve_config(saved).paths.data_dir == tmp_path / "env"
    monkeypatch.delenv("HEADHUNTER_DATA_DIR")
    assert resolve_config(saved).paths.data_dir == tmp_path / "saved"
    assert resolve_config(Settings()).paths.data_dir.name == "headhunter-desktop"


def test_environment_beats_saved_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saved = Settings(
        base_url="http://saved:1/v1",
        analytics_url="sqlite:///saved.db",
        database_url="sqlite:///main-saved.db",
    )
    config = resolve_config(saved, data_dir_flag=str(tmp_path))
    assert (config.base_url, config.analytics_url) == ("http://saved:1/v1", "sqlite:///saved.db")
    assert config.database_url == "sqlite:///main-saved.db"
    monkeypatch.setenv("OPENAI_BASE_URL", "http://env:2/v1")
    monkeypatch.setenv("HEADHUNTER_ANALYTICS_URL", "postgresql+psycopg://u@h/analytics")
    monkeypatch.setenv("HEADHUNTER_DATABASE_URL", "sqlite:///main-env.db")
    config = resolve_config(saved, data_dir_flag=str(tmp_path))
    assert config.base_url == "http://env:2/v1"
    assert config.analytics_url == "postgresql+psycopg://u@h/analytics"
    assert config.database_url == "sqlite:///main-env.db"


def test_default_database_files_live_in_the_data_dir(tmp_path: Path) -> None:
    config = resolve_config(Settings(), data_dir_flag=str(tmp_path))
    assert sa.make_url(config.database_url).database == str(tmp_path / "headhunter.db")
    assert sa.make_url(config.analytics_url).database == str(tmp_path / "analytics.db")


@pytest.mark.parametrize("bad", ["localhost:11434", "ftp://host/v1", "http://", "not a url"])
def test_invalid_base_url_is_a_specific_error(bad: str) -> None:
    with pytest.raises(ConfigurationError, match="not a valid base URL"):
        validate_base_url(bad)
    with pytest.raises(ValueError, match="not a valid base URL"):
        Settings(base_url=bad)


def test_damaged_file_is_reported_and_kept(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    store.path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="damaged"):
        store.load()
    kept = store.set_aside_damaged()
    assert kept.read_text(encoding="utf-8") == "{not json"
    assert not store.path.exists()
    assert store.load() == Settings()


def test_out_of_range_value_is_damage_not_a_crash(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path)
    store.path.write_text(json.dumps({"parallel_requests": 0}), encoding="utf-8")
    with pytest.raises(ConfigurationError, match="parallel_requests"):
        store.load()
