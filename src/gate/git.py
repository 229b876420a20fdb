"""Reading from git: a file as it was at a ref (the baseline), fetching what a shallow
checkout lacks. Every failure is a GitError with a message a user can act on."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

from gate.errors import GateError

# A ref is handed to git as an argument: no option look-alikes, no whitespace or controls.
_REF = re.compile(r"[^\s\x00-\x1f\x7f-][^\s\x00-\x1f\x7f]{0,254}")
_TIMEOUT = 120


class GitError(GateError):
    title = "Git could not provide the baseline"


@dataclass(frozen=True)
class Blob:
    label: str  # `REF:path/from/repo/root`, for messages
    data: bytes | None  # None: there is no such file at REF


def git(args: Sequence[str], cwd: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, env=env, timeout=_TIMEOUT, check=False
        )
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH), and it is needed here") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than {_TIMEOUT} s") from None


def _stderr(proc: subprocess.CompletedProcess[bytes]) -> str:
    lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else f"exit code {proc.returncode}"


def check_ref(ref: str) -> str:
    if not _REF.fullmatch(ref):
        raise GitError(f"{ref!r} is not a git ref gate will pass to git")
    return ref


def resolve_commit(ref: str, cwd: str) -> str:
    """The commit `ref` names, fetching it from origin when the clone lacks it
    (shallowly when the clone is shallow)."""
    check_ref(ref)
    found = _rev_parse(ref, cwd)
    if found:
        return found
    shallow = git(["rev-parse", "--is-shallow-repository"], cwd).stdout.strip() == b"true"
    depth = ["--depth=1"] if shallow else []
    fetch = git(["fetch", "--quiet", "--no-tags", *depth, "origin", ref], cwd)
    if fetch.returncode != 0:
        raise GitError(
            f"cannot find {ref!r} in this clone, and fetching it from origin failed: "
            f"{_stderr(fetch)}"
        )
    found = _rev_parse(ref, cwd) or _rev_parse("FETCH_HEAD", cwd)
    if not found:
        raise GitError(f"fetched {ref!r} from origin, but git still cannot resolve it")
    return found


def _rev_parse(ref: str, cwd: str) -> str | None:
    proc = git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], cwd)
    return proc.stdout.decode().strip() if proc.returncode == 0 else None


def file_at(ref: str, path: str, max_bytes: int) -> Blob:
    """The bytes of `path` (a file in a work tree) as it was at `ref`."""
    folder, name = os.path.split(os.path.abspath(path))
    top = git(["rev-parse", "--show-prefix"], folder)
    if top.returncode != 0:
        raise GitError(
            f"--baseline-ref needs a git repository, and {folder} is not in one ({_stderr(top)})"
        )
    label = f"{ref}:{top.stdout.decode('utf-8', 'replace').strip()}{name}"
    commit = resolve_commit(ref, folder)
    spec = f"{commit}:./{name}"  # ./ : relative to `folder`, on every OS
    kind = git(["cat-file", "-t", spec], folder)
    if kind.returncode != 0:
        return Blob(label, None)
    if kind.stdout.strip() != b"blob":
        raise GitError(f"{label} is a {kind.stdout.decode().strip()}, not a file")
    size = int(git(["cat-file", "-s", spec], folder).stdout.strip() or 0)
    if size > max_bytes:
        raise GitError(f"{label} is {size} bytes, more than --max-file-size allows")
    blob = git(["cat-file", "blob", spec], folder)
    if blob.returncode != 0:
        raise GitError(f"cannot read {label}: {_stderr(blob)}")
    return Blob(label, blob.stdout)


def changed_since(commit: str, pathspecs: Sequence[str], path: str) -> tuple[str, list[str]]:
    """Files matching `pathspecs` (relative to the repository root) that differ between
    `commit` and HEAD. Only the two trees are needed, so a shallow fetch of `commit` will do."""
    folder = os.path.dirname(os.path.abspath(path))
    top = git(["rev-parse", "--show-toplevel"], folder)
    if top.returncode != 0:
        raise GitError(f"--code-paths needs a git repository, and {folder} is not in one")
    root = top.stdout.decode("utf-8", "replace").strip()
    sha = resolve_commit(commit, root)
    diff = git(["diff", "--name-only", "-z", sha, "HEAD", "--", *pathspecs], root)
    if diff.returncode != 0:
        raise GitError(f"git diff {sha[:12]} HEAD failed: {_stderr(diff)}")
    names = diff.stdout.decode("utf-8", "replace").split("\0")
    return sha, [name for name in names if name]
