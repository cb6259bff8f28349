"""The model as JSON and back: stable key order (field order), ISO 8601 dates, enums as their values.

``to_json(x)`` wraps the value as ``{"type": "Article", "value": {...}}`` so that ``from_json`` can give the
same type back; nested values are typed by the model's annotations. Nodes of the document tree
(:mod:`wikifeedkit.model.tree`) stand where several kinds may stand, so each carries its kind:
``{"node": "Paragraph", "content": [...]}``.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import types
import typing
from datetime import datetime
from enum import Enum
from functools import cache
from typing import Any, Literal, TypeVar, Union, overload

from .. import model
from ..errors import WikifeedkitError
from ..model import tree

_TYPES: dict[str, Any] = {
    name: value
    for name in model.__all__
    if dataclasses.is_dataclass(value := getattr(model, name)) and isinstance(value, type)
}


_NODES: dict[str, Any] = {
    name: value
    for name, value in vars(tree).items()
    if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == tree.__name__
}
NODE_KEY = "node"


def _encode(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {field.name: _encode(getattr(value, field.name)) for field in dataclasses.fields(value)}
        return (
            {NODE_KEY: type(value).__name__, **fields}
            if _NODES.get(type(value).__name__) is type(value)
            else fields
        )
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
    namespace = vars(model) | vars(model.article) | vars(model.feed) | vars(sys.modules[cls.__module__])
    return typing.get_type_hints(cls, namespace)


def _decode(data: object, hint: Any, where: str) -> Any:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        options = typing.get_args(hint)
        if data is None and type(None) in options:
            return None
        real = [option for option in options if option is not type(None)]
        if len(real) > 1 and isinstance(data, dict):  # document tree nodes: the kind is written down
            kind = _NODES.get(str(data.get(NODE_KEY)))
            if kind not in real:
                raise WikifeedkitError(f"JSON at {where}: {data.get(NODE_KEY)!r} cannot stand here")
            return _decode(data, kind, where)
        return _decode(data, real[0], where)
    if origin is Literal:
        if data not in typing.get_args(hint):
            raise WikifeedkitError(f"JSON at {where}: {data!r} is not one of {typing.get_args(hint)}")
        return data
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
        name: str = hint.__name__
        if _NODES.get(name) is hint:
            if data.get(NODE_KEY) != name:
                raise WikifeedkitError(f"JSON at {where}: expected a {name} node")
            data = {key: value for key, value in data.items() if key != NODE_KEY}
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


_Model = TypeVar("_Model")


@overload
def from_json(text: str | bytes) -> object: ...


@overload
def from_json(text: str | bytes, cls: type[_Model]) -> _Model: ...


def from_json(text: str | bytes, cls: type[object] | None = None) -> object:
    """The model object that :func:`to_json` wrote, of the same type.

    Give the type you expect (``from_json(text, wfk.Article)``) and the result is typed as one; a document of
    another type is then a :class:`WikifeedkitError`. Without it the result is an ``object`` to narrow.
    """
    if cls is not None and _TYPES.get(cls.__name__) is not cls:
        raise TypeError(f"from_json: {cls.__name__} is not a wikifeedkit model type")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise WikifeedkitError(f"not JSON: {error}") from error
    if not isinstance(document, dict) or document.get("type") not in _TYPES or "value" not in document:
        raise WikifeedkitError('not a wikifeedkit JSON document (expected {"type": …, "value": …})')
    found = _TYPES[document["type"]]
    if cls is not None and found is not cls:
        raise WikifeedkitError(f"the JSON document holds a {document['type']}, not a {cls.__name__}")
    value: object = _decode(document["value"], found, document["type"])
    return value


SCHEMA_ID = "https://wikifeedkit.invalid/schema/wikifeedkit.schema.json"


def _schema_of(hint: Any) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [option for option in typing.get_args(hint) if option is not type(None)]
        inner = _schema_of(options[0]) if len(options) == 1 else {"anyOf": [_schema_of(o) for o in options]}
        return {"anyOf": [inner, {"type": "null"}]} if type(None) in typing.get_args(hint) else inner
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _schema_of(args[0])}
        return {"type": "array", "prefixItems": [_schema_of(a) for a in args], "items": False}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return {"$ref": f"#/$defs/{_definition_name(hint)}"}
    if origin is Literal:
        return {"enum": list(typing.get_args(hint))}
    if isinstance(hint, type) and issubclass(hint, Enum):
        return {"enum": [member.value for member in hint]}
    if hint is datetime:
        return {"type": "string", "format": "date-time"}
    simple = {str: "string", int: "integer", bool: "boolean", float: "number"}
    if hint in simple:
        return {"type": simple[hint]}
    raise TypeError(f"no JSON Schema for {hint!r}")


def _definition_name(cls: type[Any]) -> str:
    """A model class's name in the schema; a tree node as ``tree.Table`` (the model has a ``Table`` too)."""
    return f"tree.{cls.__name__}" if _NODES.get(cls.__name__) is cls else cls.__name__


def build_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of what :func:`to_json` writes, built from the model's annotations."""
    definitions = {}
    for cls in sorted([*_TYPES.values(), *_NODES.values()], key=_definition_name):
        name = _definition_name(cls)
        hints = _hints(cls)
        fields = dataclasses.fields(cls)
        properties = {field.name: _schema_of(hints[field.name]) for field in fields}
        required = [field.name for field in fields]
        if name != cls.__name__:  # a tree node says what kind it is
            properties = {NODE_KEY: {"const": cls.__name__}, **properties}
            required = [NODE_KEY, *required]
        definitions[name] = {
            "type": "object",
            "description": " ".join((cls.__doc__ or name).split()),
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "wikifeedkit document",
        "description": 'A wikifeedkit model object as to_json writes it: {"type": name, "value": object}.',
        "type": "object",
        "properties": {"type": {"enum": sorted(_TYPES)}, "value": {"type": "object"}},
        "required": ["type", "value"],
        "additionalProperties": False,
        "allOf": [
            {
                "if": {"properties": {"type": {"const": name}}},
                "then": {"properties": {"value": {"$ref": f"#/$defs/{name}"}}},
            }
            for name in sorted(_TYPES)
        ],
        "$defs": definitions,
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema shipped with the package (``wikifeedkit/emit/wikifeedkit.schema.json``)."""
    from importlib import resources

    text = resources.files("wikifeedkit.emit").joinpath("wikifeedkit.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
