"""How much one read of a website may take: requests, time, bytes, redirects."""

from __future__ import annotations

from dataclasses import dataclass

from headhunter_desktop import __version__

USER_AGENT = f"HeadhunterDesktop/{__version__} (company profile reader)"


@dataclass(frozen=True)
class ReadLimits:
    """The budget of one read: robots.txt requests and every redirect hop count as requests."""

    max_requests: int = 20
    total_seconds: float = 15.0  # the whole read, robots.txt and parsing included
    max_page_bytes: int = 2_000_000  # a longer page is read up to here, and said to be cut
    max_redirects: int = 5  # per page
    parallel: int = 4  # requests in flight at once, after the home page
    user_agent: str = USER_AGENT
