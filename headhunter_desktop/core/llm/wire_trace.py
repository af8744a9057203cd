"""What became of one HTTP request on the wire: whether it left, what status came back.

A call cancelled mid-request (a sibling's run-level error, the user's Cancel, shutdown)
used nothing if its request never left or the server refused it; only a request the
server may be working on is estimated. httpcore tells the moments through its `trace`
request extension: the gateway's HTTP client adds the callback to each request (an httpx
request hook), reporting to the trace of the call in the current task (a context variable).
"""

from __future__ import annotations

import contextvars
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any


@dataclass
class WireTrace:
    """One request: `left` once its first bytes were sent, `status` once headers came back."""

    left: bool = False
    status: int | None = None

    @property
    def used_nothing(self) -> bool:
        """Never sent, or refused by the server (an error status comes before any output)."""
        return not self.left or (self.status is not None and self.status >= 400)

    async def on_event(self, name: str, info: dict[str, Any]) -> None:
        """httpcore's trace callback (`http11.send_request_headers.started`, …)."""
        if name.endswith("send_request_headers.started"):
            self.left = True
        elif name.endswith("receive_response_headers.complete"):
            value = info.get("return_value")
            # HTTP/1.1: (version, status, reason, headers); HTTP/2: (status, headers).
            status = value[1] if isinstance(value, tuple) and len(value) == 4 else None
            if isinstance(value, tuple) and len(value) == 2:
                status = value[0]
            self.status = status if isinstance(status, int) else self.status


_CURRENT: contextvars.ContextVar[WireTrace | None] = contextvars.ContextVar(
    "wire_trace", default=None
)


@contextmanager
def tracing(trace: WireTrace) -> Iterator[None]:
    """Requests sent in this task inside the block report to `trace`."""
    token = _CURRENT.set(trace)
    try:
        yield
    finally:
        _CURRENT.reset(token)


async def _add_trace(request: Any) -> None:
    trace = _CURRENT.get()
    if trace is not None:
        request.extensions = {**request.extensions, "trace": trace.on_event}


REQUEST_HOOKS: dict[str, list[Callable[[Any], Awaitable[None]]]] = {"request": [_add_trace]}


def traced_http_client(timeout_s: float) -> Any:
    """The openai client's own default HTTP client, with the trace hook."""
    import openai  # deferred: importing openai costs ~0.4 s of start-up

    return openai.DefaultAsyncHttpxClient(timeout=timeout_s, event_hooks=REQUEST_HOOKS)
