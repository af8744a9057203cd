"""The budget of one read: how many requests are left, and until when it may run."""

from __future__ import annotations

import asyncio

from headhunter_desktop.core.web.errors import ReadBudgetError
from headhunter_desktop.core.web.limits import ReadLimits
from headhunter_desktop.core.web.results import StoppedBy

REQUESTS_REASON = "request budget reached"
TIME_REASON = "time budget reached"


class ReadBudget:
    """Counts requests as they are sent; the deadline is on the running loop's clock."""

    def __init__(self, limits: ReadLimits) -> None:
        self.max_requests = limits.max_requests
        self.total_seconds = limits.total_seconds
        self.deadline = asyncio.get_running_loop().time() + limits.total_seconds
        self.requests = 0
        self.stopped_by: StoppedBy | None = None

    def take_request(self, url: str) -> None:
        """Count one request to `url`, or raise ReadBudgetError when none is left."""
        if self.requests >= self.max_requests:
            self.stopped_by = self.stopped_by or "requests"
            raise ReadBudgetError(url, REQUESTS_REASON)
        self.requests += 1

    @property
    def requests_left(self) -> bool:
        """Whether one more request may be sent."""
        return self.requests < self.max_requests

    def time_ran_out(self) -> None:
        """Note that the deadline passed before the read was done."""
        self.stopped_by = self.stopped_by or "time"
