"""Many candidates written straight into the main database, as an old, big pool would be."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from headhunter_desktop.core.storage.database import MainDatabase
from headhunter_desktop.core.storage.tables import Candidate, ParseStatus

PROFILES: list[dict[str, Any] | None] = [
    {"currentTitle": "Data Engineer", "basics": {"label": "Engineer"}, "yearsOfExperience": 7.5},
    {"currentTitle": "", "basics": {"label": "Pastry Chef"}, "yearsOfExperience": 3},
    {"basics": None},
    None,
]


def insert_candidates(db: MainDatabase, total: int) -> None:
    """`total` candidates straight into the table: every 10th for client 1, profiles varied."""

    def insert(session: Session) -> None:
        session.execute(
            sa.insert(Candidate),
            [
                {
                    "id": i, "display_name": f"Person {i}", "extracted_text": "CV text",
                    "profile_json": PROFILES[i % len(PROFILES)], "profile_edited_fields": [],
                    "parse_status": ParseStatus.DONE if i % 7 else ParseStatus.FAILED,
                    "parse_error": None if i % 7 else "unreadable",
                    "client_company_id": 1 if i % 10 == 0 else None,
                }
                for i in range(1, total + 1)
            ],
        )  # fmt: skip

    db.run_sync(insert)
