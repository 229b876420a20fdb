"""--history N: the metrics files' last N versions, read from git at the edge.

The versions are the N most recent commits on HEAD's history that changed any of the files,
newest first; commits that did not touch them are skipped by `git log -- PATHS`. When HEAD
itself committed the files as they are in the work tree, that commit is the candidate, not
history, and is left out. A shallow clone (actions/checkout's default) is deepened in
bounded steps until N versions are found, the clone is complete, or the steps run out.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence

from gate.errors import GateError, Issue, LoadError
from gate.git import Git, GitError, blob_at, useful_line
from gate.metrics import History, MetricsDoc, PastVersion

# Deepening: at most this many fetches, each of STEP_PER_VERSION commits per version wanted
# (at least MIN_STEP), doubling each time: 20 versions look through up to 31 × 200 commits.
MAX_FETCHES = 5
STEP_PER_VERSION = 10
MIN_STEP = 50

Read = Callable[[bytes, str, Callable[[str], bytes]], MetricsDoc]  # (data, label, at_ref)


def read_history(
    paths: Sequence[str],
    wanted: int,
    *,
    read: Read,
    max_bytes: int,
    env: Mapping[str, str],
) -> History:
    folder = os.path.dirname(os.path.abspath(paths[0]))
    root = Git(folder, env).text("rev-parse", "--show-toplevel")
    if root is None:
        return History((), wanted, f"{folder} is not in a git repository")
    git = Git(root, env)
    names = [_from_root(path, root) for path in paths]
    if any(name is None for name in names):
        return History((), wanted, "the metrics files are not all in one git repository")
    files = [name for name in names if name is not None]
    try:
        commits, short = _commits(git, files, wanted + 1)
    except GitError as exc:
        return History((), wanted, str(exc))
    if commits and _same_as_work_tree(git, commits[0][0], files):
        commits = commits[1:]
    versions = tuple(
        _version(git, sha, date, files, read, max_bytes) for sha, date in commits[:wanted]
    )
    return History(versions, wanted, short=short if len(versions) < wanted else "")


def _from_root(path: str, root: str) -> str | None:
    relative = os.path.relpath(os.path.realpath(path), os.path.realpath(root))
    if relative.startswith(os.pardir):
        return None
    return relative.replace(os.sep, "/")


def _commits(git: Git, files: list[str], count: int) -> tuple[list[tuple[str, str]], str]:
    """Up to `count` commits that changed `files`, newest first, as (sha, date); and why
    there may be more than were found (a shallow clone that could not be deepened)."""
    step = max(MIN_STEP, STEP_PER_VERSION * count)
    for _ in range(MAX_FETCHES + 1):
        log = git("log", f"-n{count}", "--format=%H %cI", "HEAD", "--", *files)
        if log.returncode != 0:
            raise GitError(f"git log failed: {useful_line(log)}")
        commits = [
            (sha, date)
            for sha, _, date in (
                line.partition(" ") for line in log.stdout.decode("ascii", "replace").splitlines()
            )
        ]
        if len(commits) >= count or git.text("rev-parse", "--is-shallow-repository") != "true":
            return commits, ""
        head = git.text("rev-parse", "HEAD") or "HEAD"
        deepen = f"--deepen={step}"
        fetch = git("fetch", "--quiet", "--no-tags", "--refmap=", deepen, "origin", head)
        if fetch.returncode != 0:
            return commits, f"the clone is shallow and deepening it failed: {useful_line(fetch)}"
        step *= 2
    return commits, (
        f"the clone is still shallow after {MAX_FETCHES} deepening fetches; "
        "fetch-depth: 0 on actions/checkout gives the whole history"
    )


def _same_as_work_tree(git: Git, sha: str, files: list[str]) -> bool:
    """The work tree's files are `sha`'s (as git compares them: line-ending filters apply)."""
    return git("diff", "--quiet", sha, "--", *files).returncode == 0


def _version(  # noqa: PLR0917 (one version, as _commits found it, read as the candidate is)
    git: Git, sha: str, date: str, files: list[str], read: Read, max_bytes: int
) -> PastVersion:
    label = f"{sha[:12]}:"

    def at_commit(name: str) -> bytes:  # a file a dvc.yaml lists (under the same label)
        name = name[len(label) :] if name.startswith(label) else name
        blob = blob_at(git, sha, name, label + name, max_bytes)
        if blob.data is None:
            raise LoadError([Issue("no such file at this commit", blob.label)])
        return blob.data

    docs = []
    try:
        for name in files:
            blob = blob_at(git, sha, name, label + name, max_bytes)
            if blob.data is None:
                return PastVersion(sha, date, None, f"{name} does not exist at this commit")
            docs.append(read(blob.data, blob.label, at_commit))
    except GateError as exc:
        return PastVersion(sha, date, None, exc.issues[0].describe())
    from gate.load import combine

    return PastVersion(sha, date, combine(docs))
