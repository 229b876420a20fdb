"""msgspec takes the happy path for big JSON files only because it agrees with the strict
parser: on every file of the test corpora, on generated documents with and without duplicate
keys, and on random bytes. The direction that could let a bad file through (fast "here is
the value" where the strict parser refuses, or a different value) must never happen."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.load.document import LARGE_FILE_BYTES, parse_document
from gate.load.json_fast import NOTHING, parse_fast
from tests.cli.test_errors import BAD_FILES
from tests.conftest import gate_main
from tests.test_load import JSON_VALUES
from tests.test_schema_verdicts import CORPUS


def strict(raw: bytes) -> tuple[bool, Any]:
    """(parsed, value) by the reference: json with duplicate keys and constants refused."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        if len({k for k, _ in items}) != len(items):
            raise ValueError("duplicate key")
        return dict(items)

    def constant(name: str) -> Any:
        raise ValueError(name)

    try:
        text = raw.decode("utf-8")
        text = text.removeprefix("\ufeff")
        return True, json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except (ValueError, RecursionError):
        return False, None


def same(a: Any, b: Any) -> bool:
    """Equal, with the same types (1 is not 1.0) and the same key order."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def agree(raw: bytes) -> None:
    fast = parse_fast(raw)
    if fast is NOTHING:
        return  # the strict path decides: always safe
    ok, value = strict(raw)
    assert ok, f"msgspec accepted what the strict parser refuses: {raw[:200]!r}"
    assert same(fast, value), f"different values for {raw[:200]!r}"


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_agree_on_the_corpus(path: Path) -> None:
    agree(path.read_bytes())


@pytest.mark.parametrize("case", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_agree_on_the_bad_files(case) -> None:  # type: ignore[no-untyped-def]
    text = case[1]
    agree(text if isinstance(text, bytes) else text.encode())


@pytest.mark.parametrize(
    "raw",
    [
        b'{"a": 1, "a": 2}',
        b'{"m": {"x": {"k": 1, "k": 1}}}',
        b'[{"a:b": 1, "a:b": 2}]',
        b'{"a": "x:y", "a": "x:y"}',
        # an escaped colon could stand in for the colon a dropped member took away
        b'{"a": 1, "a": 1, "b": "\\u003a"}',
        b'{"a": 1, "a": 1, "b": "\\u003A"}',
    ],
)
def test_a_duplicate_key_is_never_taken(raw: bytes) -> None:
    assert parse_fast(raw) is NOTHING
    assert not strict(raw)[0]


@pytest.mark.parametrize(
    "raw",
    [
        b"NaN",
        b"[Infinity]",
        b"[-Infinity]",
        b"[1e400]",
        b"[1" + b"0" * 400 + b"]",  # an integer no double holds: msgspec would return it
        b'"\\ud800"',
        b"\xef\xbb\xbf{}",
    ],
)
def test_what_json_would_accept_but_gate_refuses_is_not_taken(raw: bytes) -> None:
    assert parse_fast(raw) is NOTHING


KEYS = st.sampled_from(["a", "b", "a:b", ":", "é", "x\\u003ay"])


def members(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A JSON object as text, whose keys may repeat."""
    pair = st.tuples(KEYS, children).map(lambda kv: f'"{kv[0]}": {kv[1]}')
    return st.lists(pair, max_size=4).map(lambda items: "{" + ", ".join(items) + "}")


TEXTS = st.recursive(
    st.sampled_from(["1", "1.0", "-0", "1e5", "null", "true", '"v:w"', '"\\u003a"', '"s"']),
    lambda children: (
        members(children) | st.lists(children, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]")
    ),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_agree_on_generated_texts_with_repeated_keys(text: str) -> None:
    raw = text.encode()
    agree(raw)
    if not strict(raw)[0]:
        assert parse_fast(raw) is NOTHING


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES)
def test_agree_on_generated_values(value) -> None:  # type: ignore[no-untyped-def]
    for raw in (json.dumps(value).encode(), json.dumps(value, ensure_ascii=False).encode()):
        agree(raw)
        fast = parse_fast(raw)
        if not any(s in raw for s in (b"\\u003a", b"\\u003A")):
            assert fast is not NOTHING, raw  # valid JSON without an escaped colon: taken


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_agree_on_random_bytes(raw: bytes) -> None:
    agree(raw)


def big_file(models: int, tail: str = "") -> str:
    rows = [
        f'    {{"name": "m{i:05d}", "metrics": {{"accuracy": 0.{i % 90 + 10:02d}}}}}'
        for i in range(models)
    ]
    return '{\n  "version": 1,\n  "models": [\n' + ",\n".join(rows) + tail + "\n  ]\n}\n"


MODELS = LARGE_FILE_BYTES // 50  # enough rows to take the fast path


def test_a_big_file_takes_the_fast_path_with_the_same_value() -> None:
    raw = big_file(MODELS).encode()
    assert len(raw) >= LARGE_FILE_BYTES
    assert parse_fast(raw) is not NOTHING  # msgspec parses it
    parsed = parse_document(raw, "big.json")
    assert same(parsed.data, strict(raw)[1])
    with_bom = parse_document(b"\xef\xbb\xbf" + raw, "big.json")
    assert same(with_bom.data, parsed.data)


@pytest.mark.parametrize("where", [0, 1, MODELS // 2, MODELS - 1])
def test_a_duplicate_key_in_any_row_of_a_big_file_is_never_taken(where: int) -> None:
    rows = big_file(MODELS).splitlines()
    row = 3 + where  # the file's first three lines open the document
    rows[row] = rows[row].replace('{"name": ', '{"name": "again", "name": ', 1)
    raw = "\n".join(rows).encode()
    assert raw.count(b'"again"') == 1 and not strict(raw)[0]
    assert parse_fast(raw) is NOTHING


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        (',\n    {"name": "x", "metrics": {"accuracy": 0.9, "accuracy": 0.1}}', "duplicate key"),
        (',\n    {"name": "x", "metrics": {"accuracy": NaN}}', "NaN"),
        (',\n    {"name": "x", "metrics": {"accuracy": 1e999}}', "not a finite number"),
        (',\n    {"name": "x", "samples": 1' + "0" * 400 + ', "metrics": {"f1": 1}}', ""),
    ],
    ids=["duplicate", "nan", "overflow", "huge-int"],
)
def test_a_big_bad_file_fails_with_its_line(write, tail: str, message: str) -> None:  # type: ignore[no-untyped-def]
    text = big_file(MODELS, tail)
    path = write("big.json", text)
    run = gate_main([path])
    assert run.code == 2, run.err
    line = MODELS + 4  # the row after the last generated one
    assert f"big.json:{line}:" in run.err, run.err
    assert message in run.err


@pytest.mark.parametrize("repeat", [False, True])
def test_long_lists_are_counted_in_pieces_with_the_same_answer(repeat: bool) -> None:
    """The re-encoding is counted a piece at a time: long lists at the top, inside the top
    object and inside each other, with `:` in keys and strings."""
    row = '{"k:1": "a:b", "k": [1, "c:"]' + (', "k": 2' if repeat else "") + "}"
    inner = "[" + ", ".join(['{"x:": ":"}'] * 3000) + "]"
    for raw in (
        ("[" + ", ".join([row] * 3000) + "]").encode(),
        ('{"a:": 1, "rows": [' + ", ".join([row] * 2000) + "]}").encode(),
        ('{"rows": [' + ", ".join([inner, row, inner]) + "]}").encode(),
    ):
        agree(raw)
        assert (parse_fast(raw) is NOTHING) == repeat


@pytest.mark.parametrize("digits", [308, 309, 400])
@pytest.mark.parametrize("before", [0, 1, 25, 50, (1 << 20) - 200])
def test_an_integer_no_double_holds_is_found_wherever_it_stands(digits: int, before: int) -> None:
    """309 digits are looked for every 51st byte first; at any offset, across the scan's
    megabyte pieces too, the strict path gets the file."""
    raw = b'{"pad": "' + b"x" * before + b'", "n": 1' + b"0" * (digits - 1) + b"}"
    assert (parse_fast(raw) is NOTHING) == (digits >= 309)
