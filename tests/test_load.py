"""The loader: strictness, locations, and the strict parser against the standard library's json."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.errors import LoadError
from gate.load.document import detect_format, parse_document
from gate.load.json_strict import parse_with_positions

DOC_JSON = """{
  "version": 1,
  "models": [
    {"name": "a", "metrics": {"accuracy": 0.9}},
    {
      "name": "b",
      "metrics": {
        "accuracy": 0.8,
        "f1": 0.7
      }
    }
  ]
}
"""
DOC_YAML = """version: 1
models:
  - name: a
    metrics: {accuracy: 0.9}
  - name: b
    metrics:
      accuracy: 0.8
      f1: 0.7
"""


@pytest.mark.parametrize(
    ("path", "json_line", "yaml_line"),
    [
        (("models", 0, "metrics", "accuracy"), 4, 4),
        (("models", 1, "name"), 6, 5),
        (("models", 1, "metrics", "f1"), 9, 8),
        (("models", 1, "metrics", "nope"), 7, 6),  # nearest existing ancestor, at its key
        ((), 1, 1),
    ],
)
def test_line_of_a_path_in_json_and_yaml(path, json_line, yaml_line) -> None:  # type: ignore[no-untyped-def]
    assert parse_document(DOC_JSON.encode(), "m.json").line_of(path) == json_line
    assert parse_document(DOC_YAML.encode(), "m.yaml").line_of(path) == yaml_line


def test_same_value_from_json_and_yaml() -> None:
    assert (
        parse_document(DOC_JSON.encode(), "m.json").data
        == parse_document(DOC_YAML.encode(), "m.yaml").data
    )


def test_yaml_timestamps_stay_strings() -> None:
    data = parse_document(b"created: 2026-11-20T10:00:00Z\nday: 2026-11-20\n", "r.yaml").data
    assert data == {"created": "2026-11-20T10:00:00Z", "day": "2026-11-20"}


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("m.json", "x", "json"),
        ("m.YML", "x", "yaml"),
        ("m.yaml", "{}", "yaml"),
        ("m", ' \n{"a": 1}', "json"),
        ("m", "[1]", "json"),
        ("m.txt", "a: 1", "yaml"),
    ],
)
def test_detect_format(name: str, text: str, fmt: str) -> None:
    assert detect_format(name, text) == fmt


def test_json_error_has_line_and_column() -> None:
    with pytest.raises(LoadError) as info:
        parse_document(b'{\n  "a": 1,\n  "b" 2\n}', "m.json")
    issue = info.value.issues[0]
    assert (issue.file, issue.line) == ("m.json", 3)
    assert "expected ':' after the property name (column 7)" in issue.message


# PyYAML's dumper folds YAML 1.1 line breaks (NEL, LS, PS) inside strings, so the round trip
# below would test the dumper; they are left out of generated text.
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x85\u2028\u2029"))
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES)
def test_strict_parser_agrees_with_json(value) -> None:  # type: ignore[no-untyped-def]
    text = json.dumps(value, indent=1)
    parsed, positions = parse_with_positions(text)
    assert parsed == json.loads(text)
    assert positions[()] == 0


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(TEXT.filter(bool), JSON_VALUES, min_size=1, max_size=5))
def test_json_and_yaml_dumps_load_to_the_same_value(value) -> None:  # type: ignore[no-untyped-def]
    from_json = parse_document(json.dumps(value).encode(), "m.json").data
    from_yaml = parse_document(yaml.safe_dump(value, allow_unicode=True).encode(), "m.yaml").data
    assert from_json == value
    assert from_yaml == value


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_load_or_fail_with_a_load_error(raw: bytes) -> None:
    for name in ("m.json", "m.yaml"):
        try:
            parsed = parse_document(raw, name)
        except LoadError as exc:
            assert exc.issues and exc.issues[0].file == name
        else:
            assert parsed.file == name
