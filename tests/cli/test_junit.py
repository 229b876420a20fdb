"""--junit: JUnit XML that Jenkins' schema accepts and a JUnit reader (junitparser, as CI
systems read it) reads back as the verdict; never empty, never stale."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import xmlschema
from junitparser import Error, Failure, JUnitXml

from tests.conftest import EXAMPLES, SEED, gate_main

# Jenkins xUnit plugin's junit-10.xsd (Surefire's format); where it came from is in the file.
SCHEMA = xmlschema.XMLSchema(str(Path(__file__).parent.parent / "data" / "junit-10.xsd"))


def junit(tmp_path: Path, *argv: str) -> tuple[int, JUnitXml]:
    path = tmp_path / "out" / "gate.xml"
    run = gate_main([*argv, "--junit", str(path)])
    SCHEMA.validate(str(path))  # raises with the first violation
    return run.code, JUnitXml.fromfile(str(path))


def cases(xml: JUnitXml) -> dict[str, list[object]]:
    (suite,) = list(xml)
    return {case.name: list(case.result) for case in suite}


def test_a_case_per_model_and_the_requirement(tmp_path: Path) -> None:
    code, xml = junit(tmp_path, str(SEED))
    assert code == 0
    (suite,) = list(xml)
    assert suite.name == str(SEED)
    found = cases(xml)
    assert list(found) == ["model_A", "model_B", "model_C", "model_D", "requirement: any"]
    assert found["model_A"] == [] and found["requirement: any"] == []
    (failure,) = found["model_B"]
    assert isinstance(failure, Failure)
    assert failure.message == "accuracy 0.75 fails >= 0.8"
    assert (suite.tests, suite.failures, suite.errors) == (5, 2, 0)
    props = {p.name: p.value for p in suite.properties()}
    assert props["passed"] == "true" and props["best_model"] == "model_C"


def test_a_failed_requirement_and_a_blocking_finding_fail_their_cases(
    tmp_path: Path,
    write,  # type: ignore[no-untyped-def]
) -> None:
    review = EXAMPLES / "review"
    base = (
        (review / "base.yaml")
        .read_text(encoding="utf-8")
        .replace("holdout-2026-10", "holdout-2026-09")
    )
    base = base.replace("sha256: 9b1e", "sha256: 0b1e")
    code, xml = junit(
        tmp_path, str(review / "candidate.yaml"), "--baseline", write("b.yaml", base),
        "--require", "all", "--min-accuracy", "0.87",
    )  # fmt: skip
    assert code == 1
    found = cases(xml)
    (requirement,) = found["requirement: all"]
    assert isinstance(requirement, Failure)
    assert requirement.message == "Gate failed (require all): 1 of 3 models qualify."
    (changed,) = found["finding: dataset-changed"]
    assert isinstance(changed, Failure) and "evaluation set changed" in str(changed.message)


def test_an_input_error_is_an_error_case_and_replaces_a_passing_file(tmp_path: Path) -> None:
    code, xml = junit(tmp_path, str(SEED))
    assert code == 0
    code, xml = junit(tmp_path, str(EXAMPLES / "invalid" / "metrics.yaml"))
    assert code == 2
    ((name, (error,)),) = cases(xml).items()
    assert name == "input" and isinstance(error, Error)
    assert error.message == "Invalid metrics file"
    assert "metrics.yaml:8: models[1].metrics.accuracy: 1.4 is greater" in str(error.text)


def test_a_bad_flag_still_writes_an_error_case(tmp_path: Path) -> None:
    code, xml = junit(tmp_path, str(SEED), "--min-accuracy", "lots")
    assert code == 2
    ((name, (error,)),) = cases(xml).items()
    assert name == "input" and isinstance(error, Error)
    assert "--min-accuracy" in str(error.text)


@pytest.mark.parametrize(
    "name", ["a<b>&c", "]]> cdata end", "bell\x07 and esc\x1b[31m", "nul\x00", "\ufffe"]
)
def test_any_model_name_makes_valid_xml(tmp_path: Path, write, name: str) -> None:  # type: ignore[no-untyped-def]
    path = write("m.json", json.dumps({name: 0.5, "ok": 0.9}))
    code, xml = junit(tmp_path, path)
    assert code == 0
    (first, _, _) = cases(xml)
    if name.isprintable():
        assert first == name
    else:  # what XML cannot hold is shown as an escape, as a terminal shows it
        assert first == name.encode("unicode_escape").decode("ascii")


def test_an_error_quoting_a_lone_surrogate_makes_valid_xml(tmp_path: Path, write) -> None:  # type: ignore[no-untyped-def]
    code, xml = junit(tmp_path, write("m.json", '{"lone \\ud800": 0.5}'))
    assert code == 2
    ((_, (error,)),) = cases(xml).items()
    assert isinstance(error, Error)


def test_the_gitlab_example_runs_and_writes_its_report(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import shlex

    import yaml

    job = yaml.safe_load((EXAMPLES / "gitlab" / ".gitlab-ci.yml").read_text(encoding="utf-8"))[
        "model-gate"
    ]
    assert job["artifacts"]["reports"]["junit"] == "gate-junit.xml"
    assert job["artifacts"]["when"] == "always"
    (command,) = [line for line in job["script"] if line.startswith("gate ")]
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "metrics.json").write_bytes(SEED.read_bytes())
    (tmp_path / "gate.yml").write_text("min-accuracy: 0.8\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    argv = shlex.split(command.replace("$BASE", ""))[1:]  # a branch pipeline: no MR base
    assert gate_main(argv).code == 0
    SCHEMA.validate(str(tmp_path / "gate-junit.xml"))
    assert json.loads((tmp_path / "gate-report.json").read_text(encoding="utf-8"))["passed"] is True
