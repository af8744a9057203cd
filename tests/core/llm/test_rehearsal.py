"""The start-up rehearsal of the request path: each kind of request once, answered in
memory; nothing reaches a server and nothing is billed."""

from __future__ import annotations

import json
import logging
import socket
from pathlib import Path
from typing import Any

import pytest

from headhunter_desktop.core.analytics.call_log import CallFilter
from headhunter_desktop.core.domain.cv_profile import CvProfile
from headhunter_desktop.core.llm import json_answers, rehearsal
from headhunter_desktop.core.services.app_services import AppServices
from tests.fakes.openai_server import FakeOpenAIServer
from tests.helpers.app_services import run_on_data_folder


def test_each_kind_of_request_is_rehearsed_as_the_gateway_shapes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[str, dict[str, Any]]] = []
    answer = rehearsal._answer

    def recording(request: Any) -> Any:
        seen.append((request.url.path, json.loads(request.content)))
        return answer(request)

    monkeypatch.setattr(rehearsal, "_answer", recording)
    json_answers.json_schema_format.cache_clear()
    rehearsal.rehearse([CvProfile], "gpt-4o-mini", "text-embedding-3-small")

    paths = [path for path, _ in seen]
    assert paths == ["/v1/chat/completions", "/v1/chat/completions", "/v1/embeddings"]
    structured, streamed, embedding = (body for _, body in seen)
    assert structured["response_format"]["json_schema"]["name"] == "CvProfile"
    assert streamed["stream"] is True and streamed["stream_options"] == {"include_usage": True}
    assert embedding["model"] == "text-embedding-3-small"
    # The schema the first real request sends is the one built now (cached).
    assert json_answers.json_schema_format.cache_info().currsize == 1


def test_the_rehearsal_opens_no_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the rehearsal opened a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    rehearsal.rehearse([CvProfile], "gpt-4o-mini", "text-embedding-3-small")


def test_start_up_warms_the_request_path_without_a_request_or_a_record(
    tmp_path: Path, fake_openai_env: FakeOpenAIServer
) -> None:
    async def start(services: AppServices) -> int:
        await services.start()
        return await services.usage.count_calls(CallFilter())

    records = run_on_data_folder(tmp_path / "data", start)
    assert records == 0
    assert fake_openai_env.chat_requests() == [] and fake_openai_env.embedding_requests() == []


def test_a_failed_rehearsal_costs_only_speed(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(request: Any) -> Any:
        raise RuntimeError("an openai version whose client works differently")

    monkeypatch.setattr(rehearsal, "_answer", broken)
    rehearsal.rehearse([CvProfile], "gpt-4o-mini", "text-embedding-3-small")  # no raise
    assert "the request rehearsal failed" in caplog.text


def test_the_rehearsal_leaves_no_request_lines_in_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.DEBUG):
        rehearsal.rehearse([CvProfile], "gpt-4o-mini", "text-embedding-3-small")
    assert not [r for r in caplog.records if rehearsal.REHEARSAL_HOST in r.getMessage()]
