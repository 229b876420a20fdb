"""A parsed document: its value, where it came from, and the line of any JSON path on demand.

Pure: the caller reads the file; this module never touches the file system.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from typing import Any, Literal

from gate.errors import Issue, LoadError
from gate.jsonpath import Path

Format = Literal["json", "yaml", "toml", "csv"]

_BOM = "\ufeff"


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
        self.finite = finite  # the parser refused every number that is not finite

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
        parsed by msgspec without positions, so the text is read again, only as far
        as the last of them: valid files never pay for it, and an error near the top of a
        big file costs little."""
        if self.format != "json":
            return
        targets = {_existing(self.data, path) for path in paths} - set(self._lines)
        if targets:
            from gate.load.json_strict import locate  # only to locate an error

            self._lines.update(lines_of(self.text, locate(self.text, targets)))


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


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
# Compiled (by `re`, once) only when a file has such an escape: a charset of 2048 code
# points is slow to compile.
_SURROGATE = "[\ud800-\udfff]"


def without_lone_surrogates(parsed: Parsed) -> Parsed:
    """A `\\ud800` escape makes a string no UTF-8 can hold: refused where it stands, as
    msgspec refuses it in JSON. Only files with such an escape are walked."""
    if not _SURROGATE_ESCAPE.search(parsed.text):
        return parsed
    for path, text in _strings(parsed.data, ()):
        if re.search(_SURROGATE, text):
            issue = Issue(
                "a lone surrogate escape (\\ud800-\\udfff) is not valid Unicode text",
                parsed.file,
                parsed.line_of(path),
                path,
            )
            raise LoadError([issue])
    return parsed


def _strings(value: Any, path: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key), key
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


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
