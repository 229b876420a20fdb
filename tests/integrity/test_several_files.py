"""Several metrics files are compared file by file: a file new at the base brings new models
and hides nothing; the history of the others still counts; a path named twice is read once.
Before, one file missing at the base dropped the whole baseline (a PR that added
reports/b.json hid a regression in reports/a.json) and made every history version
unreadable, and `a.json a.json` was "a model in both a.json and a.json"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import gate_main, git


def _doc(name: str, accuracy: float) -> str:
    return json.dumps({"version": 1, "models": [{"name": name, "metrics": {"accuracy": accuracy}}]})


def _repo(tmp_path: Path) -> Path:
    """main: reports/a.json at 0.93 (two commits of it); feature: a falls to 0.85, b.json added."""
    root = tmp_path / "repo"
    (root / "reports").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    for accuracy in (0.92, 0.93):
        (root / "reports" / "a.json").write_text(_doc("model_a", accuracy), encoding="utf-8")
        git(root, "add", ".")
        git(root, "commit", "-qm", f"a at {accuracy}")
    git(root, "checkout", "-qb", "feature")
    (root / "reports" / "a.json").write_text(_doc("model_a", 0.85), encoding="utf-8")
    (root / "reports" / "b.json").write_text(_doc("model_b", 0.95), encoding="utf-8")
    return root


def _report(tmp_path: Path, argv: list[str], code: int) -> dict[str, Any]:
    out = tmp_path / "report.json"
    run = gate_main([*argv, "--report", str(out)])
    assert run.code == code, run.out + run.err
    return json.loads(out.read_text(encoding="utf-8"))


def test_a_file_new_at_the_base_does_not_hide_a_regression_in_another(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    files = [str(root / "reports" / "a.json"), str(root / "reports" / "b.json")]
    argv = [
        *files,
        "--baseline-ref",
        "main",
        "--max-regression",
        "accuracy=0.01",
        "--require",
        "all",
    ]
    report = _report(tmp_path, argv, 1)
    a, b = report["models"]
    assert a["name"] == "model_a" and a["regressions"][0]["passed"] is False
    assert b["name"] == "model_b" and b["new"] is True and b["qualified"] is True
    messages = [f["message"] for f in report["findings"]]
    assert "not in the baseline, so their models are new: main:reports/b.json" in messages
    assert report["baseline"] == {
        **report["baseline"],
        "found": True,
        "source": "main:reports/a.json",
    }


def test_the_history_of_the_other_files_still_counts(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    files = [str(root / "reports" / "a.json"), str(root / "reports" / "b.json")]
    argv = [*files, "--history", "2", "--max-drift", "accuracy=0.01", "--require", "all"]
    report = _report(tmp_path, argv, 1)
    assert [v.get("error") for v in report["history"]] == [None, None]
    assert [v["value"] for v in report["history"]] == [0.93, 0.92]
    a, b = report["models"]
    assert a["drifts"][0]["passed"] is False and a["drifts"][0]["best"] == 0.93
    assert b["drifts"][0]["best"] is None  # b has no history: said, not failed
    assert any("no history for model_b" in f["message"] for f in report["findings"])


def test_one_path_named_twice_is_read_once(tmp_path: Path, monkeypatch: Any) -> None:
    root = _repo(tmp_path)
    monkeypatch.chdir(root)
    report = _report(
        tmp_path, ["reports/a.json", "./reports/a.json", str(root / "reports/a.json")], 0
    )
    assert [m["name"] for m in report["models"]] == ["model_a"]
    assert report["files"] == ["reports/a.json"]
