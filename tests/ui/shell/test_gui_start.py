"""The real start-up path (`run_gui`) in a child process: window shown, six tabs, clean exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import json, sys
from PySide6.QtCore import QTimer
from headhunter_desktop.app import run_gui

def shown(window):
    from PySide6.QtWidgets import QApplication
    tabs = [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]
    print(json.dumps({
        "tabs": tabs,
        "visible": window.isVisible(),
        "styled": bool(QApplication.instance().styleSheet()),
        "llm client imported": "openai" in sys.modules,
        "keyring imported": "keyring" in sys.modules,
    }), flush=True)
    QTimer.singleShot(0, window.close)

sys.exit(run_gui(sys.argv[1], on_shown=shown))
"""


def run_app(data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_window_opens_with_six_tabs_and_exits_cleanly(tmp_path: Path) -> None:
    result = run_app(tmp_path / "data")
    assert result.returncode == 0, result.stderr[-3000:]
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    # Usable before the warm-up has imported the LLM client (it comes after, in a worker),
    # and before the keyring is asked for the key (`LlmState.look_up`).
    assert shown == {
        "tabs": ["CVs", "Jobs", "Departments", "Companies", "Interviews", "Usage"],
        "visible": True,
        "styled": True,
        "llm client imported": False,
        "keyring imported": False,
    }
    assert "Traceback" not in result.stderr and "QThread" not in result.stderr
    assert (tmp_path / "data" / "headhunter.db").exists()


def test_damaged_settings_are_kept_aside_and_defaults_used(tmp_path: Path) -> None:
    config_dir = Path(os.environ["HEADHUNTER_CONFIG_DIR"])
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "settings.json").write_text("{broken", encoding="utf-8")
    # The start-up waits for the user to read the warning box: a timer plays the user.
    script_env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    script = (
        "import sys\nfrom PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication, QMessageBox\n"
        "from headhunter_desktop.app import create_application, run_gui\n"
        "app = create_application()\n"
        "def close_boxes():\n"
        "    for w in QApplication.topLevelWidgets():\n"
        "        if isinstance(w, QMessageBox) and w.isVisible():\n"
        "            print('BOX:', w.text().replace(chr(10), ' '), flush=True); w.accept()\n"
        "timer = QTimer(); timer.timeout.connect(close_boxes); timer.start(50)\n"
        "sys.exit(run_gui(sys.argv[1], on_shown=lambda w: QTimer.singleShot(0, w.close)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=120,
        env=script_env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "BOX: " in result.stdout and "damaged" in result.stdout
    kept = list(config_dir.glob("settings.damaged-*.json"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "{broken"


# The full check of every page (seconds for a large pool's file, more after a reboot) is
# held until the window is usable, and then let go: it must not be what the window waits for.
CHECK_SCRIPT = """
import asyncio, sys, threading
from headhunter_desktop.app import run_gui
from headhunter_desktop.core.storage.database import MainDatabase

shown = threading.Event()
check_file = MainDatabase._check_file
def slow_check(self, *, full):
    if not full:  # the check of every page after start (selftest's is the full one)
        shown.wait(10)
        print("CHECKED", flush=True)
    return check_file(self, full=full)
MainDatabase._check_file = slow_check

async def close_once_checked(window):
    await window.services.verify_databases()
    window.close()

def on_shown(window):
    print("USABLE", flush=True)
    shown.set()
    asyncio.ensure_future(close_once_checked(window))

sys.exit(run_gui(sys.argv[1], on_shown=on_shown))
"""


def test_the_window_is_usable_before_every_page_is_checked(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", CHECK_SCRIPT, str(tmp_path / "data")],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr[-3000:]
    events = [line for line in result.stdout.splitlines() if line in ("USABLE", "CHECKED")]
    assert events == ["USABLE", "CHECKED"]
