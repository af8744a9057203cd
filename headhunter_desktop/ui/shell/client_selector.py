"""The window-wide "working for" selector: whose work, and so whose cost, this is."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from headhunter_desktop.ui.shell.client_directory import ClientDirectory

NO_CLIENT_LABEL = "No client — agency's own pool"


class ClientSelector(QComboBox):
    """A combo box over a ClientDirectory; the first entry is the agency's own pool."""

    def __init__(self, directory: ClientDirectory, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("clientSelector")
        self.setToolTip("The client company you are working for: their CVs, jobs and LLM costs")
        self.setMinimumContentsLength(24)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._directory = directory
        self._reloading = False
        directory.clients_changed.connect(self._reload)
        directory.current_changed.connect(self._show_current)
        self.currentIndexChanged.connect(self._on_index_changed)
        self._reload()

    def _reload(self) -> None:
        self._reloading = True
        try:
            self.clear()
            self.addItem(NO_CLIENT_LABEL, None)
            for client in self._directory.clients:
                self.addItem(client.name, client.id)
            self._show_current(self._directory.current)
        finally:
            self._reloading = False

    def _show_current(self, client: object) -> None:
        index = self.findData(getattr(client, "id", None))
        self.setCurrentIndex(max(index, 0))

    def _on_index_changed(self, index: int) -> None:
        if not self._reloading and index >= 0:
            self._directory.select(self.itemData(index))
