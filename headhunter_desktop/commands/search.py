"""`headhunter-desktop search QUERY [--limit N] [--client NAME] [--json]`."""

from __future__ import annotations

import argparse
import asyncio
import sys

from headhunter_desktop.commands.json_output import print_json
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.services.configuration import EffectiveConfig, SettingsStore
from headhunter_desktop.core.services.talent_pool import SearchOutcome

# Far more than a shortlist; a larger number only slows the ranking down (or overflows SQL).
MAX_LIMIT = 1_000


def run_search(args: argparse.Namespace, config: EffectiveConfig) -> int:
    """Search the talent pool by keyword and meaning; print the ranked candidates."""
    if not 1 <= args.limit <= MAX_LIMIT:
        raise UserFacingError(f"--limit must be a number from 1 to {MAX_LIMIT:,}.")
    services = AppServices.open(config, SettingsStore())
    try:
        outcome = asyncio.run(_search(services, args.query, args.limit, args.client))
    finally:
        services.close_sync()
    if outcome.keyword_only_reason:
        print(outcome.keyword_only_reason, file=sys.stderr)
    if args.json:
        print_json(_document(args.query, outcome))
        return 0
    if not outcome.results:
        print("No candidates match.")
    for rank, r in enumerate(outcome.results, 1):
        print(f"{rank:>3}. {r.candidate.name} — {r.candidate.title or '?'}  ({r.why})")
    return 0


async def _search(
    services: AppServices, query: str, limit: int, client_name: str | None
) -> SearchOutcome:
    try:
        client_id = None
        if client_name:
            client_id = (await services.clients.named(client_name)).id
        # The client pays for the query's embedding; the whole pool is searched.
        return await services.talent_pool.search(query, limit, client_id=client_id)
    finally:
        await services.aclose()


def _document(query: str, outcome: SearchOutcome) -> dict:
    return {
        "query": query,
        "keyword_only": outcome.keyword_only_reason,
        "results": [
            {
                "candidate_id": r.candidate.id,
                "name": r.candidate.name,
                "title": r.candidate.title,
                "score": r.score,
                "matched_terms": r.matched_terms,
                "similarity": r.similarity,
                "meaning_strength": r.strength,
                "why": r.why,
            }
            for r in outcome.results
        ],
    }
