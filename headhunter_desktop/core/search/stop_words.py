"""Words a keyword query ignores: they are in nearly every CV and say nothing about a person.

English function words, and the fillers of a request ("someone with experience of …"),
lower-case. Words that are also skills or acronyms stay out of
the list even when they look like function words: "IT", "Go", "US", "R", "C", "A-level".
Before this list, "pastry chef with viennoiserie" listed every CV holding "with".
"""

from __future__ import annotations

from headhunter_desktop.core.search.terms import fold

STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is its itself just me more most my myself no nor not of off on once only
    or other our ours ourselves out over own same she should so some such
    than that the their theirs them themselves then there these they this those through to
    too under until up very was we were what when where which while who whom why with
    would you your yours yourself yourselves
    someone somebody person candidate candidates experience experienced looking need needs
    want wants
    """.split()  # noqa: SIM905 - a word list reads best as words
)


def is_stop_word(word: str) -> bool:
    """Whether `word` (as typed, any case or accents) is ignored by keyword search."""
    return fold(word).strip("\"'()[]{},;:!?*.") in STOP_WORDS
