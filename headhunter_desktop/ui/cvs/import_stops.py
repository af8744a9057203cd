"""Why an import stopped, in the words the progress line shows, and the dialog that offers
the fix when Settings hold it (no API key, a key refused, a model or server not found)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.ui.shell.async_dialogs import answer_of

OPEN_SETTINGS = "Open Settings"
CANCELLED = "cancelled"
BUDGET_STOP = "stopped at the client's monthly budget"
# Run-level stops whose fix is in Settings, as the progress line says them.
SETTINGS_STOPS = {
    "no_api_key": "stopped: no API key",
    "auth": "stopped: the API key was refused",
    "model_not_found": "stopped: the model was not found",
    "connection": "stopped: the LLM server cannot be reached",
    "embedding_size_changed": "stopped: the embedding model's vector size changed",
}
SETTINGS_SAVED = "settings saved: resume when ready"
BUDGET_CHANGED = "the budget was changed: resume when ready"


def stop_reason(exc: UserFacingError) -> str:
    """The short reason of a run-level stop, for the progress line."""
    return SETTINGS_STOPS.get(exc.code, f"stopped: {exc}")


def fixed_in_settings(exc: UserFacingError) -> bool:
    return exc.code in SETTINGS_STOPS


async def offer_settings(parent: QWidget, exc: UserFacingError, waiting: int) -> bool:
    """Say why the import stopped, with an "Open Settings" button: True when it is pressed."""
    files = "1 file is" if waiting == 1 else f"{waiting} files are"
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Import stopped",
        f"The import stopped: {exc}\n\n{files} still queued. Once Settings are saved, "
        "the import offers to resume where it stopped (nothing is parsed twice).",
        parent=parent,
    )
    settings = box.addButton(OPEN_SETTINGS, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(settings)
    return await answer_of(box, lambda _result: box.clickedButton() is settings)
