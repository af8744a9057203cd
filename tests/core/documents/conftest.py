"""The generated CV corpus (built once per session) and a recorder of file opens."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.data.make_cv_corpus import make_corpus

_watched: dict[str, list[str]] = {}


def _audit(event: str, args: tuple) -> None:
    # Audit hooks cannot be removed, so this one stays cheap: a dict lookup per open.
    if event == "open" and _watched and isinstance(args[0], (str, Path)):
        path = str(args[0])
        if path in _watched:
            _watched[path].append(str(args[1]))


sys.addaudithook(_audit)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Case name (file name) -> path of every file of tests/data/make_cv_corpus.py."""
    return make_corpus(tmp_path_factory.mktemp("cvs"))


@pytest.fixture
def opens_of() -> Iterator:
    """Call with a path: returns the list of modes that path gets opened with from now on."""
    watched: list[str] = []

    def watch(path: Path) -> list[str]:
        _watched[str(path)] = []
        watched.append(str(path))
        return _watched[str(path)]

    yield watch
    for path in watched:
        _watched.pop(path, None)
