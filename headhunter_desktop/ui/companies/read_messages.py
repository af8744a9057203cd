"""What a read of a company's website (or pasted text) tells the recruiter: the status
strip's lines, and the dialog naming why a site could not be read, which offers to paste
its text instead."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from headhunter_desktop.ui.shell.async_dialogs import answer_of

READ_CANCELLED_TEXT = "Cancelled — nothing was read"
PASTE_BUTTON_TEXT = "Paste text instead…"
FAILED_TITLE = "The website could not be read"
PASTE_HINT = (
    "You can fill the profile by hand, or copy the company's pages from your browser and "
    "use Paste text instead."
)


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def outcome_text(filled: int, conflicts: int) -> str:
    """The strip's line once the profile was read."""
    if conflicts:
        return f"Filled {plural(filled, 'empty field')} · {conflicts} differ from yours: choose"
    if filled:
        return f"Filled {plural(filled, 'empty field')} · check them, then Save"
    return "Found nothing the profile does not hold already"


def merged_text(accepted: int, kept: int) -> str:
    """The strip's line once the merge view's choices are made."""
    return f"Used {plural(accepted, 'found value')}, kept {kept} of yours · not saved yet"


async def explain_read_failure(parent: QWidget, exc: Exception, *, paste: bool) -> bool:
    """Say why the site could not be read; True when the recruiter chose to paste text
    instead (offered when `paste`)."""
    box = QMessageBox(QMessageBox.Icon.Warning, FAILED_TITLE, str(exc), parent=parent)
    chosen = None
    if paste:
        box.setInformativeText(PASTE_HINT)
        chosen = box.addButton(PASTE_BUTTON_TEXT, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    return await answer_of(
        box, lambda _result: chosen is not None and box.clickedButton() is chosen
    )
