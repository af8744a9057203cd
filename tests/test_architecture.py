"""The house rules of the layout, checked on the source with an AST walk.

- `core/` is pure Python: no Qt (nor qasync) import anywhere below it.
- Front ends (`ui/`, `commands/`) reach the core only through `core/services`,
  `core/domain` and `core/errors`, and never touch SQLAlchemy themselves.
- Tab widgets in `ui/` are `SteadyTabWidget`s: a plain QTabWidget repaints all its pages
  whenever a label on one of them changes (`ui/common/steady_tab_widget.py`).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "headhunter_desktop"
QT_MODULES = ("PySide6", "qasync", "shiboken6")
FRONT_END_ALLOWED_CORE = (
    "headhunter_desktop.core.services",
    "headhunter_desktop.core.domain",
    "headhunter_desktop.core.errors",
)


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import in a file, relative ones resolved."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.lineno, _absolute(node, package)


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    base = package.split(".")[: len(package.split(".")) - node.level + 1]
    return ".".join([*base, *([node.module] if node.module else [])])


def _is_under(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def violations(folder: str, forbidden: object) -> list[str]:
    found = []
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        for line, module in imported_modules(path):
            if forbidden(module):  # type: ignore[operator]
                found.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}")
    return found


def test_core_imports_no_qt() -> None:
    assert violations("core", lambda m: _is_under(m, QT_MODULES)) == []


@pytest.mark.parametrize("front_end", ["ui", "commands"])
def test_front_ends_use_services_and_domain_only(front_end: str) -> None:
    def forbidden(module: str) -> bool:
        if _is_under(module, ("sqlalchemy", "alembic")):
            return True
        return _is_under(module, ("headhunter_desktop.core",)) and not _is_under(
            module, FRONT_END_ALLOWED_CORE
        )

    assert violations(front_end, forbidden) == []


def test_the_walk_sees_relative_and_absolute_imports() -> None:
    # The rule is only as good as the walk: it must resolve `from ..x import y`.
    path = PACKAGE / "ui" / "shell" / "tab.py"
    modules = {m for _, m in imported_modules(path)}
    assert "headhunter_desktop.core.services.app_services" in modules
    assert "PySide6.QtWidgets" in modules
    node = ast.parse("from ..storage import tables").body[0]
    assert isinstance(node, ast.ImportFrom)
    assert _absolute(node, "headhunter_desktop.core.services") == "headhunter_desktop.core.storage"


def test_ui_builds_tab_widgets_that_repaint_only_what_changed() -> None:
    found = []
    for path in sorted((PACKAGE / "ui").rglob("*.py")):
        if path.name == "steady_tab_widget.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            named = (
                [node.func] if isinstance(node, ast.Call) else node.bases
                if isinstance(node, ast.ClassDef) else []
            )  # fmt: skip
            if any(isinstance(n, ast.Name) and n.id == "QTabWidget" for n in named):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert found == [], "use SteadyTabWidget"
