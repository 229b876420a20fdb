"""A progress line on stderr while long work runs: on a terminal, after two seconds, never in
a CI log unless asked, never on stdout (issue 27)."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from gate.progress import Progress
from tests.conftest import ROOT, git, on_a_terminal


def _history(repo: Path, versions: int) -> list[str]:
    git(repo, "init", "-q")
    for i in range(versions):
        (repo / "m.json").write_text(f'{{"m": 0.{80 + i % 10}}}', encoding="utf-8")
        git(repo, "add", "m.json")
        git(repo, "commit", "-qm", f"v{i}")
    return [sys.executable, "-m", "gate", "m.json", "--history", str(versions)]


def _on_a_terminal(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[bytes, bytes]:
    """stderr on a pseudo-terminal, stdout a pipe: (stdout, what the terminal showed)."""
    _, seen, out = on_a_terminal(argv, env, cwd, stream="stderr")
    return out, seen


def test_a_terminal_sees_progress_when_asked_and_stdout_never_does(tmp_path: Path) -> None:
    argv = _history(tmp_path, 6)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("CI", None)
    out, err = _on_a_terminal([*argv, "--progress", "always"], tmp_path, env)
    assert b"\rgate: reading history 5/5" in err and b"reading" not in out
    assert err.endswith(b"\r") or b"\r" + b" " * len("gate: reading history 5/5") in err
    # auto: quick work on a terminal shows nothing; a CI log shows nothing
    assert b"reading history" not in _on_a_terminal(argv, tmp_path, env)[1]
    assert b"reading history" not in _on_a_terminal(argv, tmp_path, {**env, "CI": "true"})[1]


def test_the_line_appears_only_after_two_seconds_and_is_cleared() -> None:
    now = [0.0]
    stream = io.StringIO()
    progress = Progress(stream, lambda: now[0])
    progress.step("reading history", 1, 1000)
    assert stream.getvalue() == ""  # a quick run never shows it
    now[0] = 2.5
    progress.step("reading history", 400, 1000)
    progress.step("reading history", 401, 1000)
    progress.end()
    assert stream.getvalue() == (
        "\rgate: reading history 400/1,000\rgate: reading history 401/1,000"
        "\r" + " " * len("gate: reading history 401/1,000") + "\r"
    )
