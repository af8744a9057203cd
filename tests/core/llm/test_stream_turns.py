"""A stream read from a full buffer gives the event loop a turn, and a second one when the
first ran other work (the editors' flush), so that work is painted before it reads on."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator

from headhunter_desktop.core.llm.streams import OTHERS_RAN_S, give_the_gui_a_turn


def order_of_work(turn_length_s: float) -> list[str]:
    """What ran first after the stream yielded: the work that the other callback (the
    flush) scheduled for the loop's next pass (a paint), or the stream's next slice."""
    order: list[str] = []
    readings: Iterator[float] = iter([0.0, turn_length_s])
    clock: Callable[[], float] = lambda: next(readings)  # noqa: E731

    async def main() -> None:
        loop = asyncio.get_running_loop()
        loop.call_soon(lambda: loop.call_soon(order.append, "paint"))  # the flush
        await give_the_gui_a_turn(clock)
        order.append("next slice")

    asyncio.run(main())
    return order


def test_after_a_long_turn_the_loop_runs_what_it_queued_before_the_stream_reads_on() -> None:
    assert order_of_work(turn_length_s=OTHERS_RAN_S * 3) == ["paint", "next slice"]


def test_after_a_short_turn_the_stream_reads_on_at_once() -> None:
    # No second pass through the loop: each costs throughput at thousands of chunks a second.
    assert order_of_work(turn_length_s=OTHERS_RAN_S / 4) == ["next slice", "paint"]
