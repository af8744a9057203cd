"""The generated plain-text CVs that pipeline, search and benchmark tests build on."""

from __future__ import annotations

import re

from tests.data.cv_content import generate_cv_texts, generate_cvs

EMAIL = re.compile(r"[\w.]+@[\w.]+")


def test_cvs_are_deterministic_varied_and_unique() -> None:
    texts = generate_cv_texts(300, seed=7)
    assert texts == generate_cv_texts(300, seed=7)
    assert texts != generate_cv_texts(300, seed=8)
    cvs = generate_cvs(300, seed=7)
    assert len({cv.email for cv in cvs}) == 300
    assert len({re.sub(r"\D", "", cv.phone) for cv in cvs}) == 300
    assert {cv.sector for cv in cvs} >= {"software", "nursing", "pastry", "finance"}
    everything = "\n".join(texts)
    for skill in ("Kubernetes", "Python", "SQL", "IV therapy", "viennoiserie"):
        assert skill in everything
    for cv, text in zip(cvs, texts, strict=True):
        assert EMAIL.findall(text)[0] == cv.email
        assert cv.phone in text and cv.name in text


def test_serials_control_collisions() -> None:
    first = generate_cvs(50, seed=1)
    disjoint = generate_cvs(50, seed=2, first_serial=51)
    same_serials = generate_cvs(50, seed=2)
    assert not {cv.email for cv in first} & {cv.email for cv in disjoint}
    assert {cv.phone for cv in first} == {cv.phone for cv in same_serials}
