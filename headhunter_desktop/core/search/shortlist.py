"""Matched and missing skills per candidate, for a ranked shortlist against a job.

Matching is deliberately plain: a requirement matches when its words appear next to each
other in one of the candidate's skills or in the CV text, compared without case,
diacritics, punctuation or spaces — so "Node.js" matches "NodeJS" and "CI/CD" matches
"CI CD"; where two joined words meet on the same letter it may be written once
("Postgres SQL" = "PostgreSQL"); and a final "s" is tolerated on longer words
("microservice" / "microservices"). No synonyms: "k8s" is not "Kubernetes".

Each match says where it was found (`ShortlistEntry.sources`): in the profile's Skills field,
in the CV text, or both. The two disagree more often than one would think (a skill the model
listed from a course title, a tool the CV names that the Skills field leaves out), and a
recruiter checks a "has" against the CV before calling.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from headhunter_desktop.core.search.terms import tokens

_MAX_GRAM = 6
_PLURAL_MIN_CHARS = 5  # below this "s" changes the word: SAS / SASS, GO / GOS
SKILLS, CV_TEXT, BOTH = "skills", "cv text", "both"


@dataclass(frozen=True)
class ShortlistEntry:
    """One candidate's fit: requirements found (`matched`) and not found (`missing`)."""

    candidate_id: int
    matched: list[str]
    missing: list[str]
    # For each matched requirement: SKILLS, CV_TEXT or BOTH.
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def coverage(self) -> float:
        """The share of requirements matched, 0..1 (1 when there are no requirements)."""
        total = len(self.matched) + len(self.missing)
        return len(self.matched) / total if total else 1.0


def shortlist(
    requirements: Sequence[str], candidates: Iterable[tuple[int, Sequence[str], str | None]]
) -> list[ShortlistEntry]:
    """Check each (candidate id, skills, text) against `requirements`; most matched first.

    The sort is stable: pass candidates in search-score order and equal coverage keeps it.
    """
    wanted = _requirements(requirements)
    # Every prefix of every accepted spelling: word runs that are none of these are dropped
    # at once, so a long CV costs about one set lookup per word.
    prefixes = {t[:i] for _, targets in wanted for t in targets for i in range(1, len(t) + 1)}
    entries = []
    for candidate_id, skills, text in candidates:
        skill_grams: set[str] = set()
        for skill in skills:  # per skill: no match across two skills
            skill_grams |= _grams(tokens(skill), prefixes)
        text_grams = _grams(tokens(text or ""), prefixes)
        sources = {
            req: _source(bool(targets & skill_grams), bool(targets & text_grams))
            for req, targets in wanted
            if targets & (skill_grams | text_grams)
        }
        missing = [req for req, _ in wanted if req not in sources]
        entries.append(ShortlistEntry(candidate_id, list(sources), missing, sources))
    entries.sort(key=lambda e: -len(e.matched))
    return entries


def _source(in_skills: bool, in_text: bool) -> str:
    return BOTH if in_skills and in_text else SKILLS if in_skills else CV_TEXT


def _requirements(requirements: Sequence[str]) -> list[tuple[str, set[str]]]:
    # (as written, accepted compact spellings); blanks and duplicates dropped.
    wanted: list[tuple[str, set[str]]] = []
    seen: set[str] = set()
    for requirement in requirements:
        words = tokens(requirement)
        if words and "".join(words) not in seen:
            seen.add("".join(words))
            wanted.append((requirement.strip(), _targets(words)))
    return wanted


def _targets(words: list[str]) -> set[str]:
    """The requirement run together, with same-letter seams written once, and ±"s"."""
    targets = _joined(words)
    for key in list(targets):
        if len(key) >= _PLURAL_MIN_CHARS:
            targets.add(key[:-1] if key.endswith("s") else key + "s")
    return targets


def _grams(words: list[str], prefixes: set[str]) -> set[str]:
    # Runs of up to _MAX_GRAM consecutive words, joined, kept while they can still
    # grow into a requirement.
    grams: set[str] = set()
    for i, first in enumerate(words):
        if first not in prefixes:
            continue
        for n in range(1, min(_MAX_GRAM, len(words) - i) + 1):
            joined = _joined(words[i : i + n]) & prefixes
            if not joined:
                break
            grams |= joined
    return grams


def _joined(words: list[str]) -> set[str]:
    """The words run together, and again with each same-letter seam written once."""
    merged = words[0]
    for word in words[1:]:
        merged += word[1:] if merged[-1] == word[0] else word
    return {"".join(words), merged}
