"""Locate files in `resources/`, from a source checkout and from the PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """`resources/` beside the package, or inside the frozen bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def read_text_resource(name: str) -> str:
    """A text resource, or '' when missing (a missing style sheet must not stop the app)."""
    try:
        return (resources_dir() / name).read_text(encoding="utf-8")
    except OSError:
        return ""
