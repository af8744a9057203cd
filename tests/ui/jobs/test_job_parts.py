"""The small parts of the Jobs tab: its form follows the model's writing order, the list
shows and filters jobs, and the texts it derives (file names, places, shortlist search)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from headhunter_desktop.core.domain.job_posting import JobLocation, JobPostingDraft, JobStatus
from headhunter_desktop.core.services.jobs import JobSummary
from headhunter_desktop.ui.jobs.file_dialogs import file_stem
from headhunter_desktop.ui.jobs.job_actions import shortlist_text
from headhunter_desktop.ui.jobs.job_fields import GENERATED_KEYS, LOCATION_FIELDS
from headhunter_desktop.ui.jobs.job_header import place_text
from headhunter_desktop.ui.jobs.job_list_model import JobListModel, updated_text

NOW = datetime(2025, 3, 3, 14, 5, tzinfo=UTC)


def summary(job_id: int, title: str, status: JobStatus) -> JobSummary:
    return JobSummary(job_id, 1, title, status, "Platform", NOW)


def test_the_form_fills_in_the_order_the_model_writes() -> None:
    written = [key for key in JobPostingDraft.model_fields if key != "title"]
    assert list(GENERATED_KEYS) == written  # the title is the header's
    assert {spec.key for spec in LOCATION_FIELDS} == set(JobLocation.model_fields)


def test_the_list_shows_jobs_and_filters_them_by_status(qapp) -> None:
    model = JobListModel()
    model.set_jobs(
        [summary(3, "SRE", JobStatus.OPEN), summary(2, "", JobStatus.DRAFT),
         summary(1, "QA Lead", JobStatus.OPEN)]
    )  # fmt: skip
    cells = [[model.index(r, c).data() for c in range(3)] for r in range(model.rowCount())]
    assert cells == [["SRE", "Platform", "Open"], ["(untitled)", "Platform", "Draft"],
                     ["QA Lead", "Platform", "Open"]]  # fmt: skip
    model.set_status_filter(JobStatus.OPEN)
    assert [model.job_at(r).id for r in range(model.rowCount())] == [3, 1]  # type: ignore[union-attr]
    assert model.row_of(2) is None and model.row_of(1) == 1
    assert (model.total(), model.count(JobStatus.DRAFT)) == (3, 1)


def test_updated_times_read_like_a_calendar() -> None:
    local_now = NOW.astimezone()
    assert updated_text(NOW, NOW) == local_now.strftime("%H:%M")
    assert updated_text(NOW - timedelta(days=40), NOW).endswith(
        (NOW - timedelta(days=40)).astimezone().strftime("%b")
    )
    assert updated_text(NOW.replace(year=2023), NOW).endswith("2023")
    assert updated_text(NOW.replace(tzinfo=None), NOW) == updated_text(NOW, NOW)  # SQLite: UTC


def test_derived_texts() -> None:
    assert file_stem("Acme Robotics GmbH", "Senior Backend Engineer (m/f/d)") == (
        "acme-robotics-gmbh-senior-backend-engineer-m-f-d"
    )
    assert file_stem("", "") == "job"
    berlin = JobLocation(street_address="Friedrichstr. 68", locality="Berlin", region="Berlin",
                         country="DE")  # fmt: skip
    assert place_text(berlin) == "Berlin, DE" and place_text(None) == ""
    assert place_text(JobLocation(locality="Munich", region="Bavaria")) == "Munich, Bavaria"
    values = {"description": "We build **robots**.\n\n" + "word " * 100}
    text = shortlist_text("SRE", values)
    assert text.startswith("SRE. We build robots. word") and text.endswith("…")
    assert len(text) <= len("SRE. ") + 301
    assert shortlist_text("SRE", {"description": ""}) == "SRE"
