"""Talent-pool search: keyword (FTS5 / tsvector), vectors, rank fusion, skill shortlists.

`TalentSearch` is the facade the services use; the parts (`KeywordIndex`, `VectorIndex`,
`hybrid_search`, `shortlist`) are usable and tested on their own.
`VectorIndex` is imported at its first use: its module imports numpy (~60 ms), which
start-up leaves until the window is usable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from headhunter_desktop.core.search.fields import SearchFields, fields_from, profile_skills
from headhunter_desktop.core.search.filters import ALL, ClientFilter
from headhunter_desktop.core.search.fusion import SearchHit, hybrid_search
from headhunter_desktop.core.search.keyword import KeywordHit, KeywordIndex
from headhunter_desktop.core.search.shortlist import ShortlistEntry, shortlist
from headhunter_desktop.core.search.talent_search import TalentSearch
from headhunter_desktop.core.search.vector_size import VectorSizeError

if TYPE_CHECKING:
    from headhunter_desktop.core.search.vector import VectorIndex


def __getattr__(name: str) -> Any:
    if name == "VectorIndex":
        from headhunter_desktop.core.search.vector import VectorIndex

        return VectorIndex
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ALL",
    "ClientFilter",
    "KeywordHit",
    "KeywordIndex",
    "SearchFields",
    "SearchHit",
    "ShortlistEntry",
    "TalentSearch",
    "VectorIndex",
    "VectorSizeError",
    "fields_from",
    "hybrid_search",
    "profile_skills",
    "shortlist",
]
