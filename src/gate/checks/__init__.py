"""The shipped schemas compiled to plain Python by scripts/generate_checks.py: "valid or not"
for a small file without importing a validator library. Regenerate after changing a schema;
tests/test_quality.py fails while they are out of date."""

from __future__ import annotations

from importlib import import_module
from typing import Any, Callable

# module → (schema, root $ref), the same pairs gate.schema validates against
CHECKS: dict[str, tuple[str, str | None]] = {
    "_metrics": ("metrics", None),
    "_document": ("metrics", "#/$defs/document"),
    "_policy": ("policy", None),
}
_BY_SCHEMA = {pair: module for module, pair in CHECKS.items()}


def compiled(name: str, ref: str | None) -> Callable[[Any], Any] | None:
    """The generated check for a schema (it raises ValueError on an invalid instance)."""
    module = _BY_SCHEMA.get((name, ref))
    if module is None:
        return None
    check: Callable[[Any], Any] = import_module(f"gate.checks.{module}").validate
    return check
