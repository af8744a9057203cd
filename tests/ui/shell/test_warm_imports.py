"""What a worker may import ahead of a GUI module (`warm_imports`): the services and
libraries the module needs, never the GUI modules themselves nor Qt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from headhunter_desktop.ui.shell.warm_imports import imports_at_load, is_gui_module

SAMPLE = """
from __future__ import annotations
import json
from typing import TYPE_CHECKING
from collections import abc, OrderedDict
from . import sibling

if TYPE_CHECKING:
    import decimal

def later():
    import fractions
"""


def test_only_the_imports_a_module_runs_as_it_loads_are_read(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "warm_sample"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "sibling.py").write_text("")
    (package / "page.py").write_text(SAMPLE)
    monkeypatch.syspath_prepend(str(tmp_path))

    found = imports_at_load("warm_sample.page")

    assert ("json", ()) in found and ("collections", ("abc", "OrderedDict")) in found
    assert ("warm_sample", ("sibling",)) in found  # the relative import, resolved
    names = [name for name, _ in found]
    assert "decimal" not in names and "fractions" not in names  # type-checking, a function's
    assert "warm_sample.page" not in sys.modules  # read, not run


def test_a_tabs_dependencies_load_without_the_tab_or_qt() -> None:
    script = (
        "import json, sys\n"
        "from headhunter_desktop.ui.shell.warm_imports import import_dependencies_of\n"
        "import_dependencies_of('headhunter_desktop.ui.cvs.cvs_tab')\n"
        "print(json.dumps({n: hasattr(m, '__path__') for n, m in sys.modules.items()}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    loaded: dict[str, bool] = json.loads(result.stdout.splitlines()[-1])  # name: a package?

    assert "headhunter_desktop.core.services.cv_import" in loaded  # what the tab runs on
    assert "sqlalchemy" in loaded
    # The GUI layer's packages are read to find their modules (they define nothing).
    gui_modules = [name for name, package in loaded.items() if is_gui_module(name) and not package]
    assert gui_modules == ["headhunter_desktop.ui.shell.warm_imports"]


def test_qt_and_the_gui_layer_are_gui_modules() -> None:
    assert is_gui_module("PySide6.QtWidgets") and is_gui_module("headhunter_desktop.ui.cvs")
    assert not is_gui_module("headhunter_desktop.core.services.cv_import")
    assert not is_gui_module("headhunter_desktop.uimodel")  # a prefix is not a package
