"""Bad input: exit 2, a message naming file, line and JSON path, and never a traceback."""

from __future__ import annotations

import pytest

import gate.cli
from tests.conftest import SEED, gate_main, gate_process

# (name, file text, expected line, expected text in the message)
BAD_FILES = [
    ("range.json", '{\n  "a": 0.9,\n  "b": 1.5\n}', 3, "b: 1.5 is greater than the maximum of 1"),
    ("neg.yaml", "a: 0.9\nb: -0.1\n", 2, "b: -0.1 is less than the minimum of 0"),
    ("nan.json", '{"a": 0.9,\n "b": NaN}', 2, "NaN is not allowed"),
    ("inf.json", '{"a": 0.9,\n "b": -Infinity}', 2, "-Infinity is not allowed"),
    ("overflow.json", '{"a": 0.9,\n "b": 1e999}', 2, "b: inf is not a finite number"),
    ("nan.yaml", "a: 0.9\nb: .nan\n", 2, "b: nan is not a finite number"),
    ("inf.yaml", "a: 0.9\nb: -.inf\n", 2, "b: -inf is not a finite number"),
    (
        "bool.json",
        '{"a": 0.9,\n "b": true}',
        2,
        "b: expected a number or a mapping, got boolean true",
    ),
    ("yes.yaml", "a: 0.9\nb: yes\n", 2, "b: expected a number or a mapping, got boolean true"),
    ("str.json", '{"a": 0.9,\n "b": "0.8"}', 2, 'got string "0.8" (numbers must not be quoted)'),
    ("null.yaml", "a: 0.9\nb:\n", 2, "b: expected a number or a mapping, got null"),
    (
        "dup.json",
        '{"a": 0.9,\n "a": 0.8}',
        2,
        "duplicate key 'a' in the same object (first on line 1)",
    ),
    (
        "dup.yaml",
        "a: 0.9\nb: 0.8\na: 0.7\n",
        3,
        "duplicate key 'a' in the same mapping (first on line 1)",
    ),
    ("empty.json", "", 1, "the file is empty"),
    ("blank.yaml", "\n   \n", 1, "the file is empty"),
    ("nomodels.json", "{}", 1, "must not be empty"),
    (
        "list.json",
        "[0.9, 0.8]",
        1,
        "top level: expected a mapping, got a list; a list of models goes in the full form",
    ),
    ("scalar.yaml", "0.9\n", 1, "top level: expected a mapping, got number 0.9"),
    ("trailing.json", '{"a": 0.9}\n{"b": 0.8}', 2, "this is JSON Lines (one JSON object per line"),
    ("syntax.json", '{"a": 0.9,\n "b": 0.8,\n}', 3, "expected a property name in double quotes"),
    ("syntax.yaml", "a: 0.9\nb: [0.8\n", 3, "expected ',' or ']'"),
    ("multi.yaml", "a: 0.9\n---\nb: 0.8\n", 2, "only one YAML document is allowed"),
    ("alias.yaml", "a: &x 0.9\nb: *x\n", 1, "YAML anchors (&name) are not allowed"),
    ("tag.yaml", "a: !!python/object:os.system 0.9\n", 1, "unsupported YAML tag"),
    ("latin1.json", b'{"a": 0.9,\n "\xe9": 0.8}', 2, "not valid UTF-8 (byte 0xe9)"),
    ("emptyname.json", '{"": 0.9}', 1, "names must not be empty"),
    ("emptymetric.json", '{"m": {"a": 0.9,\n "": 0.5}}', 1, "m: names must not be empty"),
    (
        "emptyslice.json",
        '{"version": 1, "models": [{"name": "a", "metrics": {"f1": 1},\n'
        '"slices": {"": {"metrics": {"f1": 1}}}}]}',
        2,
        "models[0].slices: names must not be empty",
    ),
    (
        "hugeint.json",
        '{"a": 0.9,\n "b": ' + "9" * 5000 + "}",
        2,
        "integer literal with 5000 digits",
    ),
    ("bigint.yaml", "a: 0.9\nb: 1" + "0" * 400 + "\n", 2, "too large to be a finite"),
    ("deep.json", '{"a": ' + "[" * 200 + "]" * 200 + "}", 1, "nesting deeper than 64 levels"),
    ("deeper.json", '{"a":\n' + "[" * 100000 + "]" * 100000 + "}", 2, "nesting deeper than 64"),
    ("deep.yaml", "a:\n " + "[" * 200 + "]" * 200 + "\n", 2, "nesting deeper than 64 levels"),
    ("deeper.yaml", "a:\n " + "[" * 5000 + "]" * 5000 + "\n", 2, "nesting deeper than 64 levels"),
    (
        "deepblock.yaml",
        "a:\n" + "".join("  " * i + "b:\n" for i in range(1, 3000)),
        64,
        "nesting deeper than 64",
    ),
    (
        "doc.yaml",
        "version: 1\nmodels:\n  - name: a\n    metrics: {accuracy: 0.9}\n  - name: b\n"
        "    metrics:\n      accuracy: 0.8\n      f1: 1.2\n",
        8,
        "models[1].metrics.f1: 1.2 is greater than the maximum of 1 (f1 is a proportion",
    ),
    (
        "doc.json",
        '{"version": 1, "models": [\n {"name": "a", "metrics": {"accuracy": 0.9}},\n'
        ' {"name": "b", "metrics": {"accuracy": 0.8, "f1": 1.2}}\n]}',
        3,
        "models[1].metrics.f1: 1.2 is greater than the maximum of 1",
    ),
    (
        "dupname.yaml",
        "version: 1\nmodels:\n  - name: a\n    metrics: {accuracy: 0.9}\n"
        "  - name: a\n    metrics: {accuracy: 0.8}\n",
        5,
        "models[1].name: duplicate model name 'a' (first used by models[0])",
    ),
    (
        "version.yaml",
        "version: 2\nmodels:\n  - {name: a, metrics: {accuracy: 0.9}}\n",
        1,
        "gate's full form is version: 1, and this file says version: 2; write version: 1",
    ),
    (
        "noversion-typo.yaml",
        "version: 1\nmodel:\n  - {name: a, metrics: {accuracy: 0.9}}\n",
        1,
        'missing required property "models"',
    ),
    (
        "extra.yaml",
        "version: 1\nmodels:\n  - name: a\n    metrics: {accuracy: 0.9}\n    sample: 5\n",
        5,
        'models[0].sample: unknown property "sample"',
    ),
    (
        "slice.yaml",
        "version: 1\nmodels:\n  - name: a\n    metrics: {accuracy: 0.9}\n    slices:\n"
        "      region=eu: {metrics: {accuracy: 2}}\n",
        6,
        'models[0].slices["region=eu"].metrics.accuracy: 2 is greater than the maximum of 1',
    ),
    (
        "samples.yaml",
        "version: 1\nmodels:\n  - name: a\n    metrics: {accuracy: 0.9}\n    samples: 0\n",
        5,
        "models[0].samples: 0 is less than the minimum of 1",
    ),
    (
        "sha.yaml",
        "version: 1\nrun:\n  dataset: {name: d, sha256: abc}\nmodels:\n"
        "  - {name: a, metrics: {accuracy: 0.9}}\n",
        3,
        'run.dataset.sha256: "abc" does not match a SHA-256 digest',
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "line", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES]
)
def test_bad_metrics_file(write, name, text, line, message) -> None:  # type: ignore[no-untyped-def]
    path = write(name, text)
    run = gate_main([path])
    assert run.code == 2, run.out
    assert f"gate: error: {path}:{line}: " in run.err
    assert message in run.err
    assert "Traceback" not in run.err
    assert "Models ready" not in run.out


def test_every_problem_is_reported_at_once_in_line_order(write) -> None:  # type: ignore[no-untyped-def]
    path = write("many.json", '{\n"a": 1.5,\n"b": "x",\n"c": -2\n}')
    lines = gate_main([path]).err.splitlines()
    assert [ln[len(f"gate: error: {path}:") :].split(":")[0] for ln in lines] == ["2", "3", "4"]


@pytest.mark.parametrize(
    ("target", "message"),
    [("missing.json", "cannot read: no such file"), ("", "cannot read: is a directory")],
)
def test_unreadable_file(tmp_path, target, message) -> None:  # type: ignore[no-untyped-def]
    run = gate_main([str(tmp_path / target)])
    assert run.code == 2
    assert message in run.err


def test_bad_input_in_a_subprocess_has_no_traceback(write) -> None:  # type: ignore[no-untyped-def]
    run = gate_process([write("bad.json", "{nope")])
    assert run.code == 2
    assert run.err.startswith("gate: error: ")
    assert "Traceback" not in run.err
    assert run.out == ""


def test_internal_error_is_one_line_exit_3(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def explode(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(gate.cli, "evaluate", explode)
    run = gate_main([str(SEED)])
    assert run.code == 3
    assert run.err.count("\n") == 1
    assert "internal error (RuntimeError)" in run.err and "This is a bug" in run.err
    assert "Traceback" not in run.err
    debug = gate_main([str(SEED), "--debug"])
    assert debug.code == 3
    assert "Traceback (most recent call last)" in debug.err and "RuntimeError: boom" in debug.err


def test_help_and_version_exit_0() -> None:
    assert gate_main(["--help"]).code == 0
    version = gate_process(["--version"])
    assert version.code == 0 and version.out.startswith("gate ")


def test_report_of_an_input_error_never_says_passed(write, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    report = tmp_path / "report.json"
    report.write_text('{"passed": true}', encoding="utf-8")  # a stale report from an earlier run
    run = gate_main([write("bad.json", '{"a": 2}'), "--report", str(report)])
    assert run.code == 2
    body = json.loads(report.read_text(encoding="utf-8"))
    assert body["passed"] is False
    assert body["errors"][0]["path"] == "a"
    assert body["errors"][0]["line"] == 1


@pytest.mark.parametrize(
    ("size", "limit", "code"),
    [(2_000_000, "1MiB", 2), (2_000_000, "3MB", 0), (500, "1KiB", 0), (2000, "1KiB", 2)],
)
def test_max_file_size(write, size, limit, code) -> None:  # type: ignore[no-untyped-def]
    path = write("big.json", '{"a": 0.9' + " " * (size - 11) + "}")
    run = gate_main([path, "--max-file-size", limit])
    assert run.code == code, run.err
    if code == 2:
        assert f"{path}: larger than the" in run.err and "--max-file-size" in run.err


def test_default_file_size_cap_is_64_mib(write) -> None:  # type: ignore[no-untyped-def]
    path = write("huge.json", '{"a": 0.9' + " " * (64 * 1024 * 1024) + "}")
    run = gate_main([path])
    assert run.code == 2
    assert "larger than the 64 MiB limit" in run.err


def test_policy_file_is_capped_too(write) -> None:  # type: ignore[no-untyped-def]
    policy = write("p.yml", "require: any\n" + "#" * 5000 + "\n")
    run = gate_main([str(SEED), "--config", policy, "--max-file-size", "1KiB"])
    assert run.code == 2 and "larger than the 1 KiB limit" in run.err


@pytest.mark.parametrize("limit", ["lots", "0", "-5", "12XB"])
def test_bad_max_file_size_is_a_usage_error(limit: str) -> None:
    run = gate_main([str(SEED), "--max-file-size", limit])
    assert run.code == 2 and "--max-file-size" in run.err


def test_stdin_is_capped(tmp_path) -> None:  # type: ignore[no-untyped-def]
    run = gate_process(["-", "--max-file-size", "10"], stdin=SEED.read_bytes())
    assert run.code == 2
    assert "<stdin>: larger than the 10 bytes limit" in run.err


@pytest.mark.parametrize(
    ("spelling", "meant"),
    [
        ("060", "60"),
        ("-060", "-60"),
        ("0b1", "1"),
        ("0x1", "1"),
        ("1_000", "1000"),
        ("1:20", "80"),
        ("1_0.5", "10.5"),
        ("00", "0"),
    ],
)
def test_yaml_1_1_number_spellings_are_refused_not_misread(write, spelling, meant) -> None:  # type: ignore[no-untyped-def]
    """`latency_ms: 060` was read as octal 48 and passed `latency_ms <= 50` (issue 15)."""
    path = write(
        "m.yaml",
        f"version: 1\nmodels:\n  - name: a\n    metrics:\n      accuracy: 0.9\n      latency_ms: {spelling}\n",
    )
    run = gate_main([path, "--threshold", "latency_ms <= 50"])
    assert run.code == 2, run.out
    assert f"{path}:6: models[0].metrics.latency_ms: YAML 1.1 reads {spelling} as" in run.err
    assert f"write {meant} (or quote it if it is text)" in run.err
    # quoted, it is text, and a string where a number belongs is the usual error
    write("m.yaml", f"a: {{accuracy: 0.9, latency_ms: '{spelling}'}}\n")
    assert gate_main([path]).code == 2


@pytest.mark.parametrize(
    "text", ["require: 007\n", "min-slice-samples: 1_0\n", "min-accuracy: 0.8_0\n"]
)
def test_yaml_1_1_number_spellings_are_refused_in_the_policy_file(write, text) -> None:  # type: ignore[no-untyped-def]
    policy = write("p.yml", text)
    run = gate_main([str(SEED), "--config", policy])
    assert run.code == 2
    assert f"{policy}:1: " in run.err and "YAML 1.1 reads" in run.err


def test_plain_decimal_yaml_numbers_still_read(write) -> None:  # type: ignore[no-untyped-def]
    path = write(
        "m.yaml", "a: {accuracy: 0.9, latency_ms: 60, delta: -0, lr: .5, big: 1.5e+3, one: 1.}\n"
    )
    assert gate_main([path]).code == 0
