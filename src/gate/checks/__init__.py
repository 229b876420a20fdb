"""The shipped schemas compiled to plain Python by scripts/generate_checks.py: "valid or not"
for a small file without importing a validator library. Regenerate after changing a schema;
tests/test_quality.py fails while they are out of date."""

from __future__ import annotations

from importlib import import_module
from typing import Any, Callable

# (schema, root $ref) → (generated module, function): the same pairs gate.schema validates
# against. A `$ref` root is a function of its schema's module, so no code is generated twice.
CHECKS: dict[tuple[str, str | None], tuple[str, str]] = {
    ("metrics", None): ("_metrics", "validate"),
    ("metrics", "#/$defs/document"): ("_metrics", "validate_document"),
    ("policy", None): ("_policy", "validate"),
}


def compiled(name: str, ref: str | None) -> Callable[[Any], Any] | None:
    """The generated check for a schema (it raises ValueError on an invalid instance)."""
    where = CHECKS.get((name, ref))
    if where is None:
        return None
    check: Callable[[Any], Any] = getattr(import_module(f"gate.checks.{where[0]}"), where[1])
    return check
