"""Nothing from outside the repository. Before, a dvc.yaml entry `sub/../../x` or a listed
symlink, and the action's globs through a symlinked folder, gated (and published) files from
outside the workspace; two symlinks to `.` made `reports/**` walk 2^40 paths; a 2 KB
dvc.yaml listing one big file 100 times read it 100 times (3 GB)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from gate.globs import MAX_MATCHES, GlobError, expand
from gate.trees import RUN_BYTES_FACTOR
from tests.conftest import gate_main, git

DVC = ["--metrics-format", "dvc", "--min-accuracy", "none", "--threshold", "acc >= 0"]


def _repo(tmp_path: Path) -> tuple[Path, Path]:
    """A repository, and a secret beside it (outside)."""
    root = tmp_path / "repo"
    (root / "ml").mkdir(parents=True)
    git(root, "init", "-q")
    secret = tmp_path / "secret.json"
    secret.write_text('{"acc": 0.99, "token": 12345}', encoding="utf-8")
    return root, secret


def _pipeline(root: Path, *entries: str) -> str:
    stages = {"stages": {"eval": {"cmd": "x", "metrics": list(entries)}}}
    (root / "ml" / "dvc.yaml").write_text(json.dumps(stages), encoding="utf-8")
    return str(root / "ml" / "dvc.yaml")


def test_a_dvc_entry_that_climbs_out_is_refused(tmp_path: Path) -> None:
    root, _ = _repo(tmp_path)
    (root / "ml" / "sub").mkdir()
    for entry in ("sub/../../../secret.json", "../../secret.json", str(tmp_path / "secret.json")):
        run = gate_main([_pipeline(root, entry), *DVC])
        assert run.code == 2, entry
        assert "is outside the repository" in run.err and "0.99" not in run.out + run.err


def test_a_listed_symlink_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    root, secret = _repo(tmp_path)
    (root / "ml" / "scores.json").symlink_to(secret)
    run = gate_main([_pipeline(root, "scores.json"), *DVC])
    assert run.code == 2 and "'scores.json' is outside the repository" in run.err
    (root / "ml" / "scores.json").unlink()
    (root / "ml" / "real.json").write_text('{"acc": 0.9}', encoding="utf-8")
    (root / "ml" / "scores.json").symlink_to(root / "ml" / "real.json")  # inside: fine
    assert gate_main([_pipeline(root, "scores.json"), *DVC]).code == 0


def test_a_metrics_file_linked_out_of_the_repository_is_refused(tmp_path: Path) -> None:
    root, secret = _repo(tmp_path)
    (root / "metrics.json").symlink_to(secret)
    run = gate_main([str(root / "metrics.json"), *DVC])
    assert run.code == 2 and "resolves outside it through a symlink" in run.err
    assert gate_main([str(secret), *DVC]).code == 0  # named outside the root: the user's choice


def test_a_file_listed_twice_is_read_once(tmp_path: Path) -> None:
    root, _ = _repo(tmp_path)
    (root / "ml" / "big.json").write_text(
        json.dumps({"acc": 0.9, "pad": "x" * 200_000}), encoding="utf-8"
    )
    path = _pipeline(root, *(["big.json", "./big.json"] * 50))
    run = gate_main([path, *DVC, "--max-file-size", "300kB"])
    assert run.code == 0, run.err  # 100 entries, one file, read once: within the run's bytes


def test_the_bytes_of_one_run_are_bounded(tmp_path: Path) -> None:
    root, _ = _repo(tmp_path)
    for i in range(RUN_BYTES_FACTOR + 1):
        (root / "ml" / f"m{i}.json").write_text(
            json.dumps({f"acc{i}": 0.9, "pad": "x" * 960}), encoding="utf-8"
        )
    path = _pipeline(root, *(f"m{i}.json" for i in range(RUN_BYTES_FACTOR + 1)))
    flags = ["--metrics-format", "dvc", "--min-accuracy", "none", "--threshold", "acc0 >= 0"]
    run = gate_main([path, *flags, "--max-file-size", "1kB"])
    assert run.code == 2 and "read in all (16 × --max-file-size)" in run.err


def test_globs_do_not_enter_symlinked_folders_nor_leave_the_repository(tmp_path: Path) -> None:
    root, secret = _repo(tmp_path)
    (root / "reports" / "a").mkdir(parents=True)
    (root / "reports" / "a" / "m.json").write_text("{}", encoding="utf-8")
    (root / "reports" / "loop1").symlink_to(root / "reports")
    (root / "reports" / "loop2").symlink_to(root / "reports")
    (root / "reports" / "outside").symlink_to(tmp_path)
    assert expand("reports/**/*.json", str(root)) == ["reports/a/m.json"]
    (root / "reports" / "leak.json").symlink_to(secret)
    with pytest.raises(GlobError, match="resolves outside the repository"):
        expand("reports/*.json", str(root))


def test_globs_are_bounded(tmp_path: Path) -> None:
    for i in range(MAX_MATCHES + 1):
        (tmp_path / f"m{i}.json").write_text("{}", encoding="utf-8")
    with pytest.raises(GlobError, match="matches more than 1,000 files"):
        expand("*.json", str(tmp_path))
    assert len(expand("m1*.json", str(tmp_path))) == 112  # m1, m10…m19, m100…m199, m1000


def test_the_action_reads_its_glob_through_the_same_rule(tmp_path: Path) -> None:
    from gate.action import InputError, metrics_files

    root, secret = _repo(tmp_path)
    (root / "reports").mkdir()
    (root / "reports" / "leak.json").symlink_to(secret)
    with pytest.raises(InputError, match="resolves outside the repository"):
        metrics_files({"INPUT_METRICS_FILE": "reports/*.json"}, str(root))
    os.remove(root / "reports" / "leak.json")
    with pytest.raises(InputError, match="no file matches"):
        metrics_files({"INPUT_METRICS_FILE": "reports/*.json"}, str(root))
