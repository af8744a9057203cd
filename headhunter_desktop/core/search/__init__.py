"""Talent-pool search: keyword (FTS5 / tsvector), vectors, rank fusion, skill shortlists.

`TalentSearch` is the facade the services use; the parts (`KeywordIndex`, `VectorIndex`,
`hybrid_search`, `shortlist`) are usable and tested on their own.
"""

from headhunter_desktop.core.search.fields import SearchFields, fields_from, profile_skills
from headhunter_desktop.core.search.filters import ALL, ClientFilter
from headhunter_desktop.core.search.fusion import SearchHit, hybrid_search
from headhunter_desktop.core.search.keyword import KeywordHit, KeywordIndex
from headhunter_desktop.core.search.shortlist import ShortlistEntry, shortlist
from headhunter_desktop.core.search.talent_search import TalentSearch
from headhunter_desktop.core.search.vector import VectorIndex, VectorSizeError

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
