"""The candidate list's context menu: what a right click on a row offers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QMenu, QWidget

from headhunter_desktop.core.services.candidates import CandidateSummary


@dataclass(frozen=True)
class CandidateMenuActions:
    """What each entry does to the candidate it was opened on."""

    open: Callable[[CandidateSummary], object]
    reparse: Callable[[CandidateSummary], object]
    export: Callable[[CandidateSummary], object]
    delete: Callable[[CandidateSummary], object]


def candidate_menu(
    parent: QWidget, person: CandidateSummary, actions: CandidateMenuActions
) -> QMenu:
    """Open, Re-parse, Export JSON Resume…, Delete… for `person` (shown with popup())."""
    menu = QMenu(parent)
    menu.setObjectName("candidateMenu")
    parsed = person.status == "done"
    entries = (
        ("Open", actions.open, True),
        ("Re-parse", actions.reparse, True),
        ("Export JSON Resume…", actions.export, parsed),
        (None, None, True),
        ("Delete…", actions.delete, True),
    )
    for text, act, enabled in entries:
        if text is None or act is None:
            menu.addSeparator()
            continue
        action = menu.addAction(text)
        action.setEnabled(enabled)
        action.triggered.connect(lambda _checked=False, act=act: act(person))
    return menu
