"""A strict JSON parser that remembers where every value starts.

msgspec (json_fast.py) is fast but cannot say where a value is, or why it refused a text.
This parser is used when msgspec refuses a document (to name the exact place) and when an
error needs the line of a JSON path. It follows RFC 8259 exactly; numbers too large for a
float become `inf`, which the validator then reports.
"""

from __future__ import annotations

import contextlib
import re
from json import decoder as _decoder
from json.decoder import JSONDecodeError
from typing import Any, Callable

from gate.jsonpath import MAX_DEPTH, Path

# The C-accelerated string scanner json itself uses (not in typeshed, present since 2.6).
_scanstring: Callable[[str, int, bool], tuple[str, int]] = _decoder.scanstring  # type: ignore[attr-defined]

_SKIPPER = _decoder.JSONDecoder()
_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_LITERALS = {"null": None, "true": True, "false": False}
_NOT_JSON = ("NaN", "Infinity", "-Infinity")


class JSONPositionError(ValueError):
    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos


class _Found(Exception):
    """Every path asked for has been seen: the rest of the text need not be parsed."""


def locate(text: str, targets: set[Path]) -> dict[Path, int]:
    """The offsets of `targets` (paths that exist) and of everything before them, in a
    document msgspec already accepted, parsing only as far as the last of them."""
    parser = _Parser(text, strict=False, targets=set(targets))
    with contextlib.suppress(_Found):
        parser.value(parser.skip_ws(0), (), 0)
    return parser.positions


def parse_with_positions(text: str, strict: bool = True) -> tuple[Any, dict[Path, int]]:
    """Return the value and a map from each JSON path to the offset where its value starts.

    `strict=False` is for locating paths in a document msgspec already accepted: values
    nested deeper than MAX_DEPTH are skipped (with json's C decoder) instead of refused.
    """
    parser = _Parser(text, strict)
    pos = parser.skip_ws(0)
    if pos == len(text):
        raise JSONPositionError("the file is empty; expected a JSON object", pos)
    value, pos = parser.value(pos, (), 0)
    pos = parser.skip_ws(pos)
    if pos != len(text):
        raise JSONPositionError("unexpected content after the end of the JSON document", pos)
    return value, parser.positions


class _Parser:
    def __init__(self, text: str, strict: bool, targets: set[Path] | None = None) -> None:
        self.text = text
        self.strict = strict
        self.positions: dict[Path, int] = {}
        self.targets = targets

    def skip_ws(self, pos: int) -> int:
        match = _WS.match(self.text, pos)
        assert match is not None  # the pattern matches the empty string
        return match.end()

    def value(self, pos: int, path: Path, depth: int) -> tuple[Any, int]:
        self.positions[path] = pos
        if self.targets is not None:
            self.targets.discard(path)
            if not self.targets:
                raise _Found
        text = self.text
        if pos >= len(text):
            raise JSONPositionError("unexpected end of file; expected a value", pos)
        char = text[pos]
        if depth >= MAX_DEPTH and not self.strict and char in "{[":
            return _SKIPPER.raw_decode(text, pos)
        if char == "{":
            return self.object(pos, path, depth + 1)
        if char == "[":
            return self.array(pos, path, depth + 1)
        if char == '"':
            return self.string(pos)
        for word in _NOT_JSON:
            if text.startswith(word, pos):
                raise JSONPositionError(
                    f"{word} is not allowed: metric values must be finite numbers", pos
                )
        for word, literal in _LITERALS.items():
            if text.startswith(word, pos):
                return literal, pos + len(word)
        match = _NUMBER.match(text, pos)
        if match is None:
            raise JSONPositionError(f"expected a JSON value, found {text[pos]!r}", pos)
        return _number(match), match.end()

    def string(self, pos: int) -> tuple[str, int]:
        try:
            return _scanstring(self.text, pos + 1, True)
        except JSONDecodeError as exc:
            raise JSONPositionError(exc.msg.lower(), exc.pos) from None

    def object(self, start: int, path: Path, depth: int) -> tuple[dict[str, Any], int]:
        _check_depth(depth, start)
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        pos = self.skip_ws(start + 1)
        if self.text.startswith("}", pos):
            return result, pos + 1
        while True:
            if not self.text.startswith('"', pos):
                raise JSONPositionError("expected a property name in double quotes", pos)
            key, key_end = self.string(pos)
            if key in first_seen:
                first_line = self.text.count("\n", 0, first_seen[key]) + 1
                raise JSONPositionError(
                    f"duplicate key {key!r} in the same object (first on line {first_line})", pos
                )
            first_seen[key] = pos
            pos = self.skip_ws(key_end)
            if not self.text.startswith(":", pos):
                raise JSONPositionError("expected ':' after the property name", pos)
            pos = self.skip_ws(pos + 1)
            result[key], pos = self.value(pos, (*path, key), depth)
            pos = self.skip_ws(pos)
            if self.text.startswith(",", pos):
                pos = self.skip_ws(pos + 1)
            elif self.text.startswith("}", pos):
                return result, pos + 1
            else:
                raise JSONPositionError("expected ',' or '}' after a property value", pos)

    def array(self, start: int, path: Path, depth: int) -> tuple[list[Any], int]:
        _check_depth(depth, start)
        result: list[Any] = []
        pos = self.skip_ws(start + 1)
        if self.text.startswith("]", pos):
            return result, pos + 1
        while True:
            item, pos = self.value(pos, (*path, len(result)), depth)
            result.append(item)
            pos = self.skip_ws(pos)
            if self.text.startswith(",", pos):
                pos = self.skip_ws(pos + 1)
            elif self.text.startswith("]", pos):
                return result, pos + 1
            else:
                raise JSONPositionError("expected ',' or ']' after an array item", pos)


def _check_depth(depth: int, pos: int) -> None:
    if depth > MAX_DEPTH:
        raise JSONPositionError(f"nesting deeper than {MAX_DEPTH} levels", pos)


def _number(match: re.Match[str]) -> float | int:
    literal = match.group(0)
    if match.group(1) or match.group(2):
        return float(literal)  # overflow gives inf, which validation reports with its path
    try:
        return int(literal)
    except ValueError:  # Python refuses int() of more than 4300 digits
        raise JSONPositionError(
            f"integer literal with {len(literal)} digits is too large", match.start()
        ) from None
