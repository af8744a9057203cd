"""What the CVs tab says about the list itself."""

from __future__ import annotations

from headhunter_desktop.core.services.candidates import CandidatePage


def pool_size_note(page: CandidatePage) -> str:
    """'Showing the 2,000 most recent of 12,345 candidates — …' when the list is cut, else ''."""
    if not page.is_partial:
        return ""
    return (
        f"Showing the {len(page.people):,} most recent of {page.total:,} candidates — "
        "search to find the others."
    )
