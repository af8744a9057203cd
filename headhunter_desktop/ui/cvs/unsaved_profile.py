"""Never losing a hand edit of a profile: leaving it (another candidate, closing the window)
with unsaved changes asks Save / Discard / Cancel first."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from headhunter_desktop.core.domain.cv_profile import CvProfile
from headhunter_desktop.ui.cvs.profile_view import FIELDS, ProfileView
from headhunter_desktop.ui.shell.async_dialogs import choose

SAVE, DISCARD = "Save", "Discard"
Saver = Callable[[int, CvProfile, list[str]], Awaitable[object]]


def has_unsaved_edits(profile: ProfileView) -> bool:
    """The form on screen differs from the profile as stored."""
    return profile.detail() is not None and bool(profile.edited_paths())


async def leave_profile(profile: ProfileView, save: Saver) -> bool:
    """True when the profile on screen may be left: nothing unsaved, or saved (`save`) or
    discarded as the user chose; False when the user chose to stay (Cancel)."""
    detail = profile.detail()
    if detail is None or not has_unsaved_edits(profile):
        return True
    fields = ", ".join(label_of(path) for path in profile.edited_paths())
    answer = await choose(
        profile,
        "Unsaved changes",
        f"You changed {fields} of {detail.summary.name}. Save the changes before leaving "
        "the profile?",
        [SAVE, DISCARD],
    )
    if answer == SAVE:
        await save(detail.summary.id, profile.edited_profile(), profile.edited_paths())
    return answer is not None


def label_of(path: str) -> str:
    """'basics.email' -> 'e-mail': the field as the form names it."""
    labels = {p: label for _key, label, p in FIELDS} | {"yearsOfExperience": "Years of experience"}
    return labels.get(path, path).split(" (")[0].lower()
