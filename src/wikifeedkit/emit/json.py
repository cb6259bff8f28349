"""The model as JSON and back: stable key order (field order), ISO 8601 dates, enums as their values.

``to_json(x)`` wraps the value as ``{"type": "Article", "value": {...}}`` so that ``from_json`` can give the
same type back; nested values are typed by the model's annotations.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import datetime
from enum import Enum
from functools import cache
from typing import Any, Union

from .. import model
from ..errors import WikifeedkitError

_TYPES: dict[str, type[Any]] = {
    name: value
    for name in model.__all__
    if dataclasses.is_dataclass(value := getattr(model, name)) and isinstance(value, type)
}


def _encode(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: _encode(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_encode(item) for item in value]
    return value


def to_json(value: object, *, indent: int | None = 2) -> str:
    """A model object (Feed, Entry, Article, Citation, …) as JSON text."""
    name = type(value).__name__
    if _TYPES.get(name) is not type(value):
        raise TypeError(f"to_json takes a wikifeedkit model object, not {name}")
    document = {"type": name, "value": _encode(value)}
    return json.dumps(document, ensure_ascii=False, indent=indent)


@cache
def _hints(cls: type[Any]) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model) | vars(model.article) | vars(model.feed))


def _decode(data: object, hint: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        options = typing.get_args(hint)
        if data is None and type(None) in options:
            return None
        real = [option for option in options if option is not type(None)]
        return _decode(data, real[0], where)
    if origin is tuple:
        args = typing.get_args(hint)
        if not isinstance(data, list):
            raise WikifeedkitError(f"JSON at {where}: expected a list, found {type(data).__name__}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(item, args[0], f"{where}[{i}]") for i, item in enumerate(data))
        return tuple(
            _decode(item, arg, f"{where}[{i}]") for i, (item, arg) in enumerate(zip(data, args, strict=True))
        )
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(data, dict):
            raise WikifeedkitError(f"JSON at {where}: expected an object for {hint.__name__}")
        hints = _hints(hint)
        known = {field.name for field in dataclasses.fields(hint)}
        unknown = set(data) - known
        if unknown:
            raise WikifeedkitError(f"JSON at {where}: unknown fields {sorted(unknown)} for {hint.__name__}")
        return hint(**{key: _decode(item, hints[key], f"{where}.{key}") for key, item in data.items()})
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(data)
    if hint is datetime:
        if not isinstance(data, str):
            raise WikifeedkitError(f"JSON at {where}: expected an ISO 8601 date")
        return datetime.fromisoformat(data)
    if hint in (str, int, bool) and not isinstance(data, hint):
        raise WikifeedkitError(f"JSON at {where}: expected {hint.__name__}, found {type(data).__name__}")
    return data


def from_json(text: str | bytes) -> Any:
    """The model object that :func:`to_json` wrote, of the same type."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise WikifeedkitError(f"not JSON: {error}") from error
    if not isinstance(document, dict) or document.get("type") not in _TYPES or "value" not in document:
        raise WikifeedkitError('not a wikifeedkit JSON document (expected {"type": …, "value": …})')
    cls = _TYPES[document["type"]]
    return _decode(document["value"], cls, document["type"])
