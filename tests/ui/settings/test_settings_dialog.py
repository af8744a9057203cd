"""The Settings dialog: validation, saving, the key, and the connection test."""

from __future__ import annotations

from headhunter_desktop.ui.settings.settings_dialog import SettingsDialog
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.helpers.waiting import wait_for


def test_settings_dialog_saves_and_updates_the_status(window: MainWindow) -> None:
    dialog = window.open_settings()
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    dialog.base_url.setEditText("not a url")
    dialog._save()
    assert dialog.isVisible() and "not a valid base URL" in dialog.error_label.text()
    dialog.base_url.setEditText("http://localhost:11434/v1")
    dialog.chat_model.setText("llama3.1:8b")
    dialog.key_edit.setText("sk-test-abcdefghijklmnop")
    dialog._save()
    assert not dialog.isVisible()
    assert window.services.keys.get() == "sk-test-abcdefghijklmnop"
    assert window.services.settings_store.load().chat_model == "llama3.1:8b"
    assert window.llm_status.text() == "LLM: localhost:11434 · llama3.1:8b"
    assert "connect an LLM" not in window.widget_for("CVs").empty_state.text()


def test_test_connection_shows_models_or_a_specific_error(
    window: MainWindow,
    qloop,
    fake_openai,
) -> None:
    dialog = window.open_settings()
    dialog.base_url.setEditText(fake_openai.base_url)

    async def scenario() -> None:
        dialog.key_edit.setText("sk-test-fake")
        dialog.test_connection()
        await wait_for(lambda: dialog.test_result.text().startswith("✓"))
        assert "gpt-4o-mini" in dialog.test_result.text()
        dialog.key_edit.setText("sk-wrong-000000000000")
        dialog.test_connection()
        await wait_for(lambda: "✗" in dialog.test_result.text())

    qloop.run_until_complete(scenario())
    assert "rejected the API key" in dialog.test_result.text()
    assert "sk-wrong-000000000000" not in dialog.test_result.text()
    dialog.reject()


def test_the_scanned_cv_choice_says_what_is_sent_where_and_is_saved(window: MainWindow) -> None:
    dialog = window.open_settings()
    choice = dialog.scanned_cvs
    assert choice.value() == "local_ocr"  # the default: nothing leaves this computer
    assert "never leave" in choice.note.text()
    dialog.base_url.setEditText("http://vision.example.net:8000/v1")
    choice.combo.setCurrentIndex(choice.combo.findData("model"))
    assert "pages are sent to vision.example.net:8000" in choice.combo.currentText()
    assert "sent as a picture to vision.example.net:8000" in choice.note.text()
    assert "billed to the CV's client" in choice.note.text()
    dialog._save()
    assert not dialog.isVisible()
    assert window.services.settings_store.load().scanned_cvs == "model"
    assert window.services.settings.scanned_cvs == "model"  # the import reads it from here
