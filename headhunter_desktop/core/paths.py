"""Where the app keeps its files: data, configuration and logs.

Precedence for the data directory: `--data-dir`, then `HEADHUNTER_DATA_DIR`, then the
directory saved in the settings, then the platform's user data directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from headhunter_desktop import APP_ID
from headhunter_desktop.core.errors import DataDirError
from headhunter_desktop.core.private_files import private_dir, restrict

DATA_DIR_ENV = "HEADHUNTER_DATA_DIR"
CONFIG_DIR_ENV = "HEADHUNTER_CONFIG_DIR"


def default_config_dir() -> Path:
    """The directory of settings.json: `HEADHUNTER_CONFIG_DIR` or the platform's config dir."""
    override = os.environ.get(CONFIG_DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_ID))


def default_log_dir() -> Path:
    """The platform's user log directory (rotating app.log lives there)."""
    return Path(platformdirs.user_log_dir(APP_ID))


def resolve_data_dir(cli_value: str | os.PathLike[str] | None, saved: str | None) -> Path:
    """Pick the data directory by precedence: flag, environment, saved setting, default."""
    for candidate in (cli_value, os.environ.get(DATA_DIR_ENV), saved):
        if candidate:
            return Path(candidate).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_ID)).resolve()


@dataclass(frozen=True)
class AppPaths:
    """The files of one data directory."""

    data_dir: Path

    @property
    def main_db(self) -> Path:
        return self.data_dir / "headhunter.db"

    @property
    def analytics_db(self) -> Path:
        return self.data_dir / "analytics.db"

    @property
    def usage_spool(self) -> Path:
        return self.data_dir / "usage-spool.jsonl"

    @property
    def cv_files(self) -> Path:
        return self.data_dir / "cv-files"

    def ensure(self) -> AppPaths:
        """Create the data directory (0700) if needed and prove it is writable."""
        try:
            if self.main_db.exists():
                # Ours, from a version that made them 0755: only the user may look inside
                # (the files in it are tightened as they are opened).
                restrict(self.data_dir)
                restrict(self.cv_files)
            private_dir(self.data_dir)
            private_dir(self.cv_files)
            probe = self.data_dir / ".write-probe"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            reason = exc.strerror or exc.__class__.__name__
            raise DataDirError(
                f"The data folder {self.data_dir} cannot be used ({reason}). "
                "Choose another with --data-dir or in Settings."
            ) from None
        return self
