"""Texts derived from a profile: the one embedding text, contact keys for duplicate checks."""

from __future__ import annotations

import re

from headhunter_desktop.core.domain.cv_profile import CvProfile

_NON_DIGITS = re.compile(r"\D")


def normalize_email(email: str | None) -> str | None:
    """Lower-cased, trimmed address, or None when it does not look like one."""
    if not email:
        return None
    email = email.strip().lower()
    return email if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email) else None


def normalize_phone(phone: str | None) -> str | None:
    """Digits only, without a leading 00 or national 0, so '+44 20 7946 0958' and
    '020 7946 0958' compare by their last nine digits; None when too short to be a number."""
    if not phone:
        return None
    digits = _NON_DIGITS.sub("", phone)
    return digits[-9:] if len(digits) >= 7 else None


def profile_embedding_text(profile: CvProfile) -> str:
    """The single text every candidate is embedded from, so vectors are comparable."""
    basics = profile.basics
    lines = [
        basics.label or profile.currentTitle or "",
        basics.summary or "",
        "Skills: " + ", ".join(profile.skill_names()),
    ]
    for job in profile.work[:8]:
        head = " at ".join(p for p in (job.position, job.name) if p)
        lines.append(f"{head}. {job.summary or ''} {' '.join(job.highlights[:5])}".strip())
    for school in profile.education[:4]:
        lines.append(" ".join(p for p in (school.studyType, school.area, school.institution) if p))
    lines.append("Languages: " + ", ".join(lang.language for lang in profile.languages))
    return "\n".join(line for line in lines if line.strip(" .:")).strip()


def display_name_for(profile: CvProfile, fallback: str) -> str:
    """The candidate's name from the CV, else the file name it came from."""
    name = (profile.basics.name or "").strip()
    return name[:200] if name else fallback
