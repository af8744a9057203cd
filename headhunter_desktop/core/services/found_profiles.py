"""What a read found: the model's answer checked against the texts it read, the site's
structured facts laid over it verbatim, and the source of every value.

- A JSON-LD or OpenGraph fact wins over the model's value of its field, as written.
- A founding year, size or headquarters the texts do not state is dropped, with a
  warning: the prompt asks for "unknown, not invented"; this enforces it where it counts.
- Every other value the model gave is attributed to the page whose text shares the most
  words with it ("pasted-text" for a paste).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from headhunter_desktop.core.domain.client_profile import (
    WEBSITE_FIELDS,
    ClientProfile,
    FieldSource,
    is_empty_value,
)
from headhunter_desktop.core.domain.company_facts import CompanyFacts
from headhunter_desktop.core.services import fact_support
from headhunter_desktop.core.services.client_profiles import clean_website
from headhunter_desktop.core.services.company_sources import (
    CompanySource,
    Fact,
    PastedText,
    SourceText,
    known_facts,
    source_texts,
    source_warnings,
)
from headhunter_desktop.core.storage.errors import InvalidInputError

_LIST_FIELDS = frozenset(
    name for name in WEBSITE_FIELDS if ClientProfile.model_fields[name].annotation == list[str]
)
_CHECKED_LABELS = {"founded_year": "founding year", "headquarters": "headquarters",
                   "size_band": "size"}  # fmt: skip
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")


@dataclass(frozen=True)
class FoundProfile:
    """The values a read found (only the fields it filled, in the profile's order), where
    each came from, and what the recruiter should know about the read."""

    values: dict[str, Any]
    sources: dict[str, FieldSource]
    warnings: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Nothing was found."""
        return not self.values


def found_profile(final: CompanyFacts, source: CompanySource) -> FoundProfile:
    """The profile found by the model's `final` answer over `source` (see the module)."""
    texts = source_texts(source)
    warnings = source_warnings(source)
    facts = {name: fact for name, fact in known_facts(source).items() if _fact_value(name, fact)}
    values, sources = _model_values(final, source, texts, warnings, set(facts))
    for name, fact in facts.items():
        values[name] = _fact_value(name, fact)
        sources[name] = FieldSource(url=fact.url, method=fact.method)
    _add_website(source, values, sources)
    _check_website(values, sources, warnings)
    ordered = [name for name in WEBSITE_FIELDS if name in values]
    return FoundProfile(
        {name: values[name] for name in ordered},
        {name: sources[name] for name in ordered},
        warnings,
    )


def _model_values(
    final: CompanyFacts,
    source: CompanySource,
    texts: Sequence[SourceText],
    warnings: list[str],
    facts: set[str],
) -> tuple[dict[str, Any], dict[str, FieldSource]]:
    values: dict[str, Any] = {}
    sources: dict[str, FieldSource] = {}
    for name, raw in final.model_dump().items():
        value = _tidy(raw)
        if is_empty_value(value) or name in facts:
            continue  # a fact of the field replaces the model's value: nothing to check
        value = _supported(name, value, texts, warnings)
        if not is_empty_value(value):
            values[name] = value
            sources[name] = _text_source(value, source, texts)
    return values, sources


def _supported(name: str, value: Any, texts: Sequence[SourceText], warnings: list[str]) -> Any:
    """`value` as far as the texts state it; what they do not is dropped and said."""
    if name == "founded_year":
        kept = value if fact_support.year_is_stated(value, texts) else None
    elif name == "headquarters":
        kept = fact_support.supported_parts(value, texts)
    elif name == "size_band":
        kept = value if fact_support.is_supported(value, texts) else ""
    else:
        return value
    if kept != value:
        label = _CHECKED_LABELS[name]
        shown = f"“{kept}” kept" if kept else "left empty"
        warnings.append(f"The {label} “{value}” is not stated in the text read: {shown}.")
    return kept


def _text_source(value: Any, source: CompanySource, texts: Sequence[SourceText]) -> FieldSource:
    if isinstance(source, PastedText):
        return FieldSource(url="", method="pasted-text")
    best = fact_support.best_text(value, texts)
    return FieldSource(url=best.url if best else source.url, method="page-text")


def _fact_value(name: str, fact: Fact) -> Any:
    """The fact in its field's type, or None for a field a website does not fill."""
    if name not in WEBSITE_FIELDS:
        return None  # e.g. the name: the client's identity here, not the site's
    value = fact.value
    if name == "founded_year":
        return _year(value)
    if name in _LIST_FIELDS:
        items = value if isinstance(value, list) else [value]
        value = _tidy([str(item) for item in items])
    elif isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    value = _tidy(value if isinstance(value, list) else str(value))
    return None if is_empty_value(value) else value


def _year(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    found = _FOUR_DIGITS.search(str(value))
    return int(found.group()) if found else None


def _add_website(
    source: CompanySource, values: dict[str, Any], sources: dict[str, FieldSource]
) -> None:
    """The address read is the website, unless the site names its own (JSON-LD `url`)."""
    if isinstance(source, PastedText) or "website" in values:
        return
    values["website"] = source.url
    sources["website"] = FieldSource(url=source.url, method="typed")


def _check_website(
    values: dict[str, Any], sources: dict[str, FieldSource], warnings: list[str]
) -> None:
    if "website" not in values:
        return
    try:
        values["website"] = clean_website(values["website"])
    except InvalidInputError as exc:
        warnings.append(str(exc))
        del values["website"], sources["website"]


def _tidy(value: Any) -> Any:
    """Text stripped; list items stripped, blanks and repeats (ignoring case) dropped."""
    if isinstance(value, str):
        return value.strip()
    if not isinstance(value, list):
        return value
    kept: dict[str, str] = {}
    for item in value:
        text = str(item).strip()
        if text and text.casefold() not in kept:
            kept[text.casefold()] = text
    return list(kept.values())
