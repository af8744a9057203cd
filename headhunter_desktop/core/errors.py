"""Errors a user can cause or fix: each carries a message fit to show as it is."""

from __future__ import annotations


class UserFacingError(Exception):
    """An error whose message is written for the user: specific, actionable, no secrets.

    The GUI shows `str(error)` in a dialog or a row; the CLI prints it as one line on
    stderr and exits non-zero. Never put an API key or a prompt in the message.
    `code` is the stable, machine-readable cause (stored with a failed import or usage
    record); every subclass sets its own.
    """

    code = "error"
    exit_code = 2


class DataDirError(UserFacingError):
    """The data directory cannot be created, read or written."""

    code = "data_dir"


class DatabaseError(UserFacingError):
    """A database is corrupt, unreachable, or from a newer version of the app."""

    code = "database"


class ConfigurationError(UserFacingError):
    """A setting is invalid (bad base URL, unknown model, unreadable settings file)."""

    code = "configuration"
