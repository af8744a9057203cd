"""`headhunter-desktop cv list [--client NAME] [--json]`: the candidates in the pool with
their ids (the newest first), so that a script can find the one an interview is for."""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import dataclass
from typing import Any

from headhunter_desktop.commands.json_output import print_json
from headhunter_desktop.commands.text_table import print_table
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.candidates import CandidateSummary
from headhunter_desktop.core.services.configuration import EffectiveConfig, SettingsStore

HEADINGS = ("ID", "Name", "Title", "Status", "Client")


@dataclass(frozen=True)
class ListedCandidate:
    """A candidate and the name of the client company it was imported for."""

    summary: CandidateSummary
    client: str | None


def run_cv_list(args: argparse.Namespace, config: EffectiveConfig) -> int:
    """Print the candidates (of one client with --client); 0 on success."""
    services = AppServices.open(config, SettingsStore())
    try:
        people = asyncio.run(_people(services, args.client))
    finally:
        services.close_sync()
    if args.json:
        print_json([candidate_document(person) for person in people])
    elif not people:
        print("No candidates yet: import CVs with `cv import PATH`.")
    else:
        print_table(HEADINGS, [_row(person) for person in people])
    return 0


async def _people(services: AppServices, client: str | None) -> list[ListedCandidate]:
    try:
        names = {c.id: c.name for c in await services.clients.list()}
        client_id = None if client is None else (await services.clients.named(client)).id
        summaries = await _all(services, client_id)
        return [ListedCandidate(s, names.get(s.client_company_id or -1)) for s in summaries]
    finally:
        await services.aclose()


async def _all(services: AppServices, client_id: int | None) -> list[CandidateSummary]:
    # The app's list stops at its browsing limit; a script needs every id.
    candidates = services.candidates
    if client_id is None:  # the whole pool (a None filter is the agency's own candidates)
        page = await candidates.newest()
        return await candidates.list(limit=page.total) if page.is_partial else page.people
    page = await candidates.newest(client_id)
    return await candidates.list(client_id, limit=page.total) if page.is_partial else page.people


def candidate_document(person: ListedCandidate) -> dict[str, Any]:
    """One candidate of `--json`."""
    summary = person.summary
    return {
        "id": summary.id,
        "name": summary.name,
        "title": summary.title,
        "status": summary.status,
        "client": person.client,
    }


def _row(person: ListedCandidate) -> list[str]:
    summary = person.summary
    return [str(summary.id), summary.name, summary.title, summary.status, person.client or ""]
