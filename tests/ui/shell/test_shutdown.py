"""Closing the window mid-stream: no hang, the stream closed, its usage recorded once."""

from __future__ import annotations

import dataclasses

import sqlalchemy as sa

from headhunter_desktop.core.analytics.db import open_analytics_db
from headhunter_desktop.core.analytics.tables import usage_records
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import ChatReply, FakeOpenAIServer
from tests.helpers.waiting import close_window, wait_for


def test_close_while_streaming_cancels_and_records(
    window: MainWindow,
    qloop,
    fake_openai: FakeOpenAIServer,
    monkeypatch,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-fake")
    window.services.config = dataclasses.replace(
        window.services.config, base_url=fake_openai.base_url
    )
    fake_openai.chunk_delay = 0.2  # a 400-word answer would take 80 s
    fake_openai.queue(ChatReply(" ".join(["word"] * 400)))
    received: list[str] = []

    async def stream() -> None:
        ctx = CallContext("generate_feedback", None, None, "interview", "1")
        messages = [{"role": "user", "content": "Write feedback"}]
        async with window.services.gateway.open_stream(ctx, messages) as d:
            async for delta in d:
                received.append(delta)

    window.tasks.start("interviews.feedback", stream())
    qloop.run_until_complete(wait_for(lambda: len(received) >= 2))
    # close_window fails the test if the shutdown does not finish (a hang would wait
    # for the whole 80 s stream).
    qloop.run_until_complete(close_window(window))

    assert window.is_shut_down() and not window.isVisible()
    assert len(received) < 400
    engine = open_analytics_db(window.services.config.analytics_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(usage_records)).mappings().all()
    engine.dispose()
    assert len(rows) == 1
    row = rows[0]
    assert (row["status"], row["usage_source"], row["streaming"]) == (
        "cancelled",
        "estimated",
        True,
    )
    assert row["tokens_output"] >= 2 and row["action"] == "generate_feedback"
