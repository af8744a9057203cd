"""`headhunter-desktop selftest`: one line per check, exit 0 only when all pass."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime

from headhunter_desktop import __version__
from headhunter_desktop.core.analytics.db import open_analytics_db
from headhunter_desktop.core.analytics.prices import Pricer
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.llm.tokens import count_tokens, encoding_name_for
from headhunter_desktop.core.secrets import keyring_status
from headhunter_desktop.core.services.usage_format import format_cost
from headhunter_desktop.core.settings import DEFAULT_CHAT_MODEL, SettingsStore, resolve_config
from headhunter_desktop.core.storage.database import MainDatabase


def run_selftest(data_dir_flag: str | None) -> int:
    """Run every check, print `ok`/`FAIL` lines on stdout; return 0 when all passed."""
    print(f"Headhunter Desktop {__version__} on Python {sys.version.split()[0]}")
    state: dict[str, object] = {}
    checks: list[tuple[str, Callable[[], str]]] = [
        ("settings", lambda: _check_settings(state, data_dir_flag)),
        ("data folder", lambda: _check_data_dir(state)),
        ("main database", lambda: _check_main_db(state)),
        ("usage database", lambda: _check_usage_db(state)),
        ("token counter", _check_tokens),
        ("prices", _check_prices),
        ("qt window", _check_qt_window),
        ("keyring", _check_keyring),
    ]
    failures = 0
    for name, check in checks:
        try:
            detail = check()
        except UserFacingError as exc:
            failures += 1
            print(f"FAIL {name}: {exc}")
        except Exception as exc:  # a selftest reports every failure, it never crashes
            failures += 1
            print(f"FAIL {name}: {type(exc).__name__}: {exc}")
        else:
            print(f"ok   {name}: {detail}")
    print("healthy" if failures == 0 else f"{failures} check(s) failed")
    return 0 if failures == 0 else 1


def _check_settings(state: dict[str, object], data_dir_flag: str | None) -> str:
    store = SettingsStore()
    state["config"] = resolve_config(store.load(), data_dir_flag=data_dir_flag)
    return str(store.path) + ("" if store.path.exists() else " (defaults; not saved yet)")


def _check_data_dir(state: dict[str, object]) -> str:
    config = state["config"]
    config.paths.ensure()  # type: ignore[attr-defined]
    return str(config.paths.data_dir)  # type: ignore[attr-defined]


def _check_main_db(state: dict[str, object]) -> str:
    config = state["config"]
    db = MainDatabase(config.database_url)  # type: ignore[attr-defined]
    try:
        return f"{db.describe()}"
    finally:
        db.close()


def _check_usage_db(state: dict[str, object]) -> str:
    config = state["config"]
    engine = open_analytics_db(config.analytics_url)  # type: ignore[attr-defined]
    try:
        return engine.url.render_as_string(hide_password=True)
    finally:
        engine.dispose()


def _check_tokens() -> str:
    # Offline by design: a tokenizer that downloads its tables would fail on a laptop here.
    count = count_tokens("Senior Kubernetes engineer", DEFAULT_CHAT_MODEL)
    if count <= 0:
        raise UserFacingError("the token counter returned nothing")
    encoding = encoding_name_for(DEFAULT_CHAT_MODEL)
    return f"{encoding} works offline ({count} tokens in a test phrase)"


def _check_prices() -> str:
    # The default model, not the configured one: a local model has no price by design.
    model = DEFAULT_CHAT_MODEL
    price = Pricer().price(
        model, tokens_input=1_000_000, tokens_cached_input=0, tokens_output=0,
        at=datetime.now(UTC),
    )  # fmt: skip
    if price.cost_usd is None:
        raise UserFacingError(f"no price known for {model}: the price data is missing")
    return f"{model} input ${format_cost(price.cost_usd)} per 1M tokens"


def _check_qt_window() -> str:
    # Without a display (CI, ssh) check with the offscreen platform instead of failing.
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    window = QMainWindow()
    window.resize(320, 200)
    window.show()
    app.processEvents()
    shown = window.isVisible()
    platform = QApplication.platformName()
    window.close()
    if not shown:
        raise UserFacingError(f"Qt could not show a window on the '{platform}' platform")
    return f"window shown on the '{platform}' platform"


def _check_keyring() -> str:
    status = keyring_status()
    if status.available:
        return f"secure keyring {status.backend}"
    return f"not available: {status.reason}; the API key must come from OPENAI_API_KEY"
