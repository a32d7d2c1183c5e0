"""Frozen dataclass records built without their `__init__`, where a page makes hundreds.

A frozen dataclass's `__init__` sets each field through `object.__setattr__` (it must get
past the class's own `__setattr__`, which refuses); with slots, each field's descriptor can
set it directly for a fraction of that. The cleaner builds a block, its statistics and its
removal for every block of every page, so the builders of those records use the
descriptors; each builder's test checks that its record equals the one `__init__` makes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Setter = Callable[[Any, Any], None]


def slot_setters(cls: type, fields: tuple[str, ...]) -> tuple[Setter, ...]:
    """The setters of `cls`'s fields, in the order `fields` names them; an ImportError when
    the class's fields are not exactly those, so that a field added to the record cannot be
    left unset by a builder written before it."""
    slots = getattr(cls, "__slots__", ())
    if tuple(slots) != fields:
        raise ImportError(f"a builder of {cls.__name__} sets {fields}, its fields are {slots}")
    return tuple(getattr(cls, name).__set__ for name in fields)
