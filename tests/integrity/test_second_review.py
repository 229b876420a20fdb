"""What a hostile read of the fixes above still found, each now held: a renamed metrics file
keeps its past; a dvc.yaml's history follows what each version listed; a changed evaluation
set does not switch --max-drift off; names made of a metric and a change word have no
guessed direction; file names need not be UTF-8; a NUL in a listed path, a tree a thousand
folders deep and `link/../file` are refused or walked, never a crash or a read outside; a
file of another format added beside the others does not break the baseline."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from gate.globs import expand
from tests.conftest import gate_main, git


def _doc(name: str, accuracy: float, dataset: str | None = None) -> str:
    body: dict[str, Any] = {
        "version": 1,
        "models": [{"name": name, "metrics": {"accuracy": accuracy}}],
    }
    if dataset:
        body["run"] = {"dataset": {"name": dataset}}
    return json.dumps(body)


def _commit(root: Path, name: str, text: str) -> None:
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", f"change {name}")


def _repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    return root


def test_a_renamed_metrics_file_keeps_its_baseline_and_history(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _commit(root, "reports/a.json", _doc("prod", 0.93))
    git(root, "checkout", "-qb", "pr")
    git(root, "mv", "reports/a.json", "reports/b.json")
    _commit(root, "reports/b.json", _doc("prod", 0.85))
    path = str(root / "reports" / "b.json")
    run = gate_main([path, "--baseline-ref", "main", "--max-regression", "accuracy=0.01"])
    assert run.code == 1 and "fell by 0.08" in run.out
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "pr", "-m", "merge")  # a PR's merge ref
    run = gate_main([path, "--history", "3", "--max-drift", "accuracy=0.01"])
    assert run.code == 1 and "below its best in the history, 0.93" in run.out


def test_a_dvc_yaml_history_follows_what_each_version_listed(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    stages = {"stages": {"eval": {"cmd": "x", "metrics": ["eval/m.json"]}}}
    _commit(root, "ml/dvc.yaml", json.dumps(stages))
    _commit(root, "ml/eval/m.json", '{"acc": 0.80}')
    _commit(root, "ml/eval/m.json", '{"acc": 0.93}')
    stages["stages"]["eval"]["metrics"] = ["eval/m2.json"]  # the work tree lists another file
    (root / "ml" / "dvc.yaml").write_text(json.dumps(stages), encoding="utf-8")
    (root / "ml" / "eval" / "m2.json").write_text('{"acc": 0.85}', encoding="utf-8")
    argv = [str(root / "ml" / "dvc.yaml"), "--metrics-format", "dvc", "--min-accuracy", "none",
            "--threshold", "acc >= 0.5", "--history", "5", "--max-drift", "acc=0.01"]  # fmt: skip
    run = gate_main(argv)
    assert run.code == 1 and "its best in the history, 0.93" in run.out


def test_a_changed_evaluation_set_does_not_switch_drift_off(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _commit(root, "m.json", _doc("prod", 0.93, "hold-1"))
    _commit(root, "m.json", _doc("prod", 0.94, "hold-1"))
    (root / "m.json").write_text(_doc("prod", 0.85, "hold-2"), encoding="utf-8")
    argv = [str(root / "m.json"), "--history", "5", "--max-drift", "accuracy=0.01"]
    run = gate_main(argv)
    assert run.code == 1 and "every version in the history was measured on another" in run.out
    assert gate_main([*argv, "--on-incomparable", "warn"]).code == 0


@pytest.mark.parametrize("name", ["error_reduction", "wer_improvement", "accuracy_drop", "f1_gap"])
def test_a_change_word_leaves_the_direction_to_a_rule(write: Any, name: str) -> None:
    base = write("b.json", json.dumps({"m": {name: 0.30, "accuracy": 0.9}}))
    candidate = write("c.json", json.dumps({"m": {name: 0.05, "accuracy": 0.9}}))
    run = gate_main([candidate, "--baseline", base, "--max-regression", f"{name}=0.01"])
    assert run.code == 2 and "gate cannot tell whether a higher or a lower" in run.err


def test_a_file_name_that_is_not_utf8_has_its_git_baseline(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    name = os.fsdecode(b"caf\xe9.json")
    _commit(root, name, '{"eval_accuracy": 0.93}')
    (root / name).write_text('{"eval_accuracy": 0.85}', encoding="utf-8")
    run = gate_main(
        [str(root / name), "--baseline-ref", "HEAD", "--max-regression", "accuracy=0.01"]
    )
    assert run.code == 1 and "fell by 0.08" in run.out


def test_a_nul_in_a_listed_path_is_an_input_error(write: Any) -> None:
    path = write("dvc.yaml", '{"metrics": ["m.json\\u0000x"]}')
    for argv in ([path], ["validate", path]):
        run = gate_main(
            [
                *argv,
                "--metrics-format",
                "dvc",
                *(
                    []
                    if argv[0] == "validate"
                    else ["--min-accuracy", "none", "--threshold", "a >= 0"]
                ),
            ]
        )
        assert run.code == 2 and "is not a path a metrics file can have" in run.err


def test_a_tree_seven_hundred_folders_deep_is_walked(tmp_path: Path) -> None:
    deep = tmp_path.joinpath("reports", *["a"] * 700)  # deeper than Python recursion goes
    deep.mkdir(parents=True)
    (deep / "m.json").write_text("{}", encoding="utf-8")
    (found,) = expand("reports/**/*.json", str(tmp_path))
    assert found.endswith("/a/m.json")


def test_link_dot_dot_is_what_the_os_opens(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "m.json").write_text('{"inside": 0.9}', encoding="utf-8")
    secret = tmp_path / "sec" / "a"
    (secret / "b").mkdir(parents=True)
    (secret / "m.json").write_text('{"SECRET_OUTSIDE": 0.9}', encoding="utf-8")
    (root / "evil").symlink_to(secret / "b")
    os.chdir(root)
    try:
        run = gate_main(["evil/../m.json"])
        assert run.code == 2 and "resolves outside it through a symlink" in run.err
        assert "SECRET" not in run.out + run.err
        assert gate_main(["validate", "evil/../m.json"]).code == 2
    finally:
        os.chdir(tmp_path)


def test_a_file_of_another_format_beside_the_others_is_compared_file_by_file(
    tmp_path: Path,
) -> None:
    root = _repo(tmp_path)
    _commit(root, "a.json", _doc("prod", 0.93))
    (root / "a.json").write_text(_doc("prod", 0.85), encoding="utf-8")
    (root / "b.json").write_text('{"eval_accuracy": 0.9}', encoding="utf-8")
    run = gate_main([str(root / "a.json"), str(root / "b.json"), "--baseline-ref", "HEAD",
                     "--max-regression", "accuracy=0.01", "--require", "all"])  # fmt: skip
    assert run.code == 1, run.err
    assert "fell by 0.08" in run.out


def test_a_fractional_limit_is_a_share(write: Any) -> None:
    data = {"results": {"t": {"acc,none": 0.5}}, "versions": {"t": 1}, "config": {"limit": 0.1}}
    run = gate_main(
        [write("r.json", json.dumps(data)), "--min-accuracy", "none", "--threshold", "acc >= 0"]
    )
    assert "each task scored on 10% of its set" in run.out
