"""The Usage tab's watcher asks for a refresh only when something changed: the writer's
pending count dropping (records committed), or the database's signature moving."""

from __future__ import annotations

from headhunter_desktop.core.errors import DatabaseError
from headhunter_desktop.ui.shell.task_registry import TaskRegistry
from headhunter_desktop.ui.usage.live_updates import UsageWatcher
from tests.helpers.waiting import wait_for


def test_a_refresh_only_when_the_data_changed(qloop) -> None:
    pending = [0]
    signatures: list[object] = ["a", "a", "b", DatabaseError("away"), "b"]
    reads: list[object] = []

    async def signature() -> object:
        value = signatures.pop(0)
        reads.append(value)
        if isinstance(value, Exception):
            raise value
        return value

    tasks = TaskRegistry()
    watcher = UsageWatcher(lambda: pending[0], signature, tasks)
    changes: list[int] = []
    watcher.changed.connect(lambda: changes.append(1))
    watcher.seen("a")  # what the tab shows now

    def poll_signature() -> None:
        before = len(reads)
        watcher._signature_timer.timeout.emit()
        qloop.run_until_complete(
            wait_for(lambda: len(reads) > before and not tasks.running("usage.signature"))
        )

    poll_signature()
    assert changes == []  # "a" again: nothing to do
    poll_signature()
    assert changes == []
    poll_signature()
    assert changes == [1]  # "b": one refresh
    poll_signature()
    assert changes == [1]  # the database out of reach: silence, no error
    poll_signature()
    assert changes == [1]  # "b" is what was seen

    watcher.start()
    pending[0] = 3  # records submitted...
    watcher._pending_timer.timeout.emit()
    assert changes == [1]
    pending[0] = 1  # ...and some of them committed
    watcher._pending_timer.timeout.emit()
    assert changes == [1, 1]
    watcher.stop()
    assert not watcher.is_watching()
