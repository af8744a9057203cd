"""Website readings built as values (no network) for the company profile tests: what the
reader would return for Acme's site, and a fake model's answer over it."""

from __future__ import annotations

from dataclasses import replace

from headhunter_desktop.core.services.company_profiles import (
    Fact,
    PageRecord,
    PageText,
    WebsiteReading,
)

HOME = "https://acme.example/"
ABOUT = "https://acme.example/about"
CAREERS = "https://acme.example/careers"
HIDDEN = "https://acme.example/internal/"

HOME_TEXT = (
    "Acme designs suspension bridges for regional governments. Our engineers inspect "
    "and repair bridges across the north of England."
)
ABOUT_TEXT = (
    "About us. Our mission is safe crossings for everyone. Acme has worked since 1950 "
    "from its office in Leeds. Around 120 engineers work with us. We value safety and craft."
)
CAREERS_TEXT = (
    "Careers at Acme. We offer a company pension, flexible hours and a cycle scheme. "
    "Our teams: Engineering, Surveying and Project Management."
)

# What the site's JSON-LD states: taken as written, never re-worded.
FACTS = {
    "tagline": Fact("Bridges that last", HOME, "json-ld"),
    "founded_year": Fact(1950, HOME, "json-ld"),
    "social_links": Fact(["https://social.example/acme"], HOME, "json-ld"),
    "description": Fact("Acme Ltd: bridge engineers.", HOME, "opengraph"),
}


def acme_reading(*, facts: bool = True) -> WebsiteReading:
    """Three pages read, one skipped for robots.txt; with or without structured facts."""
    return WebsiteReading(
        url=HOME,
        pages=[
            PageRecord(HOME, 200, 5_120, True, None),
            PageRecord(ABOUT, 200, 4_096, True, None),
            PageRecord(CAREERS, 200, 3_000, True, None),
            PageRecord(HIDDEN, None, 0, False, "robots.txt disallows it"),
        ],
        facts=dict(FACTS) if facts else {},
        texts=[
            PageText(HOME, "Acme — Home", HOME_TEXT),
            PageText(ABOUT, "About Acme", ABOUT_TEXT),
            PageText(CAREERS, "Careers", CAREERS_TEXT),
        ],
        warnings=[],
    )


def with_texts(reading: WebsiteReading, *texts: PageText) -> WebsiteReading:
    """`reading` with other page texts."""
    return replace(reading, texts=list(texts))


# A model's answer over Acme's pages: what the text states, and a few inventions.
STATED = {
    "description": "Acme designs and inspects suspension bridges for regional governments.",
    "tagline": "Bridges for everyone",  # re-worded: the JSON-LD fact must win
    "mission": "Safe crossings for everyone.",
    "values": ["Safety", "Craft"],
    "departments": ["Engineering", "Surveying", "Project Management"],
    "benefits": ["Company pension", "Flexible hours", "Cycle scheme"],
    "target_market": "Regional governments",
    "industry": "Bridge engineering",
    "founded_year": 1950,
    "size_band": "about 120 engineers",
    "headquarters": "Leeds, United Kingdom",  # the country is not in the text
}
