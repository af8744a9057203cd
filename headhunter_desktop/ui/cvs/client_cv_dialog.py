"""The "Client CV…" action: the anonymised profile previewed as the client will read it,
the agency's name asked for once (then kept in the settings), and saved as a PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from headhunter_desktop.core.domain.cv_profile import CvProfile
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.client_cv import ClientCv, client_cv
from headhunter_desktop.ui.common.pdf_document import MARKDOWN_FEATURES, write_markdown_pdf
from headhunter_desktop.ui.shell.async_dialogs import answer_of

LEFT_OUT = (
    "Left out: the name, e-mail, phone, street address, photo and links, also where the "
    "summary or the experience mention them. Made from the profile as edited here, unsaved "
    "changes included."
)


class ClientCvDialog(QDialog):
    """The client CV of one candidate, previewed; the agency's name is typed here."""

    def __init__(
        self,
        profile: CvProfile,
        candidate_id: int,
        names: tuple[str, ...],
        agency: str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._make = lambda name: client_cv(profile, candidate_id, name, *names)
        self.agency = QLineEdit(agency)
        self.agency.setPlaceholderText("Printed on every client CV; kept in the settings")
        self.agency.textChanged.connect(lambda _t: self._refresh())
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        note = QLabel(LEFT_OUT)
        note.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Save PDF…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Agency name:", self.agency)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        self.resize(640, 560)
        self._refresh()

    def agency_name(self) -> str:
        return " ".join(self.agency.text().split())

    def document(self) -> ClientCv:
        """The client CV as it would be saved now."""
        return self._make(self.agency_name())

    def _refresh(self) -> None:
        document = self.document()
        self.setWindowTitle(f"Client CV — Candidate {document.reference}")
        # Read as the PDF printer reads it (italics, not underlines; raw HTML as text).
        self.preview.document().setMarkdown(document.markdown, MARKDOWN_FEATURES)
        # The agency is on every client CV: no PDF until it is named.
        self.save_button.setEnabled(bool(self.agency_name()))


async def make_client_cv(
    parent: QWidget, services: AppServices, candidate_id: int, profile: CvProfile, *names: str
) -> Path | None:
    """Preview the client CV, remember the agency's name, save the PDF; its path, or None
    when the user cancelled."""
    settings = services.settings
    dialog = ClientCvDialog(profile, candidate_id, names, settings.agency_name, parent)
    if not await _accepted(dialog):
        return None
    document, agency = dialog.document(), dialog.agency_name()
    if agency != settings.agency_name:
        services.apply_settings(settings.model_copy(update={"agency_name": agency}))
    path = await _save_path(parent, f"Candidate_{document.reference}.pdf")
    if path is None:
        return None
    write_markdown_pdf(document.markdown, path, title=document.title)
    return path


async def _accepted(dialog: QDialog) -> bool:
    return await answer_of(dialog, lambda result: result == QDialog.DialogCode.Accepted)


async def _save_path(parent: QWidget, name: str) -> Path | None:
    dialog = QFileDialog(parent, "Save client CV", name)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilter("PDF (*.pdf)")
    dialog.setDefaultSuffix("pdf")
    if not await _accepted(dialog):
        return None
    return Path(dialog.selectedFiles()[0])
