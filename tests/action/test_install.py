"""How the action installs itself, end to end under act: with uv when it is on PATH, else with
pip; its venv kept by actions/cache (played here by fake-cache/, which keeps each key in a
folder) unless the cache input is false; a cache that cannot be written costs nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.action.act import ActRun, publish_copy, run_workflow, search_path
from tests.conftest import SCRIPTS

pytestmark = pytest.mark.act

SEEN_PASS = [
    'passed=true qualified=["model_A", "model_C"] count=2 best=model_C',
    "report-file best=model_C",
]


@pytest.fixture(scope="module")
def action(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return publish_copy(tmp_path_factory.mktemp("published"))


@pytest.fixture(scope="module")
def uv_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with uv in it and nothing else (no python that could be picked instead)."""
    found = shutil.which("uv") or shutil.which("uv", path=SCRIPTS)
    if not found:
        pytest.skip("uv is not installed (pip install uv)")
    folder = tmp_path_factory.mktemp("uv")
    (folder / "uv").symlink_to(found)
    return folder


def run(
    name: str, action: Path, work: Path, cache: Path | None = None, path: str | None = None
) -> ActRun:
    result = run_workflow(name, action, work, cache, path)
    assert "Traceback" not in result.log, result.log
    return result


def test_cache_off_and_no_uv_installs_with_pip(action: Path, tmp_path: Path) -> None:
    result = run("cache-off.yml", action, tmp_path, path=search_path())
    assert result.code == 0, result.log
    assert result.seen() == ["passed=true best=model_C"]
    assert "gate: installed with pip into" in result.log
    assert "Main Restore gate's environment" not in result.log
    assert "Main Save gate's environment" not in result.log
    assert not (tmp_path / "actions-cache").exists()


def test_a_later_job_restores_the_venv_and_installs_nothing(action: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = run("pass.yml", action, tmp_path / "first", cache=store, path=search_path())
    assert first.code == 0, first.log
    assert "Cache not found for input keys: gate-venv-Linux-X64-cpython3." in first.log
    assert "gate: installed with pip into" in first.log
    assert "Cache saved with key: gate-venv-Linux-X64-cpython3." in first.log
    (key,) = [p.name for p in store.iterdir()]

    second = run("pass.yml", action, tmp_path / "second", cache=store, path=search_path())
    assert second.code == 0, second.log
    assert f"Cache restored from key: {key}" in second.log
    assert "gate: reusing the environment in" in second.log
    assert "gate: installed with" not in second.log
    assert "Main Save gate's environment" not in second.log
    assert first.seen() == second.seen() == SEEN_PASS


def test_uv_on_path_installs_with_uv(action: Path, tmp_path: Path, uv_folder: Path) -> None:
    result = run("pass.yml", action, tmp_path, path=search_path(uv_folder))
    assert result.code == 0, result.log
    assert "gate: installed with uv into" in result.log
    assert result.seen() == SEEN_PASS


def test_a_cache_that_cannot_be_saved_does_not_fail_the_job(action: Path, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    result = run("pass.yml", action, tmp_path, cache=tmp_path / "a-file" / "cache")
    assert result.code == 0, result.log
    assert "Failure - Main Save gate's environment" in result.log
    assert result.seen() == SEEN_PASS
    assert "Job succeeded" in result.log
