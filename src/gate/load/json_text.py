"""JSON bytes → a Parsed document, refusing what gate refuses: duplicate keys, NaN and
Infinity, strings no UTF-8 can hold. One path for every file: msgspec parses, with its
proof that no duplicate key was dropped (json_fast.py); what it refuses, the strict parser
(json_strict.py) explains, with the place."""

from __future__ import annotations

from gate.errors import Issue, LoadError
from gate.load.json_fast import NOTHING, has_huge_integer, parse_fast
from gate.load.parsed import _BOM, Parsed, decode, lines_of, without_lone_surrogates

_BOM_BYTES = _BOM.encode()


def parse_json(raw: bytes, file: str) -> Parsed:
    """Parse a JSON file (a BOM is allowed). Raises LoadError with file and line."""
    body = raw[len(_BOM_BYTES) :] if raw.startswith(_BOM_BYTES) else raw
    data = parse_fast(body)
    if data is NOTHING:
        return without_lone_surrogates(_explain(raw, file))
    # msgspec refused NaN, Infinity and floats beyond a double; an integer beyond one it
    # returns, and validation finds it (with its line) only when told to look.
    return Parsed(data, file, raw, "json", finite=not has_huge_integer(body))


def _explain(raw: bytes, file: str) -> Parsed:
    """The strict parser's account of what msgspec refused: an error with its line and
    column, or (for what only later checks refuse: 1e400, a lone surrogate) the value."""
    from gate.load.json_strict import JSONPositionError, parse_with_positions  # errors only

    text = decode(raw, file)
    if not text.strip():
        raise LoadError([Issue("the file is empty", file, 1)])
    try:
        data, offsets = parse_with_positions(text)
    except JSONPositionError as exc:
        line = text.count("\n", 0, exc.pos) + 1
        column = exc.pos - (text.rfind("\n", 0, exc.pos) + 1) + 1
        raise LoadError([Issue(f"{exc.message} (column {column})", file, line)]) from None
    return Parsed(data, file, text, "json", lines=lines_of(text, offsets))
