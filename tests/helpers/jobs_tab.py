"""Driving the Jobs tab of a real window: a client with a profile and a department, jobs
saved through the service, the tab opened on them, and what the tests read off it."""

from __future__ import annotations

import sqlalchemy as sa

from headhunter_desktop.core.analytics.tables import usage_records
from headhunter_desktop.core.domain.client_profile import ClientProfile, FineTuning
from headhunter_desktop.core.domain.department import (
    DepartmentProfile,
    DepartmentProfileDraft,
    JobTemplate,
)
from headhunter_desktop.core.domain.job_posting import JobPosting, JobPostingDraft
from headhunter_desktop.core.services.clients import ClientSummary
from headhunter_desktop.ui.jobs.jobs_tab import JobsTab
from headhunter_desktop.ui.shell.main_window import MainWindow
from tests.fakes import FakeOpenAIServer
from tests.helpers.field_forms import text_of
from tests.helpers.waiting import wait_for

ACME_PROFILE = ClientProfile(
    name="Acme Robotics GmbH",
    website="https://acme-robotics.example",
    tagline="Robots that fold laundry",
    description="Acme builds household robots in Berlin since 2012.",
    benefits=["30 days of holiday"],
    fine_tuning=FineTuning(tone="warm, direct, no hype", words_to_avoid=["rockstar"]),
)
PLATFORM = DepartmentProfileDraft(
    description="The platform team runs the fleet's cloud services.",
    technologies=["Kubernetes", "Terraform"],
    job_templates=[
        JobTemplate(title="Backend Engineer", description="Builds the fleet API."),
        JobTemplate(title="Site Reliability Engineer", description="Keeps 40,000 robots online."),
    ],
)


async def add_client(window: MainWindow, profile: ClientProfile = ACME_PROFILE) -> ClientSummary:
    """A client company with `profile`, chosen as the window's client."""
    services = window.services
    client = await window.directory.create(profile.name)
    await services.clients.save_profile(client.id, profile)
    window.directory.select(client.id)
    return client


async def add_department(
    window: MainWindow,
    client_id: int,
    name: str = "Platform",
    fields: DepartmentProfileDraft = PLATFORM,
) -> DepartmentProfile:
    """A department of the client, saved through the service."""
    profile = DepartmentProfile(client_id=client_id, name=name, fields=fields)
    return await window.services.departments.save(profile)


async def add_job(window: MainWindow, job: JobPosting) -> JobPosting:
    """`job` saved through the service (a new id), for the tab to list."""
    return await window.services.jobs.save(job.model_copy(update={"id": None}))


def jobs_tab(window: MainWindow) -> JobsTab:
    """The window's Jobs tab, shown."""
    tab = window.tab(JobsTab)
    window.tab_widget.setCurrentWidget(tab)
    return tab


async def tab_settled(window: MainWindow) -> None:
    """Until the Jobs tab's loads and saves are done."""
    tasks = window.tasks
    names = ("jobs.load", "jobs.refresh", "jobs.open", "jobs.save", "jobs.status", "jobs.delete")
    await wait_for(lambda: not any(tasks.running(name) for name in names), 10)


def field_text(tab: JobsTab, key: str) -> str:
    """What the editor's text, list or line field `key` shows."""
    return text_of(tab.editor.form, key)


def usage_rows(window: MainWindow, action: str) -> list[dict[str, object]]:
    """The usage records of `action`, as dicts, oldest first."""
    assert window.services.usage_writer.flush(10)
    query = sa.select(usage_records).where(usage_records.c.action == action)
    query = query.order_by(usage_records.c.occurred_at)
    with window.services.usage.engine().connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def prompt_of(fake: FakeOpenAIServer, index: int = -1) -> str:
    """The user message of a chat request the fake server got (the newest by default)."""
    body = fake.chat_requests()[index].body
    assert body is not None
    return str(body["messages"][1]["content"])


def posting_json(fields: JobPostingDraft) -> str:
    """The answer a model streams for a posting: its JSON, indented."""
    return fields.model_dump_json(indent=1)


def long_description(words: int) -> str:
    """A description of `words` numbered words after an opening sentence."""
    return "You build the fleet API. " + " ".join(f"word{i}" for i in range(words)) + "."
