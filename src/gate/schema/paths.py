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
from gate.schema.text import read_back

_INDEX = re.compile(r"\+?[0-9]+")  # what jsonschema-rs reads as an index (Rust's usize)


def error_path(document: Any, error: Any) -> Path:
    """Where in `document` a jsonschema-rs error is said: at the value it is about, or at
    the first key an `additionalProperties` does not allow."""
    path = instance_path(document, error.instance_path, error.instance)
    if error.kind.name == "additionalProperties":
        return (*path, read_back(error.kind.unexpected[0]))
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
    while isinstance(node, dict) and "" in node and node != instance:  # ended in an empty key
        path.append("")
        node = node[""]
    return tuple(path)


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


def at(root: Any, location: Sequence[PathPart]) -> Any:
    """The value at `location` in `root`. In a schema, jsonschema-rs's schema path is the
    keyword's place in the schema document, every `$ref` on the way already followed."""
    node = root
    for part in location:
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
