"""The client CV: the profile as edited, printed to PDF with nothing that reaches the
candidate (name, e-mail, phone, address, links), with the reference, agency and skills."""

from __future__ import annotations

from pathlib import Path

from headhunter_desktop.core.domain.cv_profile import CvProfile
from headhunter_desktop.core.services.client_cv import anonymised, candidate_reference, client_cv
from headhunter_desktop.ui.common.pdf_document import write_markdown_pdf
from tests.helpers.pdf_text import pdf_text, pdf_title

PROFILE = {
    "basics": {
        "name": "Ada Lovelace",
        "label": "Data Engineer",
        "email": "ada.lovelace@example.com",
        "phone": "+44 20 7946 0958",
        "url": "https://ada.example.org",
        "image": "https://ada.example.org/photo.jpg",
        "summary": (
            "Ada Lovelace builds pipelines. Reach Ada at ada@lovelace.dev or 020 7946 0958; "
            "portfolio github.com/adalove. Worked 2019 - 2021 in London."
        ),
        "location": {
            "address": "12 Analytical Row",
            "postalCode": "W1 1AA",
            "city": "London",
            "countryCode": "GB",
        },
        "profiles": [
            {"network": "GitHub", "username": "adalove", "url": "https://github.com/adalove"}
        ],
    },
    "work": [
        {
            "name": "Babbage & Co",
            "position": "Senior Data Engineer",
            "startDate": "2019-03",
            "url": "https://babbage.example.com",
            "highlights": ["Cut batch time by 40%", "Mentored by Lovelace's team lead"],
        },
    ],
    "education": [
        {
            "institution": "University of London",
            "area": "Mathematics",
            "studyType": "BSc",
            "endDate": "2015",
        }
    ],
    "skills": [{"name": "Python"}, {"name": "Apache Spark"}],
    "languages": [{"language": "English", "fluency": "Native"}],
    "yearsOfExperience": 7,
    "currentTitle": "Senior Data Engineer",
}
SECRETS = ("Ada", "Lovelace", "ada.lovelace@example.com", "ada@lovelace.dev", "7946", "0958",
           "example.org", "github.com", "adalove", "Analytical Row", "W1 1AA", "photo")  # fmt: skip


def test_client_cv_pdf_has_no_contact_details_and_has_the_reference(tmp_path: Path) -> None:
    # As edited: the recruiter corrected the skills and the title before sending.
    profile = CvProfile.model_validate(PROFILE)
    profile.skills = [*profile.skills, profile.skills[0].model_copy(update={"name": "dbt"})]
    document = client_cv(profile, 123, "Northwind Talent", "A. Lovelace")
    target = tmp_path / "client.pdf"
    write_markdown_pdf(document.markdown, target, title=document.title)

    text = pdf_text(target)
    for secret in SECRETS:
        assert secret.casefold() not in text.casefold(), secret
    assert "Candidate C-000123" in text and "Northwind Talent" in text
    for kept in ("Python", "Apache Spark", "dbt", "Senior Data Engineer", "Babbage", "London",
                 "University of London", "Cut batch time by 40%", "2019 - 2021"):  # fmt: skip
        assert kept in text, kept
    title = pdf_title(target) or ""
    assert "C-000123" in title and "Ada" not in title


def test_name_in_free_text_becomes_the_reference() -> None:
    profile = CvProfile.model_validate(PROFILE)
    safe = anonymised(profile, "Candidate C-000007")
    assert safe.basics.name is None and safe.basics.email is None and safe.basics.phone is None
    assert safe.basics.url is None and safe.basics.profiles == []
    assert safe.basics.location is not None and safe.basics.location.address is None
    assert safe.basics.summary is not None
    assert safe.basics.summary.startswith("Candidate C-000007 builds pipelines")
    assert safe.work[0].url is None
    assert profile.basics.name == "Ada Lovelace"  # the candidate's own profile is untouched


def test_reference_is_zero_padded_and_a_missing_agency_is_left_out() -> None:
    assert candidate_reference(5) == "C-000005"
    document = client_cv(CvProfile(), 5, "")
    assert document.title == "Candidate C-000005" and "Presented" not in document.markdown
