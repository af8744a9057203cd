"""What a read has found so far (pages, texts, facts, warnings), put together at the end.

Pages finish in any order (several are read at once); each entry keeps the order its page
was chosen in, so the result lists the home page first, then the pages best first. A
listener, if given, hears of each page as it is done (read or skipped), in that order.
"""

from __future__ import annotations

from headhunter_desktop.core.web.errors import size_text
from headhunter_desktop.core.web.fetcher import Fetched
from headhunter_desktop.core.web.page_analysis import PageAnalysis
from headhunter_desktop.core.web.results import (
    Fact,
    PageListener,
    PageRecord,
    PageText,
    StoppedBy,
    WebsiteRead,
)
from headhunter_desktop.core.web.urls import page_key

Order = tuple[int, int, int]
HOME_ORDER: Order = (-1, 0, 0)


class Findings:
    """The pages tried, the texts and facts they gave, and what to warn about."""

    def __init__(self, max_page_bytes: int, on_page: PageListener | None = None) -> None:
        self._max_page_bytes = max_page_bytes
        self._on_page = on_page
        self._records: list[tuple[Order, PageRecord]] = []
        self._texts: list[tuple[Order, PageText]] = []
        self._json_ld: list[tuple[Order, dict[str, Fact]]] = []
        self._opengraph: dict[str, Fact] = {}
        self._read: dict[str, str] = {}  # page key -> the address it was read under
        self.warnings: list[str] = []

    def duplicate_of(self, url: str) -> str | None:
        """The address under which this page was read already, if it was."""
        return self._read.get(page_key(url))

    def add_page(self, order: Order, fetched: Fetched, analysis: PageAnalysis) -> None:
        """A page read: its line, its text, its facts (OpenGraph of the home page only:
        elsewhere og:description describes that page, not the company)."""
        self._read[page_key(fetched.url)] = fetched.url
        used = bool(analysis.text or analysis.json_ld)
        if order == HOME_ORDER:
            self._opengraph = dict(analysis.opengraph)
            used = used or bool(analysis.opengraph)
        if analysis.text:
            self._texts.append((order, PageText(fetched.url, analysis.title, analysis.text)))
        if analysis.json_ld:
            self._json_ld.append((order, analysis.json_ld))
        reason = self._truncation(fetched) or (None if used else _why_unused(analysis))
        self._keep(order, PageRecord(fetched.url, fetched.status, len(fetched.body), used, reason))

    def _truncation(self, fetched: Fetched) -> str | None:
        if not fetched.truncated:
            return None
        size = size_text(self._max_page_bytes)
        self.warnings.append(f"{fetched.url} is longer than {size}: only its first {size} read.")
        return f"truncated at {size}"

    def add_skip(self, order: Order, url: str, reason: str, status: int | None = None) -> None:
        """A page not read, and why."""
        self._keep(order, PageRecord(url, status, 0, False, reason))

    def _keep(self, order: Order, record: PageRecord) -> None:
        self._records.append((order, record))
        if self._on_page is not None:
            self._on_page(record)

    @property
    def found_anything(self) -> bool:
        """Some text or some structured fact."""
        return bool(self._texts or self._json_ld or self._opengraph)

    def facts(self) -> dict[str, Fact]:
        """JSON-LD facts (the home page's first, then other pages' for fields still
        empty), then OpenGraph only where JSON-LD said nothing."""
        merged: dict[str, Fact] = {}
        for _, facts in sorted(self._json_ld, key=lambda entry: entry[0]):
            for name, fact in facts.items():
                merged.setdefault(name, fact)
        return {**self._opengraph, **merged}

    def result(self, home_url: str, requests: int, stopped_by: StoppedBy | None) -> WebsiteRead:
        """Everything, in order."""
        return WebsiteRead(
            url=home_url,
            pages=[record for _, record in sorted(self._records, key=lambda e: e[0])],
            facts=self.facts(),
            texts=[text for _, text in sorted(self._texts, key=lambda e: e[0])],
            warnings=list(self.warnings),
            requests=requests,
            stopped_by=stopped_by,
        )


def _why_unused(analysis: PageAnalysis) -> str:
    return "renders only with JavaScript" if analysis.script_rendered else "no main text"
