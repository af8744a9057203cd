"""Damage inside an SQLite file, as a failing disk or a torn copy leaves it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from headhunter_desktop.core.storage.database import MainDatabase
from tests.helpers.candidates import Person, add_clients, add_people


def damage_table_page(path: Path, table: str) -> int:
    """Overwrite the middle and end of one leaf page of `table` with garbage; its page number.

    The header of the file and of the page stay intact, so the file still opens as a
    database: only reading that page (or an integrity check) finds the damage. Call it
    on a closed database (its WAL is folded into the file first).
    """
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        pages = [
            row[0]
            for row in connection.execute(
                "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
                (table,),
            )
        ]
    assert pages, f"{table} has no leaf page in {path}"
    page = pages[len(pages) // 2]
    with path.open("r+b") as file:
        # From a quarter into the page to its end: the cells, which sit at the page's end.
        file.seek((page - 1) * page_size + page_size // 4)
        file.write(b"\xa5" * (page_size - page_size // 4))
    return page


def main_db_with_candidates(path: Path, candidates: int = 60, clients: int = 150) -> None:
    """A main database at `path` with enough candidates and clients to fill several pages."""
    words = " ".join(f"skill{n} project{n} team{n}" for n in range(120))
    people = [
        Person(i, f"Candidate {i}", f"Candidate {i}\n{words}") for i in range(1, candidates + 1)
    ]
    with MainDatabase.for_file(path) as db:
        add_clients(db, *range(1, clients + 1))
        add_people(db, people)
