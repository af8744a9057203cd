"""An API key's rows of the settings form: the masked field, "this session only", and a
note saying where the key in force comes from (the keyring, a variable, this session)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit

from headhunter_desktop.core.services.configuration import (
    ApiKeyStore,
    KeySource,
    keyring_status,
    mask_key,
)


class KeyInput:
    """The widgets for one key store, added to `form` under `label`; `store_entered()` on OK."""

    def __init__(self, store: ApiKeyStore, form: QFormLayout, label: str, empty_hint: str):
        self.store = store
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        source, current = store.source(), store.get()
        self.edit.setPlaceholderText(
            f"{mask_key(current)} ({store.source_text()}) — type to replace"
            if current
            else empty_hint
        )
        self.edit.setEnabled(source is not KeySource.ENVIRONMENT)
        form.addRow(label, self.edit)
        self.session_only = QCheckBox("Keep the key for this session only")
        self.note = QLabel(self._note(source))
        self.note.setWordWrap(True)
        form.addRow("", self.session_only)
        if self.note.text():
            form.addRow("", self.note)

    def entered(self) -> str:
        return self.edit.text().strip()

    def store_entered(self) -> None:
        """Keep the typed key (keyring, or this session); UserFacingError when it cannot."""
        if key := self.entered():
            if self.session_only.isChecked():
                self.store.keep_for_session(key)
            else:
                self.store.save(key)

    def _note(self, source: KeySource) -> str:
        if source is KeySource.ENVIRONMENT:
            return f"The key comes from the {self.store.env} environment variable."
        status = keyring_status()
        if status.available:
            return ""
        self.session_only.setChecked(True)
        self.session_only.setEnabled(False)
        return (
            f"There is {status.reason}, and the key is never written to a plain file. "
            f"Set {self.store.env} before starting the app, or keep the key for this "
            "session only."
        )
