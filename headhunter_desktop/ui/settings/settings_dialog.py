"""Settings: LLM connection (key, server, models), parallelism and where data lives."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.configuration import (
    ApiKeyStore,
    ClientOptions,
    KeySource,
    Settings,
    keyring_status,
    mask_key,
    probe_connection,
    validate_base_url,
)
from headhunter_desktop.ui.settings.scanned_cvs import ScannedCvChoice
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

SERVER_PRESETS = (
    ("OpenAI", ""),
    ("Ollama (this computer)", "http://localhost:11434/v1"),
    ("LM Studio (this computer)", "http://localhost:1234/v1"),
    ("vLLM (this computer)", "http://localhost:8000/v1"),
)
# Each chat action may use its own model (embeddings share the embedding model).
PER_ACTION_MODELS = tuple((a.value, a.label) for a in Action if not a.is_embedding)


class SettingsDialog(QDialog):
    """Edits a copy of the settings; emits `saved` with the new Settings on OK.

    Signals:
        saved(object): the validated Settings, after the key was stored.
    """

    saved = Signal(object)

    def __init__(
        self, settings: Settings, keys: ApiKeyStore, tasks: TaskRegistry, parent: QWidget | None
    ):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)
        self._settings, self._keys, self._tasks = settings, keys, tasks
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_connection_group())
        layout.addWidget(self._build_models_group())
        layout.addWidget(self._build_data_group())
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    # -- groups ---------------------------------------------------------------------------
    def _build_connection_group(self) -> QGroupBox:
        group = QGroupBox("LLM connection")
        form = QFormLayout(group)
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        source = self._keys.source()
        current = self._keys.get()
        self.key_edit.setPlaceholderText(
            f"{mask_key(current)} ({source.value}) — type to replace"
            if current
            else "sk-… (stored in the system keyring, never in a file)"
        )
        self.key_edit.setEnabled(source is not KeySource.ENVIRONMENT)
        form.addRow("API key:", self.key_edit)
        status = keyring_status()
        self.session_only = QCheckBox("Keep the key for this session only")
        self.key_note = QLabel()
        self.key_note.setWordWrap(True)
        if source is KeySource.ENVIRONMENT:
            self.key_note.setText("The key comes from the OPENAI_API_KEY environment variable.")
        elif not status.available:
            self.key_note.setText(
                f"There is {status.reason}, and the key is never written to a plain "
                "file. Set OPENAI_API_KEY before starting the app, or keep the key for "
                "this session only."
            )
            self.session_only.setChecked(True)
            self.session_only.setEnabled(False)
        form.addRow("", self.session_only)
        if self.key_note.text():
            form.addRow("", self.key_note)
        self.base_url = QComboBox()
        self.base_url.setEditable(True)
        for label, url in SERVER_PRESETS:
            self.base_url.addItem(f"{label}  {url}".strip(), url)
        self.base_url.setEditText(self._settings.base_url or "")
        if (url_edit := self.base_url.lineEdit()) is not None:
            url_edit.setPlaceholderText("empty = OpenAI; or http://host:port/v1")
        self.base_url.activated.connect(
            lambda i: self.base_url.setEditText(self.base_url.itemData(i) or "")
        )
        form.addRow("Server (base URL):", self.base_url)
        self.test_button = QPushButton("Test connection")
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.test_button)
        row.addWidget(self.test_result, 1)
        form.addRow("", row)
        return group

    def _build_models_group(self) -> QGroupBox:
        group = QGroupBox("Models")
        form = QFormLayout(group)
        self.chat_model = QLineEdit(self._settings.chat_model)
        self.embedding_model = QLineEdit(self._settings.embedding_model)
        form.addRow("Chat model:", self.chat_model)
        form.addRow("Embedding model:", self.embedding_model)
        self.action_model_edits: dict[str, QLineEdit] = {}
        for action, label in PER_ACTION_MODELS:
            edit = QLineEdit(self._settings.action_models.get(action, ""))
            edit.setPlaceholderText("same as chat model")
            self.action_model_edits[action] = edit
            form.addRow(f"{label}:", edit)
        self.parallel = QSpinBox()
        self.parallel.setRange(1, 32)
        self.parallel.setValue(self._settings.parallel_requests)
        form.addRow("Parallel requests:", self.parallel)
        self.scanned_cvs = ScannedCvChoice(self._settings.scanned_cvs, self._settings.base_url)
        self.base_url.editTextChanged.connect(lambda text: self.scanned_cvs.set_server(text))
        form.addRow("Scanned CVs:", self.scanned_cvs)
        return group

    def _build_data_group(self) -> QGroupBox:
        group = QGroupBox("Data")
        form = QFormLayout(group)
        self.data_dir = QLineEdit(self._settings.data_dir or "")
        self.data_dir.setPlaceholderText("default folder (takes effect at next start)")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse_data_dir)
        row = QHBoxLayout()
        row.addWidget(self.data_dir, 1)
        row.addWidget(browse)
        form.addRow("Data folder:", row)
        self.analytics_url = QLineEdit(self._settings.analytics_url or "")
        self.analytics_url.setPlaceholderText(
            "analytics.db in the data folder, or postgresql+psycopg://…"
        )
        form.addRow("Usage database:", self.analytics_url)
        self.retention = QSpinBox()
        self.retention.setRange(0, 240)
        self.retention.setSpecialValueText("keep everything")
        self.retention.setSuffix(" months")
        self.retention.setValue(self._settings.usage_retention_months or 0)
        self.retention.setToolTip(
            "Older call details are removed after their monthly totals per client are kept, "
            "so invoices of old months still add up."
        )
        form.addRow("Keep call details for:", self.retention)
        return group

    # -- behaviour ------------------------------------------------------------------------
    def _browse_data_dir(self) -> None:
        dialog = QFileDialog(self, "Data folder", self.data_dir.text())
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(self.data_dir.setText)
        dialog.open()

    def entered_base_url(self) -> str:
        return self.base_url.currentText().strip()

    def test_connection(self) -> None:
        self._tasks.start("settings.test_connection", self._test_connection())

    async def _test_connection(self) -> None:
        self.test_button.setEnabled(False)
        self.test_result.setText("Connecting…")
        try:
            base_url = validate_base_url(self.entered_base_url())
            key = self.key_edit.text().strip() or self._keys.get()
            models = await probe_connection(ClientOptions(key, base_url))
        except UserFacingError as exc:
            self.test_result.setText(f"<span style='color:#b00020'>✗ {exc}</span>")
        else:
            shown = ", ".join(models[:5]) + (" …" if len(models) > 5 else "")
            self.test_result.setText(f"✓ Connected: {len(models)} models ({shown})")
        finally:
            self.test_button.setEnabled(True)

    def _save(self) -> None:
        try:
            new = self._collect()
            key = self.key_edit.text().strip()
            if key:
                if self.session_only.isChecked():
                    self._keys.keep_for_session(key)
                else:
                    self._keys.save(key)
        except (UserFacingError, ValueError) as exc:
            self.error_label.setText(str(exc).splitlines()[0])
            self.error_label.show()
            return
        self.saved.emit(new)
        self.accept()

    def _collect(self) -> Settings:
        actions = {
            a: e.text().strip() for a, e in self.action_model_edits.items() if e.text().strip()
        }
        # model_validate (not model_copy) so the values are checked like a loaded file.
        return Settings.model_validate(
            self._settings.model_dump()
            | {
                "base_url": validate_base_url(self.entered_base_url()),
                "chat_model": self.chat_model.text().strip() or self._settings.chat_model,
                "embedding_model": self.embedding_model.text().strip()
                or self._settings.embedding_model,
                "action_models": actions,
                "parallel_requests": self.parallel.value(),
                "data_dir": self.data_dir.text().strip() or None,
                "analytics_url": self.analytics_url.text().strip() or None,
                "usage_retention_months": self.retention.value() or None,
                "scanned_cvs": self.scanned_cvs.value(),
            }
        )
