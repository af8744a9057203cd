"""Claims in a feedback report that contradict the scorecard ("strong Python" with Python
rated 2/5): found sentence by sentence, so the front ends can warn before the report goes out.

A sentence is cut into clauses at contrasts ("but", "although", "while", ";", a dash) and
commas, and a word of praise or criticism speaks of the competencies named in its own
clause; a clause that is nothing but names ("Strong SQL, Kubernetes and Go") shares the
words of the clause before it. A negated word ("not strong", "no weakness") says the
opposite. Under the Strengths and Concerns headings a bullet naming a competency is praise
or criticism by where it stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from headhunter_desktop.core.domain.interview import Competency

_PRAISE = re.compile(
    r"strong(?:ly|er|est)?|strengths?|excellen(?:t|ce)|outstanding|expert(?:ise)?|"
    r"impressive(?:ly)?|impressed|deep(?:ly)?|solid|proficien(?:t|cy)|advanced|"
    r"exceptional(?:ly)?|great|skill(?:ed|ful)|skilful|superb|excel(?:s|led)?|mastery|"
    r"stellar|brilliant|fluent|accomplished|flawless(?:ly)?"
)
_CRITICISM = re.compile(
    r"weak(?:ness(?:es)?|er|est|ly)?|poor(?:ly)?|limited|lack(?:s|ing|ed)?|"
    r"insufficient(?:ly)?|struggl(?:e|es|ed|ing)|basic|shallow|inadequate(?:ly)?|"
    r"deficient|rudimentary"
)
_NEGATORS = frozenset({
    "not", "no", "never", "hardly", "barely", "without", "nor", "neither", "cannot",
    "lack", "lacks", "lacking",
})  # fmt: skip
NEGATION_WINDOW = 3  # words before a sentiment word that can negate it ("isn't" too)
# Words that leave a clause a mere list of names ("Kubernetes and Go", "Python (2/5)"),
# besides names themselves.
_LIST_WORDS = frozenset({
    "and", "or", "as", "well", "also", "plus", "the", "a", "an", "in", "of", "with", "both",
})  # fmt: skip
# Words of a multi-word name too common to stand for it alone ("fit" in "Culture fit").
_GENERIC_WORDS = frozenset({
    "and", "of", "the", "in", "with", "for", "to", "skill", "skills", "experience",
    "knowledge", "fit", "ability", "abilities",
})  # fmt: skip
_CONTRAST = re.compile(
    r"\s*(?:;|\s[-–—]\s|\b(?:but|although|though|while|whereas|however|yet)\b)\s*",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\w+#.'’-]*\w[+#]*|[+#]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_EMPHASIS = re.compile(r"[*_`]+")


@dataclass(frozen=True)
class ScoreConflict:
    """A sentence that says the opposite of a competency's rating."""

    competency: str
    rating: int
    sentence: str
    reason: str  # e.g. 'says "strong" but Python is rated 2/5'


@dataclass(frozen=True)
class _Claim:
    praise: bool
    word: str  # the word that makes it one, or the heading it stands under
    by_heading: bool = False


def score_conflicts(markdown: str, scorecard: Sequence[Competency]) -> list[ScoreConflict]:
    """Every sentence of `markdown` that praises a competency rated 1–2 or criticises one
    rated 4–5 (negated words counting as their opposite), in the order they appear."""
    rated = [c for c in scorecard if c.rating is not None and c.rating != 3]
    patterns = [(c, _name_pattern(c.name)) for c in rated]
    conflicts: list[ScoreConflict] = []
    for section, bullet, sentence in _sentences(markdown):
        for competency, claim in _claims(sentence, patterns, _section_claim(section, bullet)):
            if claim.praise == (competency.rating is not None and competency.rating <= 2):
                conflicts.append(_conflict(competency, sentence, claim))
    return conflicts


def _conflict(competency: Competency, sentence: str, claim: _Claim) -> ScoreConflict:
    rating = competency.rating or 0
    said = f"is listed under {claim.word}" if claim.by_heading else f'says "{claim.word}"'
    reason = f"{said} but {competency.name} is rated {rating}/5"
    return ScoreConflict(competency.name, rating, sentence, reason)


def _sentences(markdown: str) -> Iterator[tuple[str, bool, str]]:
    """(the heading it stands under, whether it is a bullet, the sentence), headings out."""
    section = ""
    for line in markdown.splitlines():
        if line.lstrip().startswith("#"):
            section = line.strip().lstrip("#").strip()
            continue
        bullet = bool(_BULLET.match(line))
        text = _BULLET.sub("", line).strip()
        for sentence in _SENTENCE_END.split(text):
            if sentence.strip():
                yield section, bullet, sentence.strip()


def _section_claim(section: str, bullet: bool) -> _Claim | None:
    heading = section.casefold()
    if bullet and heading == "strengths":
        return _Claim(True, "Strengths", by_heading=True)
    if bullet and heading == "concerns":
        return _Claim(False, "Concerns", by_heading=True)
    return None


def _claims(
    sentence: str, patterns: list[tuple[Competency, re.Pattern[str]]], placed: _Claim | None
) -> Iterator[tuple[Competency, _Claim]]:
    plain = _EMPHASIS.sub("", sentence)
    if placed is not None and _negated_anywhere(plain):  # "No concerns about SQL."
        placed = None
    previous: list[_Claim] = []
    for part in _CONTRAST.split(plain):
        for clause in part.split(","):
            named = [(c, p) for c, p in patterns if p.search(clause)]
            claims = _clause_claims(clause)
            if not claims and named and _only_names(clause, [p for _, p in named]):
                claims = previous
            if not claims and placed is not None:
                claims = [placed]
            previous = claims
            yield from ((c, claim) for c, _ in named for claim in claims)
        previous = []  # a contrast ends what a list shares


def _clause_claims(clause: str) -> list[_Claim]:
    words = [w.casefold() for w in _WORD.findall(clause)]
    claims = []
    for index, word in enumerate(words):
        praise = bool(_PRAISE.fullmatch(word))
        if not praise and not _CRITICISM.fullmatch(word):
            continue
        before = words[max(0, index - NEGATION_WINDOW) : index]
        negated = any(_is_negator(w) for w in before)
        claims.append(_Claim(praise != negated, word))
    return claims


def _only_names(clause: str, names: list[re.Pattern[str]]) -> bool:
    for pattern in names:
        clause = pattern.sub(" ", clause)
    # What is left may name other things ("Kubernetes"): capitalised words, numbers.
    return all(
        w.casefold() in _LIST_WORDS or w[0].isupper() or w[0].isdigit()
        for w in _WORD.findall(clause)
    )


def _negated_anywhere(clause: str) -> bool:
    return any(_is_negator(w.casefold()) for w in _WORD.findall(clause))


def _is_negator(word: str) -> bool:
    return word in _NEGATORS or word.endswith(("n't", "n’t"))


def _name_pattern(name: str) -> re.Pattern[str]:
    """The name (and, for a multi-word name, its most distinctive word) as whole words;
    a name of one or two characters ("Go", "R") only as written, not as a common word."""
    alternatives = [re.escape(name)]
    if distinctive := _distinctive_word(name):
        alternatives.append(re.escape(distinctive))
    flags = 0 if len(name) <= 2 else re.IGNORECASE
    return re.compile(rf"(?<![\w+#])(?:{'|'.join(alternatives)})(?![\w+#])", flags)


def _distinctive_word(name: str) -> str | None:
    words = name.split()
    if len(words) < 2:
        return None
    candidates = [w for w in words if w.casefold() not in _GENERIC_WORDS and len(w) >= 4]
    # The longest word; on a tie the later one, the head noun in English ("system design").
    return max(reversed(candidates), key=len) if candidates else None
