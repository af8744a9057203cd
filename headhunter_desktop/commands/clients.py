"""`headhunter-desktop client add NAME | list | rename OLD NEW | delete NAME --yes`, each
with `--json`: the client companies a headless user works for (`cv import --client` needs one).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from headhunter_desktop.commands.json_output import print_json
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.clients import ClientService, ClientSummary
from headhunter_desktop.core.services.configuration import EffectiveConfig, SettingsStore

Work = Callable[[ClientService, argparse.Namespace], Awaitable[Any]]
# The table of `client list`: (heading, ClientSummary field).
COLUMNS = (
    ("Client", "name"),
    ("Departments", "departments"),
    ("Jobs", "jobs"),
    ("Candidates", "candidates"),
)


def run_client(args: argparse.Namespace, config: EffectiveConfig) -> int:
    """Run one `client` sub-command on the data folder; 0 on success."""
    work, show = _COMMANDS[args.client_command]
    services = AppServices.open(config, SettingsStore())
    try:
        result = asyncio.run(_run(services, work, args))
    finally:
        services.close_sync()
    if args.json:
        print_json(_document(result))
    else:
        show(result)
    return 0


async def _run(services: AppServices, work: Work, args: argparse.Namespace) -> Any:
    try:
        return await work(services.clients, args)
    finally:
        await services.aclose()


# -- the sub-commands ---------------------------------------------------------------------
async def _add(clients: ClientService, args: argparse.Namespace) -> ClientSummary:
    created = await clients.create(args.name)
    if created.note:
        print(created.note, file=sys.stderr)
    return created


async def _list(clients: ClientService, _args: argparse.Namespace) -> list[ClientSummary]:
    return await clients.list()


async def _rename(clients: ClientService, args: argparse.Namespace) -> ClientSummary:
    client = await clients.named(args.old)
    return await clients.rename(client.id, args.new)


async def _delete(clients: ClientService, args: argparse.Namespace) -> ClientSummary:
    client = await clients.named(args.name)
    if not args.yes:
        raise UserFacingError(
            f"Deleting '{client.name}' {_consequences(client)}: add --yes to delete it."
        )
    return await clients.delete(client.id)


def _consequences(client: ClientSummary) -> str:
    deleted = f"deletes its {_count(client.departments, 'department')} and "
    deleted += f"{_count(client.jobs, 'job')}"
    moved = f"moves its {_count(client.candidates, 'candidate')} to the agency's own pool"
    return f"{deleted} and {moved} (recorded LLM usage is kept for billing)"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


# -- output -------------------------------------------------------------------------------
def _document(result: ClientSummary | list[ClientSummary]) -> Any:
    if isinstance(result, list):
        return [dataclasses.asdict(client) for client in result]
    return dataclasses.asdict(result)


def _show_added(client: ClientSummary) -> None:
    print(f"Added client {client.name} (id {client.id}).")


def _show_renamed(client: ClientSummary) -> None:
    print(f"Renamed to {client.name} (id {client.id}).")


def _show_deleted(client: ClientSummary) -> None:
    moved = _count(client.candidates, "candidate")
    print(f"Deleted client {client.name}; its {moved} moved to the agency's own pool.")


def _show_list(clients: list[ClientSummary]) -> None:
    if not clients:
        print("No client companies yet: add one with `client add NAME`.")
        return
    rows = [[title for title, _ in COLUMNS]]
    rows += [[str(getattr(c, field)) for _, field in COLUMNS] for c in clients]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        print("  ".join(cells).rstrip())


_COMMANDS: dict[str, tuple[Work, Callable[[Any], None]]] = {
    "add": (_add, _show_added),
    "list": (_list, _show_list),
    "rename": (_rename, _show_renamed),
    "delete": (_delete, _show_deleted),
}
