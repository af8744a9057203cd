"""The Settings dialog's embeddings page, the server's source, the models drop-down, the
agency name, and a dialog that fits a 1024×640 screen (one window per test)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import FakeOpenAIServer
from tests.helpers.screenshots import (
    SCREENSHOT_DIR_VARIABLE,
    app_look,
    dark_palette,
    save_screenshot,
    squeezed_widgets,
)
from tests.helpers.waiting import wait_for

EMBED_KEY = "sk-embed-0123456789abcdef"


def test_embedding_server_key_model_input_type_and_agency_are_saved(window: MainWindow) -> None:
    dialog = window.open_settings()
    page = dialog.embeddings
    page.base_url.setText("http://localhost:8089/v1")
    page.key.edit.setText(EMBED_KEY)
    dialog.embedding_model.setText("multilingual-e5-small")
    page.input_type.setCurrentIndex(page.input_type.findData("e5"))
    dialog.agency_name.setText("Northwind Talent")
    dialog._save()
    assert not dialog.isVisible(), dialog.error_label.text()
    saved = window.services.settings_store.load()
    assert saved.embedding_base_url == "http://localhost:8089/v1"
    assert (saved.embedding_model, saved.embedding_input_type) == ("multilingual-e5-small", "e5")
    assert saved.agency_name == "Northwind Talent"
    assert window.services.embedding_keys.get() == EMBED_KEY
    assert window.services.keys.get() != EMBED_KEY  # its own entry, not the chat key's
    assert EMBED_KEY not in window.services.settings_store.path.read_text()
    options = window.services.embedding_options()
    assert options is not None and options.base_url == "http://localhost:8089/v1"


def test_a_bad_embeddings_url_is_refused_with_the_reason(window: MainWindow) -> None:
    dialog = window.open_settings()
    dialog.embeddings.base_url.setText("localhost:8089")
    dialog._save()
    assert dialog.isVisible() and "not a valid base URL" in dialog.error_label.text()
    dialog.reject()


def test_the_server_field_says_openai_base_url_is_in_force_and_keeps_the_saved_one(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://proxy.example.net:4000/v1")
    dialog = window.open_settings()
    assert dialog.entered_base_url() == "http://proxy.example.net:4000/v1"
    assert not dialog.base_url.isEnabled()
    assert "OPENAI_BASE_URL environment variable" in dialog.base_url_note.text()
    dialog._save()
    assert window.services.settings_store.load().base_url is None  # not copied from the env


def test_test_connection_offers_the_servers_models_in_drop_downs(
    window: MainWindow, qloop, fake_openai: FakeOpenAIServer
) -> None:
    dialog = window.open_settings()
    dialog.base_url.setEditText(fake_openai.base_url)
    dialog.key_edit.setText("sk-test-fake")
    dialog.chat_model.setText("my-typed-model")

    async def scenario() -> None:
        dialog.test_connection()
        await wait_for(lambda: dialog.test_result.text().startswith("✓"))

    qloop.run_until_complete(scenario())
    chat = [dialog.chat_model.itemText(i) for i in range(dialog.chat_model.count())]
    assert "gpt-4o-mini" in chat and dialog.chat_model.text() == "my-typed-model"
    assert dialog.embedding_model.itemText(0).startswith("text-embedding")
    parse = next(iter(dialog.action_model_edits.values()))
    assert parse.count() == len(chat)
    dialog.chat_model.setCurrentIndex(chat.index("gpt-4o-mini"))
    assert dialog.chat_model.text() == "gpt-4o-mini"
    dialog.reject()


def test_the_embeddings_test_asks_their_own_server_with_their_own_key(
    window: MainWindow, qloop, fake_openai: FakeOpenAIServer
) -> None:
    own = FakeOpenAIServer(api_key=EMBED_KEY).start()
    try:
        dialog = window.open_settings()
        page = dialog.embeddings
        page.base_url.setText(own.base_url)
        page.key.edit.setText(EMBED_KEY)

        async def scenario() -> None:
            page.test_connection()
            await wait_for(lambda: page.test_result.text().startswith("✓"))

        qloop.run_until_complete(scenario())
        assert [r.path for r in own.requests] == ["/v1/models"] and fake_openai.requests == []
        assert page.model.itemText(0).startswith("text-embedding")
        dialog.reject()
    finally:
        own.stop()


def test_the_dialog_fits_a_1024_by_640_screen(window: MainWindow, tmp_path: Path) -> None:
    dialog = window.open_settings()
    assert dialog.minimumSizeHint().height() <= 600 and dialog.height() <= 600
    shots = os.environ.get(SCREENSHOT_DIR_VARIABLE)
    looks = [("light", None), ("dark", dark_palette())] if shots else [("light", None)]
    for name, palette in looks:
        with app_look(palette):
            window.resize(1024, 640)
            for index in range(dialog.pages.count()):
                dialog.pages.setCurrentIndex(index)
                page = dialog.pages.widget(index)
                assert squeezed_widgets(page) == [], dialog.pages.tabText(index)
                if shots:
                    tab = dialog.pages.tabText(index).lower()
                    save_screenshot(dialog, f"settings-{tab}-{name}", tmp_path)
    dialog.reject()
