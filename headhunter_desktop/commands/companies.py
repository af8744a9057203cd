"""`headhunter-desktop company read-website --client NAME URL [--replace] [--json]`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import dataclass
from typing import Any

from headhunter_desktop.commands.field_progress import print_field_progress
from headhunter_desktop.commands.json_output import print_json
from headhunter_desktop.core.domain.client_profile import (
    FIELD_LABELS,
    WEBSITE_FIELDS,
    ClientProfile,
    FieldSource,
)
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.company_profiles import (
    FieldConflict,
    PageRecord,
    ProfileMerge,
    WebsiteReading,
)
from headhunter_desktop.core.services.configuration import (
    EffectiveConfig,
    NoApiKeyError,
    SettingsStore,
)


@dataclass(frozen=True)
class ReadOutput:
    """What the command prints: the profile saved and how it was read."""

    client_name: str
    reading: WebsiteReading
    merge: ProfileMerge
    saved: ClientProfile
    replaced: bool

    @property
    def warnings(self) -> list[str]:
        """The read's warnings, and each field the site states otherwise (kept or replaced)."""
        said = "replaced by the site's" if self.replaced else "kept (--replace takes the site's)"
        return self.merge.found.warnings + [
            _conflict_warning(conflict, said) for conflict in self.merge.conflicts
        ]


def run_company(args: argparse.Namespace, config: EffectiveConfig) -> int:
    """Read the client's website into its profile (billed to the client) and save what it
    found: empty fields filled, others only with --replace. Pages (each as it is done)
    and field progress on stderr, the profile on stdout; exit 2 when nothing could be
    read."""
    services = AppServices.open(config, SettingsStore())
    try:
        output = asyncio.run(_read(services, args))
    finally:
        services.close_sync()
    if args.json:
        print_json(json_document(output))
    else:
        print(summary_text(output))
    return 0


async def _read(services: AppServices, args: argparse.Namespace) -> ReadOutput:
    try:
        if not services.llm_ready():
            raise NoApiKeyError()
        client = await services.clients.named(args.client)
        profiles = services.company_profiles
        reading = await profiles.read_website(args.url, on_page=_print_page)
        found = await profiles.find(client.id, reading, on_update=print_field_progress)
        merge = profiles.merge(await services.clients.profile(client.id), found)
        accepted = merge.conflict_fields if args.replace else set()
        saved = await profiles.save_merged(client.id, merge, accepted)
        return ReadOutput(client.name, reading, merge, saved, args.replace)
    finally:
        await services.aclose()


def _print_page(page: PageRecord) -> None:
    print(page_line(page), file=sys.stderr, flush=True)


def page_line(page: PageRecord) -> str:
    """One page of the read, as stderr shows it."""
    if page.skipped_reason and not page.used:
        return f"page {page.url}: skipped, {page.skipped_reason}"
    status = "" if page.status is None else f"HTTP {page.status}, "
    note = f"; {page.skipped_reason}" if page.skipped_reason else ""
    done = "read" if page.used else "not used"
    return f"page {page.url}: {done} ({status}{_size(page.bytes)}){note}"


def json_document(output: ReadOutput) -> dict[str, Any]:
    """The --json document: the saved profile's website fields (null when empty), their
    sources, the pages and the warnings."""
    saved = output.saved
    profile = {
        name: None if saved.is_empty(name) else _plain(saved, name) for name in WEBSITE_FIELDS
    }
    return {
        "client": output.client_name,
        "profile": profile,
        "sources": {name: source.model_dump() for name, source in saved.sources.items()},
        "pages": [_page_document(page) for page in output.reading.pages],
        "warnings": output.warnings,
    }


def summary_text(output: ReadOutput) -> str:
    """The saved profile as a person reads it on a terminal, each value with its source."""
    saved, reading = output.saved, output.reading
    used = sum(page.used for page in reading.pages)
    lines = [
        f"{output.client_name} — profile read from {reading.url} "
        f"({used} of {len(reading.pages)} pages used)",
        "",
    ]
    for name in WEBSITE_FIELDS:
        if not saved.is_empty(name):
            value = _shown(getattr(saved, name))
            lines.append(f"{FIELD_LABELS[name]}: {value}{_from(saved.sources.get(name))}")
    if output.warnings:
        lines += ["", "Warnings:", *(f"- {warning}" for warning in output.warnings)]
    return "\n".join(lines)


def _conflict_warning(conflict: FieldConflict, said: str) -> str:
    return (
        f"The site states the {conflict.label.lower()} otherwise (“{_shown(conflict.found)}”); "
        f"the profile's “{_shown(conflict.current)}” was {said}."
    )


def _page_document(page: PageRecord) -> dict[str, Any]:
    return {
        "url": page.url,
        "status": page.status,
        "bytes": page.bytes,
        "used": page.used,
        "skipped_reason": page.skipped_reason,
    }


def _plain(profile: ClientProfile, name: str) -> Any:
    return profile.model_dump(mode="json", include={name})[name]


def _shown(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _from(source: FieldSource | None) -> str:
    if source is None:
        return ""
    return f"  [{source.method}{', ' + source.url if source.url else ''}]"


def _size(count: int) -> str:
    return f"{count:,} bytes" if count < 10_000 else f"{count // 1000:,} kB"
