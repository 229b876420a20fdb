"""Helpers to drive the real CLI: in-process through main(argv), or as a subprocess."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import sysconfig
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from gate.cli import main
from gate.clock import Clock

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = EXAMPLES / "seed" / "metrics.json"


@dataclass
class Run:
    code: int
    out: str
    err: str
    waited: list[float] = field(default_factory=list)  # the PR comment's pauses, in seconds


class FakeClock:
    """Time that passes only when gate waits: retries cost a test nothing."""

    def __init__(self) -> None:
        self.waited: list[float] = []
        self.time = 1000.0

    def sleep(self, seconds: float) -> None:
        self.waited.append(seconds)
        self.time += seconds

    def now(self) -> float:
        return self.time


# Where pip puts console scripts for this Python: beside it in a venv, but under Scripts\
# beside a Windows system Python (setup-python's), which is not sys.executable's folder.
SCRIPTS = sysconfig.get_path("scripts")


def gate_main(argv: Sequence[str], env: Mapping[str, str] | None = None) -> Run:
    """Run `gate` in-process with a clean environment (no GitHub variables unless given)."""
    out, err = io.StringIO(), io.StringIO()
    fake = FakeClock()
    clock = Clock(fake.sleep, fake.now)
    code = main(list(argv), env=dict(env or {}), stdout=out, stderr=err, clock=clock)
    return Run(code, out.getvalue(), err.getvalue(), fake.waited)


def report_of(tmp_path: Path, *argv: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    """Run gate with --report and return (exit code, the report), for a verdict (0 or 1)."""
    out = tmp_path / "report.json"
    run = gate_main([*argv, "--report", str(out)])
    assert run.code in (0, 1), run.err
    return run.code, json.loads(out.read_text(encoding="utf-8"))


def gate_process(
    argv: Sequence[str],
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    stdin: bytes | None = None,
    program: Sequence[str] | None = None,
) -> Run:
    """Run `python -m gate` (or `program`) as a user would, GitHub variables removed."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_"))}
    base.pop("NO_COLOR", None)
    proc = subprocess.run(
        [*(program or [sys.executable, "-m", "gate"]), *argv],
        input=stdin,
        check=False,
        capture_output=True,
        env={**base, **(env or {})},
        cwd=cwd or ROOT,
        timeout=60,
    )
    # what a user reads: UTF-8 (gate writes it to pipes on every OS), lines ending "\n"
    out, err = (b.decode("utf-8").replace("\r\n", "\n") for b in (proc.stdout, proc.stderr))
    return Run(proc.returncode, out, err)


def on_a_terminal(
    argv: Sequence[str], env: Mapping[str, str], cwd: Path | None = None, stream: str = "stdout"
) -> tuple[int, bytes, bytes]:
    """Run `argv` with `stream` ("stdout" or "stderr") on a pseudo-terminal and the other a
    pipe: (exit code, what the terminal showed, what the pipe got)."""
    leader, follower = os.openpty()
    other = "stderr" if stream == "stdout" else "stdout"
    proc = subprocess.run(list(argv), cwd=cwd, env=dict(env), check=False, timeout=120,
                          **{stream: follower, other: subprocess.PIPE})  # type: ignore[call-overload]  # fmt: skip
    os.close(follower)
    seen = b""
    try:
        while chunk := os.read(leader, 65536):
            seen += chunk
    except OSError:  # the terminal closed
        pass
    os.close(leader)
    return proc.returncode, seen, getattr(proc, other)


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """write("name.json", text) → path of a new file under tmp_path."""

    def _write(name: str, text: str | bytes) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return str(path)

    return _write


@pytest.fixture
def github_env(tmp_path: Path) -> dict[str, str]:
    """The variables a runner sets, with the summary and output files under tmp_path."""
    (tmp_path / "summary.md").write_text("", encoding="utf-8")
    (tmp_path / "output.txt").write_text("", encoding="utf-8")
    return {
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_OUTPUT": str(tmp_path / "output.txt"),
        "GITHUB_WORKSPACE": str(tmp_path),
    }


def parse_github_output(text: str) -> dict[str, str]:
    """Read $GITHUB_OUTPUT the way the runner does (name=value and name<<DELIM heredocs)."""
    values: dict[str, str] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line:
            i += 1
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body = []
            i += 1
            while lines[i] != delimiter:
                body.append(lines[i])
                i += 1
            values[name] = "\n".join(body)
        else:
            name, value = line.split("=", 1)
            values[name] = value
        i += 1
    return values


def git(cwd: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return proc.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """main has the baseline in `reports dir/metrics.json`; the work tree has the PR's file."""
    root = tmp_path / "origin"
    (root / "reports dir").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / "reports dir" / "metrics.json").write_text('{"a": 0.90, "b": 0.85}', encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-qm", "baseline")
    git(root, "checkout", "-qb", "feature")
    (root / "reports dir" / "metrics.json").write_text('{"a": 0.86, "b": 0.86}', encoding="utf-8")
    git(root, "commit", "-qam", "candidate")
    return root
