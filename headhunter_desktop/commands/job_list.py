"""`headhunter-desktop job list --client NAME [--json]`: the client's jobs with their ids,
so that a script can find the job an interview is for."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from headhunter_desktop.commands.json_output import print_json
from headhunter_desktop.commands.text_table import print_table
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.configuration import EffectiveConfig, SettingsStore
from headhunter_desktop.core.services.jobs import JobSummary

HEADINGS = ("ID", "Title", "Status", "Department")


def run_job_list(args: argparse.Namespace, config: EffectiveConfig) -> int:
    """Print the client's jobs, the newest first; 0 on success."""
    services = AppServices.open(config, SettingsStore())
    try:
        client_name, jobs = asyncio.run(_jobs(services, args.client))
    finally:
        services.close_sync()
    if args.json:
        print_json([job_document(job) for job in jobs])
    elif not jobs:
        print(f"{client_name} has no jobs yet: write one with `job draft`.")
    else:
        print_table(HEADINGS, [_row(job) for job in jobs])
    return 0


async def _jobs(services: AppServices, client: str) -> tuple[str, list[JobSummary]]:
    try:
        found = await services.clients.named(client)
        return found.name, await services.jobs.list(found.id)
    finally:
        await services.aclose()


def job_document(job: JobSummary) -> dict[str, Any]:
    """One job of `--json`."""
    return {
        "id": job.id,
        "title": job.title,
        "status": job.status.value,
        "department": job.department_name,
        "updated_at": job.updated_at.isoformat(),
    }


def _row(job: JobSummary) -> list[str]:
    return [str(job.id), job.title, job.status.value, job.department_name or ""]
