"""The real-CV corpus's hand-checked facts, as committed (keyed hashes) or as a local clear copy.

Many corpus files are real people's own CVs: their names, e-mails, phones and employers are
not ours to publish, so real_cvs/facts.json never holds them. It is

    {"format": 2, "about": "…", "files": {"<manifest id>": {"facts": [
        {"kind": "phone", "length": 13, "hmac": "…", "hint": "…43"}, …]}}}

kind: name, email, phone, link or employer; length: of the fact's form as the scorer matches
it (real_cv_scoring.fact_form); hmac: the hex HMAC-SHA256 of that form (UTF-8) keyed by the
SHA-512 of the CV file's own bytes (real_cv_scoring.file_key; not the sha256 manifest.json
publishes). A plain hash of a phone number or a name can be reversed by trying candidates;
this one can only be checked by someone holding the CV file, which shows the fact anyway:
the repository alone reveals nothing. hint: a mask for reports (the first character of each
word then "…": "J… D…"; an e-mail "j…@e…"; a link "g…/j…"; a phone only its last two
digits, "…45"). Format 1 (a plain "sha256" per fact) is refused.

A clear copy (per file: "name", "emails", "phones", "links", "employers" with the values, the
format the facts were checked in) is kept outside the repository for debugging and may be
passed to bench_real_cvs.py with --facts: its facts are matched in clear and reports show
them whole. The scores are the same either way.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from tests.benchmarks.real_cv_scoring import FACT_CATEGORIES, Fact, fact_form, fact_hmac

FORMAT = 2  # facts.json's "format": 2 = HMAC keyed by the file (1 was a plain sha256)
# facts.json's kind → the scorer's category (the name of a clear copy's list).
CATEGORY_OF_KIND = {
    "name": "name",
    "email": "emails",
    "phone": "phones",
    "link": "links",
    "employer": "employers",
}
KIND_OF_CATEGORY = {category: kind for kind, category in CATEGORY_OF_KIND.items()}
ClearEntry = Mapping[str, str | Sequence[str]]  # a file's entry in a clear copy
_DIGIT = re.compile(r"\d")


def load_facts(path: Path) -> dict[str, list[Fact]]:
    """The facts per file id of a facts file: keyed (facts.json) or a clear copy.

    Keyed facts are not yet bound to their files' keys: see `keyed_by`.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    files = data["files"]
    keyed = any("facts" in entry for entry in files.values())
    if keyed and data.get("format") != FORMAT:
        found = data.get("format", 1)
        raise ValueError(f"{path}: facts format {found}, expected {FORMAT} (keyed by each file)")
    return {file_id: facts_of(entry) for file_id, entry in files.items()}


def facts_of(entry: Mapping[str, Any]) -> list[Fact]:
    """One file's facts, in FACT_CATEGORIES order, whichever format `entry` is in."""
    if "facts" not in entry:
        return clear_facts(entry)
    facts = [from_json(item) for item in entry["facts"]]
    return sorted(facts, key=lambda fact: FACT_CATEGORIES.index(fact.category))


def keyed_by(facts: Iterable[Fact], key: bytes) -> list[Fact]:
    """The facts of one file, their HMACs bound to its key (clear facts need none)."""
    return [fact if fact.hmac is None else dataclasses.replace(fact, key=key) for fact in facts]


def from_json(item: Mapping[str, Any]) -> Fact:
    """A keyed fact as stored in facts.json (its file's key still to bind)."""
    category = CATEGORY_OF_KIND[item["kind"]]
    return Fact(category, int(item["length"]), str(item["hint"]), hmac=str(item["hmac"]))


def to_json(fact: Fact) -> dict[str, object]:
    """A keyed fact as stored in facts.json: never its clear value."""
    if fact.hmac is None:
        raise ValueError("only a keyed fact (keyed_fact) is stored")
    kind = KIND_OF_CATEGORY[fact.category]
    return {"kind": kind, "length": fact.length, "hmac": fact.hmac, "hint": fact.label}


def clear_facts(entry: ClearEntry) -> list[Fact]:
    """A clear copy's facts of one file, labelled with themselves."""
    facts = []
    for category in FACT_CATEGORIES:
        values = entry.get(category) or []
        for value in [values] if isinstance(values, str) else values:
            length = len(fact_form(category, str(value)))
            facts.append(Fact(category, length, str(value), clear=str(value)))
    return facts


def keyed_fact(fact: Fact, key: bytes) -> Fact:
    """A clear fact as facts.json stores it for the file `key` is of: HMAC and masked hint."""
    if fact.clear is None:
        raise ValueError("only a clear fact can be keyed")
    form = fact_form(fact.category, fact.clear)
    label = masked(fact.category, fact.clear)
    return Fact(fact.category, len(form), label, hmac=fact_hmac(key, form), key=key)


def masked(category: str, value: str) -> str:
    """A hint for reports that does not give the fact away (see the module docstring)."""
    if category == "phones":
        return "…" + "".join(_DIGIT.findall(value))[-2:]
    if category == "emails" and "@" in value:
        local, domain = value.strip().rsplit("@", 1)
        return f"{_initials(local)}@{_initials(domain)}"
    if category == "links":
        return "/".join(_initials(part) for part in value.strip().split("/"))
    return " ".join(_initials(word) for word in value.split())


def _initials(word: str) -> str:
    return word[:1] + "…" if word else ""
