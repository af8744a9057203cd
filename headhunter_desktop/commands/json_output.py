"""The `--json` output of every command: one JSON document on stdout."""

from __future__ import annotations

import json
import sys
from typing import Any


def print_json(document: Any) -> None:
    """Indented, non-ASCII kept as written (names are people's and companies')."""
    json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
