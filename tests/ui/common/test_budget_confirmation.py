"""A hard budget cap: refused, warned about, and overridden for one call after a yes."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

import pytest
from pydantic import BaseModel
from PySide6.QtWidgets import QMessageBox

from headhunter_desktop.core.analytics.budgets import Budget, BudgetExceededError
from headhunter_desktop.core.llm.context import CallContext
from headhunter_desktop.ui.common.budget_confirmation import with_budget_confirmation
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import ChatReply, FakeOpenAIServer
from tests.helpers.usage_records import recent_record
from tests.helpers.waiting import wait_for, wait_for_widget


class Posting(BaseModel):
    title: str


@pytest.fixture
def capped(window: MainWindow, qloop, fake_openai: FakeOpenAIServer, monkeypatch):
    """Acme with a $0.01 hard cap of which $0.0099 is spent this month."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-fake")
    services = window.services
    services.config = dataclasses.replace(services.config, base_url=fake_openai.base_url)
    acme = qloop.run_until_complete(window.directory.create("Acme Ltd"))
    budget = Budget(acme.uuid, "Acme Ltd", Decimal("0.01"), Decimal("0.8"), hard_cap=True)
    qloop.run_until_complete(services.usage.set_budget(budget))
    spent = recent_record(
        "0.0099", client_company_id=acme.id, client_uuid=acme.uuid, client_company_name="Acme Ltd"
    )
    services.usage_writer.submit(spent)
    assert services.usage_writer.flush(10)
    return acme


def posting_call(window: MainWindow, acme):
    def call(allow: bool):
        ctx = CallContext(
            "generate_job", acme.id, acme.name, allow_over_budget=allow, client_uuid=acme.uuid
        )
        long_prompt = "Write a posting. " + "Context " * 3000  # ~$0.0005 more at gpt-4o-mini
        return window.services.gateway.complete_structured(
            ctx, [{"role": "user", "content": long_prompt}], Posting
        )

    return call


def test_over_the_cap_is_refused_without_a_request(window, qloop, fake_openai, capped) -> None:
    with pytest.raises(BudgetExceededError, match=re.escape("monthly budget of Acme Ltd is $0.01")):
        qloop.run_until_complete(posting_call(window, capped)(False))
    assert fake_openai.chat_requests() == []


def test_confirmed_override_runs_one_call(window, qloop, fake_openai, capped) -> None:
    fake_openai.queue(ChatReply('{"title": "Engineer"}'))

    async def scenario():
        task = window.tasks.start(
            None, with_budget_confirmation(window, posting_call(window, capped))
        )
        box = await wait_for_widget(QMessageBox)
        assert "Acme Ltd" in box.text()
        next(b for b in box.buttons() if b.text() == "Run this call anyway").click()
        result = await task
        # The alert is read from the usage database after the call: it comes a moment later.
        await wait_for(lambda: "Acme Ltd has passed" in window.statusBar().currentMessage())
        return result

    result = qloop.run_until_complete(scenario())
    assert result == Posting(title="Engineer")
    assert len(fake_openai.chat_requests()) == 1


def test_declined_override_sends_nothing(window, qloop, fake_openai, capped) -> None:
    async def scenario():
        task = window.tasks.start(
            None, with_budget_confirmation(window, posting_call(window, capped))
        )
        box = await wait_for_widget(QMessageBox)
        box.reject()
        await wait_for(task.done)
        return task.result()

    assert qloop.run_until_complete(scenario()) is None
    assert fake_openai.chat_requests() == []
