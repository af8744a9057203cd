"""The shared client directory: the first laptop to register a name decides its UUID."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from headhunter_desktop.core.analytics.client_directory import claim_name, find_entry
from headhunter_desktop.core.analytics.db import open_analytics_db
from tests.helpers.usage_records import client_uuid_of

ACME, OTHER = client_uuid_of(1), client_uuid_of(2)


def test_a_free_name_is_registered_and_a_taken_one_names_its_holder(engine: sa.Engine) -> None:
    assert find_entry(engine, "acme ltd") is None
    mine = claim_name(engine, ACME, "Acme Ltd", "acme ltd", "ana@laptop-a")
    assert (mine.uuid, mine.name, mine.created_by) == (ACME, "Acme Ltd", "ana@laptop-a")
    theirs = claim_name(engine, OTHER, "ACME  Ltd", "acme ltd", "bo@laptop-b")
    assert theirs == mine  # laptop B adopts Acme's UUID; the entry is unchanged
    assert find_entry(engine, "acme ltd") == mine


def test_claiming_again_is_harmless(engine: sa.Engine) -> None:
    first = claim_name(engine, ACME, "Acme Ltd", "acme ltd", "ana@laptop-a")
    assert claim_name(engine, ACME, "Acme Ltd", "acme ltd", "ana@laptop-a") == first
    # A UUID registered under another name keeps its entry: it is not registered twice.
    assert claim_name(engine, ACME, "Acme Group", "acme group", "ana@laptop-a") == first
    assert find_entry(engine, "acme group") is None


def test_laptops_claiming_one_name_at_once_agree(db_url: str) -> None:
    engines = [open_analytics_db(db_url) for _ in range(4)]
    try:
        with ThreadPoolExecutor(len(engines)) as pool:
            claims = [
                pool.submit(claim_name, engine, client_uuid_of(i), "Acme", "acme", f"u{i}@host")
                for i, engine in enumerate(engines)
            ]
            holders = {claim.result().uuid for claim in claims}
    finally:
        for engine in engines:
            engine.dispose()
    assert len(holders) == 1
