"""An imitation of a GitLab pipeline, offline: the jobs of a .gitlab-ci.yml that a pipeline
would run, and their before_script and script lines run as gitlab-runner runs them (one bash,
errexit and pipefail, empty stdin: its shells/bash.go), in a clone laid out as the runner
lays it, with the runner's predefined variables."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from tests.conftest import ROOT, git

# The lines that reach the network: installing git and gate. The imitation skips them and
# puts a `gate` on PATH that runs this checkout with the Python running the tests.
INSTALL = re.compile(r"(apt-get|pip) ")
# GitLab's `rules: if:` forms the examples use: `$VAR == "text"` and `$VAR == $OTHER`.
_IF = re.compile(r'\$(\w+) == (?:"([^"]*)"|\$(\w+))')

Job = dict[str, Any]


class JobRun(NamedTuple):
    code: int
    output: str  # stdout then stderr


def jobs(config: Mapping[str, Any]) -> dict[str, Job]:
    """The jobs of a parsed .gitlab-ci.yml: hidden (dot) keys and global keywords left out."""
    return {
        name: job
        for name, job in config.items()
        if not name.startswith(".") and isinstance(job, dict) and "script" in job
    }


def runs(job: Job, variables: Mapping[str, str]) -> bool:
    """Whether the job's first matching `rules: if:` puts it in the pipeline."""
    for rule in job["rules"]:
        match = _IF.fullmatch(rule["if"])
        assert match, f"the imitation cannot read the rule {rule['if']!r}"
        name, text, other = match.groups()
        expected = text if other is None else variables.get(other, "")
        if variables.get(name, "") == expected:
            return rule.get("when", "on_success") != "never"
    return False


def lines(job: Job) -> list[str]:
    return [*job.get("before_script", []), *job["script"]]


def gate_command(job: Job) -> list[str]:
    """The gate command line of a job, split as the shell splits it (variables unexpanded)."""
    (line,) = [line for line in job["script"] if line.startswith("gate ")]
    return shlex.split(line)


def gate_shim(folder: Path) -> Path:
    """A folder holding a `gate` that runs this checkout's gate."""
    folder.mkdir(parents=True, exist_ok=True)
    shim = folder / "gate"
    shim.write_text(
        f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m gate "$@"\n', encoding="utf-8"
    )
    shim.chmod(0o755)
    return folder


def run_job(job: Job, project: Path, variables: Mapping[str, str], home: Path) -> JobRun:
    """Run the job's lines in `project`, install lines skipped."""
    script = [":  # skipped: " + line if INSTALL.match(line) else line for line in lines(job)]
    home.mkdir(parents=True, exist_ok=True)
    env = {
        "PATH": f"{gate_shim(home / 'bin')}{os.pathsep}{os.environ['PATH']}",
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT / "src"),
        "CI": "true",
        "GITLAB_CI": "true",
        "CI_PROJECT_DIR": str(project),
        **{key: str(value) for key, value in job.get("variables", {}).items()},
        **variables,
    }
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-c", "\n".join(["set -o pipefail -o errexit", *script])],
        cwd=project,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    return JobRun(proc.returncode, proc.stdout + proc.stderr)


def runner_clone(origin: Path, ref: str, project: Path, depth: int) -> None:
    """Check `ref` out of `origin` the way the runner does: a fresh shallow fetch of that one
    ref, a detached HEAD, `origin` left as the remote."""
    project.mkdir(parents=True)
    git(project, "init", "-q")
    git(project, "remote", "add", "origin", origin.as_uri())
    git(project, "fetch", "-q", "--no-tags", f"--depth={depth}", "origin", f"+{ref}:{ref}")
    git(project, "checkout", "-q", "--detach", ref)
