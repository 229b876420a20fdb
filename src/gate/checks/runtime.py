"""What the generated checks use besides their own code: fastjsonschema's exception types
(without importing fastjsonschema), a stand-in for decimal.Decimal (parsed JSON and YAML
hold none, and importing decimal costs ~2 ms), and patterns compiled on first use."""

from __future__ import annotations

import re
from typing import Any


class JsonSchemaValueException(ValueError):
    def __init__(
        self,
        message: str,
        value: Any = None,
        name: str | None = None,
        definition: Any = None,
        rule: str | None = None,
    ) -> None:
        super().__init__(message)


class JsonSchemaValuesException(ValueError):
    pass


class Decimal:
    pass


class Patterns(dict[str, Any]):
    """Schema pattern → its Python regex, compiled when first looked up: most files reach few
    of the patterns, and a compile costs up to ~0.7 ms of start-up."""

    def __getitem__(self, key: str) -> Any:
        value = dict.__getitem__(self, key)
        if isinstance(value, str):
            value = re.compile(value)
            self[key] = value
        return value
