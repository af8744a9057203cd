"""`headhunter-desktop department draft --client NAME --name DEPT [--json]`."""

from __future__ import annotations

import argparse
import asyncio

from headhunter_desktop.commands.field_progress import print_field_progress
from headhunter_desktop.commands.json_output import print_json
from headhunter_desktop.core.domain.department import DepartmentProfile
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.configuration import (
    EffectiveConfig,
    NoApiKeyError,
    SettingsStore,
)


def run_department(args: argparse.Namespace, config: EffectiveConfig) -> int:
    """Generate a department's profile in the client's voice and save it (billed to the
    client); field progress on stderr, the saved profile on stdout."""
    services = AppServices.open(config, SettingsStore())
    try:
        client_name, profile = asyncio.run(_draft(services, args.client, args.name))
    finally:
        services.close_sync()
    if args.json:
        print_json({**profile.model_dump(mode="json"), "client": client_name})
    else:
        print(summary_text(client_name, profile))
    return 0


async def _draft(
    services: AppServices, client_name: str, name: str
) -> tuple[str, DepartmentProfile]:
    try:
        if not services.llm_ready():
            raise NoApiKeyError()
        client = await services.clients.named(client_name)
        profile = await services.departments.draft(client.id, name, on_update=print_field_progress)
        return client.name, profile
    finally:
        await services.aclose()


def summary_text(client_name: str, profile: DepartmentProfile) -> str:
    """The saved profile as a person reads it on a terminal."""
    fields = profile.fields
    lines = [f"{profile.name} — {client_name} (department {profile.id})", "", fields.description]
    if fields.technologies:
        lines += ["", f"Technologies: {', '.join(fields.technologies)}"]
    if fields.job_templates:
        lines += ["", "Job templates:"]
        lines += [_template_line(t.title, t.technologies) for t in fields.job_templates]
    return "\n".join(lines)


def _template_line(title: str, technologies: list[str]) -> str:
    return f"- {title} ({', '.join(technologies)})" if technologies else f"- {title}"
