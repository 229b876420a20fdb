"""JSON files, whatever their size, are read one way: msgspec, with a proof that no duplicate
key was dropped; what it refuses, the strict parser explains. These tests hold the result to
RFC 8259 with duplicate keys refused: a duplicate key anywhere is refused with its line, what
`json` would accept but gate refuses is refused, and no text gives a value other than the one
the reference below (the standard library's `json`, made as strict as gate) gives."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.errors import LoadError
from gate.load.document import parse_document
from gate.load.json_fast import escaped_colons
from gate.load.parsed import Parsed
from tests.cli.test_errors import BAD_FILES
from tests.conftest import gate_main
from tests.test_load import JSON_VALUES
from tests.test_schema_verdicts import CORPUS

_SURROGATE = re.compile("[\ud800-\udfff]")


class Refused(ValueError):
    pass


def reference(raw: bytes) -> Any:
    """The value RFC 8259 gives `raw` (UTF-8, a BOM allowed), with what gate refuses refused:
    duplicate keys, NaN and Infinity, strings no UTF-8 can hold. Raises Refused."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        if len({k for k, _ in items}) != len(items):
            raise Refused("duplicate key")
        return dict(items)

    def constant(name: str) -> Any:
        raise Refused(name)

    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
        value = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except (ValueError, RecursionError) as exc:
        raise Refused(str(exc)) from None
    if any(_SURROGATE.search(s) for s in _strings(value)):
        raise Refused("a lone surrogate")
    return value


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *_strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _numbers(value: Any) -> list[float]:
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [n for item in value for n in _numbers(item)]
    return [value] if isinstance(value, (int, float)) and not isinstance(value, bool) else []


def same(a: Any, b: Any) -> bool:
    """Equal, with the same types (1 is not 1.0) and the same key order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return bool(a == b)


def finite(number: float) -> bool:
    try:
        return math.isfinite(number)
    except OverflowError:  # an integer beyond a double
        return False


def right(raw: bytes, name: str = "m.json") -> Parsed | None:
    """Parse `raw` as gate does and check it against the reference: a value only where the
    reference has the same one, and never a claim of finite numbers that is not true.
    None when gate refused it (then the reference refuses it too, or it is a text only
    validation refuses: numbers beyond a double)."""
    try:
        parsed = parse_document(raw, name)
    except LoadError as exc:
        assert exc.issues and exc.issues[0].file == name
        try:
            reference(raw)
        except Refused:
            return None
        raise AssertionError(f"gate refused what the reference accepts: {raw[:200]!r}") from None
    try:
        value = reference(raw)
    except Refused as exc:
        raise AssertionError(f"gate took {raw[:200]!r}, which has {exc}") from None
    assert same(parsed.data, value), f"a different value for {raw[:200]!r}"
    if parsed.finite:
        assert all(map(finite, _numbers(parsed.data))), raw[:200]
    return parsed


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_the_corpus_gives_the_reference_value(path: Path) -> None:
    if path.suffix == ".json":
        right(path.read_bytes(), path.name)


@pytest.mark.parametrize("case", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_the_bad_files_give_the_reference_value_or_none(case) -> None:  # type: ignore[no-untyped-def]
    name, text = case[0], case[1]
    if name.endswith(".json"):
        right(text if isinstance(text, bytes) else text.encode(), name)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_give_the_reference_value_or_none(raw: bytes) -> None:
    right(raw)


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES)
def test_any_json_value_is_read_back(value) -> None:  # type: ignore[no-untyped-def]
    for raw in (json.dumps(value).encode(), json.dumps(value, ensure_ascii=False).encode()):
        parsed = right(raw)
        assert parsed is not None and parsed.finite, raw


# Keys as written in the text: escaped colons, escaped backslashes before them, and
# different spellings of one key, so that a repeat may hide next to an escape.
KEYS = st.sampled_from(
    ["a", ":", "a:b", "a\\u003ab", "a\\u003Ab", "\\u003a", "\\\\u003a", "\\\\\\u003a", "\\\\:"]
)
LEAVES = ["1", "1.0", "-0", "1e5", "null", '"v:w"', '"\\u003a"', '"\\\\u003a"', '"\\\\\\u003A"']


def members(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A JSON object as text, a member a line, whose keys may repeat."""
    pair = st.tuples(KEYS, children).map(lambda kv: f'"{kv[0]}": {kv[1]}')
    return st.lists(pair, max_size=4).map(lambda items: "{\n" + ",\n".join(items) + "\n}")


TEXTS = st.recursive(
    st.sampled_from(LEAVES),
    lambda children: (
        members(children) | st.lists(children, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]")
    ),
    max_leaves=12,
)


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_a_repeated_key_is_refused_at_its_line(text: str) -> None:
    raw = text.encode()
    if right(raw) is not None:
        return
    with pytest.raises(LoadError) as info:
        parse_document(raw, "m.json")
    (issue,) = info.value.issues
    assert issue.line is not None, issue
    line = text.splitlines()[issue.line - 1].lstrip()  # a member a line: `"key": value`
    key = json.loads(line[: line.index('": ') + 1])
    assert issue.message.startswith(f"duplicate key {key!r} in the same object"), (issue, line)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"a\\u003ab": 1}', {"a:b": 1}),
        ('{"a": "\\u003A"}', {"a": ":"}),
        ('{"a": "\\\\u003a"}', {"a": "\\u003a"}),  # a backslash, then "u003a"
        ('{"a": "\\\\\\u003a"}', {"a": "\\:"}),  # a backslash, then an escaped colon
        ('{"\\u003a": "\\u003a", ":": ":"}', None),
        ('{"a": 1, "a": 1, "b": "\\u003a"}', None),  # the escape stands in for the lost `:`
        ('{"a": 1, "a": 1, "b\\u003a": 2}', None),
        ('{"a\\\\": 1, "a\\\\": 1, "b": "\\\\\\u003a"}', None),
        ('{"x": {"k\\u003a": 1, "k\\u003a": 1}, "y": "\\u003a\\u003a"}', None),
    ],
)
def test_escaped_colons(text: str, value: Any) -> None:
    parsed = right(text.encode())
    assert (parsed and parsed.data) == value


def test_escaped_colons_are_counted_only_when_not_themselves_escaped() -> None:
    raw = rb'["\u003a", "\\u003a", "\\\u003a", "\\\\u003A", "\u003A\u003a", "u003a"]'
    assert escaped_colons(raw) == 4
    assert json.loads(raw) == [":", "\\u003a", "\\:", "\\\\u003A", "::", "u003a"]


def big_file(models: int, tail: str = "") -> str:
    rows = [
        f'    {{"name": "m{i:05d}", "metrics": {{"accuracy": 0.{i % 90 + 10:02d}}}}}'
        for i in range(models)
    ]
    return '{\n  "version": 1,\n  "models": [\n' + ",\n".join(rows) + tail + "\n  ]\n}\n"


MODELS = 6000  # a file of about 400 KiB


def test_a_big_file_gives_the_reference_value() -> None:
    raw = big_file(MODELS).encode()
    parsed = right(raw, "big.json")
    assert parsed is not None and parsed.finite
    with_bom = right(b"\xef\xbb\xbf" + raw, "big.json")
    assert with_bom is not None and same(with_bom.data, parsed.data)


@pytest.mark.parametrize("where", [0, 1, MODELS // 2, MODELS - 1])
def test_a_duplicate_key_in_any_row_of_a_big_file_is_refused_at_its_line(
    write,  # type: ignore[no-untyped-def]
    where: int,
) -> None:
    rows = big_file(MODELS).splitlines()
    row = 3 + where  # the file's first three lines open the document
    rows[row] = rows[row].replace('{"name": ', '{"name": "again", "name": ', 1)
    run = gate_main([write("big.json", "\n".join(rows))])
    assert run.code == 2, run.err
    assert f"big.json:{row + 1}: duplicate key 'name'" in run.err, run.err


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        (',\n    {"name": "x", "metrics": {"accuracy": 0.9, "accuracy": 0.1}}', "duplicate key"),
        (',\n    {"name": "x", "metrics": {"accuracy": NaN}}', "NaN is not allowed"),
        (',\n    {"name": "x", "metrics": {"accuracy": Infinity}}', "Infinity is not allowed"),
        (',\n    {"name": "x", "metrics": {"accuracy": 1e999}}', "inf is not a finite number"),
        (',\n    {"name": "x\\udc00", "metrics": {"f1": 1}}', "lone surrogate"),
        (',\n    {"name": "x", "samples": 1' + "0" * 400 + ', "metrics": {"f1": 1}}', "too large"),
    ],
    ids=["duplicate", "nan", "infinity", "overflow", "surrogate", "huge-int"],
)
@pytest.mark.parametrize("models", [1, MODELS])
def test_what_json_accepts_but_gate_refuses_fails_with_its_line(  # type: ignore[no-untyped-def]
    write, tail: str, message: str, models: int
) -> None:
    run = gate_main([write("m.json", big_file(models, tail))])
    assert run.code == 2, run.err
    assert f"m.json:{models + 4}:" in run.err, run.err  # the row after the generated ones
    assert message in run.err, run.err


@pytest.mark.parametrize("repeat", [False, True])
def test_long_lists_are_counted_in_pieces(repeat: bool) -> None:
    """The re-encoding is counted a piece at a time: long lists at the top, inside the top
    object and inside each other, with `:` and escaped colons in keys and strings."""
    row = '{"k:1": "a:b", "k\\u003a": [1, "c:"]' + (', "k:1": 2' if repeat else "") + "}"
    inner = "[" + ", ".join(['{"x:": "\\u003a"}'] * 3000) + "]"
    for text in (
        "[" + ", ".join([row] * 3000) + "]",
        '{"a:": 1, "rows": [' + ", ".join([row] * 2000) + "]}",
        '{"rows": [' + ", ".join([inner, row, inner]) + "]}",
    ):
        assert (right(text.encode()) is None) == repeat


@pytest.mark.parametrize("digits", [308, 309, 400])
@pytest.mark.parametrize("before", [0, 1, 25, 50, (1 << 20) - 200])
def test_an_integer_no_double_holds_is_never_called_finite(digits: int, before: int) -> None:
    """309 digits are looked for every 51st byte first; at any offset, across the scan's
    megabyte pieces too, such a number leaves the value not known to be finite."""
    raw = b'{"pad": "' + b"x" * before + b'", "n": 1' + b"0" * (digits - 1) + b"}"
    parsed = right(raw)
    assert parsed is not None and parsed.finite == (digits < 309)
