"""A model name: typed, or picked from the models the server listed ("Test connection")."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QWidget

# Names that say "embedding model" (OpenAI, Ollama, e5, bge, gte, nomic…).
_EMBEDDING_HINTS = ("embed", "e5", "bge", "gte", "minilm", "mpnet")


def looks_like_embedding_model(name: str) -> bool:
    lowered = name.lower()
    return any(hint in lowered for hint in _EMBEDDING_HINTS)


class ModelField(QComboBox):
    """An editable combo box read and written like a line edit (`text`, `setText`)."""

    def __init__(self, value: str, placeholder: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMinimumContentsLength(18)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        if (edit := self.lineEdit()) is not None:
            edit.setPlaceholderText(placeholder)
        self.setEditText(value)

    def text(self) -> str:
        return self.currentText()

    def setText(self, value: str) -> None:  # the QLineEdit name, for callers of either
        self.setEditText(value)

    def offer(self, models: Sequence[str], *, embeddings_first: bool = False) -> None:
        """List `models` in the drop-down (the typed text stays as it is)."""
        typed = self.currentText()
        ordered = list(models)
        if embeddings_first:
            ordered.sort(key=lambda name: not looks_like_embedding_model(name))
        self.clear()
        self.addItems(ordered)
        self.setEditText(typed)
