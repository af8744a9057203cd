"""Signs that an extracted text is damaged, each worth one line of warning in the queue.

A text can come out of a file complete and still be wrong in ways no exception shows:
font glyph names where letters should be (`/four.lnum`, `J/A.sc/N.sc`, `Scienti/f_ic`),
words run together once a PDF's word spaces are lost, one word per line once its line
breaks are, or U+FFFD where a font has no Unicode map. Each measure below is cheap and
conservative: a CV written by a person should pass all of them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

# Glyph names as PostScript fonts spell them: a base name with a feature suffix (old-style
# and lining figures, small caps, alternates, stylistic sets), an f-ligature or another
# common ligature (`f_i`, `f_f_l`, `T_h`), or `uniXXXX`. The suffixes are the OpenType
# feature names fonts use; ordinary words after a slash ("n/a", "he/she") never carry one.
_SUFFIXES = (
    "sc|smcp|c2sc|pcap|c2pc|lnum|onum|tnum|pnum|osf|tosf|lf|tlf|plf|tf|sups|subs|sinf|numr"
    r"|dnom|sup|inf|superior|inferior|oldstyle|taboldstyle|alt\d*|salt|ss\d\d|cv\d\d|swsh"
    "|case|ordn|zero|init|medi|fina|isol|liga|dlig|hlig"
)
_GLYPH_NAME = re.compile(
    rf"/(?:[A-Za-z][A-Za-z0-9_]*(?:\.(?:{_SUFFIXES}))+(?![A-Za-z0-9])"
    r"|(?:f_f_[ijl]|f_[fijltbhk]|s_t|c_t|T_h)|uni[0-9A-F]{4,6}(?![0-9A-Za-z]))"
)
# Scripts written with spaces between words (Latin, Greek, Cyrillic, Armenian): Chinese,
# Japanese or Thai put none, so their long "tokens" and single-token lines are normal.
_SPACED_SCRIPT_END = 0x0590
_NOT_A_WORD = ("@", "/", "\\", "www.", "http")  # addresses, paths and links
GLUED_TRANSITIONS = 2  # "SeniorSoftwareEngineer": lower→Upper twice; "JavaScript" once
GLUED_MIN_CHARS = 12
GLUED_LONG_CHARS = 30  # no word of a CV is this long; German compounds stop short of it
GLUED_MIN_WORDS = 3
GLUED_MIN_SHARE = 0.05  # of the letters of spaced scripts
ONE_WORD_MIN_LINES = 20
CJK_SHORT_LINE = 2
ONE_WORD_SHARE = 0.6  # headings and skill lists keep a real CV well under this
GARBLED_SHARE = 0.2  # of visible characters being U+FFFD


@dataclass(frozen=True, slots=True)
class TextQuality:
    """What the measures found in one text (also the benchmark's counters)."""

    glyph_names: list[str]
    glued_words: list[str]
    glued_letters: int
    letters: int  # letters of spaced scripts: the base of the glued share
    one_word_lines: int
    lines: int  # non-empty lines
    replacement_chars: int
    visible_chars: int

    def warnings(self) -> list[str]:
        """One human line per sign of damage, in the order a reader would care."""
        found = []
        if self.glyph_names:
            found.append(
                f'font glyph names instead of characters (such as "{self.glyph_names[0]}"): '
                "names or numbers may be unreadable"
            )
        if self.replacement_chars > GARBLED_SHARE * self.visible_chars:
            found.append("parts of the text are unreadable (a font without a Unicode map)")
        if _glued(self):
            found.append("words are run together in places: the file's word spaces were lost")
        if self.lines >= ONE_WORD_MIN_LINES and self.one_word_lines > ONE_WORD_SHARE * self.lines:
            share = self.one_word_lines / self.lines
            found.append(f"{share:.0%} of the lines hold a single word: line breaks were lost")
        return found


def measure(text: str) -> TextQuality:
    """Count the signs of damage in `text` (normalized extraction output)."""
    glued = [token for token in text.split() if is_glued(token)]
    lines = [line.split() for line in text.splitlines() if line.strip()]
    visible = sum(1 for ch in text if not ch.isspace())
    return TextQuality(
        glyph_names=_GLYPH_NAME.findall(text),
        glued_words=glued,
        glued_letters=sum(_letters(token) for token in glued),
        letters=sum(_letters(token) for token in text.split() if _spaced(token)),
        one_word_lines=sum(1 for words in lines if _one_word(words)),
        lines=len(lines),
        replacement_chars=text.count("\ufffd"),
        visible_chars=visible,
    )


def quality_warnings(text: str) -> list[str]:
    """The warnings `text` deserves; empty for a text that reads as a person wrote it."""
    return measure(text).warnings()


def is_glued(token: str) -> bool:
    """Several words run together: lower→Upper twice in 12+ characters, or 30+ characters.

    Links, e-mail addresses and paths are not words; neither are tokens of scripts written
    without spaces.
    """
    if len(token) < GLUED_MIN_CHARS or not _spaced(token):
        return False
    if any(mark in token.lower() for mark in _NOT_A_WORD):
        return False
    if len(token) >= GLUED_LONG_CHARS:
        return True
    pairs = itertools.pairwise(token)
    return sum(1 for a, b in pairs if a.islower() and b.isupper()) >= GLUED_TRANSITIONS


def _glued(quality: TextQuality) -> bool:
    return (
        len(quality.glued_words) >= GLUED_MIN_WORDS
        and quality.glued_letters >= GLUED_MIN_SHARE * quality.letters
    )


def _one_word(words: list[str]) -> bool:
    # A line of Chinese or Japanese is one "word" whatever it says: only a line of one or
    # two such characters (a name split letter by letter, a line per font switch) counts.
    return len(words) == 1 and (_spaced(words[0]) or len(words[0]) <= CJK_SHORT_LINE)


def _spaced(text: str) -> bool:
    return all(ord(ch) < _SPACED_SCRIPT_END for ch in text if ch.isalpha())


def _letters(token: str) -> int:
    return sum(1 for ch in token if ch.isalpha())
