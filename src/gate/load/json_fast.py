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

Anything else (no msgspec, an error, an escaped colon, a count that differs) returns None,
and the strict parser in document.py decides and explains. tests/test_fastjson.py holds the
two to the same answers on every test file and on generated documents.
"""

from __future__ import annotations

import re
from typing import Any

_ESCAPED_COLON = re.compile(rb"\\u003[aA]")
NOTHING = object()  # not parsed here: the strict parser decides
# Digits as "0", so that a run of 309 (an integer beyond a float: the one number msgspec
# returns that gate must still refuse) is found by bytes.find.
_DIGITS_AS_ZERO = bytes(0x30 if 0x30 <= b <= 0x39 else b for b in range(256))
_HUGE = b"0" * 309
_PIECE = 1 << 20


def finite(raw: bytes) -> bool:
    """Whether every number msgspec parsed from `raw` is finite: it refuses NaN, infinities
    and floats out of range itself, so only a run of 309 digits is looked for. Scanned a
    megabyte at a time (pieces overlap, so no run is cut), far cheaper than visiting every
    value."""
    for start in range(0, max(len(raw) - len(_HUGE) + 1, 1), _PIECE):
        piece = raw[start : start + _PIECE + len(_HUGE) - 1]
        if piece.translate(_DIGITS_AS_ZERO).find(_HUGE) != -1:
            return False
    return True


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
        colons = msgspec.json.encode(data).count(b":")
    except Exception:  # whatever msgspec refuses, the strict path explains
        return NOTHING
    if colons != raw.count(b":"):
        return NOTHING  # a member was dropped: a duplicate key
    return data
