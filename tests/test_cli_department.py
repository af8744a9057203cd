"""`department draft` end to end: a real process against the local test server, the
profile saved in the data folder and its call billed to the client."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from headhunter_desktop.core.domain.client_profile import ClientProfile, FineTuning
from headhunter_desktop.core.services.app_services import AppServices
from tests.fakes import FakeOpenAIServer
from tests.fakes.generation_responder import schema_responder
from tests.helpers.app_services import run_on_data_folder
from tests.helpers.cli import run_cli
from tests.helpers.network import unreachable_openai_url

TECHNOLOGIES = ["Python", "PostgreSQL", "Kubernetes"]


async def add_acme(services: AppServices) -> None:
    acme = await services.clients.create("Acme Ltd")
    voice = FineTuning(tone="plain", words_to_avoid=["rockstar"])
    await services.clients.save_profile(acme.id, ClientProfile(name="Acme Ltd", fine_tuning=voice))


async def saved_and_billed(services: AppServices) -> tuple[list[str], list[tuple[Any, int]]]:
    acme = await services.clients.named("Acme Ltd")
    names = [d.name for d in await services.departments.list(acme.id)]
    rows = await services.usage.breakdown(services.usage.query(acme.uuid, None, None), "action")
    return names, [(row.action, row.calls) for row in rows]


@pytest.fixture
def data(fake_openai_env: FakeOpenAIServer, tmp_path: Path) -> Path:
    """A data folder with the client Acme Ltd; the fake server writes department profiles."""
    fake_openai_env.responder = schema_responder({"technologies": TECHNOLOGIES})
    folder = tmp_path / "data"
    run_on_data_folder(folder, add_acme)
    return folder


def test_draft_saves_the_profile_prints_it_and_bills_the_client(
    data: Path, fake_openai_env: FakeOpenAIServer
) -> None:
    args = ("department", "draft", "--client", "acme ltd", "--name", "Engineering")
    result = run_cli(*args, "--json", data_dir=data)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert {"id", "client_id", "name", "fields", "edited_fields", "ai_drafted"} <= set(doc)
    assert (doc["name"], doc["client"], doc["ai_drafted"]) == ("Engineering", "Acme Ltd", True)
    assert isinstance(doc["id"], int) and doc["fields"]["technologies"] == TECHNOLOGIES
    assert len(doc["fields"]["job_templates"]) == 3
    progress = result.stderr.splitlines()  # one line per field, as each completes
    assert progress[0].startswith("description: ") and "technologies: 3 items" in progress
    assert [line.split(":")[0] for line in progress if line.startswith("job template ")] == [
        "job template 1", "job template 2", "job template 3"
    ]  # fmt: skip
    assert "rockstar" in (fake_openai_env.chat_requests()[0].body or {})["messages"][1]["content"]

    text = run_cli("department", "draft", "--client", "Acme Ltd", "--name", "Sales", data_dir=data)
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("Sales — Acme Ltd (department ")
    assert "Technologies: Python, PostgreSQL, Kubernetes" in text.stdout

    names, billed = run_on_data_folder(data, saved_and_billed)
    assert names == ["Engineering", "Sales"] and billed == [("generate_department", 2)]


def test_unknown_client_and_no_key_are_one_line_errors(data: Path) -> None:
    unknown = run_cli("department", "draft", "--client", "Nobody", "--name", "X", data_dir=data)
    assert unknown.returncode == 2 and unknown.stdout == ""
    assert unknown.stderr == "error: There is no client company named 'Nobody'.\n"
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    args = ("department", "draft", "--client", "Acme Ltd", "--name", "X")
    no_key = run_cli(*args, data_dir=data, env=env)
    assert no_key.returncode == 2 and no_key.stdout == ""
    assert no_key.stderr.startswith("error: No OpenAI API key") and no_key.stderr.count("\n") == 1


def test_server_unreachable_is_a_one_line_error(data: Path) -> None:
    env = dict(os.environ, OPENAI_BASE_URL=unreachable_openai_url())
    args = ("department", "draft", "--client", "Acme Ltd", "--name", "Engineering")
    result = run_cli(*args, data_dir=data, env=env)
    assert result.returncode == 2 and result.stdout == ""
    assert "connection refused" in result.stderr and result.stderr.count("\n") == 1
