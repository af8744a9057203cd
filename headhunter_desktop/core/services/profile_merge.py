"""A found profile against the one the recruiter keeps: the recruiter's work is never
silently overwritten.

A field empty now is filled; a field holding the same value (text ignoring case and
spacing, lists as sets, addresses ignoring "https://", "www." and a trailing slash) is
unchanged; a field holding another value is a conflict the recruiter accepts or keeps.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from headhunter_desktop.core.domain.client_profile import (
    FIELD_LABELS,
    ClientProfile,
    FieldSource,
)
from headhunter_desktop.core.services.found_profiles import FoundProfile


@dataclass(frozen=True)
class FieldConflict:
    """A field the site states otherwise than the profile does."""

    field: str
    label: str
    current: Any
    found: Any
    source: FieldSource | None


@dataclass(frozen=True)
class ProfileMerge:
    """What a found profile would change: `filled` (field → value, empty now), the
    `conflicts` to decide one by one, the `unchanged` fields; `found` as it was."""

    found: FoundProfile
    filled: dict[str, Any] = field(default_factory=dict)
    conflicts: list[FieldConflict] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def conflict_fields(self) -> set[str]:
        """The names of the conflicting fields (e.g. to accept them all)."""
        return {conflict.field for conflict in self.conflicts}


def merge_profiles(current: ClientProfile, found: FoundProfile) -> ProfileMerge:
    """How `found` meets `current`, field by field in the profile's order."""
    merge = ProfileMerge(found)
    for name, value in found.values.items():
        if current.is_empty(name):
            merge.filled[name] = value
        elif same_value(name, getattr(current, name), value):
            merge.unchanged.append(name)
        else:
            mine = getattr(current, name)
            source = found.sources.get(name)
            merge.conflicts.append(FieldConflict(name, FIELD_LABELS[name], mine, value, source))
    return merge


def apply_merge(
    profile: ClientProfile, merge: ProfileMerge, accepted: Collection[str]
) -> ClientProfile:
    """`profile` with the filled fields it still has empty and the `accepted` conflicts,
    each with its source. A field typed since the merge was made is kept."""
    unknown = set(accepted) - merge.conflict_fields - set(merge.filled)
    if unknown:
        raise ValueError(f"not a field of this merge: {', '.join(sorted(unknown))}")
    chosen = {name: value for name, value in merge.filled.items() if profile.is_empty(name)}
    chosen |= {c.field: c.found for c in merge.conflicts if c.field in accepted}
    sources = dict(profile.sources)
    for name in chosen:
        if name in merge.found.sources:
            sources[name] = merge.found.sources[name]
    return profile.model_copy(update={**chosen, "sources": sources})


def same_value(name: str, mine: Any, theirs: Any) -> bool:
    """Equal as a recruiter reads them (see the module)."""
    if name == "website":
        return _address(mine) == _address(theirs)
    if isinstance(mine, list) or isinstance(theirs, list):
        return _item_set(mine) == _item_set(theirs)
    if isinstance(mine, str) and isinstance(theirs, str):
        return _words(mine) == _words(theirs)
    return bool(mine == theirs)


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def _item_set(value: Any) -> set[str]:
    items = value if isinstance(value, list) else [value]
    return {_words(str(item)) for item in items if str(item).strip()}


def _address(url: Any) -> str:
    text = _words(str(url or ""))
    text = text.split("://", 1)[-1].removeprefix("www.")
    return text.rstrip("/")
