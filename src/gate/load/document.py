"""Bytes → a plain JSON-like value, plus a way to find the line of any JSON path.

Pure: the caller reads the file; this module never touches the file system.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterable
from typing import Any, Literal

from gate.errors import Issue, LoadError
from gate.jsonpath import Path

Format = Literal["json", "yaml", "toml", "csv"]

# Files this big go to the libraries that are fast on big input but slow to import (msgspec,
# jsonschema-rs); smaller ones are done before those imports would be.
LARGE_FILE_BYTES = 256 * 1024

_BOM = "\ufeff"
_BOM_BYTES = _BOM.encode()


class Parsed:
    """A parsed document: its value, where it came from, and the line of each path on demand."""

    __slots__ = ("_lines", "_source", "data", "file", "finite", "format")

    def __init__(
        self,
        data: Any,
        file: str,
        source: str | bytes,
        format: Format,
        *,
        lines: dict[Path, int] | None = None,
        finite: bool = False,
    ) -> None:
        self.data = data
        self.file = file
        self._source = source  # bytes: decoded only if an error needs a line number
        self.format = format
        self._lines = lines or {}
        self.finite = finite  # the parser saw to it that every number is finite

    @property
    def large(self) -> bool:
        """Big enough for the libraries that are fast on big input and slow to import."""
        return len(self._source) >= LARGE_FILE_BYTES

    @property
    def text(self) -> str:
        if isinstance(self._source, bytes):
            self._source = decode(self._source, self.file)
        return self._source

    def __repr__(self) -> str:
        return f"Parsed(file={self.file!r}, format={self.format!r})"

    def line_of(self, path: Path) -> int | None:
        """1-based line of the value at `path`, or of its nearest ancestor that exists."""
        self.locate([path])
        probe = tuple(path)
        while True:
            if probe in self._lines:
                return self._lines[probe]
            if not probe:
                return None
            probe = probe[:-1]

    def locate(self, paths: Iterable[Path]) -> None:
        """Work out the lines of `paths` (of their nearest existing ancestors). JSON is
        parsed by the fast path without positions, so the text is read again, only as far
        as the last of them: valid files never pay for it, and an error near the top of a
        big file costs little."""
        if self.format != "json":
            return
        targets = {_existing(self.data, path) for path in paths} - set(self._lines)
        if targets:
            from gate.load.json_strict import locate  # only to locate an error

            self._lines.update(lines_of(self.text, locate(self.text, targets)))


def detect_format(file: str, text: str) -> Format:
    """From the extension; otherwise JSON if the first character opens an object or array."""
    lower = file.lower()
    if lower.endswith(".json"):
        return "json"
    if lower.endswith((".yaml", ".yml")):
        return "yaml"
    if lower.endswith(".toml"):
        return "toml"
    return "json" if text.lstrip()[:1] in ("{", "[") else "yaml"


_JSON_START = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*[\[{]")


def _format_of_bytes(file: str, raw: bytes) -> Format:
    """detect_format without decoding the whole file first."""
    return detect_format(file, "{" if _JSON_START.match(raw) else "")


def decode(raw: bytes, file: str) -> str:
    """UTF-8 (a BOM is allowed); any other encoding is an error naming the line of the bad byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise LoadError(
            [
                Issue(
                    f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                    file,
                    line,
                )
            ]
        ) from None
    return text[1:] if text.startswith(_BOM) else text


def parse_document(raw: bytes, file: str, fmt: Format | None = None) -> Parsed:
    """Decode and parse a metrics or policy file. Raises LoadError with file and line."""
    if len(raw) >= LARGE_FILE_BYTES and (fmt or _format_of_bytes(file, raw)) == "json":
        body = raw[len(_BOM_BYTES) :] if raw.startswith(_BOM_BYTES) else raw
        from gate.load.json_fast import NOTHING, finite, parse_fast  # for files this big

        data = parse_fast(body)
        if data is not NOTHING:
            return Parsed(data, file, raw, "json", finite=finite(body))
    text = decode(raw, file)
    fmt = fmt or detect_format(file, text)
    if not text.strip():
        raise LoadError([Issue("the file is empty", file, 1)])
    if fmt == "json":
        from gate.load.json_text import parse_json

        return parse_json(text, file)
    if fmt == "toml":
        return _parse_toml(text, file)
    from gate.load.yaml_safe import (  # PyYAML only for YAML files
        YAMLPositionError,
        parse_with_lines,
    )

    try:
        data, lines = parse_with_lines(text)
    except YAMLPositionError as exc:
        raise LoadError([Issue(exc.message, file, exc.line, exc.path)]) from None
    parsed = Parsed(data, file, text, "yaml", lines=lines)
    from gate.load.json_text import without_lone_surrogates

    return without_lone_surrogates(parsed)


def _existing(data: Any, path: Path) -> Path:
    """The longest prefix of `path` that names a value in `data`."""
    value: Any = data
    for index, part in enumerate(path):
        value = _child(value, part)
        if value is _MISSING:
            return path[:index]
    return path


_MISSING = object()


def _child(value: Any, part: str | int) -> Any:
    if isinstance(value, dict):
        return value.get(part, _MISSING) if isinstance(part, str) else _MISSING
    if isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
        return value[part]
    return _MISSING


def lines_of(text: str, offsets: dict[Path, int]) -> dict[Path, int]:
    """Character offsets of the strict parser → 1-based lines."""
    starts = _line_starts(text)
    return {path: bisect.bisect_right(starts, offset) for path, offset in offsets.items()}


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def _parse_toml(text: str, file: str) -> Parsed:
    """TOML, as DVC reads metrics and params files: only for --metrics-format dvc."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_AT.search(str(exc))
        line = int(found.group(1)) if found else None
        raise LoadError([Issue(str(exc).split(" (at line")[0], file, line)]) from None
    return Parsed(data, file, text, "toml")
