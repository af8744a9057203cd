"""A generation streamed into a form over a real socket: fields fill while the answer is
written, cancel keeps what arrived and records the call, one field regenerates alone,
errors are shown, and a hard budget cap asks before anything is sent."""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import itertools
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from headhunter_desktop.core.domain.actions import Action
from headhunter_desktop.core.errors import DatabaseError
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.core.llm.gateway import LlmGateway
from headhunter_desktop.core.services.field_updates import TextDelta
from headhunter_desktop.core.services.generation import single_field_schema
from headhunter_desktop.ui.common.field_form import FieldForm
from headhunter_desktop.ui.common.generation_runner import (
    CANCELLED_TEXT,
    DECLINED_TEXT,
    confirm_replace_edited,
)
from headhunter_desktop.ui.shell.task_registry import TaskRegistry
from tests.fakes import ChatReply, ErrorReply, FakeOpenAIServer
from tests.helpers.field_forms import (
    POSTING_FIELDS,
    GenerationPane,
    Posting,
    as_json,
    list_lines,
    sample_posting,
    text_of,
)
from tests.helpers.gateway import RecordingSink, make_gateway
from tests.helpers.spending import ACME_UUID, capped_budget, spending_stack
from tests.helpers.waiting import streams_closed, wait_for, wait_for_widget

CTX = CallContext(Action.GENERATE_JOB, 1, "Acme Ltd", "job", "7", client_uuid=ACME_UUID)
MESSAGES = [{"role": "user", "content": "Write a posting for a senior data engineer"}]
KEYS = list(Posting.model_fields)


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
def gateway(qloop, fake_openai: FakeOpenAIServer, sink: RecordingSink) -> Iterator[LlmGateway]:
    gateway = make_gateway(fake_openai, sink)
    yield gateway
    qloop.run_until_complete(gateway.aclose())


@pytest.fixture
def pane(qtbot: QtBot, qloop) -> GenerationPane:
    widget = GenerationPane(TaskRegistry())
    qtbot.addWidget(widget)
    widget.resize(720, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def opener(gateway: LlmGateway, schema: type = Posting):
    """What a service's `generate(..., allow_over_budget=)` is: a stream not yet entered."""

    def open_stream(allow: bool):
        ctx = dataclasses.replace(CTX, allow_over_budget=allow)
        return gateway.open_structured_stream(ctx, MESSAGES, schema)

    return open_stream


def start(pane: GenerationPane, gateway: LlmGateway, keys=KEYS, schema: type = Posting) -> None:
    started = pane.runner.start(
        opener(gateway, schema), pane.form, keys, pane.keep_final, "the posting"
    )
    assert started


async def until_finished(pane: GenerationPane) -> None:
    await wait_for(lambda: not pane.runner.running and pane.finished, timeout=20)
    await streams_closed()


def test_fields_fill_while_the_answer_is_written(
    qloop, pane: GenerationPane, gateway: LlmGateway, fake_openai: FakeOpenAIServer
) -> None:
    posting = sample_posting(description_words=40)
    fake_openai.chunk_delay = 0.02
    fake_openai.queue(ChatReply(as_json(posting), chunk_words=1))
    form = pane.form

    async def scenario() -> str:
        start(pane, gateway)
        assert pane.status.message() == "Writing the posting…" and pane.status.is_busy()
        await wait_for(lambda: "word3 " in text_of(form, "description"))
        partial = text_of(form, "description")
        assert pane.runner.running and fake_openai.open_connections == 1
        assert form.field("description").editor.isReadOnly()
        assert pane.status.count_text().endswith("characters")
        assert not gc.isenabled()  # no full collection in the middle of a stream
        await until_finished(pane)
        await wait_for(gc.isenabled)  # on again a moment after it
        return partial

    partial = qloop.run_until_complete(scenario())
    assert posting.description.startswith(partial) and len(partial) < len(posting.description)
    assert pane.finished == [True] and pane.finals == [posting]
    assert Posting.model_validate(form.values()) == posting
    assert form.values() == posting.model_dump(mode="json")
    assert text_of(form, "description").startswith("We build data pipelines")  # rendered
    assert pane.status.message() == "Finished writing the posting" and not pane.status.is_busy()
    assert form.edited_fields() == set()


def test_list_items_and_templates_appear_one_by_one(
    qloop, pane: GenerationPane, gateway: LlmGateway, fake_openai: FakeOpenAIServer
) -> None:
    posting = sample_posting(description_words=2)
    fake_openai.chunk_delay = 0.02
    fake_openai.queue(ChatReply(as_json(posting), chunk_words=1))
    form = pane.form
    templates = form.field("templates")
    skills_seen: list[int] = []
    templates_seen: list[int] = []

    def note(seen: list[int], count: int) -> None:
        if pane.runner.running and count and (not seen or seen[-1] != count):
            seen.append(count)

    async def scenario() -> None:
        start(pane, gateway)
        while pane.runner.running:
            note(skills_seen, len(list_lines(form, "skills")))
            note(templates_seen, len(templates.items))
            await asyncio.sleep(0.005)

    qloop.run_until_complete(scenario())
    assert skills_seen == [1, 2, 3]  # each item on screen before the next one started
    assert templates_seen == [1, 2]
    assert form.values()["skills"] == posting.skills
    assert form.values()["templates"] == [t.model_dump() for t in posting.templates]


def test_events_are_applied_once_per_frame_not_once_per_delta(
    qloop, qtbot: QtBot, gateway: LlmGateway, fake_openai: FakeOpenAIServer
) -> None:
    batches: list[list] = []

    class CountingForm(FieldForm):
        def apply(self, events) -> None:
            batches.append(list(events))
            super().apply(events)

    pane = GenerationPane(TaskRegistry(), CountingForm(POSTING_FIELDS))
    qtbot.addWidget(pane)
    posting = sample_posting(description_words=300)
    fake_openai.chunk_delay = 0.002
    fake_openai.queue(ChatReply(as_json(posting), chunk_words=1))
    qloop.run_until_complete(_run_to_end(pane, gateway))

    deltas = sum(1 for batch in batches for event in batch if isinstance(event, TextDelta))
    assert pane.finished == [True] and len(batches) * 4 < 300
    # Within a batch, a field's consecutive deltas arrive merged into one.
    for batch in batches:
        for first, second in itertools.pairwise(batch):
            assert not (
                isinstance(first, TextDelta)
                and isinstance(second, TextDelta)
                and first.path == second.path
            )
    assert deltas < 300 and pane.form.values()["description"] == posting.description


def test_the_completion_is_spread_over_turns_of_the_event_loop(
    qloop, qtbot: QtBot, gateway: LlmGateway, fake_openai: FakeOpenAIServer
) -> None:
    """Each field emptied, then (after the text) each field's completion (its Markdown
    rendered), each in a turn of Qt's loop of its own: done in one turn, they stalled the
    window (bench)."""
    turns = itertools.count()
    ticker = QTimer()
    ticker.setInterval(0)  # fires once in every pass of Qt's event loop
    ticker.timeout.connect(lambda: next(turns))
    seen: list[tuple[str, tuple[str, ...], int]] = []

    class WatchedForm(FieldForm):
        def begin_stream(self, keys) -> None:
            keys = tuple(keys)
            seen.append(("begin", keys, next(turns)))
            super().begin_stream(keys)

        def apply(self, events) -> None:
            seen.append(("apply", (), next(turns)))
            super().apply(events)

        def end_stream(self, keys, completed: bool) -> None:
            keys = tuple(keys)
            seen.append(("end", keys, next(turns)))
            super().end_stream(keys, completed)

    pane = GenerationPane(TaskRegistry(), WatchedForm(POSTING_FIELDS))
    qtbot.addWidget(pane)
    posting = sample_posting(description_words=60)
    fake_openai.queue(ChatReply(as_json(posting), chunk_words=1))
    ticker.start()
    try:
        qloop.run_until_complete(_run_to_end(pane, gateway))
    finally:
        ticker.stop()

    assert pane.finished == [True] and pane.form.values() == posting.model_dump(mode="json")
    begins = [i for i, (what, _, _) in enumerate(seen) if what == "begin"]
    assert [seen[i][1] for i in begins] == [(key,) for key in KEYS]  # one field at a time
    first_apply = min(i for i, (what, _, _) in enumerate(seen) if what == "apply")
    assert begins[-1] < first_apply
    starts = [seen[i][2] for i in begins] + [seen[first_apply][2]]
    assert all(later - earlier >= 2 for earlier, later in itertools.pairwise(starts))
    ends = [i for i, (what, _, _) in enumerate(seen) if what == "end"]
    assert [seen[i][1] for i in ends] == [(key,) for key in KEYS]  # one field at a time
    last_apply = max(i for i, (what, _, _) in enumerate(seen) if what == "apply")
    assert last_apply < ends[0]
    # Between the last text and the first completion, and between completions, Qt ran
    # (the ticker counted a pass), twice counted apart: not in the same call chain.
    marks = [seen[last_apply][2]] + [seen[i][2] for i in ends]
    assert all(later - earlier >= 2 for earlier, later in itertools.pairwise(marks))


async def _run_to_end(pane: GenerationPane, gateway: LlmGateway) -> None:
    start(pane, gateway)
    await until_finished(pane)


def test_escape_cancels_closes_the_stream_and_keeps_the_partial_text(
    qloop,
    qtbot: QtBot,
    pane: GenerationPane,
    gateway: LlmGateway,
    sink: RecordingSink,
    fake_openai: FakeOpenAIServer,
) -> None:
    posting = sample_posting(description_words=300)
    fake_openai.chunk_delay = 0.02
    fake_openai.queue(ChatReply(as_json(posting), chunk_words=1))
    form = pane.form
    pane.activateWindow()
    form.field("title").editor.setFocus()

    async def scenario() -> str:
        start(pane, gateway)
        await wait_for(lambda: "word5 " in text_of(form, "description"))
        qtbot.keyClick(form.field("title").editor, Qt.Key.Key_Escape)
        await until_finished(pane)
        await wait_for(lambda: sink.records and fake_openai.open_connections == 0)
        return text_of(form, "description")

    kept = qloop.run_until_complete(scenario())
    assert "word5" in kept and posting.description.startswith(kept)
    assert len(kept) < len(posting.description)
    assert form.values()["title"] == posting.title  # complete before the cancel
    assert form.values()["skills"] == [] and not form.is_streaming()
    assert not form.field("description").editor.isReadOnly()
    assert pane.finished == [False] and pane.finals == []
    assert pane.status.message() == CANCELLED_TEXT and not pane.status.is_busy()
    [record] = sink.records
    assert (record.status, record.usage_source) == ("cancelled", "estimated")
    assert (record.client_company_id, record.entity_type, record.entity_id) == (1, "job", "7")
    assert record.tokens_output > 0


def test_the_cancel_button_stops_it_too(
    qloop, qtbot: QtBot, pane: GenerationPane, gateway: LlmGateway, fake_openai: FakeOpenAIServer
) -> None:
    fake_openai.chunk_delay = 0.02
    fake_openai.queue(ChatReply(as_json(sample_posting(description_words=300)), chunk_words=1))

    async def scenario() -> None:
        start(pane, gateway)
        await wait_for(lambda: text_of(pane.form, "description"))
        qtbot.mouseClick(pane.status.cancel_button(), Qt.MouseButton.LeftButton)
        await until_finished(pane)

    qloop.run_until_complete(scenario())
    assert pane.finished == [False] and text_of(pane.form, "description")
    assert pane.status.message() == CANCELLED_TEXT


def test_regenerating_one_field_leaves_the_others_as_they_were(
    qloop, pane: GenerationPane, gateway: LlmGateway, fake_openai: FakeOpenAIServer
) -> None:
    form = pane.form
    form.set_values(sample_posting().model_dump(mode="json"), edited_fields=["title"])
    form.set_suggested(["level"])
    before = form.values()
    fake_openai.chunk_delay = 0.02
    new_text = "A fresh description of the role, written again by the model for you."
    fake_openai.queue(ChatReply(json.dumps({"description": new_text}), chunk_words=1))

    async def scenario() -> None:
        start(pane, gateway, ["description"], single_field_schema(Posting, "description"))
        await wait_for(lambda: "fresh" in text_of(form, "description"))
        assert not form.field("title").editor.isReadOnly()  # the others stay editable
        assert text_of(form, "skills") == "\n".join(f"- {s}" for s in before["skills"])
        await until_finished(pane)

    qloop.run_until_complete(scenario())
    after = form.values()
    assert after["description"] == new_text
    assert {k: v for k, v in after.items() if k != "description"} == {
        k: v for k, v in before.items() if k != "description"
    }
    assert form.edited_fields() == {"title"} and form.suggested() == {"level"}
    assert pane.finished == [True]


def test_an_answer_that_stops_being_json_is_shown_and_keeps_what_arrived(
    qloop, pane: GenerationPane, gateway: LlmGateway, fake_openai: FakeOpenAIServer
) -> None:
    broken = '{"title": "Data Engineer", "description": "We build pipelines." oops }'
    fake_openai.queue(ChatReply(broken, chunk_words=1))

    async def scenario() -> QMessageBox:
        start(pane, gateway)
        box = await wait_for_widget(QMessageBox)
        await until_finished(pane)
        return box

    box = qloop.run_until_complete(scenario())
    assert "not a Posting JSON object" in pane.status.message()
    assert box.text() == pane.status.message() and box.windowTitle() == "Writing the posting failed"
    box.close()
    assert pane.form.values()["title"] == "Data Engineer"
    assert text_of(pane.form, "description") == "We build pipelines."
    assert pane.finished == [False] and not pane.form.is_streaming()


def test_a_server_error_before_the_stream_changes_nothing(
    qloop, pane: GenerationPane, gateway: LlmGateway, fake_openai: FakeOpenAIServer
) -> None:
    pane.form.set_values(sample_posting().model_dump(mode="json"))
    before = pane.form.values()
    fake_openai.queue(ErrorReply(400, "The model refused the request."))

    async def scenario() -> QMessageBox:
        start(pane, gateway)
        box = await wait_for_widget(QMessageBox)
        await until_finished(pane)
        return box

    box = qloop.run_until_complete(scenario())
    assert "refused" in box.text() and box.text() == pane.status.message()
    box.close()
    assert pane.form.values() == before and pane.finished == [False]


@pytest.fixture
def capped_gateway(qloop, fake_openai: FakeOpenAIServer, tmp_path: Path) -> Iterator[LlmGateway]:
    """Acme's gateway with a $0.001 hard cap: a generation's worst case ($0.0025) is over it."""
    stack = spending_stack(f"sqlite:///{tmp_path / 'analytics.db'}", tmp_path / "data", fake_openai)
    qloop.run_until_complete(stack.usage.set_budget(capped_budget("0.001")))
    yield stack.gateway
    qloop.run_until_complete(stack.gateway.aclose())
    stack.close()


def test_over_the_cap_a_no_sends_nothing_and_changes_nothing(
    qloop, pane: GenerationPane, capped_gateway: LlmGateway, fake_openai: FakeOpenAIServer
) -> None:
    pane.form.set_values(sample_posting().model_dump(mode="json"))
    before = pane.form.values()

    async def scenario() -> None:
        start(pane, capped_gateway)
        box = await wait_for_widget(QMessageBox)
        assert "Acme Ltd" in box.text() and box.windowTitle() == "Monthly budget reached"
        box.reject()
        await until_finished(pane)

    qloop.run_until_complete(scenario())
    assert fake_openai.chat_requests() == []
    assert pane.form.values() == before and pane.finished == [False]
    assert pane.status.message() == DECLINED_TEXT


def test_over_the_cap_a_yes_sends_the_one_call_allowed(
    qloop, pane: GenerationPane, capped_gateway: LlmGateway, fake_openai: FakeOpenAIServer
) -> None:
    posting = sample_posting()
    fake_openai.queue(ChatReply(as_json(posting), chunk_words=1))

    async def scenario() -> None:
        start(pane, capped_gateway)
        box = await wait_for_widget(QMessageBox)
        next(b for b in box.buttons() if b.text() == "Run this call anyway").click()
        await until_finished(pane)

    qloop.run_until_complete(scenario())
    assert len(fake_openai.chat_requests()) == 1
    assert pane.finished == [True] and pane.finals == [posting]
    assert Posting.model_validate(pane.form.values()) == posting


def test_nothing_moves_when_a_generation_starts_runs_and_ends(
    qloop, pane: GenerationPane, gateway: LlmGateway, fake_openai: FakeOpenAIServer
) -> None:
    fake_openai.chunk_delay = 0.01
    fake_openai.queue(ChatReply(as_json(sample_posting(description_words=60)), chunk_words=1))
    form = pane.form
    # The strip and the form in the pane; the fields in the form's (scrolled) content.
    in_pane = [pane.status, pane.status.cancel_button(), form]
    in_form = [form.field("level"), form.field("years")]
    in_form += [form.regenerate_button(key) for key in ("title", "description", "skills")]

    def places() -> list:
        return [(w.mapTo(pane, QPoint()), w.size()) for w in in_pane] + [
            (w.mapTo(form._content, QPoint()), w.size()) for w in in_form
        ]

    async def scenario() -> list:
        start(pane, gateway)
        await wait_for(lambda: "word30" in text_of(form, "description"))
        during = places()
        await until_finished(pane)
        return during

    idle = places()
    during = qloop.run_until_complete(scenario())
    assert during == idle and places() == idle
    assert pane.status.cancel_button().isHidden()  # hidden, its room kept


def test_a_second_start_while_one_runs_is_refused(
    qloop, pane: GenerationPane, gateway: LlmGateway, fake_openai: FakeOpenAIServer
) -> None:
    fake_openai.chunk_delay = 0.01
    fake_openai.queue(ChatReply(as_json(sample_posting()), chunk_words=1))

    async def scenario() -> bool:
        start(pane, gateway)
        again = pane.runner.start(opener(gateway), pane.form, KEYS, pane.keep_final, "again")
        await until_finished(pane)
        return again

    assert qloop.run_until_complete(scenario()) is False
    assert len(fake_openai.chat_requests()) == 1 and pane.finished == [True]


@pytest.mark.parametrize(("button", "answer"), [("Regenerate", True), ("Cancel", False)])
def test_replacing_a_hand_edited_field_asks_first(qloop, pane, button: str, answer: bool) -> None:
    async def scenario() -> bool:
        asking = asyncio.ensure_future(confirm_replace_edited(pane, "Description"))
        box = await wait_for_widget(QMessageBox)
        assert "“Description” was changed by hand" in box.text()
        next(b for b in box.buttons() if b.text() == button).click()
        return await asking

    assert qloop.run_until_complete(scenario()) is answer


def test_a_save_after_the_answer_cannot_be_cancelled_and_its_error_is_shown(
    qloop, pane: GenerationPane, gateway: LlmGateway, fake_openai: FakeOpenAIServer
) -> None:
    fake_openai.queue(ChatReply(as_json(sample_posting()), chunk_words=1))
    saving = asyncio.Event()
    release = asyncio.Event()

    async def save(final: BaseModel) -> None:
        saving.set()
        await release.wait()
        raise DatabaseError("The database is busy; try again.")

    async def scenario() -> QMessageBox:
        assert pane.runner.start(opener(gateway), pane.form, KEYS, save, "the posting")
        await saving.wait()
        assert not pane.status.cancel_button().isEnabled()
        pane.runner.cancel()  # the answer is in: nothing to stop
        await asyncio.sleep(0.05)
        assert pane.runner.running
        release.set()
        box = await wait_for_widget(QMessageBox)
        await until_finished(pane)
        return box

    box = qloop.run_until_complete(scenario())
    assert box.text() == "The database is busy; try again." == pane.status.message()
    box.close()
    assert pane.finished == [False]
    assert Posting.model_validate(pane.form.values()) == sample_posting()  # kept on screen
