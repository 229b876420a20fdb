"""The shipped JSON Schemas, and validation that turns violations into located, readable issues."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Iterator, Sized
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING, Any, Callable

from gate.errors import MAX_ISSUES, Issue
from gate.jsonpath import MAX_DEPTH, Path
from gate.schema.messages import describe, not_finite
from gate.schema.paths import error_path, in_file_order
from gate.schema.rust import stand_in

if TYPE_CHECKING:  # the loaders import this module
    from gate.load.parsed import Parsed

SCHEMA_NAMES = ("metrics", "policy")
_SCHEMAS = os.path.dirname(os.path.abspath(__file__))

SourceMap = Callable[[Path], Path]


def schema_text(name: str) -> str:
    """The schema as shipped, for `gate schema` and for editors. The policy file's is
    written from the settings table by scripts/generate.py; a test fails when they differ."""
    if name not in SCHEMA_NAMES:
        raise ValueError(name)
    # A plain path, not importlib.resources or pathlib: the package is always installed as
    # files, and those imports would be paid on every run.
    with open(os.path.join(_SCHEMAS, f"{name}.schema.json"), encoding="utf-8") as handle:
        return handle.read()


@cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text(name))
    return loaded


@cache
def proportion_metrics() -> frozenset[str]:
    """Metrics that must lie in [0, 1], read from the schema so there is one source of truth."""
    props = schema("metrics")["$defs"]["metrics"]["properties"]
    return frozenset(
        k for k, v in props.items() if isinstance(v, dict) and v.get("$ref") == "#/$defs/proportion"
    )


@cache
def _root(name: str, ref: str | None) -> dict[str, Any]:
    root = schema(name)
    if ref is None:
        return root
    kept = {k: v for k, v in root.items() if k not in ("if", "then", "else")}
    return {**kept, "$ref": ref}


@cache
def _validator(name: str, ref: str | None) -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(_root(name, ref))


def _judged(how: Callable[[Any], Any], instance: Any) -> Any:
    """`how(instance)` by jsonschema-rs, once more on a stand-in copy when it cannot take
    `instance` (rust.py). jsonschema-rs 0.34, the last for Python 3.9, says SystemError."""
    try:
        return how(instance)
    except (ValueError, SystemError):
        return how(stand_in(instance))


def is_valid(instance: Any, name: str, ref: str | None = None) -> bool:
    """Whether the schema accepts `instance`. False also when jsonschema-rs cannot take it
    even so (nesting deeper than it recurses): structure_issues says what is wrong."""
    try:
        return bool(_judged(_validator(name, ref).is_valid, instance))
    except (ValueError, SystemError, RecursionError):
        return False


def _errors(instance: Any, name: str, ref: str | None) -> list[Any]:
    """jsonschema-rs's errors about `instance`: at least those that stand first in the file.

    It lists every error at once, at a cost for each, so a file's models are given a growing
    number at a time until they hold MAX_ISSUES errors: the schema judges each model alone,
    so those are the first, and 100k broken models are listed as fast as 100k good ones."""
    validator = _validator(name, ref)
    models = _models(instance)
    under = [] if models is instance else ["models"]  # where the models are
    count = 64
    while True:
        part = instance if count >= len(models) else _first(instance, count)
        errors: list[Any] = _judged(lambda i: list(validator.iter_errors(i)), part)
        if part is instance or _in_models(errors, under) >= MAX_ISSUES:
            return errors
        count *= 8


def _in_models(errors: list[Any], under: list[str]) -> int:
    """How many of `errors` are about a model, or something in one."""
    depth = len(under)
    return sum(
        1 for e in errors if len(e.instance_path) > depth and e.instance_path[:depth] == under
    )


def _models(instance: Any) -> Sized:
    """What holds a metrics file's models: the full form's list, or the mapping itself."""
    if not isinstance(instance, dict):
        return ()
    if "version" not in instance:
        return instance
    models = instance.get("models")
    return models if isinstance(models, list) else ()


def _first(instance: dict[str, Any], count: int) -> dict[str, Any]:
    """The file with only its first `count` models."""
    if "version" not in instance:
        return dict(islice(instance.items(), count))
    return {**instance, "models": instance["models"][:count]}


def schema_issues(
    parsed: Parsed,
    instance: Any,
    name: str,
    ref: str | None = None,
    to_source: SourceMap | None = None,
) -> list[Issue]:
    """The schema's violations of `instance`, located in `parsed`'s file: the first
    MAX_ISSUES (invalid_models counts the models with any). `instance` may be a normalised
    form of `parsed.data`; `to_source` maps its paths back."""
    root = _root(name, ref)
    errors = _errors(instance, name, ref)
    paths = [error_path(instance, error) for error in errors]
    found = []
    for i in in_file_order(instance, paths, MAX_ISSUES):
        path, message = describe(errors[i], paths[i], instance, root)
        found.append((message, to_source(path) if to_source else path))
    parsed.locate(path for _, path in found)
    issues = {Issue(message, parsed.file, parsed.line_of(path), path) for message, path in found}
    return sort_issues(issues)


def invalid_models(document: Any) -> int:
    """How many models of a full-form document break the schema, counted a model at a time."""
    models = document.get("models") if isinstance(document, dict) else None
    if not isinstance(models, list):
        return 0
    return sum(1 for model in models if not is_valid(model, "metrics", "#/$defs/model"))


def validation_issues(
    parsed: Parsed,
    instance: Any,
    name: str,
    ref: str | None = None,
    to_source: SourceMap | None = None,
) -> list[Issue]:
    """No issues when the schema accepts `instance`; else its violations."""
    if is_valid(instance, name, ref):
        return []
    return schema_issues(parsed, instance, name, ref, to_source)


def sort_issues(issues: Iterable[Issue]) -> list[Issue]:
    """In file order, so a user can fix them top to bottom (those at one place in the order
    of their words: validators differ in the order they find them)."""
    return sorted(issues, key=lambda i: (i.line or 0, str(i.path), i.message))


def structure_issues(parsed: Parsed) -> list[Issue]:
    """What JSON Schema cannot see: NaN, ±Infinity, overflowing numbers, runaway nesting:
    the first MAX_ISSUES. A walk over every value: callers skip it only where it cannot
    find anything."""
    if not _troubled(parsed.data, 0):
        return []
    found = list(islice(_structure(parsed.data, ()), MAX_ISSUES))
    parsed.locate(path for path, _ in found)
    return [Issue(message, parsed.file, parsed.line_of(path), path) for path, message in found]


def _troubled(value: Any, depth: int) -> bool:
    """Whether _structure would find anything: the same walk without building a path for
    every value, several times faster on a big file that has nothing to find."""
    kind = type(value)
    if kind is float:
        return not math.isfinite(value)
    if kind is int:
        return bool(value.bit_length() > 1000 and abs(value) > 1e308)
    if kind is dict or kind is list:
        if depth >= MAX_DEPTH:
            return True
        items = value.values() if kind is dict else value
        for item in items:
            if (type(item) is not str) and _troubled(item, depth + 1):
                return True
    return False


def troubled_models(data: Any) -> int:
    """How many models hold something _structure would report (any form)."""
    if isinstance(data, dict):
        items = data["models"] if isinstance(data.get("models"), list) else data.values()
        return sum(1 for item in items if _troubled(item, 1))
    return 0


def _structure(value: Any, path: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(value, (dict, list)) and len(path) >= MAX_DEPTH:
        yield path, f"nesting deeper than {MAX_DEPTH} levels"
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _structure(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _structure(item, (*path, index))
    elif isinstance(value, float) and not math.isfinite(value):
        yield path, not_finite(value)
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > 1e308:
        yield path, "integer is too large to be a finite floating-point number"
