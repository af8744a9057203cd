"""The client profile's forms, keyed like `ClientProfile`'s fields: the company as its
website describes it (read and streamed in), the agency's own notes about the client, and
the voice every generated text for it follows (both typed, never sent to be filled)."""

from __future__ import annotations

from functools import partial
from typing import Any

from headhunter_desktop.ui.common import field_specs

# No field is written again on its own here: a read fills the empty ones, the merge the rest.
line = partial(field_specs.line, regenerable=False)
text = partial(field_specs.text, regenerable=False)
number = partial(field_specs.number, regenerable=False)
string_list = partial(field_specs.string_list, regenerable=False)
object_list = partial(field_specs.object_list, regenerable=False)

# Plain text, not Markdown: a website's words are shown (and saved) as they were written.
COMPANY_FIELDS = (
    line("tagline", "Tagline", placeholder="The company's own one-line summary"),
    text("description", "Description", lines=5, markdown=False,
         placeholder="What the company does, for whom, since when."),
    line("industry", "Industry", placeholder="e.g. Civil engineering"),
    line("company_type", "Company type", placeholder="e.g. Corporation", beside_previous=True),
    number("founded_year", "Founded", chars=5, placeholder="year"),
    line("size_band", "Size", chars=11, placeholder="e.g. 51–200", beside_previous=True),
    line("headquarters", "Headquarters", placeholder="city, country", beside_previous=True),
    string_list("specialties", "Specialties", lines=3),
    string_list("products_and_services", "Products and services", lines=3, beside_previous=True),
    text("target_market", "Target market", lines=2, markdown=False),
    text("mission", "Mission", lines=2, markdown=False),
    text("vision", "Vision", lines=2, markdown=False, beside_previous=True),
    string_list("values", "Values", lines=3),
    text("culture", "Culture", lines=3, markdown=False, beside_previous=True),
    string_list("departments", "Departments", lines=3),
    string_list("benefits", "Benefits", lines=3, beside_previous=True),
    string_list("social_links", "Social links", lines=2),
)  # fmt: skip

CLIENT_FIELDS = (
    object_list(
        "contacts",
        "Contacts",
        (
            line("name", "Name"),
            line("role", "Role", placeholder="e.g. Head of Talent"),
            line("email", "E-mail"),
            line("phone", "Phone"),
        ),
        item_label="Contact",
    ),
    text("fee_terms", "Fee terms", lines=3, markdown=False,
         placeholder="e.g. 20% of first-year salary, 90-day guarantee"),
    text("notes", "Notes", lines=4, markdown=False,
         placeholder="Anything the agency should remember about this client."),
)  # fmt: skip

VOICE_FIELDS = (
    line("tone", "Tone", placeholder="e.g. warm, direct, no hype"),
    string_list("words_to_use", "Words to use", lines=3),
    string_list("words_to_avoid", "Words to avoid", lines=3, beside_previous=True),
    text("instructions", "Other instructions", lines=3, markdown=False,
         placeholder="Anything else, e.g. “Use British spelling.”"),
)  # fmt: skip
VOICE_HINT = (
    "Every department profile, job posting and interview feedback generated for this "
    "client follows these instructions."
)

COMPANY_KEYS = tuple(spec.key for spec in COMPANY_FIELDS)
CLIENT_KEYS = tuple(spec.key for spec in CLIENT_FIELDS)
VOICE_KEYS = tuple(spec.key for spec in VOICE_FIELDS)
LABELS = {spec.key: spec.label for spec in (*COMPANY_FIELDS, *CLIENT_FIELDS, *VOICE_FIELDS)}


def is_empty(value: Any) -> bool:
    """Nothing stated: None, blank text, an empty list."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == [] or value == {}


def picked(values: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """`values` restricted to `keys` (missing ones None: the form empties them)."""
    return {key: values.get(key) for key in keys}


def real_contacts(contacts: Any) -> list[dict[str, Any]]:
    """The contacts with at least one thing written (an added, untouched item is none)."""
    items = contacts if isinstance(contacts, list) else []
    return [
        item for item in items if isinstance(item, dict) and not all(map(is_empty, item.values()))
    ]
