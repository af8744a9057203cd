"""Job export: schema.org JobPosting JSON-LD that Google's guidelines accept without errors
or warnings, the HTML and Markdown a reader sees, and the validator that judges them."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from typing import Any

import pytest

from headhunter_desktop.core.domain.job_posting import JobLocation, RemotePolicy, SalaryRange
from headhunter_desktop.core.errors import UserFacingError
from headhunter_desktop.core.services.job_export import (
    DEFAULT_VALIDITY,
    JobExportError,
    job_description_html,
    job_posting_jsonld,
    job_posting_markdown,
)
from tests.helpers.job_postings import (
    all_facts,
    hybrid_job,
    job,
    job_facts,
    onsite_job,
    remote_job,
    sample_client,
    visible_text,
)
from tests.helpers.jobposting_validator import validate_job_posting

NO_SALARY = {"salary_range": None}


def _exported(posting: Any = None, client: Any = None) -> dict[str, Any]:
    return job_posting_jsonld(posting or onsite_job(), client or sample_client())


# -- the exported documents pass ----------------------------------------------------------


@pytest.mark.parametrize(
    "make", [onsite_job, remote_job, hybrid_job], ids=["onsite", "remote", "hybrid"]
)
def test_a_complete_posting_has_no_errors_and_no_warnings(make: Any) -> None:
    assert validate_job_posting(_exported(make())) == ([], [])


def test_an_onsite_job_is_marked_up_at_its_address() -> None:
    document = _exported(onsite_job())
    assert document["jobLocation"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Friedrichstraße 68",
            "addressLocality": "Berlin",
            "addressRegion": "Berlin",
            "postalCode": "10117",
            "addressCountry": "DE",
        },
    }
    assert "jobLocationType" not in document
    assert document["@context"] == "https://schema.org"
    assert document["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Acme Robotics GmbH",
        "sameAs": "https://acme-robotics.example",
    }
    assert document["identifier"] == {
        "@type": "PropertyValue",
        "name": "Acme Robotics GmbH",
        "value": "42",
    }
    assert (document["datePosted"], document["validThrough"]) == ("2025-03-03", "2025-04-02")
    assert (document["employmentType"], document["directApply"]) == ("FULL_TIME", True)
    assert document["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": 70000,
            "maxValue": 85000,
            "unitText": "YEAR",
        },
    }


def test_a_remote_job_is_telecommute_for_applicants_in_its_country() -> None:
    document = _exported(remote_job(location=JobLocation(locality="Berlin", country="DE")))
    assert document["jobLocationType"] == "TELECOMMUTE"
    assert document["applicantLocationRequirements"] == {"@type": "Country", "name": "DE"}
    assert "jobLocation" not in document  # no office to report to
    assert validate_job_posting(document) == ([], [])


def test_a_hybrid_job_is_marked_up_by_its_office_not_as_telecommute() -> None:
    # Google keeps TELECOMMUTE for jobs that are remote all of the time.
    document = _exported(hybrid_job())
    assert document["jobLocation"]["address"]["addressLocality"] == "Munich"
    assert "jobLocationType" not in document
    assert "applicantLocationRequirements" not in document


def test_no_salary_means_no_base_salary_and_googles_one_warning() -> None:
    # Decision: baseSalary is on Google's recommended list, so its absence is reported
    # (Search Console: 'Missing field "baseSalary"'); the export never invents a salary to
    # silence it, since the posting's text would not state one.
    posting = onsite_job(**NO_SALARY)
    document = _exported(posting)
    assert "baseSalary" not in document
    assert validate_job_posting(document) == ([], ['Missing field "baseSalary"'])
    assert "Salary" not in visible_text(job_description_html(posting))


def test_a_salary_without_a_period_is_shown_but_not_marked_up() -> None:
    salary = SalaryRange(min=60000, max=70000, currency="EUR")
    posting = onsite_job(salary_range=salary)
    assert "baseSalary" not in _exported(posting)
    assert "EUR 60000–70000" in visible_text(job_description_html(posting))


def test_one_amount_is_a_value_and_swapped_bounds_are_put_in_order() -> None:
    single = SalaryRange(min=40, max=40, currency="USD", period="HOUR")
    swapped = SalaryRange(min=90000, max=80000, currency="EUR", period="YEAR")
    only_min = SalaryRange(min=50000, currency="EUR", period="YEAR")
    values = [
        _exported(onsite_job(salary_range=s))["baseSalary"]["value"]
        for s in (single, swapped, only_min)
    ]
    assert values[0] == {"@type": "QuantitativeValue", "value": 40, "unitText": "HOUR"}
    assert (values[1]["minValue"], values[1]["maxValue"]) == (80000, 90000)
    assert values[2] == {"@type": "QuantitativeValue", "minValue": 50000, "unitText": "YEAR"}
    for salary in (single, swapped, only_min):
        assert validate_job_posting(_exported(onsite_job(salary_range=salary))) == ([], [])


def test_an_unpublished_job_is_exported_as_if_published_today() -> None:
    before = date.today()
    document = _exported(job(date_posted=None, valid_through=None))
    posted = date.fromisoformat(document["datePosted"])
    assert before <= posted <= date.today()
    assert date.fromisoformat(document["validThrough"]) == posted + DEFAULT_VALIDITY
    assert validate_job_posting(document) == ([], [])


def test_an_unsaved_job_has_no_identifier_and_google_says_so() -> None:
    document = _exported(job(id=None))
    assert "identifier" not in document
    assert validate_job_posting(document) == ([], ['Missing field "identifier"'])


def test_a_client_without_a_website_has_no_same_as() -> None:
    document = _exported(client=sample_client(website=None))
    assert document["hiringOrganization"] == {"@type": "Organization", "name": "Acme Robotics GmbH"}
    assert validate_job_posting(document) == ([], [])


# -- what cannot be exported --------------------------------------------------------------


@pytest.mark.parametrize(
    ("posting", "named"),
    [
        (onsite_job(location=None), "a location, as an on-site job"),
        (onsite_job(location=None, remote_policy=None), "a location, as an on-site job"),
        (hybrid_job(location=None), "a location, as a hybrid job"),
        (onsite_job(location=JobLocation(locality="Berlin")), "the country of its location"),
        (remote_job(location=None), "the country a remote employee may work from"),
        (remote_job(location=JobLocation(locality="Berlin")), "the country a remote employee"),
        (onsite_job(title="  "), "a title"),
        (onsite_job(description=""), "a description"),
    ],
    ids=[
        "onsite",
        "no-policy",
        "hybrid",
        "no-country",
        "remote",
        "remote-city",
        "title",
        "description",
    ],
)
def test_a_job_missing_what_google_requires_is_refused_naming_it(posting: Any, named: str) -> None:
    with pytest.raises(JobExportError, match="cannot be exported") as raised:
        _exported(posting)
    assert named in str(raised.value)
    assert isinstance(raised.value, UserFacingError)
    assert raised.value.code == "job_export"


def test_every_missing_thing_is_named_at_once() -> None:
    with pytest.raises(JobExportError) as raised:
        _exported(onsite_job(description="", location=None))
    message = str(raised.value)
    assert message.startswith("'Senior Backend Engineer' cannot be exported")
    assert "a description" in message and "a location" in message


def test_markdown_needs_a_title() -> None:
    with pytest.raises(JobExportError, match="no title"):
        job_posting_markdown(onsite_job(title=""), sample_client())


# -- the page states every fact -----------------------------------------------------------


POSTINGS = {
    "onsite": onsite_job,
    "remote": remote_job,
    "hybrid": hybrid_job,
    "no-salary": lambda: onsite_job(**NO_SALARY),
    "part-time-intern": lambda: onsite_job(employment_type="INTERN", years_of_experience=0),
}


@pytest.mark.parametrize("make", POSTINGS.values(), ids=POSTINGS.keys())
def test_every_fact_of_the_json_ld_is_in_the_visible_text(make: Any) -> None:
    posting, client = make(), sample_client()
    document = job_posting_jsonld(posting, client)
    description = visible_text(document["description"])
    markdown = visible_text(job_posting_markdown(posting, client))
    assert document["description"] == job_description_html(posting)
    assert [f for f in job_facts(document) if not _states(description, f)] == []
    assert [f for f in all_facts(document) if not _states(markdown, f)] == []


def _states(text: str, fact: str) -> bool:
    """Whether `fact` is in `text` as words of its own ("DE" is not the start of "Design")."""
    return re.search(rf"(?<!\w){re.escape(fact)}(?!\w)", text, re.IGNORECASE) is not None


def test_a_remote_posting_says_it_is_fully_remote() -> None:
    text = visible_text(job_description_html(remote_job()))
    assert "Work model: Fully remote, from anywhere in DE" in text
    assert "Location:" not in text  # no office to state


def test_the_description_html_renders_sections_as_paragraphs_and_lists() -> None:
    posting = onsite_job(description="We **ship** daily.\n\n- small teams\n- no meetings")
    markup = job_description_html(posting)
    assert markup.startswith(
        "<p>We ship daily.</p><ul><li>small teams</li><li>no meetings</li></ul>"
    )
    assert (
        "<p>Responsibilities</p><ul><li>Design the fleet API</li><li>Run what you build</li></ul>"
        in markup
    )
    assert "<p>The team</p><p>Six engineers and a product manager.</p>" in markup
    assert "<li>Salary: EUR 70,000–85,000 per year</li>" in markup
    assert "<li>Experience: at least 5 years</li>" in markup


def test_empty_sections_are_left_out_of_html_and_markdown() -> None:
    posting = onsite_job(team_info="", benefits=[], preferred_qualifications=[" "])
    markup, markdown = job_description_html(posting), job_posting_markdown(posting, sample_client())
    for heading in ("The team", "Benefits", "Nice to have"):
        assert f"<p>{heading}</p>" not in markup
        assert f"## {heading}" not in markdown


def test_markdown_has_every_section_under_its_heading_and_the_client() -> None:
    markdown = job_posting_markdown(onsite_job(), sample_client())
    assert markdown.startswith(
        "# Senior Backend Engineer\n\n**Acme Robotics GmbH** — Robots that fold laundry"
    )
    sections = {
        "## About the role": "You build the services our robots talk to.",
        "## Responsibilities": "- Design the fleet API\n- Run what you build",
        "## Qualifications": "- 5 years of Python",
        "## Nice to have": "- Experience with ROS",
        "## Skills": "- Python\n- PostgreSQL\n- Kubernetes",
        "## Benefits": "- 30 days of holiday",
        "## The team": "Six engineers",
        "## Growth opportunities": "Lead the platform team",
        "## How to apply": "Send your CV",
        "## About Acme Robotics GmbH": "Acme builds household robots",
    }
    for heading, body in sections.items():
        assert f"{heading}\n\n{body}" in markdown
    assert "- **Salary:** EUR 70,000–85,000 per year" in markdown
    assert "- **Location:** Friedrichstraße 68, 10117 Berlin, Berlin, DE" in markdown


# -- injected markup stays text -----------------------------------------------------------


INJECTED = {
    "description": "Hello <script>alert('x')</script> world",
    "responsibilities": ["<img src=x onerror=alert(1)>", "Build [things](javascript:alert(1))"],
    "team_info": "</p><iframe src='https://evil.example'></iframe>",
    "title": "Engineer <b>now</b></script>",
    "location": JobLocation(locality="Berlin</script><script>x()", country="DE"),
}


def test_html_escapes_markup_the_model_wrote() -> None:
    markup = job_description_html(onsite_job(**INJECTED))
    for tag in ("<script", "<img", "<iframe", "</p><iframe", "javascript:"):
        assert tag not in markup
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in markup
    assert "&lt;img src=x onerror=alert(1)&gt;" in markup
    assert "<li>Build things</li>" in markup


def test_json_ld_text_values_carry_no_markup() -> None:
    # A page embeds the document in <script type="application/ld+json">: no value may
    # close that element, and Google reads titles and names as plain text.
    document = _exported(onsite_job(**INJECTED), sample_client(name="Acme <i>Robotics</i>"))
    assert document["title"] == "Engineer now"
    assert document["hiringOrganization"]["name"] == "Acme Robotics"
    assert document["jobLocation"]["address"]["addressLocality"] == "Berlin x()"
    assert "</script" not in json.dumps(document).lower()
    assert validate_job_posting(document)[0] == []


def test_markdown_defuses_raw_html_the_model_wrote() -> None:
    markdown = job_posting_markdown(onsite_job(**INJECTED), sample_client())
    assert "<script" not in markdown and "<img" not in markdown and "<iframe" not in markdown
    assert "&lt;script>alert('x')&lt;/script>" in markdown
    assert markdown.startswith("# Engineer now\n")


# -- the validator can fail ---------------------------------------------------------------


DELETE = object()
REMOTE = {"jobLocation": DELETE, "jobLocationType": "TELECOMMUTE"}
SALARY = "baseSalary.value"
ADDRESS = "jobLocation.address"

# Each broken document: the changes made to a valid export ("a.b": value, or DELETE), and
# a piece of the error Google would report.
BROKEN = {
    "no-title": ({"title": DELETE}, 'Missing field "title"'),
    "no-description": ({"description": DELETE}, 'Missing field "description"'),
    "no-date": ({"datePosted": DELETE}, 'Missing field "datePosted"'),
    "us-date": ({"datePosted": "03/03/2025"}, 'ISO 8601 format in field "datePosted"'),
    "bad-month": ({"validThrough": "2025-13-01"}, 'ISO 8601 format in field "validThrough"'),
    "expired": ({"validThrough": "2025-03-01"}, "expires before it was posted"),
    "employment": ({"employmentType": "FULLTIME"}, '"employmentType"'),
    "employment-list": ({"employmentType": ["FULL_TIME", "Permanent"]}, '"employmentType"'),
    "no-currency": ({"baseSalary.currency": DELETE}, 'Missing field "currency" (in "baseSalary")'),
    "word-currency": ({"baseSalary.currency": "euro"}, "ISO 4217"),
    "bad-unit": ({f"{SALARY}.unitText": "ANNUAL"}, "unitText"),
    "no-unit": ({f"{SALARY}.unitText": DELETE}, "unitText"),
    "min-above-max": ({f"{SALARY}.minValue": 90000}, "minValue is above maxValue"),
    "text-amount": ({f"{SALARY}.minValue": "70k"}, "non-negative numbers"),
    "no-amount": (
        {SALARY: {"@type": "QuantitativeValue", "unitText": "YEAR"}},
        'Missing field "value" (in "baseSalary.value")',
    ),
    "salary-number": ({"baseSalary": 70000}, "expected a MonetaryAmount"),
    "telecommute-alone": (REMOTE, 'Missing field "applicantLocationRequirements"'),
    "telecommute-state": (
        REMOTE | {"applicantLocationRequirements": {"@type": "State", "name": "Bavaria"}},
        "at least one Country",
    ),
    "telecommute-nameless": (
        REMOTE | {"applicantLocationRequirements": {"@type": "Country"}},
        'Missing field "name" (in "applicantLocationRequirements")',
    ),
    "areas-onsite": (
        {"applicantLocationRequirements": {"@type": "Country", "name": "DE"}},
        "only for TELECOMMUTE jobs",
    ),
    "remote-word": ({"jobLocationType": "REMOTE"}, "is not TELECOMMUTE"),
    "no-place": ({"jobLocation": DELETE}, 'Missing field "jobLocation"'),
    "no-country": ({f"{ADDRESS}.addressCountry": DELETE}, 'Missing field "addressCountry"'),
    "empty-city": ({f"{ADDRESS}.addressLocality": " "}, "expected non-empty text"),
    "address-text": ({ADDRESS: "Berlin, DE"}, 'Missing field "address" (in "jobLocation")'),
    "no-org": ({"hiringOrganization": DELETE}, 'Missing field "hiringOrganization"'),
    "org-name": (
        {"hiringOrganization.name": DELETE},
        'Missing field "name" (in "hiringOrganization")',
    ),
    "org-site": ({"hiringOrganization.sameAs": "acme.example"}, "hiringOrganization.sameAs"),
    "script": ({"description": "<p>Hi</p><script>x()</script>"}, "<script> is not a tag"),
    "link": ({"description": '<p><a href="https://x.example">go</a></p>'}, "<a> is not a tag"),
    "attribute": ({"description": '<p onclick="x()">Hi</p>'}, "carries attributes"),
    "nested": ({"description": "<p>Hi<ul><li>a</li></ul>"}, "inside a <p>"),
    "unclosed": ({"description": "<p>Hi"}, "unclosed <p>"),
    "stray-li": ({"description": "<p>Hi</p><li>a</li>"}, "<li> outside a <ul>"),
    "unbalanced": ({"description": "<ul><li>a</ul>"}, "does not close"),
    "no-breaks": ({"description": "One line of text"}, "no paragraph break"),
    "as-title": ({"description": "<p>Senior Backend Engineer</p>"}, "same as the title"),
    "identifier": ({"identifier": "42"}, "expected a PropertyValue"),
    "direct-apply": ({"directApply": "yes"}, "expected true or false"),
    "context": ({"@context": "https://example.org"}, '"@context"'),
    "type": ({"@type": "Job"}, '"@type"'),
}


def _valid() -> dict[str, Any]:
    return copy.deepcopy(_exported())


def _changed(changes: dict[str, Any]) -> dict[str, Any]:
    """A valid export with `changes` made: {"a.b": value or DELETE}."""
    document = _valid()
    for path, value in changes.items():
        *parents, name = path.split(".")
        target = document
        for key in parents:
            target = target[key]
        if value is DELETE:
            del target[name]
        else:
            target[name] = value
    return document


@pytest.mark.parametrize(("changes", "expected"), BROKEN.values(), ids=BROKEN.keys())
def test_the_validator_reports_a_broken_document_as_an_error(changes: Any, expected: str) -> None:
    errors, _ = validate_job_posting(_changed(changes))
    assert any(expected in error for error in errors), errors


@pytest.mark.parametrize(
    "name", ["baseSalary", "employmentType", "validThrough", "identifier", "directApply"]
)
def test_a_missing_recommended_property_is_a_warning(name: str) -> None:
    assert validate_job_posting(_changed({name: DELETE})) == ([], [f'Missing field "{name}"'])


@pytest.mark.parametrize(
    "name", ["streetAddress", "addressLocality", "addressRegion", "postalCode"]
)
def test_an_address_without_a_recommended_part_is_a_warning(name: str) -> None:
    document = _changed({f"{ADDRESS}.{name}": DELETE})
    expected = f'Missing field "{name}" (in "jobLocation.address")'
    assert validate_job_posting(document) == ([], [expected])


def test_a_city_only_location_exports_with_googles_address_warnings() -> None:
    posting = onsite_job(location=JobLocation(locality="Berlin", region="Berlin", country="DE"))
    errors, warnings = validate_job_posting(_exported(posting))
    assert errors == []
    assert warnings == [
        'Missing field "streetAddress" (in "jobLocation.address")',
        'Missing field "postalCode" (in "jobLocation.address")',
    ]


def test_the_validator_accepts_a_datetime_and_a_list_of_employment_types() -> None:
    document = _changed(
        {"datePosted": "2025-03-03T09:30:00+01:00", "employmentType": ["FULL_TIME", "CONTRACTOR"]}
    )
    assert validate_job_posting(document) == ([], [])


def test_remote_policy_onsite_is_stated_as_on_site() -> None:
    text = visible_text(job_description_html(onsite_job(remote_policy=RemotePolicy.ONSITE)))
    assert "Work model: On-site" in text
