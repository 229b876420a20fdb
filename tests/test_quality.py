"""Lint, format and type checks run with the tests, so the README's one command covers them."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT, SCRIPTS


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def test_ruff_lint() -> None:
    proc = _run("ruff", "check", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format() -> None:
    proc = _run("ruff", "format", "--check", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_strict() -> None:
    proc = _run("mypy")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _tool(name: str) -> str:
    import shutil

    found = shutil.which(name, path=SCRIPTS) or shutil.which(name)
    assert found, f"{name} is not installed (it is part of the test extras)"
    return found


WORKFLOWS = sorted(
    str(p.relative_to(ROOT))
    for folder in (".github/workflows", "examples/workflows", "tests/action/workflows")
    for p in (ROOT / folder).glob("*.yml")
    if p.name != "zizmor.yml"
)


def test_actionlint_on_every_workflow() -> None:
    assert len(WORKFLOWS) >= 9
    proc = subprocess.run(
        [_tool("actionlint"), *WORKFLOWS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _zizmor_clean(*args: str) -> None:
    proc = subprocess.run(
        [_tool("zizmor"), "--offline", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No findings to report" in proc.stdout + proc.stderr


def test_zizmor_reports_nothing_on_the_action_and_our_workflows() -> None:
    _zizmor_clean("action.yml", ".github")


def test_zizmor_on_the_example_workflows() -> None:
    examples = sorted(str(p) for p in (ROOT / "examples/workflows").glob("gate-*.yml"))
    _zizmor_clean("--config", "examples/workflows/zizmor.yml", *examples)


def test_no_expression_inside_run_and_every_uses_pinned() -> None:
    import re

    import yaml

    for name in ["action.yml", *WORKFLOWS]:
        doc = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))
        for step in _steps(doc):
            assert "${{" not in step.get("run", ""), f"{name}: expression inside run:"
            uses = step.get("uses", "")
            if uses and not uses.startswith(("./", "OWNER/")):
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", uses), f"{name}: {uses}"


def _steps(doc: object) -> list[dict]:  # type: ignore[type-arg]
    found = []
    if isinstance(doc, dict):
        if "run" in doc or "uses" in doc:
            found.append(doc)
        for value in doc.values():
            found += _steps(value)
    elif isinstance(doc, list):
        for value in doc:
            found += _steps(value)
    return found
