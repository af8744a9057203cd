"""`job list` and `cv list` end to end: the real command line in a child process on a data
folder, so that a script can find the ids `interview add` needs (no LLM involved)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from headhunter_desktop.core.services.app_services import AppServices
from tests.helpers.agency_data import Agency, seed_agency
from tests.helpers.app_services import run_on_data_folder
from tests.helpers.candidate_rows import insert_candidates
from tests.helpers.cli import run_cli


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def agency(data: Path) -> Agency:
    return seed_agency(data)


def test_job_list_gives_the_clients_jobs_newest_first(data: Path, agency: Agency) -> None:
    result = run_cli("job", "list", "--client", "acme ltd", "--json", data_dir=data)
    assert result.returncode == 0, result.stderr
    jobs = json.loads(result.stdout)
    assert [(j["id"], j["title"], j["status"], j["department"]) for j in jobs] == [
        (agency.data_job_id, "Data Engineer", "draft", None),
        (agency.sre_job_id, "Site Reliability Engineer", "open", None),
    ]
    text = run_cli("job", "list", "--client", "Beta GmbH", data_dir=data)
    assert text.returncode == 0, text.stderr
    heading, row = text.stdout.splitlines()
    assert heading.split() == ["ID", "Title", "Status", "Department"]
    assert row.split() == [str(agency.beta_job_id), "Accountant", "closed"]


def test_job_list_of_an_unknown_client_or_of_one_without_jobs(data: Path, agency: Agency) -> None:
    unknown = run_cli("job", "list", "--client", "Nobody", data_dir=data)
    assert unknown.returncode == 2 and unknown.stdout == ""
    assert unknown.stderr == "error: There is no client company named 'Nobody'.\n"
    run_on_data_folder(data, lambda services: services.clients.create("Gamma"))
    assert json.loads(run_cli("job", "list", "--client", "Gamma", "--json",
                              data_dir=data).stdout) == []  # fmt: skip
    empty = run_cli("job", "list", "--client", "Gamma", data_dir=data)
    assert empty.returncode == 0 and "Gamma has no jobs yet" in empty.stdout
    missing = run_cli("job", "list", data_dir=data)  # --client is required
    assert missing.returncode == 2 and "--client" in missing.stderr


def test_cv_list_gives_every_candidate_with_its_client(data: Path, agency: Agency) -> None:
    result = run_cli("cv", "list", "--json", data_dir=data)
    assert result.returncode == 0, result.stderr
    people = [(p["id"], p["name"], p["title"], p["status"], p["client"])
              for p in json.loads(result.stdout)]  # fmt: skip
    assert people == [
        (agency.linus_id, "Linus", "", "done", None),
        (agency.grace_id, "Grace Hopper", "", "failed", "Acme Ltd"),
        (agency.ada_id, "Ada Lovelace", "Senior Backend Engineer", "done", "Acme Ltd"),
    ]
    acme = run_cli("cv", "list", "--client", "ACME LTD", data_dir=data)
    assert acme.returncode == 0, acme.stderr
    heading, *rows = acme.stdout.splitlines()
    assert heading.split() == ["ID", "Name", "Title", "Status", "Client"]
    assert [row.split()[:3] for row in rows] == [
        [str(agency.grace_id), "Grace", "Hopper"], [str(agency.ada_id), "Ada", "Lovelace"],
    ]  # fmt: skip
    assert "Senior Backend Engineer" in rows[1] and rows[1].endswith("Acme Ltd")
    beta = run_cli("cv", "list", "--client", "Beta GmbH", data_dir=data)
    assert beta.returncode == 0 and beta.stdout.startswith("No candidates yet")
    unknown = run_cli("cv", "list", "--client", "Nobody", "--json", data_dir=data)
    assert unknown.returncode == 2 and unknown.stdout == ""
    assert unknown.stderr == "error: There is no client company named 'Nobody'.\n"


def test_cv_list_gives_every_id_beyond_the_apps_browsing_limit(data: Path) -> None:
    async def big_pool(services: AppServices) -> None:
        await services.clients.create("Acme Ltd")  # id 1: every 10th person is its
        insert_candidates(services.db, 2001)

    run_on_data_folder(data, big_pool)
    everyone = json.loads(run_cli("cv", "list", "--json", data_dir=data).stdout)
    assert [p["id"] for p in everyone] == list(range(2001, 0, -1))
    acme = json.loads(run_cli("cv", "list", "--client", "Acme Ltd", "--json",
                              data_dir=data).stdout)  # fmt: skip
    assert [p["id"] for p in acme] == list(range(2000, 0, -10))
    assert {p["client"] for p in acme} == {"Acme Ltd"}
