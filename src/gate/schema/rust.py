"""What jsonschema-rs cannot take, and the copy it is given instead, which the schemas judge
alike. Text with lone surrogates (the bytes Python could not decode, in a name from the
command line or a file's path), which no Rust string holds: each stands in a private-use
plane, one character for one, so lengths and patterns judge the same, and the keys of the
paths it reports are read back. Integers beyond 64 bits, which jsonschema-rs takes only
from 0.35 (Python 3.10): each stands as the 64-bit integer nearest to it, as the schemas'
bounds are 0 and 1."""

from __future__ import annotations

from typing import Any

_STAND_IN = {c: 0xF0000 + c - 0xD800 for c in range(0xD800, 0xE000)}
_BACK = {v: k for k, v in _STAND_IN.items()}
_LARGEST = 2**63 - 1


def stand_in(value: Any) -> Any:
    """`value` with what jsonschema-rs cannot take replaced by its stand-in, keys too."""
    if isinstance(value, str):
        return value.translate(_STAND_IN)
    if isinstance(value, dict):
        return {stand_in(k): stand_in(v) for k, v in value.items()}
    if isinstance(value, list):
        return [stand_in(v) for v in value]
    if isinstance(value, int) and not isinstance(value, bool):
        return max(-_LARGEST - 1, min(value, _LARGEST))
    return value


def read_back(text: str) -> str:
    """A string of the copy as it is in the original."""
    return text.translate(_BACK)
