"""Settings: LLM connection (key, server), models, embeddings, and where data lives.

Pages in tabs, each scrolling if it must, so the dialog fits a 1024×640 screen.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.configuration import (
    ApiKeyStore,
    ClientOptions,
    Settings,
    base_url_from_environment,
    embedding_key_store,
    validate_base_url,
)
from headhunter_desktop.ui.common.steady_tab_widget import SteadyTabWidget
from headhunter_desktop.ui.settings.connection_test import ConnectionTest
from headhunter_desktop.ui.settings.embedding_group import EmbeddingPage
from headhunter_desktop.ui.settings.key_input import KeyInput
from headhunter_desktop.ui.settings.model_field import ModelField
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


def _scrolling(page: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(page)
    return area


def _form_page() -> tuple[QWidget, QFormLayout]:
    page = QWidget()
    form = QFormLayout(page)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return page, form


class SettingsDialog(QDialog):
    """Edits a copy of the settings; emits `saved` with the new Settings on OK.

    Signals:
        saved(object): the validated Settings, after the keys were stored.
    """

    saved = Signal(object)

    def __init__(
        self,
        settings: Settings,
        keys: ApiKeyStore,
        tasks: TaskRegistry,
        parent: QWidget | None,
        embedding_keys: ApiKeyStore | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)
        self._settings, self._keys, self._tasks = settings, keys, tasks
        # OPENAI_BASE_URL wins over the saved server: shown, not editable here.
        self._env_base_url = base_url_from_environment()
        self.pages = SteadyTabWidget()
        self.pages.addTab(_scrolling(self._build_connection_page()), "Connection")
        self.pages.addTab(_scrolling(self._build_models_page()), "Models")
        self.embeddings = EmbeddingPage(
            settings, embedding_keys or embedding_key_store(), tasks, self._chat_server
        )
        self.embedding_model = self.embeddings.model
        self.pages.addTab(_scrolling(self.embeddings), "Embeddings")
        self.pages.addTab(_scrolling(self._build_data_page()), "Data")
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self._build_error_label())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 520)

    # -- pages ----------------------------------------------------------------------------
    def _build_connection_page(self) -> QWidget:
        page, form = _form_page()
        hint = "sk-… (stored in the system keyring, never in a file)"
        self._key = KeyInput(self._keys, form, "API key:", hint)
        self.key_edit, self.session_only, self.key_note = (
            self._key.edit, self._key.session_only, self._key.note,
        )  # fmt: skip
        self.base_url = self._build_server_field()
        form.addRow("Server (base URL):", self.base_url)
        self.base_url_note = QLabel()
        self.base_url_note.setWordWrap(True)
        if self._env_base_url is not None:
            self.base_url_note.setText(
                "The server comes from the OPENAI_BASE_URL environment variable, which "
                "overrides the one saved here."
            )
            form.addRow("", self.base_url_note)
        self.connection_test = ConnectionTest("Test connection")
        self.connection_test.button.clicked.connect(self.test_connection)
        self.test_result = self.connection_test.result
        form.addRow("", self.connection_test)
        return page

    def _build_server_field(self) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        for label, url in SERVER_PRESETS:
            combo.addItem(f"{label}  {url}".strip(), url)
        combo.setEditText(self._env_base_url or self._settings.base_url or "")
        if (url_edit := combo.lineEdit()) is not None:
            url_edit.setPlaceholderText("empty = OpenAI; or http://host:port/v1")
        combo.activated.connect(lambda i: combo.setEditText(combo.itemData(i) or ""))
        combo.setEnabled(self._env_base_url is None)
        return combo

    def _build_models_page(self) -> QWidget:
        page, form = _form_page()
        self.chat_model = ModelField(self._settings.chat_model)
        form.addRow("Chat model:", self.chat_model)
        self.action_model_edits: dict[str, ModelField] = {}
        for action, label in PER_ACTION_MODELS:
            edit = ModelField(self._settings.action_models.get(action, ""), "same as chat model")
            self.action_model_edits[action] = edit
            form.addRow(f"{label}:", edit)
        self.parallel = QSpinBox()
        self.parallel.setRange(1, 32)
        self.parallel.setValue(self._settings.parallel_requests)
        form.addRow("Parallel requests:", self.parallel)
        self.scanned_cvs = ScannedCvChoice(
            self._settings.scanned_cvs, self._env_base_url or self._settings.base_url
        )
        self.base_url.editTextChanged.connect(lambda text: self.scanned_cvs.set_server(text))
        form.addRow("Scanned CVs:", self.scanned_cvs)
        return page

    def _build_data_page(self) -> QWidget:
        page, form = _form_page()
        self.agency_name = QLineEdit(self._settings.agency_name)
        self.agency_name.setPlaceholderText("printed on the anonymised CVs sent to clients")
        form.addRow("Agency name:", self.agency_name)
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
        form.addRow("Keep call details for:", self._build_retention())
        return page

    def _build_retention(self) -> QSpinBox:
        self.retention = QSpinBox()
        self.retention.setRange(0, 240)
        self.retention.setSpecialValueText("keep everything")
        self.retention.setSuffix(" months")
        self.retention.setValue(self._settings.usage_retention_months or 0)
        self.retention.setToolTip(
            "Older call details are removed after their monthly totals per client are kept, "
            "so invoices of old months still add up."
        )
        return self.retention

    def _build_error_label(self) -> QLabel:
        self.error_label = QLabel()
        self.error_label.setObjectName("errorLabel")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        return self.error_label

    # -- behaviour ------------------------------------------------------------------------
    def _browse_data_dir(self) -> None:
        dialog = QFileDialog(self, "Data folder", self.data_dir.text())
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(self.data_dir.setText)
        dialog.open()

    def entered_base_url(self) -> str:
        return self.base_url.currentText().strip()

    def _chat_server(self) -> tuple[str | None, str | None]:
        """The chat key and server as entered now (ConfigurationError for a bad URL)."""
        key = self._key.entered() or self._keys.get()
        return key, validate_base_url(self.entered_base_url())

    def test_connection(self) -> None:
        self._tasks.start("settings.test_connection", self._test_connection())

    async def _test_connection(self) -> None:
        models = await self.connection_test.probe(ClientOptions(*self._chat_server()))
        if models is not None:
            self._offer_models(models)
            shown = ", ".join(models[:5]) + (" …" if len(models) > 5 else "")
            self.connection_test.show_connected(
                f"{len(models)} models ({shown}), listed under Models"
            )

    def _offer_models(self, models: list[str]) -> None:
        for field in (self.chat_model, *self.action_model_edits.values()):
            field.offer(models)
        if not self.embeddings.base_url.text().strip():  # embeddings come from here too
            self.embedding_model.offer(models, embeddings_first=True)

    def _save(self) -> None:
        try:
            new = self._collect()
            self._key.store_entered()
            self.embeddings.store_key()
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
        # The environment's server is in force, not typed here: the saved one stays.
        base_url = (
            self._settings.base_url
            if self._env_base_url is not None
            else validate_base_url(self.entered_base_url())
        )
        # model_validate (not model_copy) so the values are checked like a loaded file.
        return Settings.model_validate(
            self._settings.model_dump()
            | self.embeddings.values()
            | {
                "base_url": base_url,
                "chat_model": self.chat_model.text().strip() or self._settings.chat_model,
                "embedding_model": self.embedding_model.text().strip()
                or self._settings.embedding_model,
                "action_models": actions,
                "parallel_requests": self.parallel.value(),
                "data_dir": self.data_dir.text().strip() or None,
                "analytics_url": self.analytics_url.text().strip() or None,
                "usage_retention_months": self.retention.value() or None,
                "scanned_cvs": self.scanned_cvs.value(),
                "agency_name": self.agency_name.text().strip(),
            }
        )
