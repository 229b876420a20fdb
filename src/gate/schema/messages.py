"""A schema violation in words a user can act on: what was expected, what was found, and
the hint for the usual mistakes (a quoted number, a percentage, a list of models)."""

from __future__ import annotations

import json
import re
from typing import Any

from gate.jsonpath import Path

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


def describe(error: Any) -> tuple[Path, str]:
    path: Path = tuple(error.absolute_path)
    if error.schema is False:  # the schemas' only false subschemas are `"": false`
        return path[:-1] if path[-1:] == ("",) else path, "names must not be empty"
    kind, value, expected = error.validator, error.instance, error.validator_value
    if kind == "type":
        types = [expected] if isinstance(expected, str) else list(expected)
        wanted = " or ".join(_TYPE_NAMES.get(t, t) for t in types)
        hint = _FULL_FORM if not path and isinstance(value, list) else ""
        if path == ("models",) and isinstance(value, list):  # the full form, without its version
            hint = _VERSION
        return path, f"expected {wanted}, got {_json_type(value)}{hint}"
    if kind == "required":
        missing = [k for k in expected if isinstance(value, dict) and k not in value]
        return path, f"missing required property {json.dumps(missing[0] if missing else '')}"
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = sorted(error.schema.get("properties", {}))
        patterns = list(error.schema.get("patternProperties", {}))
        extra = [
            k for k in value if k not in allowed and not any(re.search(p, k) for p in patterns)
        ]
        key = extra[0] if extra else ""
        hint = f"; allowed: {', '.join(allowed)}" if allowed else ""
        return (*path, key), f"unknown property {json.dumps(key)}{hint}"
    if kind in ("minProperties", "minItems") and expected == 1:
        return path, "must not be empty: at least one model (or metric) is required"
    if kind == "minLength" and expected == 1:
        return path, "names must not be empty"
    if kind in ("minimum", "maximum") and path and error.schema.get("maximum") == 1:
        meant = f"; did you mean {value / 100:g}?" if _percent_like(value) else ""
        return path, f"{error.message} ({path[-1]} is a proportion in [0, 1]){meant}"
    if kind == "const":
        return path, f"expected {json.dumps(expected)}, got {_json_type(value)}"
    if kind == "pattern":
        hint = error.schema.get("description") or f"the pattern {expected}"
        return path, f"{json.dumps(value)} does not match {hint}"
    return path, str(error.message)
