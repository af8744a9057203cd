"""Settings, the API key, folders and the LLM connection check, for the front ends.

Re-exported here so that `ui/` and `commands/` depend on the service layer only; the
modules behind these names may move without touching a front end.
"""

from headhunter_desktop.core.llm.client_factory import ClientOptions, probe_connection
from headhunter_desktop.core.llm.embedding_inputs import EMBEDDING_INPUT_TYPES
from headhunter_desktop.core.llm.errors import NoApiKeyError, host_of
from headhunter_desktop.core.logging_setup import configure_logging
from headhunter_desktop.core.paths import default_log_dir
from headhunter_desktop.core.secrets import (
    ApiKeyStore,
    KeySource,
    embedding_key_store,
    keyring_status,
    mask_key,
    redact,
)
from headhunter_desktop.core.settings import (
    EffectiveConfig,
    Settings,
    SettingsStore,
    base_url_from_environment,
    resolve_config,
    validate_base_url,
)

__all__ = [
    "EMBEDDING_INPUT_TYPES",
    "ApiKeyStore",
    "ClientOptions",
    "EffectiveConfig",
    "KeySource",
    "NoApiKeyError",
    "Settings",
    "SettingsStore",
    "base_url_from_environment",
    "configure_logging",
    "default_log_dir",
    "embedding_key_store",
    "host_of",
    "keyring_status",
    "mask_key",
    "probe_connection",
    "redact",
    "resolve_config",
    "validate_base_url",
]
