"""The keyword part of a query as a recruiter writes it: words, "quoted phrases", AND, OR, NOT.

Bullhorn's rules: the operators are the upper-case words AND, OR and NOT (lower-case "and",
"or", "not" are ordinary words, dropped as stop-words); NOT binds tightest, then AND, then
OR; parentheses group; words side by side are ANDed. Without any operator the query is
"all of these words", and the caller may fall back to "any of them" (`KeywordQuery.plain`).
Stop-words outside quotes are dropped ("pastry chef with viennoiserie" does not look for
"with"); a query of stop-words only keeps them. Nothing in a query can fail to parse: an
operator with nothing to act on is ignored, an unclosed parenthesis closes at the end.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from headhunter_desktop.core.search.stop_words import is_stop_word
from headhunter_desktop.core.search.terms import MAX_QUERY_CHARS, MAX_TERMS, Term, make_term

_OPERATORS = frozenset({"AND", "OR", "NOT"})
# A "quoted phrase", a parenthesis, or a run of other non-blanks, in the order written.
_TOKEN_RE = re.compile(r'"([^"]*)"|([()])|([^\s()"]+)')


@dataclass(frozen=True)
class Match:
    """Candidates whose text has all of `include` and none of `exclude` (each a term or a
    nested Match/AnyOf)."""

    include: tuple[Expr, ...] = ()
    exclude: tuple[Expr, ...] = ()


@dataclass(frozen=True)
class AnyOf:
    """Candidates matching at least one of `options`."""

    options: tuple[Expr, ...] = ()


Expr = Term | Match | AnyOf


@dataclass(frozen=True)
class KeywordQuery:
    """A parsed query: its expression, its positive terms (what "matched: …" lists) and the
    terms excluded from every result (NOT at the top level)."""

    expr: Expr | None
    terms: list[Term] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    # No operator was written: "all words" first, then "any word" may follow.
    plain: bool = True

    def meaning_text(self) -> str:
        """What the query means without its operators and excluded words (to embed)."""
        return " ".join(t.text for t in self.terms)


def parse_keyword_query(query: str, *, prefix_min_chars: int) -> KeywordQuery:
    """Parse `query` (see the module docstring); `expr` None when it has no searchable word."""
    tokens = _tokens(query[:MAX_QUERY_CHARS])
    plain = not any(kind in ("op", "paren") for kind, _ in tokens)
    keep_stop_words = all(kind != "word" or is_stop_word(text) for kind, text in tokens)
    parser = _Parser(tokens, prefix_min_chars, keep_stop_words)
    expr = _simplify(parser.parse())
    terms = _unique(_positive_terms(expr))
    excluded = _unique(list(expr.exclude)) if isinstance(expr, Match) else []
    if not terms:
        return KeywordQuery(None, [], [], plain)  # NOT alone finds nobody by keyword
    return KeywordQuery(expr, terms, [t for t in excluded if isinstance(t, Term)], plain)


def _tokens(query: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for match in _TOKEN_RE.finditer(query):
        phrase, paren, word = match.groups()
        if phrase is not None:
            found.append(("phrase", phrase))
        elif paren is not None:
            found.append(("paren", paren))
        elif word in _OPERATORS:
            found.append(("op", word))
        else:
            found.append(("word", word))
    return found


class _Parser:
    """Recursive descent: or := and (OR and)*; and := unary (AND? unary)*;
    unary := NOT unary | '(' or ')' | term."""

    def __init__(self, tokens: list[tuple[str, str]], prefix_min: int, keep_stops: bool) -> None:
        self._tokens, self._at = tokens, 0
        self._prefix_min, self._keep_stops = prefix_min, keep_stops
        self._term_count = 0

    def parse(self) -> Expr | None:
        expr = None
        while self._at < len(self._tokens):  # a stray ")" ends a group early: go on after it
            expr = _join_all(expr, self._or())
            self._at += 1
        return expr

    def _peek(self) -> tuple[str, str] | None:
        return self._tokens[self._at] if self._at < len(self._tokens) else None

    def _or(self) -> Expr | None:
        options = [self._and()]
        while self._peek() == ("op", "OR"):
            self._at += 1
            options.append(self._and())
        kept = tuple(o for o in options if o is not None)
        return kept[0] if len(kept) == 1 else AnyOf(kept) if kept else None

    def _and(self) -> Expr | None:
        include: list[Expr] = []
        exclude: list[Expr] = []
        while (token := self._peek()) is not None and token not in (("op", "OR"), ("paren", ")")):
            if token == ("op", "AND"):
                self._at += 1
                continue
            negated, expr = self._unary()
            if expr is not None:
                (exclude if negated else include).append(expr)
        if not include and not exclude:
            return None
        return Match(tuple(include), tuple(exclude))

    def _unary(self) -> tuple[bool, Expr | None]:
        kind, text = self._tokens[self._at]
        self._at += 1
        if (kind, text) == ("op", "NOT"):
            if self._peek() is None or self._peek() in (("op", "OR"), ("paren", ")")):
                return False, None
            negated, expr = self._unary()
            return not negated, expr
        if (kind, text) == ("paren", "("):
            expr = self._or()
            if self._peek() == ("paren", ")"):
                self._at += 1
            return False, expr
        if kind == "word" and is_stop_word(text) and not self._keep_stops:
            return False, None
        return False, self._term(text)

    def _term(self, text: str) -> Term | None:
        if self._term_count >= MAX_TERMS:
            return None
        term = make_term(text, self._prefix_min)
        self._term_count += term is not None
        return term


def _join_all(left: Expr | None, right: Expr | None) -> Expr | None:
    if left is None or right is None:
        return left or right
    return Match((left, right))


def _simplify(expr: Expr | None) -> Expr | None:
    """Drop groups that hold nothing positive; unwrap a group of one."""
    if isinstance(expr, AnyOf):
        options = tuple(o for o in map(_simplify, expr.options) if o is not None)
        return options[0] if len(options) == 1 else AnyOf(options) if options else None
    if isinstance(expr, Match):
        include = tuple(i for i in map(_simplify, expr.include) if i is not None)
        exclude = tuple(e for e in map(_simplify, expr.exclude) if e is not None)
        if not include:
            return None  # "NOT java" on its own: FTS5 has no unary NOT, and it means little
        if len(include) == 1 and not exclude:
            return include[0]
        return Match(include, exclude)
    return expr


def _positive_terms(expr: Expr | None) -> list[Term]:
    if expr is None:
        return []
    if isinstance(expr, Term):
        return [expr]
    children = expr.options if isinstance(expr, AnyOf) else expr.include
    return [t for child in children for t in _positive_terms(child)]


def _unique(terms: Sequence[Expr]) -> list[Term]:
    seen: set[tuple[str, ...]] = set()
    out: list[Term] = []
    for term in terms:
        if isinstance(term, Term) and term.tokens not in seen:
            seen.add(term.tokens)
            out.append(term)
    return out
