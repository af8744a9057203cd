"""What a worker thread may import ahead of a GUI module: everything it needs except the GUI
modules themselves.

PySide builds a class's meta-object when a QObject subclass is defined. Defining one in a
worker while the GUI thread reads meta-objects crashes the app: under gdb, the GUI thread
died in `MetaObjectBuilder::update` while a worker importing a tab module was in
`initQObjectSubType` (about one start in a hundred on a loaded 2-core machine). So start-up
and the tab builder hand a worker only the modules outside the GUI layer (the services,
SQLAlchemy, pydantic: most of the import time), found by reading the import statements of
the GUI modules' compiled code without running it. The GUI thread imports the GUI modules.
"""

from __future__ import annotations

import dis
import importlib
import importlib.util
import logging
import sys
from types import CodeType

log = logging.getLogger(__name__)

GUI_PACKAGE = "headhunter_desktop.ui"
# Packages whose modules define or load Qt classes: imported on the GUI thread only.
_QT_PACKAGES = ("PySide6", "shiboken6", "qasync")


def is_gui_module(name: str) -> bool:
    """Whether importing `name` may define Qt classes (then only the GUI thread may)."""
    return name.partition(".")[0] in _QT_PACKAGES or _in_gui_layer(name)


def _in_gui_layer(name: str) -> bool:
    return name == GUI_PACKAGE or name.startswith(GUI_PACKAGE + ".")


def import_dependencies_of(module: str) -> None:
    """Import what `module` (a GUI module) and the GUI modules it imports need from outside
    the GUI layer; blocking, for a worker thread. Best effort: anything that fails here is
    left to the real import on the GUI thread, which reports it."""
    seen: set[str] = set()
    pending = [module]
    while pending:
        name = pending.pop()
        if name in seen or name in sys.modules:  # imported: what it needs is loaded too
            continue
        seen.add(name)
        for imported, fromlist in imports_at_load(name):
            if _in_gui_layer(imported):
                pending.append(imported)
                if _is_package(imported):  # `from package import module`
                    pending.extend(f"{imported}.{item}" for item in fromlist if item != "*")
            elif not is_gui_module(imported):  # Qt itself: loaded already, or by the GUI
                _import_quietly(imported, fromlist)


def imports_at_load(module: str) -> list[tuple[str, tuple[str, ...]]]:
    """(module, names imported from it) of each import statement `module` runs when it
    loads: its `if TYPE_CHECKING:` blocks and its functions' imports are left out."""
    code = _module_code(module)
    if code is None:
        return []
    found: list[tuple[str, tuple[str, ...]]] = []
    instructions = list(dis.get_instructions(code))
    skip_until = -1
    for index, instruction in enumerate(instructions):
        if instruction.offset < skip_until:
            continue
        if instruction.opname == "LOAD_NAME" and instruction.argval == "TYPE_CHECKING":
            jump = instructions[index + 1] if index + 1 < len(instructions) else None
            if jump is not None and "IF_FALSE" in jump.opname:
                skip_until = int(jump.argval)  # the block's end
        elif instruction.opname == "IMPORT_NAME" and index >= 2:
            level, fromlist = instructions[index - 2].argval, instructions[index - 1].argval
            name = str(instruction.argval)
            if isinstance(level, int) and level > 0:
                package = module if _is_package(module) else module.rpartition(".")[0]
                name = importlib.util.resolve_name("." * level + name, package)
            found.append((name, tuple(fromlist or ())))
    return found


def _module_code(module: str) -> CodeType | None:
    """The module's compiled code, read but not run (None when it cannot be found)."""
    try:
        # Imports the parent packages (the GUI layer's define nothing), not the module.
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    loader = getattr(spec, "loader", None) if spec is not None else None
    get_code = getattr(loader, "get_code", None)
    if get_code is None:
        return None
    try:
        code = get_code(module)
    except (ImportError, OSError, SyntaxError):
        return None
    return code if isinstance(code, CodeType) else None


def _is_package(module: str) -> bool:
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return False
    return spec is not None and spec.submodule_search_locations is not None


def _import_quietly(name: str, fromlist: tuple[str, ...]) -> None:
    try:
        # As the statement itself does: names in `fromlist` may be submodules.
        __import__(name, fromlist=fromlist)
    except Exception:  # the GUI thread's own import reports it, with its traceback
        log.debug("warm import of %s failed", name, exc_info=True)
