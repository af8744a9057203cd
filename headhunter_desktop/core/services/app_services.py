"""The composition root: builds every service once, for the GUI and the CLI alike."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from headhunter_desktop.core.llm.client_factory import ClientOptions
from headhunter_desktop.core.secrets import ApiKeyStore
from headhunter_desktop.core.services.clients import ClientService
from headhunter_desktop.core.settings import (
    EffectiveConfig,
    Settings,
    SettingsStore,
    resolve_config,
)
from headhunter_desktop.core.storage.database import MainDatabase


@dataclass
class AppServices:
    """Everything a front end needs, wired together; close with `aclose()`."""

    config: EffectiveConfig
    settings_store: SettingsStore
    keys: ApiKeyStore
    db: MainDatabase
    clients: ClientService
    _closed: bool = field(default=False, repr=False)

    @classmethod
    def open(cls, config: EffectiveConfig, settings_store: SettingsStore) -> AppServices:
        """Create the data folder, open and migrate the databases. Blocking: use an executor."""
        config.paths.ensure()
        db = MainDatabase(config.database_url)
        return cls(config, settings_store, ApiKeyStore(), db, ClientService(db))

    @property
    def settings(self) -> Settings:
        return self.config.settings

    def llm_options(self) -> ClientOptions:
        """How to reach the LLM right now (key and base URL as in force)."""
        s = self.settings
        return ClientOptions(
            self.keys.get(), self.config.base_url, s.request_timeout_s, s.max_retries
        )

    def llm_ready(self) -> bool:
        """A key is set, or a local server that needs none is configured."""
        return bool(self.keys.get()) or self.config.base_url is not None

    def apply_settings(self, settings: Settings) -> None:
        """Save new settings; the data folder and databases change at the next start."""
        self.settings_store.save(settings)
        self.config = resolve_config(settings, data_dir_flag=str(self.config.paths.data_dir))

    async def aclose(self) -> None:
        """Orderly shutdown: databases disposed off the GUI thread."""
        if self._closed:
            return
        self._closed = True
        await asyncio.get_running_loop().run_in_executor(None, self.db.close)
