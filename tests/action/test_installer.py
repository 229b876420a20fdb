"""action/install.py, the action's installer, without a runner: which tool fills the venv
(uv when it is on PATH, else pip; pip when uv fails), what the cache is keyed on, what the
cache input accepts, and that a restored venv is reused as it is. The installers themselves
are played by a fake `run`; the venv is real (made without pip, it takes milliseconds)."""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import ROOT


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gate_action_install", ROOT / "action/install.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


install = _load()
PINS = (ROOT / "requirements.txt").read_bytes()


class FakeRun:
    """Plays uv and pip (recording their commands); asks the real venv where site-packages is."""

    def __init__(self, uv_fails: bool = False) -> None:
        self.commands: list[list[str]] = []
        self.uv_fails = uv_fails

    def __call__(self, command: Sequence[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        command = [str(c) for c in command]
        if command[-1] == install.SITE_PACKAGES:
            return subprocess.run(command, **kwargs)  # noqa: PLW1510 (check: the caller says)
        if command[1:] == ["-c", "import pip; print(pip.__version__)"]:
            return subprocess.CompletedProcess(command, 0, "24.0\n")
        self.commands.append(command)
        if self.uv_fails and Path(command[0]).stem == "uv":
            raise subprocess.CalledProcessError(2, command)
        return subprocess.CompletedProcess(command, 0, "")


def runner(tmp_path: Path, uv: bool) -> dict[str, str]:
    """A runner's environment: RUNNER_TEMP, GITHUB_OUTPUT, and a PATH with or without uv."""
    tools = tmp_path / "tools"
    tools.mkdir()
    if uv:
        exe = tools / ("uv.exe" if os.name == "nt" else "uv")
        exe.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
        exe.chmod(0o755)
    (tmp_path / "temp").mkdir()
    return {
        "PATH": str(tools),
        "RUNNER_TEMP": str(tmp_path / "temp"),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "RUNNER_OS": "Linux",
        "RUNNER_ARCH": "X64",
    }


def outputs(env: dict[str, str]) -> dict[str, str]:
    lines = Path(env["GITHUB_OUTPUT"]).read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines)


def test_the_key_names_the_runner_and_the_python_and_hashes_the_pins() -> None:
    env = {"RUNNER_OS": "Windows", "RUNNER_ARCH": "ARM64"}
    key = install.cache_key(PINS, "C:/hostedtoolcache/Python/3.12.4/x64/python.exe", env)
    version = f"{sys.implementation.name}{platform.python_version()}"
    assert key.startswith(f"gate-venv-Windows-ARM64-{version}-")
    assert key == install.cache_key(PINS, "C:/hostedtoolcache/Python/3.12.4/x64/python.exe", env)


@pytest.mark.parametrize(
    "pins, python, env",
    [
        (PINS + b"rich>=13\n", "/usr/bin/python3", {"RUNNER_OS": "Linux", "RUNNER_ARCH": "X64"}),
        (
            PINS,
            "/opt/hostedtoolcache/Python/3.12.4/x64/bin/python",
            {"RUNNER_OS": "Linux", "RUNNER_ARCH": "X64"},
        ),
        (PINS, "/usr/bin/python3", {"RUNNER_OS": "macOS", "RUNNER_ARCH": "X64"}),
        (PINS, "/usr/bin/python3", {"RUNNER_OS": "Linux", "RUNNER_ARCH": "ARM64"}),
    ],
)
def test_other_pins_python_or_runner_make_another_key(
    pins: bytes, python: str, env: dict[str, str]
) -> None:
    usual = install.cache_key(
        PINS, "/usr/bin/python3", {"RUNNER_OS": "Linux", "RUNNER_ARCH": "X64"}
    )
    assert install.cache_key(pins, python, env) != usual


def test_both_steps_agree_on_the_folder_and_it_lies_in_runner_temp(tmp_path: Path) -> None:
    env = runner(tmp_path, uv=False)
    assert install.main(["install.py", "plan"], env) == 0
    planned = outputs(env)
    assert planned["cache"] == "true"
    assert planned["key"] == install.make_plan(env).key
    assert Path(planned["dir"]) == install.make_plan(env).target
    assert Path(planned["dir"]).parent == tmp_path / "temp"
    assert Path(planned["python"]) == Path(sys.executable)


@pytest.mark.parametrize(
    "text, cache", [("true", "true"), ("", "true"), ("False", "false"), (" false\n", "false")]
)
def test_the_cache_input(tmp_path: Path, text: str, cache: str) -> None:
    env = {**runner(tmp_path, uv=False), "GATE_CACHE": text}
    assert install.main(["install.py", "plan"], env) == 0
    assert outputs(env)["cache"] == cache


def test_a_cache_input_that_is_not_a_boolean_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {**runner(tmp_path, uv=False), "GATE_CACHE": "yes"}
    assert install.main(["install.py", "plan"], env) == 2
    assert capsys.readouterr().out == "::error title=gate::cache must be true or false, got 'yes'\n"
    assert not Path(env["GITHUB_OUTPUT"]).exists()


def test_uv_on_path_fills_the_venv_from_the_pins(tmp_path: Path) -> None:
    env = runner(tmp_path, uv=True)
    run = FakeRun()
    install.install(install.make_plan(env), env, run)
    python = install.venv_python(install.make_plan(env).target)
    (command,) = run.commands
    assert Path(command[0]).parent == tmp_path / "tools"
    assert command[1:] == [
        "pip",
        "install",
        "--quiet",
        "--python",
        str(python),
        "-r",
        str(ROOT / "requirements.txt"),
    ]
    assert outputs(env) == {"python": python.as_posix(), "built": "true"}


def test_without_uv_the_jobs_pip_fills_the_venv(tmp_path: Path) -> None:
    env = runner(tmp_path, uv=False)
    run = FakeRun()
    install.install(install.make_plan(env), env, run)
    python = install.venv_python(install.make_plan(env).target)
    (command,) = run.commands
    assert command[:5] == [sys.executable, "-m", "pip", "--python", str(python)]
    assert command[-2:] == ["-r", str(ROOT / "requirements.txt")]
    assert outputs(env)["built"] == "true"


def test_when_uv_fails_pip_has_its_turn(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = runner(tmp_path, uv=True)
    run = FakeRun(uv_fails=True)
    install.install(install.make_plan(env), env, run)
    assert [Path(c[0]).stem for c in run.commands] == ["uv", Path(sys.executable).stem]
    out = capsys.readouterr().out
    assert out.startswith("::warning title=gate::uv could not install gate (")
    assert "gate: installed with pip into" in out


def test_a_restored_venv_is_used_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env = runner(tmp_path, uv=True)
    plan = install.make_plan(env)
    install.install(plan, env, FakeRun())
    marker = json.loads((plan.target / install.MARKER).read_text(encoding="utf-8"))
    assert marker["key"] == plan.key
    pth = plan.target / marker["purelib"] / "gate-action.pth"
    pth.write_text("/an/older/release/src\n", encoding="utf-8")  # restored from another release
    Path(env["GITHUB_OUTPUT"]).unlink()
    capsys.readouterr()

    run = FakeRun()
    install.install(plan, env, run)
    assert run.commands == []
    assert capsys.readouterr().out == f"gate: reusing the environment in {plan.target}\n"
    assert outputs(env)["built"] == "false"
    assert pth.read_text(encoding="utf-8") == str(ROOT / "src") + "\n"


def test_a_venv_made_for_another_key_is_rebuilt(tmp_path: Path) -> None:
    env = runner(tmp_path, uv=True)
    plan = install.make_plan(env)
    install.install(plan, env, FakeRun())
    marker = plan.target / install.MARKER
    marker.write_text(json.dumps({"key": "gate-venv-another", "purelib": "x"}), encoding="utf-8")

    run = FakeRun()
    install.install(plan, env, run)
    assert len(run.commands) == 1
    assert json.loads(marker.read_text(encoding="utf-8"))["key"] == plan.key
