"""Query parsing and the indexed fields: pure functions, no database."""

from __future__ import annotations

from headhunter_desktop.core.search import fields_from, profile_skills
from headhunter_desktop.core.search.fields import MAX_BODY_CHARS
from headhunter_desktop.core.search.terms import MAX_TERMS, fold, parse_query, tokens


def test_fold_and_tokens() -> None:
    assert fold("Zoë ÅNGSTRÖM Müller") == "zoe angstrom muller"
    assert tokens("C++/C#, Node.js; front-end_dev kubernetes-native") == [
        "c++", "c#", "node", "js", "front", "end", "dev", "kubernetes", "native"
    ]  # fmt: skip
    assert tokens("x" * 101 + " ok") == ["ok"]


def test_parse_query_terms_phrases_and_prefixes() -> None:
    terms = parse_query('Senior "platform  engineer" C++ go node.js kubernetes kubernetes')
    assert [(t.text, t.tokens, t.prefix) for t in terms] == [
        ("Senior", ("senior",), True),
        ("platform engineer", ("platform", "engineer"), True),
        ("C++", ("c++",), True),
        ("go", ("go",), False),
        ("node.js", ("node", "js"), False),
        ("kubernetes", ("kubernetes",), True),
    ]


def test_parse_query_drops_operators_and_noise() -> None:
    assert [t.tokens for t in parse_query('NOT AND ( ) * - + # " ^ :')] == [("not",), ("and",)]
    assert parse_query("") == parse_query('""') == parse_query("+++ ###") == []
    assert len(parse_query(" ".join(f"w{i}" for i in range(100)))) == MAX_TERMS
    assert [t.prefix for t in parse_query("kube", prefix_min_chars=0)] == [False]


def test_fields_from_a_json_resume_profile() -> None:
    profile = {
        "basics": {"name": "Zoë Ångström", "label": "Platform engineer", "summary": "SRE"},
        "currentTitle": "Staff SRE",
        "skills": [
            {"name": "Kubernetes", "keywords": ["Helm", "kubernetes"]},
            "Go",
            {"name": None},
            42,
        ],
        "work": [
            {"name": "Acme", "position": "Platform engineer", "summary": "Ran clusters"},
            {"name": "Initech", "position": "Developer", "highlights": ["Cut costs"]},
            "junk",
        ],
        "certificates": [{"name": "CKA"}],
        "languages": [{"language": "German"}],
        "education": [{"studyType": "MSc", "area": "CS", "institution": "TU"}],
    }
    fields = fields_from("Zoe A.", profile, "  The CV text.  ")
    assert fields.name == "Zoe A. Zoë Ångström"
    assert fields.title == "Platform engineer\nStaff SRE\nDeveloper"
    assert fields.skills == "Kubernetes, Helm, Go, CKA, German"
    assert fields.body == "The CV text."
    # Without CV text the profile's prose is the body.
    body = fields_from("Zoe", profile, None).body
    assert "Ran clusters" in body and "Cut costs" in body and "MSc CS TU" in body
    assert profile_skills(profile) == ["Kubernetes", "Helm", "Go"]


def test_fields_from_odd_input() -> None:
    fields = fields_from("Ann", None, "x" * (MAX_BODY_CHARS + 10))
    assert (fields.name, fields.title, fields.skills) == ("Ann", "", "")
    assert len(fields.body) == MAX_BODY_CHARS
    assert fields_from("Ann", {"basics": "nope", "skills": "nope", "work": None}, "").body == ""
