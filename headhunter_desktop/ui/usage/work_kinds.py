"""How the usage views name the kinds of work calls are for and the calls' outcomes, and
show a piece of work as a link."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from headhunter_desktop.core.services.usage_types import FAILED_STATUS

if TYPE_CHECKING:
    from headhunter_desktop.core.services.entity_labels import EntityLabel

# Entity types as usage records store them, as a recruiter says them.
ENTITY_TYPE_TEXT = {
    "cv_file": "CV",
    "job": "Job posting",
    "department": "Department",
    "interview": "Interview",
    "client": "Company profile",
}
# Where a piece of work's link leads (EntityLabel.target), as a recruiter says it.
TARGET_TEXT = {
    "candidate": "Candidate",
    "job": "Job posting",
    "department": "Department",
    "interview": "Interview",
    "company": "Company profile",
}
STATUS_TEXT = {
    "ok": "OK",
    "error": "Error",
    "cancelled": "Cancelled",
    "interrupted": "Interrupted",
}
# A status filter may also be a group of statuses (what the Errors figure counts).
STATUS_FILTER_TEXT = {**STATUS_TEXT, FAILED_STATUS: "Failed (error or interrupted)"}


def entity_type_text(entity_type: str) -> str:
    """'Job posting' for "job"; an unknown type as stored."""
    return ENTITY_TYPE_TEXT.get(entity_type, entity_type)


def target_text(target: str) -> str:
    """'Candidate' for "candidate"; an unknown target as it is."""
    return TARGET_TEXT.get(target, target)


def can_open(label: EntityLabel | None) -> bool:
    """Whether a piece of work's label leads somewhere (a deleted job does not)."""
    return label is not None and label.target_id is not None


def link_look(role: int) -> Any:
    """The link colour of the palette and an underline, for a table cell that opens its work."""
    if role == Qt.ItemDataRole.ForegroundRole:
        return QApplication.palette().brush(QPalette.ColorRole.Link)
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setUnderline(True)
        return font
    return None
