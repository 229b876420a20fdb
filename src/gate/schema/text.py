"""Text jsonschema-rs can take. A name from the command line or a file's path may hold lone
surrogates (the bytes Python could not decode), which a Rust string cannot: the validator is
given a copy in which each stands in a private-use plane, one character for one, so lengths
and patterns judge alike; the keys in the paths it reports are read back."""

from __future__ import annotations

from typing import Any

_STAND_IN = {c: 0xF0000 + c - 0xD800 for c in range(0xD800, 0xE000)}
_BACK = {v: k for k, v in _STAND_IN.items()}


def rust_safe(value: Any) -> Any:
    """`value` with every lone surrogate in its strings, keys too, replaced by its stand-in."""
    if isinstance(value, str):
        return value.translate(_STAND_IN)
    if isinstance(value, dict):
        return {rust_safe(k): rust_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rust_safe(v) for v in value]
    return value


def read_back(text: str) -> str:
    """A string of the copy as it is in the original."""
    return text.translate(_BACK)
