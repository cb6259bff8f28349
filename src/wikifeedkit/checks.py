"""Argument checks for the public functions: a wrong type is a clear :class:`TypeError`, not a deep failure.

``to_bibtex("abc")`` once recursed until :class:`RecursionError` (a string is an iterable of strings); every
public function that takes an Article or a Feed calls :func:`check_source` first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TypeVar

_SHOWN = 60
_T = TypeVar("_T")


def _names(expected: tuple[type, ...]) -> str:
    names = [cls.__name__ for cls in expected]
    article = "an" if names[0][:1].lower() in "aeiou" else "a"
    return f"{article} {names[0]}" if len(names) == 1 else f"{article} {', '.join(names[:-1])} or {names[-1]}"


def check_source(
    value: object, function: str, expected: type | tuple[type, ...], *, iterable: bool = False
) -> None:
    """Raise :class:`TypeError` unless ``value`` is an instance of ``expected``.

    With ``iterable``, any other iterable (a list, a generator) passes too, but not a string, bytes or a
    mapping: its items are the caller's to check, one by one, as it reads them (a generator is read once).
    """
    kinds = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, kinds):
        return
    if iterable and isinstance(value, Iterable) and not isinstance(value, str | bytes | bytearray | Mapping):
        return
    shown = repr(value)
    shown = shown if len(shown) <= _SHOWN else shown[: _SHOWN - 1] + "…"
    takes = _names(kinds) + (" (or a list of them)" if iterable else "")
    raise TypeError(f"{function}() takes {takes}, not {type(value).__name__}: {shown}")


def check_items(values: Iterable[object], function: str, expected: type[_T]) -> list[_T]:
    """The items of a list argument (read once: a generator works), each checked by :func:`check_source`."""
    items = list(values)
    for item in items:
        check_source(item, function, expected)
    return [item for item in items if isinstance(item, expected)]
