"""The happy path for big JSON files: msgspec, with a proof that nothing was lost.

msgspec parses several times faster than `json` with less memory, and refuses what gate
refuses (NaN, Infinity, numbers out of a double's range, invalid UTF-8, lone surrogates,
trailing data). It differs in one way that matters: of duplicate keys it keeps the last,
silently. So its result is used only with a proof that the text had no duplicate key:

    every member of a JSON object has exactly one structural `:`, and a `:` in the text is
    either structural or inside a string. Re-encoding the parsed value writes one `:` per
    member it kept and every `:` of every string it kept. So the text's count of `:` equals
    the re-encoding's exactly when no member was dropped, provided no string grew a `:` in
    decoding, which only the escape `\\u003a` can do (such files take the strict path).
    The re-encoding is counted a piece at a time and never held whole: a big file's peak
    memory is its text and its value, not a third copy.

Anything else (no msgspec, an error, an escaped colon, a count that differs) returns None,
and the strict parser in document.py decides and explains. tests/test_fastjson.py holds the
two to the same answers on every test file and on generated documents.
"""

from __future__ import annotations

import re
from typing import Any

_ESCAPED_COLON = re.compile(rb"\\u003[aA]")
NOTHING = object()  # not parsed here: the strict parser decides


def parse_fast(raw: bytes) -> Any:
    """`raw`'s value when msgspec parses it and it provably has no duplicate key, else
    NOTHING."""
    try:
        import msgspec
    except ImportError:  # an optional speed-up: the strict path works without it
        return NOTHING
    if _ESCAPED_COLON.search(raw):
        return NOTHING
    try:
        data = msgspec.json.decode(raw)
        colons = _colons(data, msgspec.json.Encoder())
    except Exception:  # whatever msgspec refuses, the strict path explains
        return NOTHING
    if colons != raw.count(b":"):
        return NOTHING  # a member was dropped: a duplicate key
    return data


_PIECE = 1024  # items of a list encoded at once


def _colons(data: Any, encoder: Any) -> int:
    """How many `:` the JSON of `data` has: the top level's own members, then its values
    (lists of them a piece at a time)."""
    if isinstance(data, dict):
        own = len(data) + sum(key.count(":") for key in data)
        return own + _pieces(list(data.values()), encoder)
    if isinstance(data, list):
        return _pieces(data, encoder)
    return int(encoder.encode(data).count(b":"))


def _pieces(items: list[Any], encoder: Any) -> int:
    """`:` in the JSON of `items`, `_PIECE` at a time; a long list among them in its own
    pieces (a document's models)."""
    long = [item for item in items if _long(item)]
    if long:
        items = [item for item in items if not _long(item)]
    found = sum(_pieces(item, encoder) for item in long)
    for start in range(0, len(items), _PIECE):
        found += encoder.encode_lines(items[start : start + _PIECE]).count(b":")
    return found


def _long(item: Any) -> bool:
    return isinstance(item, list) and len(item) > _PIECE
