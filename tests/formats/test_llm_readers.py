"""Inspect AI logs, promptfoo results and MTEB files, real ones (data/SOURCES.md): what each
maps to, what is refused and why, detection by content, pairing under --confidence."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.load.document import parse_document
from gate.load.read import detect
from tests.conftest import gate_main
from tests.formats.test_readers import DATA

INSPECT, PROMPTFOO = DATA / "inspect", DATA / "promptfoo"
MINILM = DATA / "mteb" / "results" / "sentence-transformers__all-MiniLM-L6-v2"
REVISION = MINILM / "8b3219a92973c328a8e22fadcfa821b5dc75636a"


def _report(tmp_path: Path, *argv: str, code: int | None = None) -> dict[str, Any]:
    out = tmp_path / "report.json"
    run = gate_main([*argv, "--report", str(out)])
    assert run.code in ((0, 1) if code is None else (code,)), run.err
    return json.loads(out.read_text(encoding="utf-8"))


# --- Inspect AI ---------------------------------------------------------------------------------


def test_an_inspect_json_log_is_one_model_with_its_scorer_s_metrics(tmp_path: Path) -> None:
    rep = _report(
        tmp_path,
        str(INSPECT / "log_read_sample.json"),
        "--min-accuracy",
        "none",
        "--threshold",
        "match.accuracy >= 0.5",
    )
    (model,) = rep["models"]
    assert rep["source_format"] == "inspect" and model["name"] == "ollama/gemma3"
    assert model["metrics"] == {"match.accuracy": 1.0, "accuracy": 1.0}
    assert model["stderr"] == {"match.accuracy": 0.0, "accuracy": 0.0}


def test_an_eval_zip_reads_as_its_json_twin(tmp_path: Path) -> None:
    twin = _report(tmp_path, str(INSPECT / "log_read_sample.json"))
    zipped = _report(tmp_path, str(INSPECT / "log_read_sample.eval"))
    assert zipped["models"][0]["metrics"] == twin["models"][0]["metrics"]
    two = _report(tmp_path, str(INSPECT / "log_streaming.eval"), "--min-accuracy", "0.5")
    assert two["models"][0]["metrics"]["accuracy"] == 0.75  # 2 samples × 2 epochs


@pytest.mark.parametrize(
    ("file", "says"),
    [
        (
            "2025-05-12T20-28-13-04-00_popularity.json",
            "this Inspect log's status is 'cancelled', not 'success'",
        ),
        (
            "2024-08-29T15-11-18+00-00_popularity_5EAmX6wjMFqea6WY7XHzZp.json",
            "status is 'error', not 'success'",
        ),
        (
            "2025-02-11T15-17-00-05-00_popularity_dPiJifoWeEQBrfWsAopzWr.eval",
            "the log has no scores: no scorer ran",
        ),
    ],
)
def test_an_unfinished_or_unscored_log_is_refused(file: str, says: str) -> None:
    run = gate_main([str(INSPECT / file)])
    assert run.code == 2 and says in run.err


def test_a_zip_that_is_not_an_inspect_log_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "x.eval"
    shutil.make_archive(str(tmp_path / "x"), "zip", str(INSPECT.parent / "sklearn"))
    (tmp_path / "x.zip").rename(archive)
    run = gate_main([str(archive), "--metrics-format", "inspect"])
    assert run.code == 2 and "no header.json" in run.err


def test_two_inspect_logs_pair_sample_by_sample(tmp_path: Path) -> None:
    """The two-epoch .eval log (reductions 0.5 and 1.0, accuracy 0.75) against itself with
    its second sample now wrong in both epochs."""
    source = INSPECT / "log_streaming.eval"
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    reductions = json.loads(members["reductions.json"])
    reductions[0]["samples"][1]["value"] = 0.0
    header = json.loads(members["header.json"])
    header["results"]["scores"][0]["metrics"]["accuracy"]["value"] = 0.25
    members["reductions.json"] = json.dumps(reductions).encode()
    members["header.json"] = json.dumps(header).encode()
    with zipfile.ZipFile(tmp_path / "c.eval", "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    rep = _report(tmp_path, str(tmp_path / "c.eval"), "--baseline", str(source), "--confidence", "0.95",
                  "--max-regression", "accuracy=0", "--min-accuracy", "none", "--threshold", "accuracy >= 0")  # fmt: skip
    check = rep["models"][0]["regressions"][0]
    assert check["method"] == "paired" and check["paired"]["n"] == 2
    assert (check["paired"]["newly_wrong"], check["paired"]["newly_right"]) == (1, 0)


# --- promptfoo ----------------------------------------------------------------------------------


def test_a_promptfoo_column_is_a_model_with_its_pass_rate_and_tests(tmp_path: Path) -> None:
    rep = _report(tmp_path, str(PROMPTFOO / "prompt-eval-workbench_promptfoo-results.json"),
                  "--min-accuracy", "none", "--threshold", "pass_rate >= 0.5", "--slice-threshold", "pass >= 1")  # fmt: skip
    (model,) = rep["models"]
    assert model["name"] == "openai:chat:gpt-4o-mini"
    assert (
        round(model["metrics"]["pass_rate"], 4) == 0.6667 and model["metrics"]["failed_tests"] == 1
    )
    failing = [c["slice"] for c in model["slice_checks"] if not c["passed"]]
    assert len(failing) == 1 and model["qualified"] is False


def test_promptfoo_named_metrics_are_means_and_failed_tests_gate_every_test(tmp_path: Path) -> None:
    rep = _report(tmp_path, str(PROMPTFOO / "french-greeting-test_output.json"), "--min-accuracy", "none",
                  "--threshold", "failed_tests <= 0")  # fmt: skip
    metrics = rep["models"][0]["metrics"]
    assert set(metrics) >= {"pass_rate", "failed_tests", "Correctness", "Tone"}
    assert all(0 <= metrics[k] <= 1 for k in ("Correctness", "Tone"))
    assert rep["passed"] is (metrics["failed_tests"] == 0)


def test_two_providers_are_two_models_and_two_prompts_are_told_apart(tmp_path: Path) -> None:
    rep = _report(tmp_path, str(PROMPTFOO / "promptfoo_test-fixture_sample-export.json"), "--min-accuracy", "none",
                  "--threshold", "pass_rate >= 0")  # fmt: skip
    assert [m["name"] for m in rep["models"]] == ["openai:gpt-5", "openai:gpt-5-mini"]
    rep = _report(tmp_path, str(PROMPTFOO / "measure-ai-drift_errors_promptfoo-results.json"), "--min-accuracy", "none",
                  "--threshold", "pass_rate >= 0")  # fmt: skip
    names = [m["name"] for m in rep["models"]]
    assert len(set(names)) == 2 and all(m["metrics"]["pass_rate"] == 0 for m in rep["models"])


# --- MTEB ---------------------------------------------------------------------------------------


def test_an_mteb_file_is_one_model_with_a_slice_per_subset(tmp_path: Path) -> None:
    rep = _report(tmp_path, str(REVISION / "STS22.json"), "--min-accuracy", "none", "--threshold", "main_score >= 0",
                  "--slice-threshold", "main_score >= -1")  # fmt: skip
    (model,) = rep["models"]
    assert model["name"] == "sentence-transformers/all-MiniLM-L6-v2"  # model_meta.json beside it
    assert len(model["slices"]) == 18
    values = [s["metrics"]["main_score"] for s in model["slices"]]
    assert model["metrics"]["STS22.main_score"] == pytest.approx(sum(values) / len(values))


def test_mteb_s_nan_is_dropped_never_a_pass(tmp_path: Path) -> None:
    path = str(REVISION / "AFQMC.json")
    run = gate_main([path, "--min-accuracy", "none", "--threshold", "main_score >= 0"])
    assert run.code == 2 and "nothing to gate in the 'test' split: every score is NaN" in run.err
    rep = _report(
        tmp_path,
        path,
        "--split",
        "validation",
        "--min-accuracy",
        "none",
        "--threshold",
        "main_score >= 0",
    )
    assert rep["models"][0]["metrics"]["AFQMC.main_score"] > 0


def test_a_broken_mteb_file_gets_the_json_error_with_its_line(tmp_path: Path) -> None:
    """A file whose text names mteb_version but that MTEB's own parser (the one for its bare
    NaN) cannot read either gets the ordinary JSON error, with its line: not a guess."""
    text = (REVISION / "AFQMC.json").read_text(encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text(text[: text.index('"validation"')] + "\n", encoding="utf-8")
    run = gate_main([str(broken)])
    assert run.code == 2 and re.search(r"broken\.json:\d+: ", run.err), run.err
    assert "MTEB" not in run.err


def test_mteb_task_files_of_one_model_are_one_run(tmp_path: Path) -> None:
    rep = _report(tmp_path, str(REVISION / "STS22.json"), str(REVISION / "STSBenchmark.json"),
                  "--min-accuracy", "none", "--threshold", "STSBenchmark.main_score >= 0.8")  # fmt: skip
    (model,) = rep["models"]
    assert "STS22.main_score" in model["metrics"] and "STSBenchmark.main_score" in model["metrics"]
    assert rep["passed"] is True


def test_old_mteb_layouts_and_names_from_the_folder(tmp_path: Path) -> None:
    old = (
        DATA / "mteb" / "results" / "sentence-transformers__gtr-t5-large" / "no_revision_available"
    )
    rep = _report(tmp_path, str(old / "AmazonCounterfactualClassification.json"), "--min-accuracy", "none",
                  "--threshold", "main_score >= 0", "--slice-threshold", "main_score >= 0")  # fmt: skip
    (model,) = rep["models"]
    assert model["name"] == "sentence-transformers/gtr-t5-large"
    assert {s["name"] for s in model["slices"]} == {
        "de",
        "en",
        "en-ext",
        "ja",
    }  # evaluation_time is not one
    rep = _report(
        tmp_path,
        str(old / "STS17.json"),
        "--min-accuracy",
        "none",
        "--threshold",
        "cos_sim.spearman >= 0",
    )
    assert "STS17.cos_sim.spearman" in rep["models"][0]["metrics"]


# --- detection ----------------------------------------------------------------------------------

EXPECTED = {
    "inspect": [INSPECT / "log_read_sample.json", INSPECT / "log_formats.json"],
    "promptfoo": sorted(PROMPTFOO.glob("*.json")),
    "mteb": [REVISION / "STS22.json", REVISION / "STSBenchmark.json"],
}


@pytest.mark.parametrize(
    ("kind", "path"), [(k, p) for k, ps in EXPECTED.items() for p in ps], ids=str
)
def test_auto_reads_each_by_its_content_only(tmp_path: Path, kind: str, path: Path) -> None:
    renamed = tmp_path / "metrics.json"  # a name that says nothing
    renamed.write_bytes(path.read_bytes())
    rep = (
        _report(tmp_path, str(renamed), "--min-accuracy", "none", "--threshold", "zz >= 0", code=2)
        if False
        else None
    )
    run = gate_main([str(renamed), "--min-accuracy", "none", "--threshold", "zz >= 0"])
    assert (
        run.code == 2 and "names the metric 'zz', which no model" in run.err
    )  # read, then the rule
    assert rep is None
    assert f"read as {kind}" in gate_main(["validate", str(renamed)]).out


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["version", "eval", "status", "results", "evalId", "mteb_version", "models"]),
                       st.one_of(st.integers(0, 3), st.text(max_size=3), st.dictionaries(st.sampled_from(["model", "task", "prompts"]), st.just([]))),
                       max_size=5))  # fmt: skip
def test_detection_never_takes_gate_s_form_or_another_s_for_these(data: dict[str, Any]) -> None:
    """A document that fits one of the new signatures fits no other, and gate's own form
    (version 1 with models) is never taken for one."""
    parsed = parse_document(json.dumps(data).encode(), "m.json")
    try:
        found = detect(parsed).name
    except Exception:  # two signatures: refused, never guessed
        return
    if data.get("version") == 1 and "models" in data and "eval" not in data:
        assert found == "gate"
