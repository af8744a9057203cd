"""The main window's tabs, each built the first time it is needed.

Importing a tab's module and building its widgets costs the GUI thread 10-50 ms a tab, and
applying the style sheet to them once more; six of them delayed the first usable window by
about a quarter of a second. Start-up builds only the tab on screen; the others follow
after it is filled (`build_the_rest`, one a turn of the event loop, their modules imported
in a worker thread first), or at once when the user opens one before that.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar, cast

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QTabWidget

from headhunter_desktop.ui.shell.tab import Tab, TabContext
from headhunter_desktop.ui.shell.tab_specs import TAB_SPECS
from headhunter_desktop.ui.shell.warm_imports import import_dependencies_of

T = TypeVar("T", bound=Tab)


class TabSet:
    """The tabs of one QTabWidget whose pages start as placeholders.

    `prepare(tab)` is called on every tab built once the first data load has begun
    (`load_built`): it hands the tab the window's state (client, LLM readiness) that the
    tabs built before it received as it changed; the tab's own `load()` follows.
    """

    def __init__(self, widget: QTabWidget, ctx: TabContext, prepare: Callable[[Tab], None]) -> None:
        self._widget = widget
        self._ctx = ctx
        self._prepare = prepare
        self._built: dict[int, Tab] = {}
        self._loads: dict[int, asyncio.Future[object]] = {}
        self._live = False  # the first data load has begun: new tabs load as they are built

    def built(self) -> list[Tab]:
        """The tabs built so far, in their order on screen."""
        return [self._built[i] for i in sorted(self._built)]

    def at(self, index: int) -> Tab:
        """The tab at `index`, built now if it was not yet."""
        tab = self._built.get(index)
        return tab if tab is not None else self._build(index)

    def of_class(self, tab_class: type[T]) -> T:
        """The tab of that class, built now if it was not yet."""
        index = next(
            i
            for i, spec in enumerate(TAB_SPECS)
            if (spec.module, spec.class_name) == (tab_class.__module__, tab_class.__name__)
        )
        return cast(T, self.at(index))

    def all(self) -> list[Tab]:
        """Every tab, those not built yet built now (Help → Keyboard shortcuts lists them)."""
        return [self.at(i) for i in range(len(TAB_SPECS))]

    async def load_built(self) -> None:
        """The first data load of the tabs built so far; tabs built from now on load at once."""
        self._live = True
        for tab in self.built():
            await tab.load()

    async def build_the_rest(self) -> None:
        """Build (and load) the tabs not built yet, one a turn; what their modules import
        from outside the GUI layer is imported in a worker first (see `warm_imports`)."""
        loop = asyncio.get_running_loop()
        for index, spec in enumerate(TAB_SPECS):
            if index not in self._built:
                await loop.run_in_executor(None, import_dependencies_of, spec.module)
                await asyncio.sleep(0)  # a turn for what waited behind the import
            if index not in self._built:  # the user may have opened it meanwhile
                self._build(index)
            if (loading := self._loads.get(index)) is not None:
                await asyncio.wait([loading])  # its errors go to the task registry

    def _build(self, index: int) -> Tab:
        spec = TAB_SPECS[index]
        # Not under `style_sheet_applied_after` (`attach` puts the first tab under it): once
        # the window is filled, taking the style sheet off and on again repolishes every
        # widget twice, which cost more than polishing the new tab as it is built (measured).
        tab = spec.import_class()(self._ctx)
        self._place(index, tab)
        self._built[index] = tab
        if self._live:
            self._prepare(tab)
            task = self._ctx.tasks.start(f"tab.load.{spec.title}", tab.load())
            if task is not None:
                self._loads[index] = task
        return tab

    def _place(self, index: int, tab: Tab) -> None:
        """The tab takes its placeholder's place; the page on screen stays on screen."""
        widget = self._widget
        current = widget.currentIndex()
        placeholder = widget.widget(index)
        # The window reacts to a change of tab (`activated`); this is none.
        with QSignalBlocker(widget):
            widget.removeTab(index)
            widget.insertTab(index, tab, TAB_SPECS[index].title)
            widget.setCurrentIndex(current)
        if placeholder is not None:
            placeholder.deleteLater()
