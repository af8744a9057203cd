"""`client add | list | rename | delete` end to end: the real command line in a child
process on a data folder (no LLM needed)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session

from headhunter_desktop.core.analytics.client_directory import claim_name
from headhunter_desktop.core.services.app_services import AppServices
from headhunter_desktop.core.storage.tables import Candidate, Department, name_key
from tests.helpers.app_services import run_on_data_folder
from tests.helpers.cli import run_cli

ELSEWHERE = "00000000-0000-4000-a000-00000000beef"


def register_elsewhere(folder: Path, name: str) -> None:
    """`name` in the shared client directory, as another laptop registered it."""

    async def claim(services: AppServices) -> None:
        claim_name(services.usage.engine(), ELSEWHERE, name, name_key(name), "bo@laptop-b")

    run_on_data_folder(folder, claim)


def give_work(folder: Path, client_id: int) -> None:
    """A candidate and a department for the client, and a second client, Beta."""

    def add(session: Session) -> None:
        session.add(
            Candidate(display_name="Ada", extracted_text="Ada", client_company_id=client_id)
        )
        session.add(Department(client_company_id=client_id, name="Bridges"))

    async def work(services: AppServices) -> None:
        await services.db.run(add)
        await services.clients.create("Beta")

    run_on_data_folder(folder, work)


def remaining(folder: Path) -> tuple[list[str], list[int | None], int]:
    """Client names, the candidates' client ids, and the number of departments."""

    def read(session: Session) -> tuple[list[int | None], int]:
        owners = [c.client_company_id for c in session.query(Candidate)]
        return owners, session.query(Department).count()

    async def work(services: AppServices) -> tuple[list[str], list[int | None], int]:
        names = [c.name for c in await services.clients.list()]
        return (names, *await services.db.run(read))

    return run_on_data_folder(folder, work)


def test_a_client_is_added_listed_renamed_and_deleted(tmp_path: Path) -> None:
    data = tmp_path / "data"
    register_elsewhere(data, "Acme Ltd")

    added = run_cli("client", "add", "  Acme Ltd ", data_dir=data)
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "Added client Acme Ltd (id 1)."
    # The shared directory's note: this laptop now works for the other laptop's client.
    assert "already in the shared client directory" in added.stderr
    assert "bo@laptop-b" in added.stderr
    give_work(data, client_id=1)

    table = run_cli("client", "list", data_dir=data)
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines() == [
        "Client    Departments  Jobs  Candidates",
        "Acme Ltd            1     0           1",
        "Beta                0     0           0",
    ]
    listed = run_cli("client", "list", "--json", data_dir=data)
    assert listed.returncode == 0, listed.stderr
    acme, beta = json.loads(listed.stdout)
    assert acme == {
        "id": 1, "name": "Acme Ltd", "uuid": ELSEWHERE,
        "candidates": 1, "departments": 1, "jobs": 0,
    }  # fmt: skip
    assert beta["name"] == "Beta" and beta["uuid"] != ELSEWHERE

    renamed = run_cli("client", "rename", "acme ltd", "Acme Group", "--json", data_dir=data)
    assert renamed.returncode == 0, renamed.stderr
    assert json.loads(renamed.stdout) | {"name": "Acme Ltd"} == acme

    refused = run_cli("client", "delete", "Acme Group", data_dir=data)
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr.strip() == (
        "error: Deleting 'Acme Group' deletes its 1 department and 0 jobs and moves its "
        "1 candidate to the agency's own pool (recorded LLM usage is kept for billing): "
        "add --yes to delete it."
    )
    assert remaining(data) == (["Acme Group", "Beta"], [1], 1)

    deleted = run_cli("client", "delete", "acme group", "--yes", data_dir=data)
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout.strip() == (
        "Deleted client Acme Group; its 1 candidate moved to the agency's own pool."
    )
    assert remaining(data) == (["Beta"], [None], 0)


def test_mistakes_are_one_line_on_stderr_and_exit_2(tmp_path: Path) -> None:
    data = tmp_path / "data"
    run_on_data_folder(data, lambda services: services.clients.create("Acme Ltd"))
    for args, message in (
        (("client", "add", "ACME  ltd"), "error: A client named 'Acme Ltd' already exists."),
        (("client", "add", "   "), "error: A client needs a name."),
        (
            ("client", "rename", "Nobody", "Somebody"),
            "error: There is no client company named 'Nobody'.",
        ),
        (
            ("client", "delete", "Nobody", "--yes"),
            "error: There is no client company named 'Nobody'.",
        ),
    ):
        result = run_cli(*args, data_dir=data)
        assert (result.returncode, result.stdout) == (2, ""), args
        assert result.stderr.strip() == message, args
    assert remaining(data) == (["Acme Ltd"], [], 0)
