"""Windows and macOS behaviour, imitated on Linux where the OS cannot be had: a path typed in
another case on a case-insensitive disk, Windows paths (`ntpath`: backslashes, drives),
a closed pipe that raises EINVAL, a console without ANSI, `..x` file names."""

from __future__ import annotations

import errno
import io
import ntpath
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from gate import trees
from gate.cli import main
from gate.console import ansi_ok
from gate.github.annotations import annotation_path
from gate.globs import expand
from gate.trees import case_blind, listed_path, stored_case
from tests.conftest import ROOT, SEED, gate_main, git


def test_a_path_typed_in_another_case_is_spelled_as_stored() -> None:
    # what a case-insensitive disk holds: the folder lists the names as committed
    stored = {"/repo": ["Reports", ".git"], "/repo/Reports": ["Metrics.JSON", "other.json"]}

    def listdir(folder: str) -> list[str]:
        return stored[folder.replace(os.sep, "/")]

    assert stored_case("/repo", "reports/metrics.json", listdir) == "Reports/Metrics.JSON"
    assert stored_case("/repo", "Reports/other.json", listdir) == "Reports/other.json"
    # two names differing only in case (possible in git): the typed spelling is kept
    stored["/repo/Reports"] += ["METRICS.json"]
    assert stored_case("/repo", "reports/metrics.json", listdir) == "Reports/metrics.json"


def test_a_case_sensitive_disk_is_left_alone(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    assert not case_blind(str(tmp_path))  # Linux: `.GIT` is not `.git`


def test_the_baseline_is_found_when_the_path_is_typed_in_another_case(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # imitate macOS: the disk opens `METRICS.json` for `metrics.json`; git does not
    git(tmp_path, "init", "-q")
    (tmp_path / "metrics.json").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    git(tmp_path, "add", "metrics.json")
    git(tmp_path, "commit", "-qm", "base")
    (tmp_path / "METRICS.json").symlink_to("metrics.json")  # the typed spelling opens it
    monkeypatch.setattr(trees, "case_blind", lambda folder: True)
    real = os.listdir
    monkeypatch.setattr(trees.os, "listdir", lambda f: [n for n in real(f) if n != "METRICS.json"])
    run = gate_main([str(tmp_path / "METRICS.json"), "--baseline-ref", "HEAD",
                     "--max-regression", "accuracy=0.01"])  # fmt: skip
    assert "Baseline: HEAD:metrics.json" in run.out, run.out + run.err


def test_windows_paths_in_a_listing_stay_inside() -> None:
    assert listed_path("ml/dvc.yaml", "..\\..\\x.json") is None
    assert listed_path("ml/dvc.yaml", "C:\\x.json") is None
    assert listed_path("ml/dvc.yaml", "eval\\m.json") == "ml/eval/m.json"


def test_containment_on_windows_across_drives_and_dotted_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(trees, "os", SimpleNamespace(path=ntpath, pardir="..", sep="\\"))
    assert not trees.inside("D:\\data\\m.json", "C:\\repo")  # another drive: no crash
    assert trees.inside("C:\\repo\\..x.json", "C:\\repo")  # a name, not a step out
    assert not trees.inside("C:\\other\\m.json", "C:\\repo")


def test_a_glob_written_with_backslashes_names_files_with_slashes(tmp_path: Path) -> None:
    (tmp_path / "eval").mkdir()
    (tmp_path / "eval" / "x.csv").write_text("a\n", encoding="utf-8")
    assert expand("eval\\*.csv", str(tmp_path)) == ["eval/x.csv"]


def test_an_annotation_names_dotted_files_inside_the_workspace(tmp_path: Path) -> None:
    file = tmp_path / "..x.json"
    assert annotation_path(str(file), str(tmp_path)) == "..x.json"
    assert annotation_path(str(tmp_path.parent / "y.json"), str(tmp_path)).endswith("/y.json")


class _ClosedPipe(io.StringIO):
    """stdout after `| head` left, on Windows: every write raises EINVAL."""

    def write(self, text: str) -> int:
        raise OSError(errno.EINVAL, "Invalid argument")

    def flush(self) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")


def test_a_closed_pipe_on_windows_keeps_the_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("gate.cli.silence_stdout", lambda: None)
    err = io.StringIO()
    code = main([str(SEED)], env={}, stdout=_ClosedPipe(), stderr=err)
    assert (
        code == 0
        and "Traceback" not in err.getvalue()
        and "Invalid argument" not in (err.getvalue())
    )


def test_a_console_that_cannot_show_ansi_gets_no_colour() -> None:
    assert ansi_ok("posix")
    assert not ansi_ok("nt")  # no console API here: treated as an old console


def test_the_report_output_is_written_with_slashes(monkeypatch: pytest.MonkeyPatch) -> None:
    from gate.github import outputs

    monkeypatch.setattr(outputs.os, "sep", "\\")
    assert outputs.error_outputs("D:\\a\\_temp\\gate-report-1.json")["report"] == (
        "D:/a/_temp/gate-report-1.json"
    )


def test_the_action_writes_its_outputs_and_link_as_windows_reads_them(tmp_path: Path) -> None:
    import importlib.util
    import locale
    import sys

    spec = importlib.util.spec_from_file_location("install", ROOT / "action" / "install.py")
    assert spec is not None and spec.loader is not None
    install = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(install)
    output = tmp_path / "out"
    install.write_outputs({"GITHUB_OUTPUT": str(output)}, cache="true")
    assert output.read_bytes() == b"cache=true\n"  # never "\r\n"
    before_313 = locale.getpreferredencoding(False)
    assert ("utf-8" if sys.version_info >= (3, 13) else before_313) == install.PTH_ENCODING
