"""A schema violation in words a user can act on: what was expected, what was found, and
the hint for the usual mistakes (a quoted number, a percentage, a list of models)."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from gate.jsonpath import Path
from gate.schema.paths import at, subschema

# A list of models at the top is the full form without its envelope.
_VERSION = (
    '; a list of models is the full form: add `version: 1` beside `models:` (in JSON, "version": 1)'
)
_FULL_FORM = (
    '; a list of models goes in the full form: {"version": 1, "models": [{"name": "model_A", '
    '"metrics": {"accuracy": 0.82}}, ...]}'
)

_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "number": "a number",
    "integer": "a whole number",
    "string": "a string",
    "boolean": "true or false",
    "null": "null",
}


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return f"boolean {json.dumps(value)}"
    if value is None:
        return "null"
    if isinstance(value, str):
        hint = " (numbers must not be quoted)" if _is_numeric(value) else ""
        if _EXPONENT.fullmatch(value):  # unquoted in YAML, still text to a YAML 1.1 reader
            hint = (
                f" (if it is not quoted: YAML 1.1 reads {value[:40]} as text; write the "
                "exponent with a '.' and a sign, as in 1.0e+3, or the plain number)"
            )
        return f"string {json.dumps(value[:40])}{hint}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"number {value}"


_EXPONENT = re.compile(r"[-+]?[0-9]*\.?[0-9]*[eE][-+]?[0-9]+")


def _is_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _percent_like(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 10 <= value <= 100


def not_finite(value: float) -> str:
    return f"{value} is not a finite number (NaN and ±Infinity are not allowed)"


def describe(error: Any, path: Path, document: Any, root: dict[str, Any]) -> tuple[Path, str]:
    """A jsonschema-rs error said at `path` (error_path) of `document`, validated against
    `root`: where, and what."""
    from jsonschema_rs import ValidationErrorKind as Kind

    kind = error.kind
    if isinstance(kind, Kind.PropertyNames):  # a key has no line of its own: said at its mapping
        return path, describe(kind.error, (), kind.error.instance, root)[1]
    if isinstance(kind, Kind.FalseSchema):  # the schemas' only false subschemas are `"": false`
        return path[:-1] if path[-1:] == ("",) else path, "names must not be empty"
    keyword = error.schema_path[-1]
    schema = subschema(root, error.schema_path[:-1])
    return path, _words(kind, keyword, schema, path, at(document, path)) or str(error.message)


def _words(kind: Any, keyword: str, schema: Any, path: Path, value: Any) -> str | None:
    """The message for `keyword` of `schema`, which `value` at `path` breaks."""
    expected = schema[keyword]
    if keyword == "type":
        if isinstance(value, float) and not math.isfinite(value):  # a null to jsonschema-rs
            return not_finite(value)
        types = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_TYPE_NAMES.get(t, t) for t in types)
        hint = _FULL_FORM if not path and isinstance(value, list) else ""
        if path == ("models",) and isinstance(value, list):  # the full form, without its version
            hint = _VERSION
        return f"expected {wanted}, got {_json_type(value)}{hint}"
    if keyword == "required":
        return f"missing required property {json.dumps(kind.property)}"
    if keyword == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        hint = f"; allowed: {', '.join(allowed)}" if allowed else ""
        return f"unknown property {json.dumps(path[-1])}{hint}"
    if keyword in ("minProperties", "minItems") and expected == 1:
        return "must not be empty: at least one model (or metric) is required"
    if keyword == "minLength" and expected == 1:
        return "names must not be empty"
    if keyword in _BOUNDS:
        message = f"{value!r} is {_BOUNDS[keyword]} of {expected!r}"
        if path and schema.get("maximum") == 1 and keyword in ("minimum", "maximum"):
            meant = f"; did you mean {value / 100:g}?" if _percent_like(value) else ""
            return f"{message} ({path[-1]} is a proportion in [0, 1]){meant}"
        return message
    if keyword == "const":
        return f"expected {json.dumps(expected)}, got {_json_type(value)}"
    if keyword == "enum":
        return f"{value!r} is not one of {expected!r}"
    if keyword == "pattern":
        hint = schema.get("description") or f"the pattern {expected}"
        return f"{json.dumps(value)} does not match {hint}"
    return None


# The words of python-jsonschema, which gate's messages were first written with.
_BOUNDS = {
    "minimum": "less than the minimum",
    "maximum": "greater than the maximum",
    "exclusiveMinimum": "less than or equal to the minimum",
    "exclusiveMaximum": "greater than or equal to the maximum",
}
