"""A JobPosting checker written from Google's job-posting structured-data guidelines.

`validate_job_posting(document)` returns (errors, warnings) the way Google's Rich Results
Test and Search Console's job-posting report sort them: an error ("critical issue") makes
the posting ineligible — a required property missing, a value of the wrong type, shape,
enum or format; a warning ("non-critical issue") is a recommended property missing, which
Google reports while still showing the posting.

Sources: developers.google.com/search/docs/appearance/structured-data/job-posting (the
property tables) and the messages Search Console sends, e.g. 'Missing field "baseSalary"',
'Missing field "postalCode" (in "jobLocation.address")',
'Date/time not in ISO 8601 format in field "datePosted"'.

- Required: `title`, `description` (HTML, not the title), `datePosted` (ISO 8601),
  `hiringOrganization` (an Organization with `name`; `sameAs`/`logo` URLs when present),
  `jobLocation` (a Place whose PostalAddress has `addressCountry`) unless the job is fully
  remote: `jobLocationType: "TELECOMMUTE"` then needs `applicantLocationRequirements`
  with at least one Country.
- Recommended, a warning when missing: `baseSalary`, `employmentType`, `validThrough`,
  `identifier`, `directApply`; in a job address `streetAddress`, `addressLocality`,
  `addressRegion` and `postalCode`.
- Shapes: `baseSalary` is a MonetaryAmount with an ISO 4217 `currency` and a
  QuantitativeValue (`value`, or `minValue` <= `maxValue`) with `unitText` HOUR, DAY, WEEK,
  MONTH or YEAR; `employmentType` one or more of Google's values; `identifier` a
  PropertyValue with `name` and `value`; `directApply` a boolean; `validThrough` after
  `datePosted`.
- Description HTML, a little stricter than Google: only the tags Google's job search
  recognises (<p>, <ul>, <li>, and <br> for a line break), without attributes, balanced;
  anything else (a <script>, an <a onclick>, a heading Google would not show as one) is an
  error, so markup can never slip through an export.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from typing import Any

SCHEMA_CONTEXTS = {
    "https://schema.org",
    "http://schema.org",
    "https://schema.org/",
    "http://schema.org/",
}
EMPLOYMENT_TYPES = {
    "FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER",
}  # fmt: skip
SALARY_UNITS = {"HOUR", "DAY", "WEEK", "MONTH", "YEAR"}
RECOMMENDED = ("baseSalary", "employmentType", "validThrough", "identifier", "directApply")
ADDRESS_RECOMMENDED = ("streetAddress", "addressLocality", "addressRegion", "postalCode")
AREA_TYPES = {"Country", "State", "AdministrativeArea", "City"}
DESCRIPTION_TAGS = {"p", "ul", "li", "br"}
_CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass
class Report:
    """What a check found, in Google's two kinds."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def missing(self, name: str, where: str = "", *, required: bool = True) -> None:
        message = f'Missing field "{name}"' + (f' (in "{where}")' if where else "")
        (self.errors if required else self.warnings).append(message)

    def invalid(self, name: str, why: str) -> None:
        self.errors.append(f'Invalid value in field "{name}": {why}')


def validate_job_posting(document: Any) -> tuple[list[str], list[str]]:
    """(errors, warnings) of a JobPosting JSON-LD document under Google's guidelines."""
    report = Report()
    if not isinstance(document, dict):
        report.invalid("@type", "the document is not a JSON object")
        return report.errors, report.warnings
    for check in (
        _check_header, _check_title, _check_description, _check_dates, _check_organization,
        _check_place, _check_employment_type, _check_salary, _check_identifier,
        _check_direct_apply, _check_recommended,
    ):  # fmt: skip
        check(document, report)
    return report.errors, report.warnings


def _check_header(doc: dict[str, Any], report: Report) -> None:
    if doc.get("@context") not in SCHEMA_CONTEXTS:
        report.invalid("@context", f"{doc.get('@context')!r} is not https://schema.org")
    if doc.get("@type") != "JobPosting":
        report.invalid("@type", f"{doc.get('@type')!r} is not JobPosting")


def _check_title(doc: dict[str, Any], report: Report) -> None:
    title = doc.get("title")
    if not _text(title):
        report.missing("title")
    elif re.search(r"<[A-Za-z/!]", title):
        report.invalid("title", "the job's title is plain text, without markup")


def _check_description(doc: dict[str, Any], report: Report) -> None:
    description = doc.get("description")
    if not _text(description):
        report.missing("description")
        return
    parsed = _DescriptionParser.parse(description)
    for problem in parsed.problems:
        report.invalid("description", problem)
    if not ({"p", "br"} & parsed.tags or "\n" in description):
        report.invalid("description", "no paragraph break (<p>, <br> or a newline)")
    if " ".join(parsed.text.split()) == " ".join(str(doc.get("title", "")).split()):
        report.invalid("description", "the description is the same as the title")


def _check_dates(doc: dict[str, Any], report: Report) -> None:
    posted = _iso_date(doc, "datePosted", report, required=True)
    valid_through = _iso_date(doc, "validThrough", report, required=False)
    if posted and valid_through and valid_through <= posted:
        report.invalid("validThrough", "the posting expires before it was posted")


def _iso_date(doc: dict[str, Any], name: str, report: Report, *, required: bool) -> date | None:
    value = doc.get(name)
    if value is None:
        if required:
            report.missing(name)
        return None  # a missing validThrough is counted with the recommended fields
    try:
        return _parse_iso(value)
    except (TypeError, ValueError):
        report.errors.append(f'Date/time not in ISO 8601 format in field "{name}"')
        return None


def _parse_iso(value: Any) -> date:
    if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}", value):
        raise ValueError(value)
    if len(value) == 10:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value.replace("Z", "+00:00")).date()


def _check_organization(doc: dict[str, Any], report: Report) -> None:
    organization = doc.get("hiringOrganization")
    if organization is None:
        report.missing("hiringOrganization")
        return
    if not isinstance(organization, dict) or organization.get("@type") != "Organization":
        report.invalid("hiringOrganization", "expected an Organization")
        return
    if not _text(organization.get("name")):
        report.missing("name", "hiringOrganization")
    for url_field in ("sameAs", "logo", "url"):
        if url_field in organization and not _url(organization[url_field]):
            report.invalid(f"hiringOrganization.{url_field}", "expected an http(s) URL")


def _check_place(doc: dict[str, Any], report: Report) -> None:
    telecommute = doc.get("jobLocationType")
    if telecommute is not None and telecommute != "TELECOMMUTE":
        report.invalid("jobLocationType", f"{telecommute!r} is not TELECOMMUTE")
    if telecommute == "TELECOMMUTE":
        _check_applicant_areas(doc.get("applicantLocationRequirements"), report)
    elif "applicantLocationRequirements" in doc:
        report.invalid("applicantLocationRequirements", "only for TELECOMMUTE jobs")
    if "jobLocation" in doc:
        for place in _as_list(doc["jobLocation"]):
            _check_job_location(place, report)
    elif telecommute != "TELECOMMUTE":
        report.missing("jobLocation")


def _check_applicant_areas(areas: Any, report: Report) -> None:
    if areas is None:
        report.missing("applicantLocationRequirements")
        return
    types = []
    for area in _as_list(areas):
        if not isinstance(area, dict) or area.get("@type") not in AREA_TYPES:
            report.invalid("applicantLocationRequirements", "expected an AdministrativeArea")
        elif not _text(area.get("name")):
            report.missing("name", "applicantLocationRequirements")
        else:
            types.append(area["@type"])
    if "Country" not in types:
        report.invalid("applicantLocationRequirements", "at least one Country is required")


def _check_job_location(place: Any, report: Report) -> None:
    if not isinstance(place, dict) or place.get("@type") != "Place":
        report.invalid("jobLocation", "expected a Place")
        return
    address = place.get("address")
    if not isinstance(address, dict) or address.get("@type") != "PostalAddress":
        report.missing("address", "jobLocation")
        return
    for name, value in address.items():
        if not name.startswith("@") and not _text(value):
            report.invalid(f"jobLocation.address.{name}", "expected non-empty text")
    if not _text(address.get("addressCountry")):
        report.missing("addressCountry", "jobLocation.address")
    for name in ADDRESS_RECOMMENDED:
        if name not in address:
            report.missing(name, "jobLocation.address", required=False)


def _check_employment_type(doc: dict[str, Any], report: Report) -> None:
    if "employmentType" not in doc:
        return
    values = _as_list(doc["employmentType"])
    if not values or any(value not in EMPLOYMENT_TYPES for value in values):
        report.invalid("employmentType", f"{doc['employmentType']!r} is not one of Google's values")


def _check_salary(doc: dict[str, Any], report: Report) -> None:
    salary = doc.get("baseSalary")
    if salary is None:
        return
    if not isinstance(salary, dict) or salary.get("@type") != "MonetaryAmount":
        report.invalid("baseSalary", "expected a MonetaryAmount")
        return
    currency = salary.get("currency")
    if currency is None:
        report.missing("currency", "baseSalary")
    elif not isinstance(currency, str) or not _CURRENCY.match(currency):
        report.invalid("baseSalary.currency", f"{currency!r} is not an ISO 4217 code")
    _check_salary_value(salary.get("value"), report)


def _check_salary_value(value: Any, report: Report) -> None:
    if not isinstance(value, dict) or value.get("@type") != "QuantitativeValue":
        report.invalid("baseSalary.value", "expected a QuantitativeValue")
        return
    amounts = {key: value[key] for key in ("value", "minValue", "maxValue") if key in value}
    if not amounts:
        report.missing("value", "baseSalary.value")
    if any(not _number(amount) or amount < 0 for amount in amounts.values()):
        report.invalid("baseSalary.value", "amounts are non-negative numbers")
    elif amounts.get("minValue", 0) > amounts.get("maxValue", float("inf")):
        report.invalid("baseSalary.value", "minValue is above maxValue")
    if value.get("unitText") not in SALARY_UNITS:
        report.invalid("baseSalary.value.unitText", f"{value.get('unitText')!r} is not a unit")


def _check_identifier(doc: dict[str, Any], report: Report) -> None:
    identifier = doc.get("identifier")
    if identifier is None:
        return
    if not isinstance(identifier, dict) or identifier.get("@type") != "PropertyValue":
        report.invalid("identifier", "expected a PropertyValue")
    elif not _text(identifier.get("name")) or not _text(str(identifier.get("value") or "")):
        report.invalid("identifier", "a PropertyValue needs a name and a value")


def _check_direct_apply(doc: dict[str, Any], report: Report) -> None:
    if "directApply" in doc and not isinstance(doc["directApply"], bool):
        report.invalid("directApply", "expected true or false")


def _check_recommended(doc: dict[str, Any], report: Report) -> None:
    for name in RECOMMENDED:
        if name not in doc:
            report.missing(name, required=False)


class _DescriptionParser(HTMLParser):
    """The tags, text and problems of a description's HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.problems: list[str] = []
        self.open: list[str] = []
        self.chunks: list[str] = []

    @classmethod
    def parse(cls, markup: str) -> _DescriptionParser:
        parser = cls()
        parser.feed(markup)
        parser.close()
        if parser.open:
            parser.problems.append(f"unclosed <{parser.open[-1]}>")
        return parser

    @property
    def text(self) -> str:
        return "".join(self.chunks)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag not in DESCRIPTION_TAGS:
            self.problems.append(f"<{tag}> is not a tag Google's job search recognises")
        if attrs:
            self.problems.append(f"<{tag}> carries attributes")
        if tag == "li" and self.open[-1:] != ["ul"]:
            self.problems.append("<li> outside a <ul>")
        if tag in {"p", "ul"} and "p" in self.open:
            self.problems.append(f"<{tag}> inside a <p>")
        if tag != "br":
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # <br/>: nothing to close
        if tag != "br":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> does not close the open element")
        else:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    def handle_comment(self, data: str) -> None:
        self.problems.append("an HTML comment")


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _url(value: Any) -> bool:
    return isinstance(value, str) and re.match(r"^https?://[^\s/]+\.[^\s]+$", value) is not None
