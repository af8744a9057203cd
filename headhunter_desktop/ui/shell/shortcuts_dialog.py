"""Help → Keyboard shortcuts: every shortcut the window and its tabs registered, read from
the actions and buttons themselves, so the list cannot drift from what the keys do."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

Labelled = tuple[str, list[QKeySequence]]  # what the keys do, the keys


@dataclass(frozen=True)
class ShortcutGroup:
    """The shortcuts of one place ("Everywhere", "CVs tab"): (what it does, keys) rows."""

    title: str
    rows: list[tuple[str, str]]


def registered_shortcuts(
    window: QMainWindow, tabs: Sequence[tuple[str, QWidget]]
) -> list[ShortcutGroup]:
    """The window's shortcuts (its menus and its own actions), then each tab's."""
    everywhere = _menu_items(window.menuBar().actions()) + _actions(window.actions())
    groups = [ShortcutGroup("Everywhere in the window", _rows(everywhere))]
    for title, tab in tabs:
        rows = _rows(_actions(tab.actions()) + _buttons(tab))
        if rows:
            groups.append(ShortcutGroup(f"{title} tab (while it is shown)", rows))
    return groups


def _menu_items(actions: Iterable[QAction]) -> list[Labelled]:
    found = []
    for action in actions:
        menu = action.menu()
        if isinstance(menu, QMenu):
            found += _menu_items(menu.actions())
        else:
            found += _actions([action])
    return found


def _actions(actions: Iterable[QAction]) -> list[Labelled]:
    return [(action.text(), action.shortcuts()) for action in actions]


def _buttons(tab: QWidget) -> list[Labelled]:
    """Buttons with a shortcut of their own (a profile's Save, say)."""
    return [(b.text(), [b.shortcut()]) for b in tab.findChildren(QAbstractButton)]


def _rows(labelled: list[Labelled]) -> list[tuple[str, str]]:
    """One row per label (Ctrl+Return and Ctrl+Enter both write: one row, both keys)."""
    merged: dict[str, list[str]] = {}
    for text, sequences in labelled:
        label = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in sequences]
        keys = [k for k in keys if k]
        if label and keys:
            merged.setdefault(label, [])
            merged[label] += [k for k in keys if k not in merged[label]]
    return [(label, ", ".join(keys)) for label, keys in merged.items()]


class ShortcutsDialog(QDialog):
    """The shortcuts, grouped by where they work, in a list that scrolls on small screens."""

    def __init__(self, groups: list[ShortcutGroup], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Keys", "What they do"])
        self.tree.setRootIsDecorated(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self._listed: list[tuple[str, str, str]] = []
        for group in groups:
            heading = QTreeWidgetItem(self.tree, [group.title])
            heading.setFirstColumnSpanned(True)
            font = heading.font(0)
            font.setBold(True)
            heading.setFont(0, font)
            for label, keys in group.rows:
                QTreeWidgetItem(heading, [keys, label])
                self._listed.append((group.title, keys, label))
        self.tree.expandAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        note = QLabel("A tab's shortcuts work wherever the focus is while that tab is shown.")
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(520, 480)

    def rows(self) -> list[tuple[str, str, str]]:
        """(group, keys, what they do) as listed: for tests."""
        return list(self._listed)
