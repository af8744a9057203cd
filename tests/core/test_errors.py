"""Every user-facing error names its cause with its own stable `code`."""

from __future__ import annotations

import importlib

from headhunter_desktop.core.errors import UserFacingError

MODULES_WITH_ERRORS = (
    "headhunter_desktop.core.errors",
    "headhunter_desktop.core.llm.errors",
    "headhunter_desktop.core.documents.errors",
    "headhunter_desktop.core.storage.errors",
    "headhunter_desktop.core.analytics.budgets",
    "headhunter_desktop.core.secrets",
)


def all_subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *all_subclasses(sub)]
    return found


def test_every_user_facing_error_sets_its_own_code() -> None:
    for module in MODULES_WITH_ERRORS:
        importlib.import_module(module)
    subclasses = [c for c in all_subclasses(UserFacingError) if c.__module__.startswith("headh")]
    assert len(subclasses) > 20
    without = [c.__qualname__ for c in subclasses if "code" not in vars(c)]
    assert without == []
    codes = [c.code for c in subclasses]
    assert len(codes) == len(set(codes)), "two errors share a code"
    assert UserFacingError.code == "error"
