"""Logging: a rotating file in the user log directory, with API keys redacted everywhere."""

from __future__ import annotations

import io
import logging
import logging.handlers
import sys
from pathlib import Path

from headhunter_desktop.core.paths import default_log_dir
from headhunter_desktop.core.private_files import open_private, private_dir
from headhunter_desktop.core.secrets import RedactingFormatter

LOG_FILE_NAME = "app.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """app.log and its rotations are 0600: the log names files, clients and errors."""

    def _open(self) -> io.TextIOWrapper:
        stream = open_private(
            Path(self.baseFilename), self.mode, encoding=self.encoding, errors=self.errors
        )
        assert isinstance(stream, io.TextIOWrapper)  # a text mode: "a"
        return stream


def configure_logging(*, log_dir: Path | None = None, stderr_level: int | None = None) -> Path:
    """Send logs to `app.log` (1 MB x 5 files); optionally the app's own also to stderr (the
    CLI's progress)."""
    log_dir = log_dir or default_log_dir()
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        if getattr(handler, "_headhunter", False):
            root.removeHandler(handler)
            handler.close()
    handlers: list[logging.Handler] = []
    log_path = log_dir / LOG_FILE_NAME
    try:
        private_dir(log_dir)
        handlers.append(
            _PrivateRotatingFileHandler(
                log_path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
            )
        )
    except OSError:
        pass  # an unwritable log dir must not stop the app; stderr still works
    if stderr_level is not None:
        stream = logging.StreamHandler(sys.stderr)
        stream.setLevel(stderr_level)
        # The app's own messages only: a library's (pypdf repairing a PDF) are for app.log.
        stream.addFilter(logging.Filter("headhunter_desktop"))
        handlers.append(stream)
    for handler in handlers:
        handler.setFormatter(RedactingFormatter(_FORMAT))
        handler._headhunter = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    return log_path
