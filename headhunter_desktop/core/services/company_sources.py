"""What a company profile is read from: a website reading (core.web's values, re-exported
for the front ends) or a text the recruiter pasted, and the texts the model gets of it.

The texts are cut to a budget of characters (no tokenizer needed, so the prompt and the
checks of the model's answer see the same texts): home page first, as the reader lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

from headhunter_desktop.core.web import (
    Fact,
    PageListener,
    PageRecord,
    PageText,
    ReadLimits,
    WebsiteError,
    WebsiteRead,
)

__all__ = [
    "CompanySource",
    "Fact",
    "PageListener",
    "PageRecord",
    "PageText",
    "PastedText",
    "ReadLimits",
    "SourceText",
    "WebsiteError",
    "WebsiteReading",
    "known_facts",
    "source_texts",
    "source_warnings",
]

WebsiteReading = WebsiteRead  # what `CompanyProfileService.read_website` returns
# A page's main text is rarely longer; a page that is, is mostly lists of products or posts.
PAGE_CHARS = 12_000
# ~12k tokens of text in all: room for the answer in any current model's window.
TOTAL_CHARS = 48_000


@dataclass(frozen=True)
class PastedText:
    """Text the recruiter pasted from the client's site ("paste text instead")."""

    text: str


CompanySource = WebsiteReading | PastedText


@dataclass(frozen=True)
class SourceText:
    """One text the model reads: a page's main text (its URL and title), or the paste."""

    url: str  # "" for pasted text
    title: str
    text: str


def source_texts(source: CompanySource) -> list[SourceText]:
    """The texts the model is given, in order, cut to the budget; blank ones left out."""
    if isinstance(source, PastedText):
        return _cut([SourceText("", "", source.text)], TOTAL_CHARS)
    pages = [SourceText(page.url, page.title, page.text) for page in source.texts]
    return _cut(pages, PAGE_CHARS)


def known_facts(source: CompanySource) -> dict[str, Fact]:
    """The structured facts the reader found (JSON-LD, OpenGraph); none in a paste."""
    return {} if isinstance(source, PastedText) else dict(source.facts)


def source_warnings(source: CompanySource) -> list[str]:
    """What the reader said about the read, and what was cut to fit the budget."""
    said = [] if isinstance(source, PastedText) else list(source.warnings)
    given = sum(len(text.text.strip()) for text in _texts(source))
    sent = sum(len(text.text) for text in source_texts(source))
    if sent < given:
        what = "pasted text" if isinstance(source, PastedText) else "pages' text"
        said.append(f"Only the first {sent:,} characters of the {what} were read.")
    return said


def _texts(source: CompanySource) -> list[SourceText]:
    if isinstance(source, PastedText):
        return [SourceText("", "", source.text)]
    return [SourceText(page.url, page.title, page.text) for page in source.texts]


def _cut(texts: list[SourceText], per_text: int) -> list[SourceText]:
    kept: list[SourceText] = []
    room = TOTAL_CHARS
    for text in texts:
        body = text.text.strip()[: min(per_text, room)]
        if body:
            kept.append(SourceText(text.url, text.title.strip(), body))
            room -= len(body)
    return kept
