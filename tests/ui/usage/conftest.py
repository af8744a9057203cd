"""Fixtures of the Usage views' tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from headhunter_desktop.ui.shell.task_registry import TaskRegistry


@pytest.fixture
def view_tasks(qloop: Any) -> Iterator[TaskRegistry]:
    """A task registry for a view under test; what is still loading when the test ends is
    cancelled on the loop (a view shown at full size asks for a page more to fill itself)."""
    tasks = TaskRegistry()
    yield tasks
    qloop.run_until_complete(tasks.cancel_all())
