"""Errors the repositories raise for input a user can get wrong."""

from __future__ import annotations

from headhunter_desktop.core.errors import UserFacingError


class NotFoundError(UserFacingError):
    """The row is gone (deleted here, by another window, or by another recruiter)."""

    code = "not_found"


class DuplicateError(UserFacingError):
    """A row with the same unique value already exists."""

    code = "duplicate"


class InvalidInputError(UserFacingError):
    """A value is empty, too long or otherwise unusable."""

    code = "invalid_input"
