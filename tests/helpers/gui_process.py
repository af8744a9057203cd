"""The real GUI start-up (`run_gui`) in a child process, with a timer playing the user."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# Every message box is printed (`BOX: <title> | <text>`) and accepted; a shown window is
# closed once the databases' full check has passed (a failed one closes it with a dialog).
_SCRIPT = """
import asyncio, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from headhunter_desktop.app import create_application, run_gui
app = create_application()
def answer_boxes():
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            text = widget.text().replace(chr(10), " ")
            print("BOX:", widget.windowTitle(), "|", text, flush=True)
            widget.accept()
timer = QTimer()
timer.timeout.connect(answer_boxes)
timer.start(50)
async def close_once_checked(window):
    try:
        await window.services.verify_databases()
    except Exception:
        return  # the app says why and closes
    window.close()
def shown(window):
    asyncio.ensure_future(close_once_checked(window))
sys.exit(run_gui(sys.argv[1], on_shown=shown))
"""


def run_gui_answering_boxes(data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Start the app on `data_dir` offscreen; its output holds one `BOX:` line per dialog."""
    return subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )


def boxes(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The dialogs the app showed, as `<title> | <text>`."""
    return [line[5:] for line in result.stdout.splitlines() if line.startswith("BOX: ")]
