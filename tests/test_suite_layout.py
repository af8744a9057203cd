"""The suite's own house rules: shared helpers live once, in tests/helpers/.

- A module imports helpers from `tests.helpers` (or the fakes and test data), never from a
  test module or a conftest: pytest finds fixtures in conftest.py without an import.
- A function defined in tests/helpers/ is not defined again anywhere else in tests/.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
HELPERS = TESTS / "helpers"


def _modules() -> list[Path]:
    return sorted(TESTS.rglob("*.py"))


def _imports_of_tests(path: Path) -> list[tuple[int, str]]:
    """(line, module) of each import, at any depth, from a test module or a conftest."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tests."):
            last = node.module.rsplit(".", 1)[-1]
            if last.startswith("test_") or last == "conftest":
                found.append((node.lineno, node.module))
    return found


def _top_level_functions(path: Path) -> dict[str, int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name: node.lineno
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def test_no_module_imports_from_a_test_module_or_a_conftest() -> None:
    found = [
        f"{path.relative_to(TESTS.parent)}:{line} imports {module}"
        for path in _modules()
        for line, module in _imports_of_tests(path)
    ]
    assert found == []


def test_helpers_are_not_copied_into_other_modules() -> None:
    helpers = {
        name: path
        for path in HELPERS.glob("*.py")
        for name in _top_level_functions(path)
        if not name.startswith("_")
    }
    copies = [
        f"{path.relative_to(TESTS.parent)}:{line} defines {name} (see {helpers[name].name})"
        for path in _modules()
        if HELPERS not in path.parents
        for name, line in _top_level_functions(path).items()
        if name in helpers
    ]
    assert copies == []


def test_the_rules_see_what_they_look_for(tmp_path: Path) -> None:
    # A rule is only as good as its walk: both smells, written out, must be found.
    smelly = tmp_path / "test_smelly.py"
    smelly.write_text(
        "from tests.core.services.test_cv_import import write_txt_cvs\n"
        "from tests.ui.conftest import wait_for\n"
        "async def wait_for(condition):\n    pass\n",
        encoding="utf-8",
    )
    assert _imports_of_tests(smelly) == [
        (1, "tests.core.services.test_cv_import"),
        (2, "tests.ui.conftest"),
    ]
    assert "wait_for" in _top_level_functions(smelly)
