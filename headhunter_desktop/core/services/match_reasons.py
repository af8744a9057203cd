"""Why a candidate is in the results, in words a recruiter reads: never a ranking score.

"matched: python, django · similar meaning (strong)"; a shortlist's "has" says where each
skill was found when the Skills field and the CV text disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from headhunter_desktop.core.search.shortlist import CV_TEXT, SKILLS

SEPARATOR = " · "
_SOURCE_NOTES = {SKILLS: "Skills field only", CV_TEXT: "CV text only"}


def search_reason(matched_terms: Sequence[str], by_meaning: bool, strength: str | None) -> str:
    """'matched: a, b · similar meaning (moderate)'; the strength is left out when the
    embedding model has no calibrated scale (its nearest few are listed)."""
    parts = []
    if matched_terms:
        parts.append("matched: " + ", ".join(matched_terms))
    if by_meaning:
        parts.append(f"similar meaning ({strength})" if strength else "similar meaning")
    return SEPARATOR.join(parts) or "matched"


def has_text(matched: Sequence[str], sources: Mapping[str, str]) -> str:
    """The shortlist's "has": each skill, marked when only one of the two sources has it."""
    return ", ".join(_with_source(skill, sources.get(skill)) for skill in matched)


def has_details(matched: Sequence[str], sources: Mapping[str, str]) -> str:
    """One line per skill found, saying where (for a tooltip)."""
    where = {SKILLS: "in the Skills field, not in the CV text", CV_TEXT: "in the CV text, not "
             "in the Skills field"}  # fmt: skip
    return "\n".join(
        f"{skill}: {where.get(sources.get(skill, ''), 'in the Skills field and the CV text')}"
        for skill in matched
    )


def _with_source(skill: str, source: str | None) -> str:
    note = _SOURCE_NOTES.get(source or "")
    return f"{skill} ({note})" if note else skill
