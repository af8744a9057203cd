"""The app's asyncio loop: qasync's, with its last turn of Qt events inside the loop.

qasync's `run_until_complete` processes Qt's events once more after `run_forever` has
returned and unset asyncio's running loop. A task step that a Qt timer runs in that turn
(an import going on, a stream being read) then finds no running loop: `get_running_loop()`
raises and httpx fails with AsyncLibraryNotFoundError. Tests call `run_until_complete`
many times with background tasks alive across the calls, so they met it as random
failures under load; the app meets it at its very end. This loop keeps itself as the
running loop for that last turn.
"""

from __future__ import annotations

import asyncio
from typing import Any

import qasync


class AppEventLoop(qasync.QEventLoop):
    """qasync.QEventLoop whose `run_until_complete` never steps a task outside the loop."""

    _finishing = False

    def run_until_complete(self, future: Any) -> Any:
        """As qasync's, with this loop as asyncio's running loop until it returns."""
        self._finishing = True
        try:
            return super().run_until_complete(future)
        finally:
            self._finishing = False
            asyncio.events._set_running_loop(None)

    def _after_run_forever(self) -> None:
        super()._after_run_forever()
        if self._finishing:  # qasync's last processEvents() follows: keep the loop set
            asyncio.events._set_running_loop(self)
