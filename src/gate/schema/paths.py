"""Where jsonschema-rs's errors are, in the document and in the schema, and which of them a
user reads first.

jsonschema-rs keeps a location as a JSON pointer, and the lists its Python errors carry are
read back from that text: an empty key is left out and a key of digits comes back as an
index ("7" and "007" as 7). The document itself says which key was meant.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Sequence
from typing import Any

from gate.jsonpath import Path, PathPart
from gate.schema.rust import read_back

_INDEX = re.compile(r"\+?[0-9]+")  # what jsonschema-rs reads as an index (Rust's usize)


def error_path(document: Any, error: Any) -> Path:
    """Where in `document` a jsonschema-rs error is said: at the value it is about, or at
    the first key an `additionalProperties` does not allow."""
    from jsonschema_rs import ValidationErrorKind as Kind

    path = instance_path(document, error.instance_path, error.instance)
    if isinstance(error.kind, Kind.AdditionalProperties):  # the first in the file
        unknown = {read_back(k) for k in error.kind.unexpected}
        return (*path, next(k for k in at(document, path) if k in unknown))
    return path


def instance_path(document: Any, listed: Sequence[PathPart], instance: Any) -> Path:
    """The path in `document` of the value an error is about (`instance`, as jsonschema-rs
    gives it back), from the path jsonschema-rs listed."""
    path: list[str | int] = []
    node = document
    for part in listed:
        key = _key(node, part)
        while key is None and isinstance(node, dict) and "" in node:  # an empty key left out
            path.append("")
            node = node[""]
            key = _key(node, part)
        if key is None:  # not in the document: the nearest place that is
            return tuple(path)
        path.append(key)
        node = node[key]
    while isinstance(node, dict) and "" in node and not _same_keys(node, instance):
        path.append("")  # the path ended in an empty key
        node = node[""]
    return tuple(path)


def _same_keys(node: dict[str, Any], instance: Any) -> bool:
    """Whether `instance` is the mapping `node` as jsonschema-rs gives it back (its values
    may be stand-ins: rust.py)."""
    return (
        isinstance(instance, dict)
        and len(instance) == len(node)
        and all(read_back(k) in node for k in instance)
    )


def _key(node: Any, part: str | int) -> str | int | None:
    """The key or index of `node` that jsonschema-rs listed as `part`, if there is one."""
    if isinstance(node, list):
        return part if isinstance(part, int) and 0 <= part < len(node) else None
    if not isinstance(node, dict):
        return None
    if isinstance(part, str):
        if part not in node:
            part = read_back(part)
        return part if part in node else None
    if str(part) in node:
        return str(part)
    return next((k for k in node if _INDEX.fullmatch(k) and int(k) == part), None)


def at(document: Any, path: Path) -> Any:
    """The value at `path` in `document`."""
    for part in path:
        document = document[part]
    return document


def subschema(root: dict[str, Any], location: Sequence[PathPart]) -> Any:
    """The schema at `location`, a jsonschema-rs schema path from `root`: the keyword's
    place in the schema document, or, from jsonschema-rs 0.34 (the last for Python 3.9),
    the way it went there, through each `$ref` (followed here: gate's are all `#/...`)."""
    node: Any = root
    for part in location:
        if part == "$ref" and isinstance(node, dict) and isinstance(node.get("$ref"), str):
            pointer = node["$ref"].partition("#")[2].split("/")[1:]
            node = subschema(root, [p.replace("~1", "/").replace("~0", "~") for p in pointer])
        else:
            node = node[part]
    return node


def in_file_order(document: Any, paths: list[Path], count: int) -> list[int]:
    """The indexes of the first `count` of `paths` in the order their values stand in
    `document` (a parsed file keeps its keys in order): the places a user reads first."""
    places: dict[int, dict[str, int]] = {}  # a mapping's keys by place, for those on a path

    def place(path: Path) -> list[int]:
        node, out = document, []
        for part in path:
            if isinstance(node, dict):
                keys = places.get(id(node))
                if keys is None:
                    keys = places[id(node)] = {k: i for i, k in enumerate(node)}
                out.append(keys[part])  # type: ignore[index]
            else:
                out.append(part)  # type: ignore[arg-type]
            node = node[part]
        return out

    return heapq.nsmallest(count, range(len(paths)), key=lambda i: place(paths[i]))
