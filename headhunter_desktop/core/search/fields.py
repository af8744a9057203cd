"""What the keyword index holds for one candidate, built from the profile and the CV text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# A 20 MB PDF can extract to megabytes of text; past this the index only grows, not helps.
MAX_BODY_CHARS = 200_000


@dataclass(frozen=True)
class SearchFields:
    """The four indexed texts of a candidate; name and title weigh most, body least."""

    name: str
    title: str
    skills: str
    body: str


def fields_from(
    display_name: str, profile_json: dict[str, Any] | None, extracted_text: str | None
) -> SearchFields:
    """Build the indexed fields from a JSON Resume-shaped profile and the CV text."""
    profile = profile_json if isinstance(profile_json, dict) else {}
    basics = _dict(profile.get("basics"))
    work = [_dict(job) for job in _list(profile.get("work"))]
    names = [display_name, _str(basics.get("name"))]
    titles = [_str(basics.get("label")), _str(profile.get("currentTitle"))]
    titles += [_str(job.get("position")) for job in work]
    skills = profile_skills(profile)
    skills += [_str(_dict(c).get("name")) for c in _list(profile.get("certificates"))]
    skills += [_str(_dict(lang).get("language")) for lang in _list(profile.get("languages"))]
    body = (extracted_text or "").strip()
    if not body:
        # Without the CV text (e.g. a profile typed in by hand) the profile is the body.
        body = "\n".join(_profile_prose(basics, work, _list(profile.get("education"))))
    return SearchFields(
        name=_join(names, " "),
        title=_join(titles, "\n"),
        skills=_join(skills, ", "),
        body=body[:MAX_BODY_CHARS],
    )


def profile_skills(profile_json: dict[str, Any] | None) -> list[str]:
    """Skill names and their keywords from a JSON Resume `skills` list, duplicates removed."""
    profile = profile_json if isinstance(profile_json, dict) else {}
    found: list[str] = []
    for skill in _list(profile.get("skills")):
        if isinstance(skill, str):  # a bare list of names is common in LLM output
            found.append(skill)
            continue
        skill = _dict(skill)
        found.append(_str(skill.get("name")))
        found += [_str(k) for k in _list(skill.get("keywords"))]
    return _unique(found)


def _profile_prose(
    basics: dict[str, Any], work: list[dict[str, Any]], education: list[Any]
) -> Iterable[str]:
    yield _str(basics.get("summary"))
    for job in work:
        yield _str(job.get("name"))
        yield _str(job.get("summary"))
        yield from (_str(h) for h in _list(job.get("highlights")))
    for school in education:
        school = _dict(school)
        yield " ".join(_str(school.get(k)) for k in ("studyType", "area", "institution"))


def _join(parts: Iterable[str], separator: str) -> str:
    return separator.join(_unique(parts))


def _unique(parts: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for part in parts:
        part = part.strip()
        if part and part.casefold() not in seen:
            seen.add(part.casefold())
            out.append(part)
    return out


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
