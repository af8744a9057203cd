"""What a streamed answer yields: text deltas, or a structured object while it grows.

These generators are only ever handed out inside the gateway's `open_stream` /
`open_structured_stream` contexts, which close them on exit: qasync runs no
async-generator finaliser, so nothing else would.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from headhunter_desktop.core.llm import json_answers
from headhunter_desktop.core.llm.errors import AnswerCutOffError, InvalidModelOutputError
from headhunter_desktop.core.llm.field_events import FieldEvent
from headhunter_desktop.core.llm.field_stream import FieldStreamParser, JsonStreamError
from headhunter_desktop.core.llm.metered_call import MeteredCall
from headhunter_desktop.core.llm.reasoning_text import ReasoningSkipper
from headhunter_desktop.core.llm.sse_chunks import (
    chat_chunks,
    content_deltas,
    finish_reason_of,
    usage_of,
)

T = TypeVar("T", bound=BaseModel)
# `async for` over a stream whose data is already buffered never yields to Qt; give the
# GUI a turn at least this often (seconds) so the window keeps painting and taking input.
# By time, not every N chunks: each turn of qasync's loop costs a pass through Qt's
# events, which at thousands of chunks a second took half the throughput. 4 ms leaves
# room in a 16 ms frame for the editors' flush and a repaint after the slice
# (bench_job_stream.py: longest stall 17-31 ms at 8 ms, 13-17 ms at 4; throughput unchanged).
YIELD_EVERY_S = 0.004
# A turn longer than this ran other work: the editors' flush of what the last slice read.
OTHERS_RAN_S = 0.001


async def give_the_gui_a_turn(clock: Callable[[], float] = time.perf_counter) -> None:
    """Let the event loop run what is due; when that took a while, let it run once more.

    In one pass Qt runs every timer already due: the stream's resumption and the editors'
    flush timer come due together, so the slice after a flush ran in the same pass, before
    Qt painted the flush or served input (the longest stalls: slice + flush + slice). A
    second yield puts the paint, and a heartbeat or a key press, before the next slice.
    """
    yielded = clock()
    await asyncio.sleep(0)
    if clock() - yielded >= OTHERS_RAN_S:
        await asyncio.sleep(0)


class TextStream(AsyncIterator[str]):
    """A plain answer's text deltas (`gateway.open_stream`); once read to the end,
    `cut_off` says whether the server stopped it at its length limit."""

    def __init__(self, deltas: AsyncIterator[str], call: MeteredCall) -> None:
        self._deltas, self._call = deltas, call

    def __aiter__(self) -> TextStream:
        return self

    async def __anext__(self) -> str:
        return await anext(self._deltas)

    @property
    def cut_off(self) -> bool:
        return self._call.cut_off


@dataclass
class StructuredUpdate(Generic[T]):
    """What one delta of a structured answer completed: field events for the editors
    (`field_events.py`); `final`, the validated object, is set on the last update only."""

    events: list[FieldEvent]
    final: T | None = None


async def text_deltas(stream: Any, call: MeteredCall) -> AsyncGenerator[str]:
    """The content deltas of a chat completion stream (the openai client's AsyncStream, read
    from its HTTP response: `sse_chunks.py`), metered into `call`; a reasoning model's
    leading `<think>` block is metered but not yielded (`reasoning_text.py`)."""
    clock = time.perf_counter
    turn_due = clock() + YIELD_EVERY_S
    reasoning = ReasoningSkipper()  # metered (billed output), not handed on
    try:
        async for chunk in chat_chunks(stream.response):
            call.answered(chunk.get("model"), usage_of(chunk))
            for delta in content_deltas(chunk):
                call.received(delta)
                if answer := reasoning.feed(delta):
                    yield answer
            call.finish_reason = finish_reason_of(chunk) or call.finish_reason
            if clock() >= turn_due:
                await give_the_gui_a_turn(clock)
                turn_due = clock() + YIELD_EVERY_S
    except Exception as exc:  # the server or the connection failed mid-stream
        raise call.fail(exc) from None
    call.completed()
    if rest := reasoning.finish():  # a short answer still held back
        yield rest


async def structured_updates(
    deltas: AsyncIterator[str], schema: type[T], cut_off: Callable[[], bool] = lambda: False
) -> AsyncGenerator[StructuredUpdate[T]]:
    """Field events as the JSON object is written; the last update carries the object.

    The incremental reader does work in proportion to each delta only (re-parsing the
    partial document per delta is quadratic); the whole answer is validated once, at the end.
    `cut_off()`: the server said the answer stopped at the output limit.
    """
    parser = FieldStreamParser(schema)
    try:
        async for delta in deltas:
            events = parser.feed(delta)
            if events:
                yield StructuredUpdate(events)
        parser.finish()
    except JsonStreamError as exc:
        if cut_off():
            raise AnswerCutOffError(json_answers.cut_off_message(schema)) from None
        raise InvalidModelOutputError(
            f"The model's streamed answer is not a {schema.__name__} JSON object ({exc})."
        ) from None
    try:
        final = schema.model_validate_json(parser.object_text)
    except ValidationError as exc:
        raise InvalidModelOutputError(
            f"The model's streamed answer is not a valid {schema.__name__} "
            f"({json_answers.summarise(exc)})."
        ) from None
    yield StructuredUpdate([], final)
