"""The client CV: a candidate's profile as edited, anonymised, under the agency's name.

Agencies send clients a profile that cannot be used to reach the candidate behind the
agency's back: the name, e-mail, phone, street address, photo and links are left out and
the candidate is called by a reference ("Candidate C-000123") the client quotes back.
Free text (summary, highlights) is scrubbed too: an e-mail, a phone number, a link or the
candidate's name written there becomes the reference or goes. Employers, titles, dates,
skills, education and the city stay: that is what the client judges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from headhunter_desktop.core.domain.cv_profile import CvProfile
from headhunter_desktop.core.services.interview_export import inline

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b(?:[\w-]+\.)+(?:com|net|org|io|dev|me|info|co|de|uk|fr|nl|es|it|ch|at|eu|app|ly)\b"
    r"(?:/\S*)?",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s()./-]{6,}\d(?!\w)")
# A run of digits a phone number is not: "2019 - 2021", "2019-03 / 2021-05".
_DATES = re.compile(r"^(?:(?:19|20)\d\d(?:[-/.]\d{1,2})?[\s/.-]*){1,2}$")
# In place of a contact detail in free text ("Reach me at [withheld].").
WITHHELD = "[withheld]"
# Particles of names ("van", "de") that are ordinary words elsewhere: not scrubbed alone.
_PARTICLES = {"van", "von", "der", "den", "de", "da", "di", "du", "del", "la", "le", "dos", "al"}


@dataclass(frozen=True)
class ClientCv:
    """The document to print: its title (no personal data) and its Markdown."""

    reference: str
    title: str
    markdown: str


def candidate_reference(candidate_id: int) -> str:
    """The reference a client quotes for candidate `candidate_id`: "C-000123"."""
    return f"C-{candidate_id:06d}"


def client_cv(profile: CvProfile, candidate_id: int, agency: str, *names: str) -> ClientCv:
    """The anonymised client CV of `profile` (as edited); `names` are other spellings of
    the candidate's name to scrub from the text (the list's display name, say)."""
    reference = candidate_reference(candidate_id)
    safe = anonymised(profile, f"Candidate {reference}", *names)
    title = f"Candidate {reference} — {agency}" if agency else f"Candidate {reference}"
    return ClientCv(reference, title, _markdown(safe, reference, agency))


def anonymised(profile: CvProfile, stand_in: str, *names: str) -> CvProfile:
    """`profile` without contact details, address, photo and links, its free text
    scrubbed; the candidate's name, wherever written, becomes `stand_in`."""
    basics = profile.basics
    scrub = _Scrubber([basics.name or "", *names], [p.username or "" for p in basics.profiles])
    data = profile.model_dump(mode="json")
    data["basics"] = {"label": basics.label, "summary": basics.summary}
    if basics.location is not None:
        place = basics.location
        data["basics"]["location"] = {"city": place.city, "region": place.region,
                                      "countryCode": place.countryCode}  # fmt: skip
    for section in ("work", "education", "certificates"):
        for item in data.get(section) or []:
            item.pop("url", None)
    return CvProfile.model_validate(scrub.value(data, stand_in))


class _Scrubber:
    """Takes e-mails, links, phone numbers and the candidate's name out of text."""

    def __init__(self, names: list[str], handles: list[str]):
        words = {w for n in names for w in re.split(r"[\s,]+", n) if len(w) >= 2}
        words = {w for w in words if w.casefold() not in _PARTICLES} | {h for h in handles if h}
        full = sorted({" ".join(n.split()) for n in names if n.strip()}, key=len, reverse=True)
        alternatives = [re.escape(x) for x in full + sorted(words, key=len, reverse=True)]
        self._name = (
            re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
            if alternatives else None
        )  # fmt: skip

    def value(self, value: Any, stand_in: str) -> Any:
        """`value` (JSON-like) with every string scrubbed."""
        if isinstance(value, str):
            return self.text(value, stand_in)
        if isinstance(value, list):
            return [self.value(item, stand_in) for item in value]
        if isinstance(value, dict):
            return {key: self.value(item, stand_in) for key, item in value.items()}
        return value

    def text(self, text: str, stand_in: str) -> str:
        text = _URL.sub(WITHHELD, _EMAIL.sub(WITHHELD, text))
        text = _PHONE.sub(lambda m: m[0] if _DATES.match(m[0].strip()) else WITHHELD, text)
        if self._name is not None:
            text = self._name.sub(stand_in, text)
        return re.sub(r"[ \t]{2,}", " ", text).strip()


def _markdown(p: CvProfile, reference: str, agency: str) -> str:
    parts = [f"# Candidate {reference}", _headline(p)]
    if agency:
        parts.append(f"_Presented by {inline(agency)}_")
    if p.basics.summary:
        parts.append("## Summary\n\n" + inline(p.basics.summary))
    if skills := p.skill_names():
        parts.append("## Skills\n\n" + inline(", ".join(skills)))
    if p.work:
        parts.append("## Experience\n\n" + "\n\n".join(_job(job) for job in p.work))
    for heading, lines in _lists(p):
        if lines:
            parts.append(f"## {heading}\n\n" + "\n".join(f"- {inline(line)}" for line in lines))
    parts.append(_footer(reference, agency))
    return "\n\n".join(part for part in parts if part) + "\n"


def _headline(p: CvProfile) -> str:
    place = p.basics.location
    city = ", ".join(x for x in (place.city, place.countryCode) if x) if place else ""
    years = f"{p.yearsOfExperience:g} years of experience" if p.yearsOfExperience else ""
    facts = [p.currentTitle or p.basics.label or "", p.currentEmployer or "", years, city]
    return " · ".join(f"**{inline(f)}**" if i == 0 else inline(f) for i, f in enumerate(facts) if f)


def _job(job: Any) -> str:
    what = " — ".join(x for x in (job.position, job.name) if x) or "Position"
    span = f"{job.startDate or '?'} – {job.endDate or 'now'}"
    blocks = [f"### {inline(what)}", f"_{span}_"]
    if job.summary:
        blocks.append(inline(job.summary))
    bullets = "\n".join(f"- {inline(h)}" for h in job.highlights if h.strip())
    return "\n\n".join([*blocks, bullets] if bullets else blocks)


def _lists(p: CvProfile) -> list[tuple[str, list[str]]]:
    schools = [
        ", ".join(x for x in (" ".join(y for y in (s.studyType, s.area) if y), s.institution,
                              s.endDate or s.startDate) if x)
        for s in p.education
    ]  # fmt: skip
    languages = [f"{lang.language} ({lang.fluency})" if lang.fluency else lang.language
                 for lang in p.languages]  # fmt: skip
    certificates = [", ".join(x for x in (c.name, c.issuer, c.date) if x) for c in p.certificates]
    return [("Education", schools), ("Languages", languages), ("Certificates", certificates)]


def _footer(reference: str, agency: str) -> str:
    by = f" by {inline(agency)}" if agency else ""
    return (
        f"---\n\n_Anonymised profile presented{by}. Contact details are withheld: "
        f"please quote reference {reference} when you reply._"
    )
