"""Answers from servers that do not hold the model to the format: a reasoning model's
`<think>` block, a ```json fence, a sentence before the object. The answer is read out
of them without a corrective call, and the thinking is metered but never shown. An
answer the server cut at its length limit says so instead of failing as invalid JSON."""

from __future__ import annotations

import json

import pytest
from pydantic import BaseModel

from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.errors import InvalidModelOutputError
from tests.fakes import ChatReply, FakeOpenAIServer, FakeUsage
from tests.helpers.gateway import RecordingSink, make_gateway, run_then_close

MESSAGES = [{"role": "user", "content": "Parse this CV: Jane Doe, 12 years of Kubernetes"}]
THOUGHT = '<think>\nThe schema wants {"name", "years"}. The CV: Jane Doe, 12 years.\n</think>\n\n'
OBJECT = {"name": "Jane Doe", "years": 12}


class Person(BaseModel):
    name: str
    years: int


def _parse(fake_openai: FakeOpenAIServer, content: str) -> tuple[Person, RecordingSink]:
    fake_openai.queue(ChatReply(content))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)
    ctx = CallContext(Action.PARSE_CV, 7, "Acme Ltd")
    return run_then_close(gateway, gateway.complete_structured(ctx, MESSAGES, Person)), sink


def test_an_object_after_thinking_and_in_a_fence_is_read_at_once(
    fake_openai: FakeOpenAIServer,
) -> None:
    content = f"{THOUGHT}Here is the profile:\n```json\n{json.dumps(OBJECT)}\n```\n"
    person, sink = _parse(fake_openai, content)
    assert person == Person(**OBJECT)
    assert len(fake_openai.chat_requests()) == len(sink.records) == 1  # no corrective call


def test_a_wrapped_object_that_does_not_validate_still_gets_its_corrective_call(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.queue(ChatReply(f'{THOUGHT}```json\n{{"name": "Jane Doe"}}\n```'))
    person, sink = _parse(fake_openai, json.dumps(OBJECT))  # the second answer
    assert person == Person(**OBJECT)
    assert len(fake_openai.chat_requests()) == len(sink.records) == 2


def test_a_streamed_summary_shows_the_answer_and_meters_the_thinking(
    fake_openai: FakeOpenAIServer,
) -> None:
    summary = "Strong communicator; led two Kubernetes migrations."
    fake_openai.queue(ChatReply(THOUGHT + summary, usage=FakeUsage(40, 31)))
    sink = RecordingSink()
    gateway = make_gateway(fake_openai, sink)
    ctx = CallContext(Action.GENERATE_FEEDBACK, 3, "Beta GmbH")

    async def read() -> str:
        async with gateway.open_stream(ctx, MESSAGES) as deltas:
            return "".join([d async for d in deltas])

    assert run_then_close(gateway, read()) == summary
    [record] = sink.records
    assert (record.status, record.tokens_output) == ("ok", 31)  # the thinking is paid for


def test_a_streamed_form_after_thinking_with_braces_validates(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.queue(ChatReply(THOUGHT + json.dumps(OBJECT)))
    gateway = make_gateway(fake_openai, RecordingSink())
    ctx = CallContext(Action.GENERATE_JOB, 3, "Beta GmbH")

    async def form() -> Person | None:
        async with gateway.open_structured_stream(ctx, MESSAGES, Person) as updates:
            return [u async for u in updates][-1].final

    assert run_then_close(gateway, form()) == Person(**OBJECT)


def test_an_answer_cut_at_the_length_limit_says_so_without_a_corrective_call(
    fake_openai: FakeOpenAIServer,
) -> None:
    """A local server with a small context window stops the CV's JSON midway: asking again
    (with the cut answer added to the prompt) would be cut alike, at a higher price."""
    fake_openai.queue(ChatReply('{"name": "Jane Doe", "ye', finish_reason="length"))
    gateway = make_gateway(fake_openai, RecordingSink())
    ctx = CallContext(Action.PARSE_CV, 7, "Acme Ltd")
    with pytest.raises(InvalidModelOutputError, match=r"length limit.*context window"):
        run_then_close(gateway, gateway.complete_structured(ctx, MESSAGES, Person))
    assert len(fake_openai.chat_requests()) == 1


def test_a_streamed_form_cut_at_the_length_limit_says_so(fake_openai: FakeOpenAIServer) -> None:
    fake_openai.queue(ChatReply('{"name": "Jane Doe", "ye', finish_reason="length"))
    gateway = make_gateway(fake_openai, RecordingSink())
    ctx = CallContext(Action.GENERATE_JOB, 3, "Beta GmbH")

    async def form() -> None:
        async with gateway.open_structured_stream(ctx, MESSAGES, Person) as updates:
            [_ async for _ in updates]

    with pytest.raises(InvalidModelOutputError, match="length limit before the Person"):
        run_then_close(gateway, form())


def test_a_complete_answer_with_length_as_its_reason_is_taken(
    fake_openai: FakeOpenAIServer,
) -> None:
    fake_openai.queue(ChatReply(json.dumps(OBJECT), finish_reason="length"))
    person, _ = _parse(fake_openai, json.dumps(OBJECT))
    assert person == Person(**OBJECT)
    assert len(fake_openai.chat_requests()) == 1
