"""Start-up shows the window first: its tabs say "Opening…" while the services are imported
and opened off the GUI thread, then fill in; errors and an early close still end cleanly.

Each test runs the real `run_gui` in a child process (cold imports, as a user's start).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.helpers.sqlite_damage import main_db_with_candidates

QT_PACKAGES = ("PySide6", "shiboken6", "qasync")
TITLES = ["CVs", "Jobs", "Departments", "Companies", "Interviews", "Usage"]
# `state(window)` as JSON: what a person sees. A 5 ms timer started when the window shows
# prints it while the services open: those lines exist only if the GUI thread is free then.
SCRIPT = """
import json, sys, threading
off_gui_imports = set()

def audit(event, args):  # which modules each import statement loads, off the GUI thread
    if event == "import" and threading.current_thread() is not threading.main_thread():
        off_gui_imports.add(args[0])

sys.addaudithook(audit)
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from headhunter_desktop.app import create_application, run_gui

app = create_application()

def state(window):
    pages = [window.tab_widget.widget(i) for i in range(window.tab_widget.count())]
    return {
        "visible": window.isVisible(), "opening": window.is_opening(),
        "tabs": [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())],
        "pages": [p.text() if isinstance(p, QLabel) else type(p).__name__ for p in pages],
    }

def emit(kind, window):
    print(kind, json.dumps(state(window)), flush=True)

def answer_boxes():
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            print("BOX", widget.text().replace(chr(10), " "), flush=True)
            emit("UNDER_BOX", windows[0])
            widget.accept()

windows, timers = [], []

def opening(window):
    windows.append(window)
    emit("OPENING", window)
    ticker = QTimer()
    ticker.timeout.connect(lambda: window.is_opening() and emit("TICK", window))
    ticker.timeout.connect(answer_boxes)
    ticker.start(5)
    timers.append(ticker)
    if "--close-at-once" in sys.argv:
        window.close()

def shown(window):
    emit("SHOWN", window)
    filled = QTimer()  # then the other tabs are built without anyone opening them
    filled.timeout.connect(lambda: close_once_built(window, filled))
    filled.start(10)
    timers.append(filled)

def close_once_built(window, timer):
    pages = [window.tab_widget.widget(i) for i in range(window.tab_widget.count())]
    if not any(isinstance(p, QLabel) for p in pages):
        timer.stop()
        modules = [n for n in off_gui_imports if not hasattr(sys.modules.get(n), "__path__")]
        print("OFF_GUI", json.dumps(sorted(modules)), flush=True)
        emit("FILLED", window)
        window.close()

sys.exit(run_gui(sys.argv[1], on_opening=opening, on_shown=shown))
"""


def run_app(data_dir: Path, *flags: str) -> tuple[int, list[tuple[str, dict | str]], str]:
    """(exit code, the (kind, state) lines printed in order, stderr)."""
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(data_dir), *flags],
        capture_output=True,
        text=True,
        timeout=180,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    lines: list[tuple[str, dict | str]] = []
    for line in result.stdout.splitlines():
        kind, _, rest = line.partition(" ")
        lines.append((kind, rest if kind == "BOX" else json.loads(rest)))
    return result.returncode, lines, result.stderr


def test_the_window_shows_opening_tabs_while_the_services_open(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # A pool to open, so opening has real work besides the imports.
    main_db_with_candidates(data / "headhunter.db", candidates=300)

    code, lines, stderr = run_app(data)

    assert code == 0, stderr[-3000:]
    lines = [(kind, state) for kind, state in lines if kind != "OFF_GUI"]
    kinds = [kind for kind, _ in lines]
    assert kinds[0] == "OPENING" and kinds[-2:] == ["SHOWN", "FILLED"]
    assert lines[0][1] == {
        "visible": True, "opening": True, "tabs": TITLES, "pages": ["Opening…"] * 6,
    }  # fmt: skip
    # The event loop ran while the services opened: the window was there, not frozen.
    ticks = [state for kind, state in lines if kind == "TICK"]
    assert ticks and all(t["visible"] and t["opening"] for t in ticks)  # type: ignore[index]
    # Usable with the tab on screen filled; the others are built right after it.
    shown, filled = lines[-2][1], lines[-1][1]
    assert shown["opening"] is False and shown["tabs"] == TITLES  # type: ignore[index]
    assert shown["pages"] == ["CvsTab"] + ["Opening…"] * 5  # type: ignore[index]
    assert filled["tabs"] == TITLES and filled["pages"] == [  # type: ignore[index]
        "CvsTab", "JobsTab", "DepartmentsTab", "CompaniesTab", "InterviewsTab", "UsageTab",
    ]  # fmt: skip
    assert "Traceback" not in stderr and "QThread" not in stderr and "QPixmap" not in stderr


def test_gui_modules_are_imported_on_the_gui_thread_only(tmp_path: Path) -> None:
    # A worker may import the services and libraries while the window opens, never a module
    # that defines Qt classes: PySide builds their meta-objects as they are defined, and one
    # built in a worker while the GUI thread read meta-objects crashed a start (SIGSEGV in
    # MetaObjectBuilder::update, about one start in a hundred under load).
    code, lines, stderr = run_app(tmp_path / "data")

    assert code == 0, stderr[-3000:]
    [off_gui] = [modules for kind, modules in lines if kind == "OFF_GUI"]
    assert any(name.startswith("headhunter_desktop.core.") for name in off_gui)  # the point
    gui = [
        name for name in off_gui
        if name.startswith("headhunter_desktop.ui.") or name.split(".")[0] in QT_PACKAGES
    ]  # fmt: skip
    assert gui == []


def test_a_start_up_error_is_a_dialog_over_the_opening_window(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    with sqlite3.connect(data / "headhunter.db") as foreign:  # another program's database
        foreign.execute("CREATE TABLE notes (text TEXT)")
    foreign.close()

    code, lines, stderr = run_app(data)

    assert code != 0, stderr[-3000:]
    boxes = [text for kind, text in lines if kind == "BOX"]
    assert len(boxes) == 1 and "is not a Headhunter database" in boxes[0]  # type: ignore[operator]
    [under] = [state for kind, state in lines if kind == "UNDER_BOX"]
    assert under["visible"] and under["opening"]  # type: ignore[index]
    assert "SHOWN" not in [kind for kind, _ in lines] and "Traceback" not in stderr


def test_closing_while_opening_shuts_down_once_open(tmp_path: Path) -> None:
    code, lines, stderr = run_app(tmp_path / "data", "--close-at-once")

    assert code == 0, stderr[-3000:]
    assert "SHOWN" not in [kind for kind, _ in lines]
    assert (tmp_path / "data" / "headhunter.db").exists()  # opened, then closed in order
    assert "Traceback" not in stderr and "QThread" not in stderr
