"""The fields a recruiter chooses between when two profiles are the same person: each
with its label, the profile attributes it covers and how it reads in one line or a few."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

from headhunter_desktop.core.domain.cv_profile import CvProfile


class Side(StrEnum):
    """Which candidate a merged field comes from."""

    ORIGINAL = "original"  # the candidate kept
    DUPLICATE = "duplicate"  # the one merged into it, then gone


# key, label, the profile attributes (dotted) the choice carries over together.
MERGE_FIELDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("name", "Name", ("basics.name",)),
    ("title", "Title", ("basics.label", "currentTitle")),
    ("email", "E-mail", ("basics.email",)),
    ("phone", "Phone", ("basics.phone",)),
    ("location", "Location", ("basics.location",)),
    ("links", "Links", ("basics.url", "basics.profiles")),
    ("summary", "Summary", ("basics.summary",)),
    ("employer", "Current employer", ("currentEmployer",)),
    ("years", "Years of experience", ("yearsOfExperience",)),
    ("skills", "Skills", ("skills",)),
    ("work", "Experience", ("work",)),
    ("education", "Education", ("education",)),
    ("languages", "Languages", ("languages",)),
    ("certificates", "Certificates", ("certificates",)),
)
# Not a profile field: the CV text searched (and its embedding) comes from one CV file.
CV_TEXT = "cv_text"
CV_TEXT_LABEL = "CV text (searched)"
FIELD_PATHS = {key: paths for key, _label, paths in MERGE_FIELDS}


def field_text(profile: CvProfile | None, key: str) -> str:
    """How field `key` of `profile` reads in the merge dialog ("" when empty)."""
    if profile is None:
        return ""
    return _READERS[key](profile).strip()


def field_key_of(path: str) -> str | None:
    """The merge field an edited path ("basics.email", "work[0].position") belongs to."""
    base = path.split("[", 1)[0]
    for key, paths in FIELD_PATHS.items():
        if any(base == p or base.startswith(p + ".") for p in paths):
            return key
    return None


def take_field(target: CvProfile, source: CvProfile, key: str) -> None:
    """Copy field `key` (all its attributes) from `source` into `target`, in place."""
    for path in FIELD_PATHS[key]:
        *parents, leaf = path.split(".")
        src, dst = source, target
        for part in parents:
            src, dst = getattr(src, part), getattr(dst, part)
        setattr(dst, leaf, _copied(getattr(src, leaf)))


def _copied(value: Any) -> Any:
    # Deep: the merged profile must share no object with the two it was made from.
    if isinstance(value, list):
        return [_copied(item) for item in value]
    return value.model_copy(deep=True) if hasattr(value, "model_copy") else value


def _lines(items: Iterable[str]) -> str:
    return "\n".join(item for item in items if item.strip())


def _title(p: CvProfile) -> str:
    titles = dict.fromkeys(t.strip() for t in (p.basics.label, p.currentTitle) if t)
    return " / ".join(titles)


def _location(p: CvProfile) -> str:
    place = p.basics.location
    if place is None:
        return ""
    parts = (place.address, place.postalCode, place.city, place.region, place.countryCode)
    return ", ".join(part for part in parts if part)


def _links(p: CvProfile) -> str:
    return _lines(
        [p.basics.url or "", *(link.url or link.username or "" for link in p.basics.profiles)]
    )


def _work(p: CvProfile) -> str:
    return _lines(
        f"{job.position or '?'} at {job.name or '?'} ({job.startDate or '?'} – "
        f"{job.endDate or 'now'})"
        for job in p.work
    )


def _education(p: CvProfile) -> str:
    return _lines(
        " ".join(part for part in (s.studyType, s.area, s.institution) if part) for s in p.education
    )


def _languages(p: CvProfile) -> str:
    return ", ".join(
        f"{lang.language} ({lang.fluency})" if lang.fluency else lang.language
        for lang in p.languages
    )


_READERS: dict[str, Callable[[CvProfile], str]] = {
    "name": lambda p: p.basics.name or "",
    "title": _title,
    "email": lambda p: p.basics.email or "",
    "phone": lambda p: p.basics.phone or "",
    "location": _location,
    "links": _links,
    "summary": lambda p: p.basics.summary or "",
    "employer": lambda p: p.currentEmployer or "",
    "years": lambda p: f"{p.yearsOfExperience:g}" if p.yearsOfExperience is not None else "",
    "skills": lambda p: ", ".join(p.skill_names()),
    "work": _work,
    "education": _education,
    "languages": _languages,
    "certificates": lambda p: ", ".join(c.name for c in p.certificates),
}
