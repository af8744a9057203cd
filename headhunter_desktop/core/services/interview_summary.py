"""One line of a list of interviews: what the lists of the Interviews tab and a candidate's
history show. The storage layer's row, named for the front ends apart from the interview
service, so that the CVs tab (a candidate's history) does not import that service, and
what it imports, at start-up."""

from __future__ import annotations

from headhunter_desktop.core.storage.interviews import InterviewListRow as InterviewSummary

__all__ = ["InterviewSummary"]
