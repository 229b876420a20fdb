"""JSON bytes → a value: msgspec, with a proof that nothing was lost.

msgspec refuses what gate refuses (NaN, Infinity, floats out of a double's range, invalid
UTF-8, lone surrogates, trailing data). It differs in one way that matters: of duplicate
keys it keeps the last, silently. So its result is used only with a proof that the text had
no duplicate key:

    every member of a JSON object has exactly one structural `:`, and a `:` in the text is
    either structural or inside a string. Re-encoding the parsed value writes one `:` per
    member it kept and every `:` of every string it kept, including the one each escape
    `\\u003a` stands for (an escape that is itself escaped, `\\\\u003a`, is text). So the
    re-encoding has the text's `:` plus one per such escape exactly when no member was
    dropped: a dropped member takes away at least its structural `:`, and never adds one.
    The re-encoding is counted a piece at a time and never held whole: a big file's peak
    memory is its text and its value, not a third copy.

An integer beyond a double comes back as a Python int: `has_huge_integer` says when the
value may hold one, for validation to look for it. Anything refused returns NOTHING: the
strict parser (json_strict.py) then explains where the text goes wrong.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec

NOTHING = object()  # refused: the strict parser explains
_COLON_ESCAPE = re.compile(rb"\\u003[aA]")
_BACKSLASH = ord("\\")
# Digits as "0", so that a run of 309 (an integer beyond a double) is found by bytes.find.
_DIGITS_AS_ZERO = bytes(0x30 if 0x30 <= b <= 0x39 else b for b in range(256))
_HUGE = b"0" * 309
_SCAN = 1 << 20  # bytes translated at a time
_STEP = 51
_SAMPLED = b"0" * (len(_HUGE) // _STEP)  # a run of 309 covers at least 6 of every 51st byte


def parse_fast(raw: bytes) -> Any:
    """`raw`'s value when msgspec parses it and it provably has no duplicate key, else
    NOTHING."""
    try:
        data = msgspec.json.decode(raw)
        colons = _colons(data, msgspec.json.Encoder())
    # (invalid UTF-8 is a UnicodeDecodeError in the msgspec Python 3.9 gets, 0.20)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):  # the strict parser explains
        return NOTHING
    if colons != raw.count(b":") + escaped_colons(raw):
        return NOTHING  # a member was dropped: a duplicate key
    return data


def escaped_colons(raw: bytes) -> int:
    """How many `\\u003a` escapes in `raw` stand for a `:` (each in a string, as msgspec
    accepted `raw`): those whose backslash is not itself escaped, that is, follows an even
    run of backslashes. A text without a backslash has none (looked for by memchr, several
    times faster than the pattern's search)."""
    if b"\\" not in raw:
        return 0
    found = 0
    for match in _COLON_ESCAPE.finditer(raw):
        escape = before = match.start()
        while before and raw[before - 1] == _BACKSLASH:
            before -= 1
        found += (escape - before) % 2 == 0
    return found


def has_huge_integer(raw: bytes) -> bool:
    """A run of 309 digits: an integer no double holds (or digits in a string: validation
    looks). Every 51st byte is looked at first: such a run covers six of them in a row,
    which a file of ordinary numbers seldom has; only then is every byte scanned, a
    megabyte at a time (pieces overlap, so no run is cut)."""
    if raw[::_STEP].translate(_DIGITS_AS_ZERO).find(_SAMPLED) == -1:
        return False
    for start in range(0, max(len(raw) - len(_HUGE) + 1, 1), _SCAN):
        piece = raw[start : start + _SCAN + len(_HUGE) - 1]
        if piece.translate(_DIGITS_AS_ZERO).find(_HUGE) != -1:
            return True
    return False


_PIECE = 1024  # items of a list encoded at once


def _colons(data: Any, encoder: msgspec.json.Encoder) -> int:
    """How many `:` the JSON of `data` has: the top level's own members, then its values
    (lists of them a piece at a time)."""
    if isinstance(data, dict):
        keys: list[str] = list(data)
        own = len(keys) + sum(key.count(":") for key in keys)
        return own + _pieces(list(data.values()), encoder)
    if isinstance(data, list):
        return _pieces(data, encoder)
    return encoder.encode(data).count(b":")


def _pieces(items: list[Any], encoder: msgspec.json.Encoder) -> int:
    """`:` in the JSON of `items`, `_PIECE` at a time; a long list among them in its own
    pieces (a document's models)."""
    # (the test written out, not a function: it is asked of each of a sweep's 100k models)
    long = [item for item in items if type(item) is list and len(item) > _PIECE]
    if long:
        items = [item for item in items if not (type(item) is list and len(item) > _PIECE)]
    found = sum(_pieces(item, encoder) for item in long)
    for start in range(0, len(items), _PIECE):
        found += encoder.encode_lines(items[start : start + _PIECE]).count(b":")
    return found
