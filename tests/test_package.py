"""The package as a user gets it: the wheel alone in a fresh venv, and the pre-commit hooks
through the real pre-commit. `.ci/package` builds dist/ and a wheelhouse of the dependencies
first, so nothing here reaches an index (PIP_NO_INDEX)."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from gate import __version__
from tests.conftest import EXAMPLES, ROOT, git

pytestmark = pytest.mark.package

DIST = ROOT / "dist"
WHEELHOUSE = ROOT / ".ci" / "wheelhouse"


def offline_pip(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PIP_"))}
    env.update({"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": f"{WHEELHOUSE} {DIST}"})
    return {**env, **(extra or {})}


@pytest.fixture(scope="module")
def wheel() -> Path:
    found = sorted(DIST.glob("model_gate-*.whl"))
    assert found and WHEELHOUSE.is_dir(), "run .ci/package: it builds dist/ and the wheelhouse"
    return found[-1]


def test_the_wheel_carries_license_schemas_and_one_version(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert f"model_gate-{__version__}.dist-info/licenses/LICENSE" in names
    assert {"gate/schema/metrics.schema.json", "gate/schema/policy.schema.json"} <= set(names)
    assert not any(n.startswith(("tests/", "benchmarks/", "scripts/")) for n in names)
    meta = Parser().parsestr(
        zipfile.ZipFile(wheel).read(f"model_gate-{__version__}.dist-info/METADATA").decode()
    )
    assert meta["Name"] == "model-gate" and meta["Version"] == __version__
    assert meta["License-Expression"] == "MIT"
    assert f"## [{__version__}]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_the_wheel_alone_gates_the_seed(wheel: Path, tmp_path: Path) -> None:
    home = tmp_path / "venv"
    venv.create(home, with_pip=True)
    bin_dir = home / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)],
        env=offline_pip(),
        check=True,
        capture_output=True,
    )
    seed = tmp_path / "metrics.json"
    seed.write_bytes((EXAMPLES / "seed" / "metrics.json").read_bytes())
    gate = str(bin_dir / "gate")
    run = subprocess.run(
        [gate, "metrics.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "Models ready for production: model_A, model_C" in run.stdout
    version = subprocess.run(
        [gate, "-V"], capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert version.stdout == f"gate {__version__}\n"
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import gate; print(gate.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert str(home) in where.stdout  # the wheel's copy, not this checkout's


def try_repo(repo: Path, hook: str, *files: str, cache: Path) -> subprocess.CompletedProcess[str]:
    """pre-commit try-repo on this checkout (uncommitted changes included), verbose: the
    hook's output is shown even when it passes."""
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, "--verbose"]
    return subprocess.run(
        [*command, "--files", *files],
        cwd=repo,
        env=offline_pip({"PRE_COMMIT_HOME": str(cache)}),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )


def test_the_pre_commit_hook_validates_metrics_files(wheel: Path, tmp_path: Path) -> None:
    repo = tmp_path / "project"
    (repo / "reports").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    (repo / "metrics.json").write_bytes((EXAMPLES / "seed" / "metrics.json").read_bytes())
    bad = (EXAMPLES / "invalid" / "metrics.yaml").read_bytes()
    (repo / "reports" / "metrics.yaml").write_bytes(bad)
    git(repo, "add", ".")
    cache = tmp_path / "pre-commit-cache"
    good = try_repo(repo, "gate-validate", "metrics.json", cache=cache)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "validate ML metrics files (gate)" in good.stdout and "Passed" in good.stdout
    failed = try_repo(repo, "gate-validate", "metrics.json", "reports/metrics.yaml", cache=cache)
    assert failed.returncode == 1
    assert "Failed" in failed.stdout
    assert (
        "gate: error: reports/metrics.yaml:8: models[1].metrics.accuracy: 1.4 is greater than "
        "the maximum of 1"
    ) in failed.stdout
    # the seed's model_B fails accuracy >= 0.8, but validation does not gate
    gated = try_repo(repo, "gate", "metrics.json", cache=cache)
    assert gated.returncode == 0 and "Models ready for production" in gated.stdout
    # each file on its own: a good file in one folder does not carry a failing one elsewhere
    (repo / "eval").mkdir()
    (repo / "eval" / "metrics.json").write_text(
        '{"version": 1, "models": [{"name": "weak", "metrics": {"accuracy": 0.5}}]}',
        encoding="utf-8",
    )
    git(repo, "add", ".")
    both = try_repo(repo, "gate", "metrics.json", "eval/metrics.json", cache=cache)
    assert both.returncode == 1, both.stdout
    assert "eval/metrics.json:\nGate failed (require any): 0 of 1 model qualifies." in (both.stdout)
