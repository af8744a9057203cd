"""User-facing errors carried from one process to another with their class and fields.

Pickling an exception calls its class with `args` again, which fails for errors built from
something else (a `BudgetExceededError` is made from a budget status, its `args` hold the
message). Carried here as (module, class name, args, attributes) and rebuilt without
calling `__init__`, the error is the same one on the other side: its class, code, message
and fields (a budget stop's status) are what the receiving code expects.
"""

from __future__ import annotations

import importlib
import pickle
from dataclasses import dataclass
from typing import Any

from headhunter_desktop.core.errors import UserFacingError


@dataclass(frozen=True)
class CarriedError:
    module: str
    class_name: str
    args: tuple[Any, ...]
    attributes: dict[str, Any]


def carry(error: UserFacingError) -> CarriedError:
    """`error` in a form that pickles (attributes that do not pickle are left behind)."""
    attributes = {}
    for name, value in vars(error).items():
        try:
            pickle.dumps(value)
        except Exception:  # a live object: the message still says what happened
            continue
        attributes[name] = value
    cls = type(error)
    return CarriedError(cls.__module__, cls.__qualname__, error.args, attributes)


def rebuilt(carried: CarriedError) -> UserFacingError:
    """The error `carry` took, of its own class where that class is a UserFacingError."""
    try:
        cls = getattr(importlib.import_module(carried.module), carried.class_name)
    except (ImportError, AttributeError):
        cls = UserFacingError
    if not (isinstance(cls, type) and issubclass(cls, UserFacingError)):
        cls = UserFacingError
    error = cls.__new__(cls)
    BaseException.__init__(error, *carried.args)
    error.__dict__.update(carried.attributes)
    return error
