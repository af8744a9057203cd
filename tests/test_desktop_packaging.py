"""What makes the app install like a desktop app: its version, its icon in every size, the
Linux menu entry and the install script, and the bundle's spec (building the bundle itself
takes minutes: `.ci/release.py`, see README "Bundle")."""

from __future__ import annotations

import ast
import configparser
import os
import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer

from headhunter_desktop import APP_ID, __version__
from headhunter_desktop.cli import main
from headhunter_desktop.ui.common.app_icon import ICON_SIZES, application_icon, icon_files

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"
DESKTOP_FILE = RESOURCES / "linux" / f"{APP_ID}.desktop"
INSTALL_SCRIPT = RESOURCES / "linux" / "install.sh"


def test_version_flag_prints_the_installed_distributions_version(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # In-process (tests/test_cli.py runs it as a command): the same parser, no start-up cost.
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"{APP_ID} {version(APP_ID)}\n"
    assert version(APP_ID) == __version__  # the metadata pip and the bundle carry


def test_icon_pngs_have_their_sizes_and_make_one_qicon(qapp: object) -> None:
    assert QSvgRenderer(str(RESOURCES / "icons" / f"{APP_ID}.svg")).isValid()
    for size, path in icon_files().items():
        assert QImage(str(path)).size() == QSize(size, size), path.name
    icon = application_icon()
    assert not icon.isNull()
    assert sorted(s.width() for s in icon.availableSizes()) == sorted(ICON_SIZES)
    # Windows' and macOS' executables take their icon from these (build.spec).
    with Image.open(RESOURCES / "icons" / f"{APP_ID}.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= ico.info["sizes"]
    with Image.open(RESOURCES / "icons" / f"{APP_ID}.icns") as icns:
        assert icns.size == (1024, 1024)  # 512 at 2x


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment, method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def assert_valid_desktop_file(path: Path) -> None:
    entry = desktop_entry(path)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Headhunter Desktop"
    assert entry["Icon"] == APP_ID  # looked up in the icon theme the install script fills
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    assert entry["Exec"]
    # The freedesktop validator, where it is installed (apt: desktop-file-utils; CI has it).
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run([validator, str(path)], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_the_desktop_file_is_valid_and_matches_the_apps_desktop_file_name() -> None:
    # Wayland shows a window's icon from the .desktop file named by setDesktopFileName(APP_ID).
    assert_valid_desktop_file(DESKTOP_FILE)
    assert desktop_entry(DESKTOP_FILE)["StartupWMClass"] == APP_ID


def fake_bundle(folder: Path) -> Path:
    """The unpacked release archive's layout, with a program that says what it is."""
    folder.mkdir(parents=True)
    program = folder / APP_ID
    program.write_text("#!/bin/sh\necho bundled headhunter-desktop\n")
    program.chmod(0o755)
    shutil.copytree(RESOURCES, folder / "_internal" / "resources")
    shutil.copy2(INSTALL_SCRIPT, folder / "install.sh")
    return folder


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if not p.is_dir())


@pytest.mark.skipif(os.name != "posix", reason="the Linux install script")
def test_install_script_puts_the_app_in_the_menu_and_uninstall_takes_it_out(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home with space"
    (home / ".local" / "share" / "data-of-another-app").mkdir(parents=True)
    bundle = fake_bundle(tmp_path / "Downloads" / APP_ID)
    env = {"HOME": str(home), "PATH": os.environ["PATH"]}
    for _ in range(2):  # a second install upgrades in place
        subprocess.run(["sh", str(bundle / "install.sh")], env=env, check=True, capture_output=True)

    share = home / ".local" / "share"
    installed = share / APP_ID
    entry_file = share / "applications" / f"{APP_ID}.desktop"
    assert_valid_desktop_file(entry_file)
    entry = desktop_entry(entry_file)
    assert entry["Exec"] == f'"{installed / APP_ID}"'
    assert entry["TryExec"] == str(installed / APP_ID)
    started = subprocess.run([str(installed / APP_ID)], capture_output=True, text=True)
    assert started.stdout == "bundled headhunter-desktop\n"
    for size in ICON_SIZES:
        png = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert QImage(str(png)).width() == size
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (home / ".local" / "bin" / APP_ID).resolve() == installed / APP_ID
    assert not (share / f"{APP_ID}.new").exists()

    subprocess.run(
        ["sh", str(installed / "install.sh"), "--uninstall"],
        env=env,
        check=True,
        capture_output=True,
    )
    leftovers = [name for name in files_under(home) if APP_ID in name]
    assert leftovers == []
    assert (share / "data-of-another-app").is_dir()
    assert (bundle / APP_ID).is_file()  # the download itself is the user's to delete


def test_build_spec_is_python_and_names_files_that_exist() -> None:
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    tree = ast.parse(spec, "build.spec")
    compile(tree, "build.spec", "exec")
    strings = {
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }
    assert {f"{APP_ID}.ico", f"{APP_ID}.icns"} <= strings
    for name in (f"{APP_ID}.ico", f"{APP_ID}.icns"):
        assert (RESOURCES / "icons" / name).is_file()
    # The token counter it replaced stays out, and nothing reaches for it at run time.
    assert "bpe_openai" in strings
    assert not any(
        "bpe_openai" in p.read_text(encoding="utf-8")
        for p in (ROOT / "headhunter_desktop").rglob("*.py")
    )
