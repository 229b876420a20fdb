"""The happy path for big JSON files: msgspec, with a proof that nothing was lost.

msgspec parses ~3x faster than `json` with ~15% less memory, and refuses what gate refuses
(NaN, Infinity, numbers out of a double's range, invalid UTF-8, lone surrogates, trailing
data). It differs in one way that matters: of duplicate keys it keeps the last, silently.
So its result is used only with a proof that the text had no duplicate key:

    every member of a JSON object has exactly one structural `:`, and a `:` in the text is
    either structural or inside a string. Re-encoding the parsed value writes one `:` per
    member it kept and every `:` of every string it kept. So the text's count of `:` equals
    the re-encoding's exactly when no member was dropped, provided no string grew a `:` in
    decoding, which only the escape `\\u003a` can do (such files take the strict path).

Anything else (no msgspec, an error, an escaped colon, a count that differs) returns None,
and the strict parser in load.py decides and explains. tests/test_fastjson.py holds the two
to the same answers on every test file and on generated documents.
"""

from __future__ import annotations

from typing import Any, Callable, NamedTuple

# An integer of 309+ digits is beyond a float (math.isfinite raises on it): the one kind of
# number msgspec returns that gate must still check. Digits are mapped to "0" and the run
# looked for with bytes.find, ~5x faster than a regular expression over the whole file.
_DIGITS_AS_ZERO = bytes(0x30 if 0x30 <= b <= 0x39 else b for b in range(256))
_HUGE_INTEGER = b"0" * 309


class Fast(NamedTuple):
    data: Any
    finite: bool  # every number is a finite float or an int a float can hold


def parse_fast(raw: bytes) -> Fast | None:
    """`raw`'s value when msgspec parses it and it provably has no duplicate key, else None."""
    try:
        import msgspec
    except ImportError:  # an optional speed-up: the strict path works without it
        return None
    at = raw.find(b"\\u003")
    while at != -1:
        if raw[at + 5 : at + 6] in (b"a", b"A"):
            return None
        at = raw.find(b"\\u003", at + 5)
    try:
        data = msgspec.json.decode(raw)
        colons = _encoded_colons(data, msgspec.json.Encoder().encode_into, len(raw))
    except Exception:  # whatever msgspec refuses, the strict path explains
        return None
    if colons != raw.count(b":"):
        return None  # a member was dropped: a duplicate key
    return Fast(data, not _has_huge_integer(raw))


_EncodeInto = Callable[[Any, bytearray, int], None]


def _encoded_colons(data: Any, encode_into: _EncodeInto, size: int) -> int:
    """How many `:` re-encoding `data` (from a text of `size` bytes) writes, counted a piece
    at a time: a big list (the models) is encoded ~64 KiB at a time into one reused buffer,
    small enough for malloc to reuse the memory, instead of into a copy of the whole text
    (~38 MB fewer pages touched on 100k models)."""
    buffer = bytearray()

    def colons(value: Any) -> int:
        if isinstance(value, list) and value:
            step = max(1, len(value) * _PIECE_BYTES // size)  # items of ~64 KiB
            total = 0
            for start in range(0, len(value), step):
                encode_into(value[start : start + step], buffer, 0)
                total += buffer.count(b":")
            return total
        encode_into(value, buffer, 0)
        return buffer.count(b":")

    if not isinstance(data, dict):
        return colons(data)
    # a member's `:` and its key's own (the encoder escapes no `:`), then its value's
    return sum(key.count(":") + 1 + colons(value) for key, value in data.items())


_PIECE_BYTES = 1 << 16


def _has_huge_integer(raw: bytes, step: int = 1 << 20) -> bool:
    """Whether `raw` holds a run of 309+ digits.

    First every 51st byte is looked at: a run of 309 covers 6 consecutive ones, which almost
    no file has (none of the benchmark's). Each place that does is checked byte by byte; if
    there are many, the whole text is."""
    samples = raw[::_STRIDE].translate(_DIGITS_AS_ZERO)
    covered = b"0" * (len(_HUGE_INTEGER) // _STRIDE)
    at = samples.find(covered)
    for _ in range(_MAX_CANDIDATES):
        if at == -1:
            return False
        middle = at * _STRIDE  # a run through this byte lies within 308 bytes either side
        window = raw[max(middle - len(_HUGE_INTEGER) + 1, 0) : middle + len(_HUGE_INTEGER)]
        if window.translate(_DIGITS_AS_ZERO).find(_HUGE_INTEGER) != -1:
            return True
        at = samples.find(covered, at + 1)
    return _has_huge_integer_anywhere(raw, step)


_STRIDE = 51
_MAX_CANDIDATES = 64


def _has_huge_integer_anywhere(raw: bytes, step: int) -> bool:
    """Every byte looked at, a megabyte at a time (pieces overlap by 308 bytes, so no run is
    cut in two) to keep the copies small."""
    overlap = len(_HUGE_INTEGER) - 1
    for start in range(0, max(len(raw) - overlap, 1), step):
        piece = raw[start : start + step + overlap]
        if piece.translate(_DIGITS_AS_ZERO).find(_HUGE_INTEGER) != -1:
            return True
    return False
