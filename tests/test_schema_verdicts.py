"""What gate says of a file the schema refuses: every file of the test corpora gets its
verdict and its located messages, each message in gate's words; generated documents are
refused exactly when there is something to say, and it is said at a place in the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.errors import MAX_ISSUES, GateError
from gate.load.document import parse_document
from gate.load.read import read_metrics
from gate.load.reader import ReadOptions
from gate.policy_file import policy_values
from gate.schema import is_valid, schema_issues
from tests.conftest import EXAMPLES
from tests.test_load import JSON_VALUES, TEXT

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [
    *(p for p in EXAMPLES.rglob("metrics.*")),
    *sorted((ROOT / "tests" / "hostile").iterdir()),
]
# Each file as gate reads it (--metrics-format auto), and everything it says, in order.
# Files the parser refuses are here too: the schema must never be asked about them.
SAID = {
    "examples/formats/dvc/metrics.json": [
        "metrics.json:1: top level: no eval_* metric to gate in this Trainer file (it has train_accuracy, train_f1_macro); a file with training keys only says nothing about the model's quality; --split test reads test_* and predict_* keys"
    ],
    "examples/full/metrics.yaml": [],
    "examples/invalid/metrics.yaml": [
        "metrics.yaml:8: models[1].metrics.accuracy: 1.4 is greater than the maximum of 1 (accuracy is a proportion in [0, 1])",
        'metrics.yaml:9: models[1].metrics.f1: expected a number, got string "0.80" (numbers must not be quoted)',
    ],
    "examples/per-model/metrics.json": [],
    "examples/seed/metrics.json": [],
    "examples/seed/metrics.yaml": [],
    "examples/slices/metrics.yaml": [],
    "bad-big-int.json": [
        "bad-big-int.json:1: a.n: integer is too large to be a finite floating-point number"
    ],
    "bad-billion-laughs.yaml": [
        "bad-billion-laughs.yaml:1: YAML anchors (&name) are not allowed in a metrics file"
    ],
    "bad-binary-tag.yaml": [
        "bad-binary-tag.yaml:1: unsupported YAML tag 'tag:yaml.org,2002:binary'"
    ],
    "bad-bool.json": ["bad-bool.json:1: a.accuracy: expected a number, got boolean true"],
    "bad-deep.json": ["bad-deep.json:1: nesting deeper than 64 levels (column 70)"],
    "bad-deep.yaml": ["bad-deep.yaml:1: nesting deeper than 64 levels"],
    "bad-duplicate-model.yaml": [
        "bad-duplicate-model.yaml:4: models[1].name: duplicate model name 'a' (first used by models[0])"
    ],
    "bad-duplicate.json": [
        "bad-duplicate.json:1: duplicate key 'a' in the same object (first on line 1) (column 22)"
    ],
    "bad-duplicate.yaml": [
        "bad-duplicate.yaml:3: duplicate key 'a' in the same mapping (first on line 1)"
    ],
    "bad-empty-name.json": ["bad-empty-name.json:1: top level: names must not be empty"],
    "bad-empty-object.json": [
        "bad-empty-object.json:1: top level: must not be empty: at least one model (or metric) is required"
    ],
    "bad-empty.json": ["bad-empty.json:1: the file is empty"],
    "bad-hex-int.yaml": [
        "bad-hex-int.yaml:1: a.n: YAML 1.1 reads 0xffffffffffffffffffffffffffff… as a hexadecimal number; write numbers in plain decimal"
    ],
    "bad-huge-int.json": [
        "bad-huge-int.json:1: integer literal with 10000 digits is too large (column 7)"
    ],
    "bad-infinity.json": [
        "bad-infinity.json:1: -Infinity is not allowed: metric values must be finite numbers (column 33)"
    ],
    "bad-latin1.json": ["bad-latin1.json:1: not valid UTF-8 (byte 0xe8); save the file as UTF-8"],
    "bad-merge-key.yaml": [
        "bad-merge-key.yaml:1: YAML anchors (&name) are not allowed in a metrics file"
    ],
    "bad-nan.json": [
        "bad-nan.json:1: NaN is not allowed: metric values must be finite numbers (column 7)"
    ],
    "bad-negative.yaml": [
        "bad-negative.yaml:1: a: -0.0001 is less than the minimum of 0 (accuracy is a proportion in [0, 1])"
    ],
    "bad-nul.json": [
        "bad-nul.json:1: unexpected content after the end of the JSON document (column 11)"
    ],
    "bad-nul.yaml": ["bad-nul.yaml:1: character 0 is not allowed in a YAML file"],
    "bad-null.json": ["bad-null.json:1: a: expected a number or a mapping, got null"],
    "bad-octal.yaml": [
        "bad-octal.yaml:4: models[0].metrics.latency_ms: YAML 1.1 reads 060 as the octal number 48, which JSON and YAML 1.2 read differently; write 60 (or quote it if it is text)"
    ],
    "bad-on.yaml": ["bad-on.yaml:1: a.accuracy: expected a number, got boolean true"],
    "bad-out-of-range.json": [
        "bad-out-of-range.json:1: a: 1.0000001 is greater than the maximum of 1 (accuracy is a proportion in [0, 1])"
    ],
    "bad-overflow.json": [
        "bad-overflow.json:1: a: inf is not a finite number (NaN and ±Infinity are not allowed)"
    ],
    "bad-python-tag.yaml": ["bad-python-tag.yaml:1: m: expected a number or a mapping, got a list"],
    "bad-sexagesimal.yaml": [
        "bad-sexagesimal.yaml:1: model_A.latency_ms: YAML 1.1 reads 1:20 as the sexagesimal (base 60) number 80, which JSON and YAML 1.2 read differently; write 80 (or quote it if it is text)"
    ],
    "bad-string-number.json": [
        'bad-string-number.json:1: a: expected a number or a mapping, got string "0.99" (numbers must not be quoted)'
    ],
    "bad-top-list.json": [
        'bad-top-list.json:1: top level: expected a mapping, got a list; a list of models goes in the full form: {"version": 1, "models": [{"name": "model_A", "metrics": {"accuracy": 0.82}}, ...]}'
    ],
    "bad-trailing.json": [
        "bad-trailing.json:1: unexpected content after the end of the JSON document (column 12)"
    ],
    "bad-two-documents.yaml": [
        "bad-two-documents.yaml:2: only one YAML document is allowed per file (found '---' separating several)"
    ],
    "bad-underscore-number.yaml": [
        "bad-underscore-number.yaml:1: model_A.samples_seen: YAML 1.1 reads 1_000 as the number 1000, which JSON and YAML 1.2 read differently; write 1000 (or quote it if it is text)"
    ],
    "bad-utf16.json": ["bad-utf16.json:1: not valid UTF-8 (byte 0xff); save the file as UTF-8"],
    "bad-version.yaml": [
        "bad-version.yaml:1: gate's full form is version: 1, and this file says version: '1'; write version: 1, or name the tool that wrote it with --metrics-format"
    ],
    "bad-whitespace.yaml": ["bad-whitespace.yaml:1: the file is empty"],
    "bad-yaml-inf.yaml": [
        "bad-yaml-inf.yaml:1: a.loss: inf is not a finite number (NaN and ±Infinity are not allowed)"
    ],
    "bad-yaml-nan.yaml": [
        "bad-yaml-nan.yaml:1: a: nan is not a finite number (NaN and ±Infinity are not allowed)"
    ],
    "bad-yes.yaml": ["bad-yes.yaml:1: a: expected a number or a mapping, got boolean true"],
    "ok-bom.json": [],
    "ok-command-metric-names.json": [],
    "ok-command-names.json": [],
    "ok-markdown-injection.yaml": [],
    "ok-output-forgery.json": [],
    "ok-terminal-control.json": [],
}


def no_file(name: str) -> tuple[bytes, str]:
    raise FileNotFoundError(name)


def said(raw: bytes, name: str, metric: str = "accuracy") -> list[str]:
    """Every line gate says about the file, in order ("and N more" as `more N`)."""
    try:
        read_metrics(raw, name, ReadOptions(metric=metric), no_file)
    except GateError as exc:
        return [i.describe() for i in exc.issues] + ([f"more {exc.more}"] if exc.more else [])
    return []


def key(path: Path) -> str:
    return path.name if path.parent.name == "hostile" else str(path.relative_to(ROOT))


def test_the_table_names_every_file_of_the_corpus() -> None:
    assert sorted(map(key, CORPUS)) == sorted(SAID)


@pytest.mark.parametrize("path", CORPUS, ids=key)
def test_every_file_of_the_corpus(path: Path) -> None:
    assert said(path.read_bytes(), path.name) == SAID[key(path)]


def text(document: Any) -> bytes:
    return json.dumps(document, indent=1).encode()


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        # keys of digits stay keys, "007" too (jsonschema-rs lists it as the index 7)
        (
            {"0": 1.5, "007": {"1": "x"}, "12": {"": 1}},
            [
                'm.json:2: ["0"]: 1.5 is greater than the maximum of 1 (accuracy is a proportion in [0, 1])',
                'm.json:4: ["007"]["1"]: expected a number, got string "x"',
                'm.json:6: ["12"]: names must not be empty',
            ],
        ),
        # an empty name, and an empty metric name under it, each said where it is
        (
            {"": {"": 1, "accuracy": 2}},
            [
                "m.json:1: top level: names must not be empty",
                'm.json:2: [""]: names must not be empty',
                'm.json:4: [""].accuracy: 2 is greater than the maximum of 1 (accuracy is a proportion in [0, 1])',
            ],
        ),
        (
            {"version": 1, "models": [{"slices": {"0": {"metrics": {"accuracy": 2}}}}]},
            [
                'm.json:4: models[0]: missing required property "metrics"',
                'm.json:4: models[0]: missing required property "name"',
                'm.json:8: models[0].slices["0"].metrics.accuracy: 2 is greater than the maximum of 1 (accuracy is a proportion in [0, 1])',
            ],
        ),
        (
            {"version": 1, "models": [{"name": "a", "metrics": {"f1": 1}, "owner": "x"}]},
            [
                'm.json:9: models[0].owner: unknown property "owner"; allowed: artifact, examples, metrics, name, samples, slices, stderr'
            ],
        ),
        (
            {"version": 1, "models": [{"name": "a", "metrics": {"f1": 10**30}, "samples": 10**30}]},
            [
                "m.json:7: models[0].metrics.f1: 1000000000000000000000000000000 is greater than the maximum of 1 (f1 is a proportion in [0, 1])"
            ],
        ),
        (
            {"version": 1, "run": {"created": "today"}, "models": []},
            [
                'm.json:4: run.created: "today" does not match an RFC 3339 date-time such as 2026-11-20T10:00:00Z',
                "m.json:6: models: must not be empty: at least one model (or metric) is required",
            ],
        ),
    ],
)
def test_where_and_what(document: Any, expected: list[str]) -> None:
    assert said(text(document), "m.json") == expected


def test_the_first_problems_in_the_file_are_listed_and_the_rest_counted() -> None:
    """Top to bottom, whatever order the validator finds them in (jsonschema-rs reports
    the empty name last)."""
    document = {"": 0.5, **{f"m{i:02d}": {"accuracy": 2} for i in range(30)}}
    lines = said(text(document), "m.json")
    assert lines[0] == "m.json:1: top level: names must not be empty"
    assert [line.split(": ")[1] for line in lines[1:MAX_ISSUES]] == [
        f"m{i:02d}.accuracy" for i in range(MAX_ISSUES - 1)
    ]
    assert lines[MAX_ISSUES:] == ["more 12"]  # m19 to m29, and the model with no name


@pytest.mark.parametrize("form", ["full", "mapping"])
def test_the_first_problems_of_a_big_file_are_those_listed(form: str) -> None:
    """Problems far apart in a big file: the first 20 of 111, the rest counted; a problem
    after the models (in `run`) is neither, even with 19 of them in the first 512 models."""
    broken = {i for i in range(3000) if i % 27 == 20}
    if form == "full":
        models = [
            {"name": f"m{i}", "metrics": {"f1": "x" if i in broken else 0.5}} for i in range(3000)
        ]
        document: Any = {"version": 1, "models": models, "run": {"commit": "zz"}}
        where = [f"models[{i}].metrics.f1" for i in sorted(broken)[:MAX_ISSUES]]
    else:
        document = {f"m{i}": "x" if i in broken else 0.5 for i in range(3000)}
        where = [f"m{i}" for i in sorted(broken)[:MAX_ISSUES]]
    lines = said(text(document), "m.json")
    assert [line.split(": ")[1] for line in lines[:MAX_ISSUES]] == where
    assert lines[MAX_ISSUES:] == ["more 91"]


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (
            "on-missing-baseline: maybe\n",
            ["gate.yml:1: on-missing-baseline: 'maybe' is not one of ['pass', 'warn', 'fail']"],
        ),
        (
            "min-accuracy: 80\n",
            [
                "gate.yml:1: min-accuracy: 80 is greater than the maximum of 1 (min-accuracy is a proportion in [0, 1]); did you mean 0.8?"
            ],
        ),
        ("min-accuracy: x\n", ['gate.yml:1: min-accuracy: expected "none", got string "x"']),
        (
            "confidence: 0\n",
            ["gate.yml:1: confidence: 0 is less than or equal to the minimum of 0"],
        ),
        (
            "confidence: 1\nrequire: 0.5\n",
            [
                "gate.yml:1: confidence: 1 is greater than or equal to the maximum of 1",
                "gate.yml:2: require: 0.5 is less than the minimum of 1",
                "gate.yml:2: require: expected a string or a whole number, got number 0.5",
            ],
        ),
        ("percent-metrics: ['']\n", ["gate.yml:1: percent-metrics[0]: names must not be empty"]),
        ("history: -1\n", ["gate.yml:1: history: -1 is less than the minimum of 0"]),
    ],
)
def test_a_policy_file(policy: str, expected: list[str]) -> None:
    with pytest.raises(GateError) as info:
        policy_values(policy.encode(), "gate.yml")
    assert [i.describe() for i in info.value.issues] == expected


def test_the_policy_examples_are_valid() -> None:
    for path in (EXAMPLES / "policy").glob("*.yml"):
        policy_values(path.read_bytes(), path.name)


def test_text_no_rust_string_holds_is_validated_and_located() -> None:
    """A lone surrogate (an undecodable byte of a file name or an argument) in a name."""
    document = {"version": 1, "models": [{"name": "\udcff", "metrics": {"\udcfe": "x"}}]}
    assert is_valid(
        {**document, "models": [{"name": "\udcff", "metrics": {"\udcfe": 1}}]}, "metrics"
    )
    parsed = parse_document(b"{}", "m.json")
    [issue] = schema_issues(parsed, document, "metrics")
    assert (issue.path, issue.message) == (
        ("models", 0, "metrics", "\udcfe"),
        'expected a number, got string "x"',
    )


def test_a_number_that_is_not_finite_in_a_tools_file_is_said_as_such() -> None:
    """jsonschema-rs reads NaN as null: the message says what the file holds."""
    document = {"version": 1, "models": [{"name": "a", "metrics": {"loss": float("nan")}}]}
    [issue] = schema_issues(parse_document(b"{}", "m.json"), document, "metrics")
    assert issue.message == "nan is not a finite number (NaN and ±Infinity are not allowed)"


NUMBERS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-3, 10**6),
    st.integers(2**63, 2**70),
    st.sampled_from([0, 1, 0.5, 1.0, -0.0, 1.5, True, None, "0.5"]),
)
NAMES = st.sampled_from(["accuracy", "f1", "auc", "latency_ms", "", "0", "007"])
METRICS = st.dictionaries(NAMES, NUMBERS, max_size=4)
MODEL = st.fixed_dictionaries(
    {"name": TEXT, "metrics": METRICS},
    optional={
        "samples": NUMBERS,
        "slices": st.dictionaries(
            TEXT | NAMES,
            st.fixed_dictionaries({"metrics": METRICS}, optional={"samples": NUMBERS}),
            max_size=2,
        ),
        "artifact": st.fixed_dictionaries({"uri": TEXT}, optional={"sha256": TEXT}),
        "sample": NUMBERS,
    },
)
DOCUMENTS = st.one_of(
    JSON_VALUES,
    st.dictionaries(TEXT | NAMES, NUMBERS | METRICS, max_size=4),
    st.fixed_dictionaries(
        {"version": st.sampled_from([1, 1.0, 2, "1", True]), "models": st.lists(MODEL, max_size=3)},
        optional={
            "run": st.fixed_dictionaries(
                {},
                optional={
                    "commit": TEXT,
                    "created": TEXT,
                    "dataset": st.fixed_dictionaries({"name": TEXT}),
                },
            )
        },
    ),
)
# jsonschema-rs's own phrasing: every message must be in gate's words instead
LIBRARY_WORDS = (
    "is not of type",
    "is a required property",
    "Additional properties",
    "False schema",
    "is shorter than",
    "was expected",
    "has less than",
)


def exists(document: Any, path: tuple[Any, ...]) -> bool:
    for part in path:
        if (isinstance(document, dict) and isinstance(part, str) and part in document) or (
            isinstance(document, list) and isinstance(part, int) and 0 <= part < len(document)
        ):
            document = document[part]
        else:
            return False
    return True


@settings(max_examples=400, deadline=None)
@given(DOCUMENTS)
def test_a_document_is_refused_exactly_when_there_is_something_located_to_say(document) -> None:  # type: ignore[no-untyped-def]
    document = json.loads(json.dumps(document))
    parsed = parse_document(text(document), "m.json")
    issues = schema_issues(parsed, parsed.data, "metrics")
    assert is_valid(parsed.data, "metrics") == (not issues)
    assert len(issues) <= MAX_ISSUES
    assert [i.line for i in issues] == sorted(i.line or 0 for i in issues)
    for issue in issues:
        assert issue.path is not None and exists(parsed.data, issue.path), issue
        assert issue.line is not None
        assert not any(words in issue.message for words in LIBRARY_WORDS), issue.message
