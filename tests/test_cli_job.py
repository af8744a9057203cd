"""`job draft` end to end: a real process against the local test server, the posting saved
in the data folder, its call billed to the client, the result on stdout."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from headhunter_desktop.core.domain.client_profile import ClientProfile, FineTuning
from headhunter_desktop.core.domain.department import DepartmentProfile, DepartmentProfileDraft
from headhunter_desktop.core.domain.job_posting import JobPosting
from headhunter_desktop.core.services.app_services import AppServices
from tests.fakes import FakeOpenAIServer
from tests.fakes.generation_responder import schema_responder
from tests.helpers.app_services import run_on_data_folder
from tests.helpers.cli import run_cli
from tests.helpers.jobposting_validator import validate_job_posting
from tests.helpers.network import unreachable_openai_url

SKILLS = ["Go", "Kubernetes"]
PLATFORM = DepartmentProfileDraft(description="Runs the deployment systems of 400 stations.")


async def add_acme(services: AppServices) -> None:
    acme = await services.clients.create("Acme Ltd")
    voice = FineTuning(tone="plain", words_to_avoid=["rockstar"])
    await services.clients.save_profile(acme.id, ClientProfile(name="Acme Ltd", fine_tuning=voice))
    await services.departments.save(
        DepartmentProfile(client_id=acme.id, name="Platform", fields=PLATFORM)
    )


async def saved_and_billed(services: AppServices) -> tuple[list[JobPosting], list[Any]]:
    acme = await services.clients.named("Acme Ltd")
    jobs = [await services.jobs.get(summary.id) for summary in await services.jobs.list(acme.id)]
    rows = await services.usage.breakdown(services.usage.query(acme.uuid, None, None), "action")
    return jobs, sorted((row.action, row.calls) for row in rows)


@pytest.fixture
def data(fake_openai_env: FakeOpenAIServer, tmp_path: Path) -> Path:
    """A data folder with the client Acme Ltd and its Platform department; the fake server
    writes postings (in Hamburg, without pay)."""
    location = {"locality": "Hamburg", "country": "DE"}
    overrides = {"skills_required": SKILLS, "location": location, "salary_range": None}
    fake_openai_env.responder = schema_responder(overrides)
    folder = tmp_path / "data"
    run_on_data_folder(folder, add_acme)
    return folder


def last_user_message(server: FakeOpenAIServer) -> str:
    return str((server.chat_requests()[-1].body or {})["messages"][1]["content"])


def test_draft_saves_the_posting_prints_it_with_its_id_and_bills_the_client(
    data: Path, fake_openai_env: FakeOpenAIServer
) -> None:
    args = ("job", "draft", "--client", "acme ltd", "--title", "Senior SRE")
    options = ("--department", "PLATFORM", "--location", "Hamburg, DE")
    result = run_cli(*args, *options, "--employment-type", "PART_TIME", "--format", "json",
                     data_dir=data)  # fmt: skip
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert isinstance(doc["id"], int) and doc["client"] == "Acme Ltd" and doc["ai_drafted"]
    assert doc["fields"]["title"] == "Senior SRE" and doc["fields"]["skills_required"] == SKILLS
    assert doc["fields"]["employment_type"] == "PART_TIME" and doc["status"] == "draft"
    progress = result.stderr.splitlines()  # one line per field, as each completes
    assert [line.split(":")[0] for line in progress[:2]] == ["title", "description"]
    assert "skills required: 2 items" in progress
    message = last_user_message(fake_openai_env)
    assert PLATFORM.description in message and "rockstar" in message
    assert "Location: Hamburg, DE" in message

    jobs, billed = run_on_data_folder(data, saved_and_billed)
    assert [(job.id, job.department_id is not None) for job in jobs] == [(doc["id"], True)]
    assert billed == [("generate_job", 1)]


def test_from_file_analyses_the_description_and_prints_json_ld(
    data: Path, fake_openai_env: FakeOpenAIServer, tmp_path: Path
) -> None:
    ad = tmp_path / "ad.txt"
    ad.write_text("Wanted: a signalling engineer for interlocking software.\n", encoding="utf-8")
    args = ("job", "draft", "--client", "Acme Ltd", "--title", "Signalling Engineer")
    result = run_cli(*args, "--from-file", str(ad), "--format", "jsonld", data_dir=data)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["@type"] == "JobPosting" and doc["title"] == "Signalling Engineer"
    assert doc["hiringOrganization"]["name"] == "Acme Ltd"
    assert validate_job_posting(doc)[0] == []  # no errors by Google's rules
    message = last_user_message(fake_openai_env)
    assert "<job_description>\nWanted: a signalling engineer" in message

    markdown = run_cli(*args, "--from-file", str(tmp_path / "gone.pdf"), data_dir=data)
    assert markdown.returncode == 2 and markdown.stdout == ""
    assert markdown.stderr.startswith("error: gone.pdf: the file cannot be read")
    jobs, billed = run_on_data_folder(data, saved_and_billed)
    assert len(jobs) == 1 and billed == [("analyze_job", 1)]  # nothing paid for the missing file


def test_unknown_client_or_department_or_a_failed_export_is_a_one_line_error(
    data: Path, fake_openai_env: FakeOpenAIServer
) -> None:
    unknown = run_cli("job", "draft", "--client", "Nobody", "--title", "SRE", data_dir=data)
    assert unknown.returncode == 2 and unknown.stdout == ""
    assert unknown.stderr == "error: There is no client company named 'Nobody'.\n"
    args = ("job", "draft", "--client", "Acme Ltd", "--title", "SRE", "--department", "Legal")
    no_department = run_cli(*args, data_dir=data)
    assert no_department.returncode == 2 and no_department.stdout == ""
    assert no_department.stderr == "error: Acme Ltd has no department named 'Legal'.\n"
    assert fake_openai_env.chat_requests() == []

    # An on-site job the model gave no location: saved, but Google needs one (exit 1).
    fake_openai_env.responder = schema_responder({"location": None, "remote_policy": "onsite"})
    args = ("job", "draft", "--client", "Acme Ltd", "--title", "SRE", "--format", "jsonld")
    unexportable = run_cli(*args, data_dir=data)
    assert unexportable.returncode == 1 and unexportable.stdout == ""
    [error] = [line for line in unexportable.stderr.splitlines() if line.startswith("error:")]
    assert error.startswith("error: job 1 was saved but not exported: ") and "location" in error


def test_no_key_or_no_server_is_a_one_line_error(data: Path) -> None:
    args = ("job", "draft", "--client", "Acme Ltd", "--title", "SRE")
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL")}
    no_key = run_cli(*args, data_dir=data, env=env)
    assert no_key.returncode == 2 and no_key.stdout == ""
    assert no_key.stderr.startswith("error: No OpenAI API key") and no_key.stderr.count("\n") == 1
    env = dict(os.environ, OPENAI_BASE_URL=unreachable_openai_url())
    unreachable = run_cli(*args, data_dir=data, env=env)
    assert unreachable.returncode == 2 and unreachable.stdout == ""
    assert "connection refused" in unreachable.stderr and unreachable.stderr.count("\n") == 1
