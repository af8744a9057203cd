"""`headhunter-desktop job draft --client NAME --title TITLE [--department NAME]
[--location TEXT] [--remote] [--employment-type TYPE] [--from-file FILE]
[--format json|jsonld|markdown]`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from headhunter_desktop.commands.field_progress import print_field_progress
from headhunter_desktop.commands.json_output import print_json
from headhunter_desktop.core.domain.department import DepartmentProfile
from headhunter_desktop.core.domain.job_posting import EmploymentType, JobPosting
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.configuration import (
    EffectiveConfig,
    NoApiKeyError,
    SettingsStore,
)
from headhunter_desktop.core.services.jobs import JobRequest


@dataclass(frozen=True)
class DraftOutput:
    """What the command prints: the saved job, and its export in the chosen format."""

    client_name: str
    job: JobPosting
    export: Any = None  # the Markdown text or the JSON-LD document
    export_error: str | None = None  # why the export failed (the job is saved all the same)


def run_job(args: argparse.Namespace, config: EffectiveConfig) -> int:
    """Write a posting in the client's voice (or analyse a raw description) and save it,
    billed to the client; field progress on stderr, the result on stdout. Exit 1 when the
    job was saved but cannot be exported in the format asked for."""
    services = AppServices.open(config, SettingsStore())
    try:
        output = asyncio.run(_draft(services, args))
    finally:
        services.close_sync()
    if output.export_error is not None:
        saved = f"job {output.job.id} was saved but not exported"
        print(f"error: {saved}: {output.export_error}", file=sys.stderr)
        return 1
    if args.format == "json":
        print_json({**output.job.model_dump(mode="json"), "client": output.client_name})
    elif args.format == "jsonld":
        print_json(output.export)
    else:
        print(output.export)
    return 0


async def _draft(services: AppServices, args: argparse.Namespace) -> DraftOutput:
    try:
        if not services.llm_ready():
            raise NoApiKeyError()
        client = await services.clients.named(args.client)
        department = await _department(services, client.id, client.name, args.department)
        # Read before paying for anything: a file that cannot be read costs nothing.
        description = None
        if args.from_file:
            description = await services.jobs.read_description(Path(args.from_file))
        request = _request(args, department)
        job = await services.jobs.draft(
            client.id, request, description=description, on_update=print_field_progress
        )
        return await _exported(services, client.name, job, args.format)
    finally:
        await services.aclose()


async def _department(
    services: AppServices, client_id: int, client_name: str, name: str | None
) -> DepartmentProfile | None:
    if name is None:
        return None
    wanted = " ".join(name.split()).casefold()
    for department in await services.departments.list(client_id):
        if " ".join(department.name.split()).casefold() == wanted:
            return department
    raise UserFacingError(f"{client_name} has no department named '{name}'.")


def _request(args: argparse.Namespace, department: DepartmentProfile | None) -> JobRequest:
    kind = EmploymentType(args.employment_type) if args.employment_type else None
    return JobRequest(
        title=args.title,
        department_id=None if department is None else department.id,
        location=args.location,
        remote=args.remote,
        employment_type=kind,
    )


async def _exported(
    services: AppServices, client_name: str, job: JobPosting, fmt: str
) -> DraftOutput:
    assert job.id is not None  # saved
    try:
        if fmt == "jsonld":
            return DraftOutput(client_name, job, await services.jobs.export_jsonld(job.id))
        if fmt == "markdown":
            return DraftOutput(client_name, job, await services.jobs.export_markdown(job.id))
    except UserFacingError as exc:
        return DraftOutput(client_name, job, export_error=str(exc))
    return DraftOutput(client_name, job)
