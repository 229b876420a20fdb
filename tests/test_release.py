"""The release workflow (.github/workflows/release.yml): its shape, and its two scripts run
here as the runner runs them, with a stand-in `gh` for the GitHub API. Also the placeholder
owner: one name everywhere, and every file that holds it listed in docs/releasing.md."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from gate import __version__
from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
DOC = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
JOBS = DOC["jobs"]
SLUG = re.search(
    r'^Homepage = "https://github\.com/([^"/]+/[^"/]+)"',
    (ROOT / "pyproject.toml").read_text(encoding="utf-8"),
    re.M,
)[1]  # type: ignore[index]
bash_only = pytest.mark.skipif(sys.platform == "win32", reason="the steps run on ubuntu-latest")


def step(job: str, name_start: str) -> dict:  # type: ignore[type-arg]
    return next(s for s in JOBS[job]["steps"] if s.get("name", "").startswith(name_start))


def uses(job: str) -> list[str]:
    return [s["uses"].split("@")[0] for s in JOBS[job]["steps"] if "uses" in s]


def test_a_version_tag_starts_it_and_only_the_publish_job_mints_an_id_token() -> None:
    assert DOC[True] == {"push": {"tags": ["v*.*.*"]}}  # YAML 1.1 reads the key `on` as true
    assert DOC["permissions"] == {}
    assert {name: job["permissions"] for name, job in JOBS.items()} == {
        "build": {"contents": "read"},
        "test": {"contents": "read"},
        "publish": {"id-token": "write", "attestations": "write"},
        "major-tag": {"contents": "write"},
    }
    assert JOBS["publish"]["needs"] == ["build", "test"] and JOBS["major-tag"]["needs"] == "publish"


def test_built_once_checked_tested_as_built_attested_then_published() -> None:
    assert "twine check --strict dist/*" in step("build", "Build and check")["run"]
    suite = step("test", "The suite from the checkout")["run"]
    assert 'pip install -q "$(ls dist/model_gate-*.whl)[test]"' in suite and "pytest" in suite
    assert "--no-build" in step("test", "The package checks")["run"]
    assert uses("publish") == [
        "actions/download-artifact",
        "actions/attest-build-provenance",
        "pypa/gh-action-pypi-publish",
    ]
    assert "with" not in JOBS["publish"]["steps"][-1]  # no token: trusted publishing
    assert uses("major-tag") == []  # no checkout: no code of the repository runs with write


def test_every_action_is_pinned_by_sha_with_its_version_and_one_pin_per_action() -> None:
    pins: dict[str, set[str]] = {}
    for path in (ROOT / ".github" / "workflows").glob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.match(r"\s*(- )?uses: ", line) and "uses: ./" not in line:
                found = re.search(r"uses: ([\w./-]+)@([0-9a-f]{40}) # v\d+(\.\d+)*$", line)
                assert found, f"{path.name}: {line.strip()}"
                pins.setdefault(found[1], set()).add(found[2])
    assert {action for action, shas in pins.items() if len(shas) > 1} == set()
    assert {"pypa/gh-action-pypi-publish", "actions/attest-build-provenance"} <= set(pins)


def run_step(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", script],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def release_tree(tmp_path: Path) -> Path:
    """The three files the tag check reads, copied from this checkout."""
    for name in ("src/gate/__init__.py", "CHANGELOG.md", "pyproject.toml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes((ROOT / name).read_bytes())
    return tmp_path


@bash_only
@pytest.mark.parametrize(
    ("tag", "repository", "changelog", "error"),
    [
        (f"v{__version__}", SLUG, True, None),
        (f"v{__version__}", SLUG.upper(), True, None),
        ("v9.9.9", SLUG, True, f"the tag v9.9.9 is not v + gate.__version__ ({__version__}"),
        (f"v{__version__}", SLUG, False, f"CHANGELOG.md has no section '## [{__version__}]"),
        (f"v{__version__}", "someone/else", True, "pyproject.toml's URLs do not name someone/else"),
    ],
)
def test_the_tag_check(
    release_tree: Path, tag: str, repository: str, changelog: bool, error: str | None
) -> None:
    if not changelog:
        text = (release_tree / "CHANGELOG.md").read_text(encoding="utf-8")
        (release_tree / "CHANGELOG.md").write_text(text.replace(f"## [{__version__}]", "## [0]"))
    script = step("build", "The tag is the version")["run"]
    proc = run_step(script, release_tree, TAG=tag, REPOSITORY=repository)
    if error is None:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    else:
        assert proc.returncode == 1 and f"::error::{error}" in proc.stdout, proc.stdout


FAKE_GH = """#!/usr/bin/env bash
# Answers as `gh api ... --jq` would; logs each call.
echo "$*" >> "$GH_LOG"
case "$*" in
  *matching-refs*) for t in $GH_TAGS; do echo "refs/tags/$t"; done ;;
  *commits/*) echo 3f2a9c1e3f2a9c1e3f2a9c1e3f2a9c1e3f2a9c1e ;;
  *--method*) ;;
  *git/ref/tags/*) [ -n "$GH_MAJOR_EXISTS" ] ;;
esac
"""


@bash_only
@pytest.mark.parametrize(
    ("tag", "tags", "exists", "calls"),
    [
        (
            "v1.10.0",
            "v1.2.0 v1.10.0",
            "yes",
            ["PATCH repos/o/gate/git/refs/tags/v1 -f sha=3f2a9c1e"],
        ),
        (
            "v2.0.0",
            "v2.0.0",
            "",
            ["POST repos/o/gate/git/refs -f ref=refs/tags/v2 -f sha=3f2a9c1e"],
        ),
        ("v1.2.1", "v1.2.1 v1.10.0", "yes", []),  # an older line's patch: v1 stays on 1.10.0
        ("v1.3.0rc1", "v1.3.0rc1", "yes", []),  # a pre-release moves nothing
    ],
)
def test_the_major_tag_moves_forward_only(
    tmp_path: Path, tag: str, tags: str, exists: str, calls: list[str]
) -> None:
    (tmp_path / "gh").write_text(FAKE_GH)
    (tmp_path / "gh").chmod(0o755)
    log = tmp_path / "gh.log"
    log.touch()
    script = step("major-tag", "Move vX")["run"]
    proc = run_step(
        script,
        tmp_path,
        PATH=f"{tmp_path}{os.pathsep}{os.environ['PATH']}",
        GH_LOG=str(log),
        GH_TAGS=tags,
        GH_MAJOR_EXISTS=exists,
        REPOSITORY="o/gate",
        TAG=tag,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    writes = [line for line in log.read_text().splitlines() if "--method" in line]
    assert len(writes) == len(calls)
    for line, call in zip(writes, calls):
        assert call in line.replace("--method ", ""), line


def test_the_placeholder_owner_is_one_name_everywhere_it_is_published() -> None:
    def text(name: str) -> str:
        return (ROOT / name).read_text(encoding="utf-8")

    assert f"uses: {SLUG}@v1" in text("README.md")
    assert f"repo: https://github.com/{SLUG}\n" in text("README.md")
    assert f"repo: https://github.com/{SLUG}\n" in text(".pre-commit-hooks.yaml")
    for schema in ("metrics", "policy"):
        assert f'"$id": "https://raw.githubusercontent.com/{SLUG}/v1/' in text(
            f"src/gate/schema/{schema}.schema.json"
        )
    links = re.findall(r"^\[[^\]]+\]: (\S+)$", text("CHANGELOG.md"), re.M)
    assert links and all(link.startswith(f"https://github.com/{SLUG}/") for link in links)
    for example in sorted((ROOT / "examples" / "workflows").glob("gate-*.yml")):
        assert f"uses: {SLUG}@v1 " in example.read_text(encoding="utf-8"), example.name


def test_releasing_md_names_every_file_that_holds_the_placeholder() -> None:
    doc = (ROOT / "docs" / "releasing.md").read_text(encoding="utf-8")
    listed = subprocess.run(
        ["git", "grep", "--untracked", "-lw", "OWNER", "--", ".", ":!docs/releasing.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()

    def named(path: Path) -> bool:  # the file, or a folder above it
        return any(
            f"`{p.as_posix()}{'/' if p != path else ''}`" in doc for p in [path, *path.parents]
        )

    missing = [p for p in listed if not named(Path(p))]
    assert missing == []
