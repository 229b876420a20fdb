"""--history N: the metrics files' last N versions, read from git at the edge.

The versions are what the base branch saw: the N most recent commits on the first-parent
line from the start commit that changed any of the files (or any file they list, such as a
dvc.yaml's metrics), newest first. The start is the pull request's base commit on a pull
request, the first parent when HEAD is a merge (a PR's merge ref), else HEAD, so that a pull
request's own commits never fill the window. When the start is HEAD and HEAD's commit holds
the work tree's files, that commit is the candidate, not history, and is left out. Paths go
to git literally. A shallow clone is deepened in bounded steps until N versions are found,
the clone is complete, or the steps run out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from gate.errors import GateError
from gate.git import Git, GitError, GitTree, renames, resolve_commit, useful_line
from gate.load.reader import Opener
from gate.metrics import History, MetricsDoc, PastVersion
from gate.progress import SILENT, Progress
from gate.trees import Budget

# Deepening: at most this many fetches, each of STEP_PER_VERSION commits per version wanted
# (at least MIN_STEP), doubling each time: 20 versions look through up to 31 × 200 commits.
MAX_FETCHES = 5
STEP_PER_VERSION = 10
MIN_STEP = 50
MAX_ROUNDS = 3  # looks at the log again when versions list files the candidate does not

# Every file of one version, as (data, label, identity, opener) → the version's document.
Read = Callable[[list[tuple[bytes, str, str, Opener]]], MetricsDoc]


def read_history(  # noqa: PLR0917 (what the edge hands over, once)
    git: Git,
    paths: Sequence[str],
    watched: Sequence[str],
    wanted: int,
    base: str | None,
    read: Read,
    budget: Budget,
    progress: Progress = SILENT,
) -> History:
    """`paths`: the metrics files' identities; `watched`: those and the files they list,
    whose commits are versions too; `base`: the pull request's base commit, if any."""
    try:
        start = _start(git, base)
    except GitError as exc:
        return History((), wanted, str(exc))
    here = GitTree(git, start, start[:12], budget)
    absent = [path for path in paths if not here.exists(path)]
    moved = (
        {new: old for new, old in renames(git, start).items() if new in absent} if absent else {}
    )
    watched = list(dict.fromkeys([*watched, *moved.values()]))  # a renamed file keeps its past
    for _ in range(MAX_ROUNDS):  # a version's own dvc.yaml may list files this one does not
        listed: list[str] = []
        try:
            commits, short = _commits(git, start, watched, wanted + 1)
        except GitError as exc:
            return History((), wanted, str(exc))
        if start == "HEAD" and commits and _same_as_work_tree(git, commits[0][0], watched):
            commits = commits[1:]
        versions = []
        for done, (sha, date) in enumerate(commits[:wanted], 1):
            progress.step("reading history", done, len(commits[:wanted]))
            tree = GitTree(git, sha, sha[:12], budget, listed)
            versions.append(_version(tree, date, paths, moved, read))
        more = [path for path in dict.fromkeys(listed) if path not in watched]
        if not more:
            break
        watched += more
    return History(tuple(versions), wanted, short=short if len(versions) < wanted else "")


def _start(git: Git, base: str | None) -> str:
    """Where the base branch's line begins: the PR's base, a merge's first parent, HEAD."""
    if base:
        return resolve_commit(git, base)
    head = git("cat-file", "commit", "HEAD")  # the object's own parents, shallow or not
    parents = [
        line.split()[1]
        for line in head.stdout.decode("ascii", "replace").splitlines()
        if line.startswith("parent ")
    ]
    if head.returncode == 0 and len(parents) > 1:
        return resolve_commit(git, parents[0])
    return "HEAD"


def _commits(
    git: Git, start: str, files: Sequence[str], count: int
) -> tuple[list[tuple[str, str]], str]:
    """Up to `count` first-parent commits from `start` that changed `files`, newest first,
    as (sha, date); and why there may be more than were found (a shallow clone that could
    not be deepened)."""
    step = max(MIN_STEP, STEP_PER_VERSION * count)
    for _ in range(MAX_FETCHES + 1):
        log = git(
            "--literal-pathspecs", "log", "--first-parent", f"-n{count}", "--format=%H %cI",
            start, "--", *files,
        )  # fmt: skip
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
        tip = git.text("rev-parse", start) or start
        deepen = f"--deepen={step}"
        fetch = git("fetch", "--quiet", "--no-tags", "--refmap=", deepen, "origin", tip)
        if fetch.returncode != 0:
            return commits, f"the clone is shallow and deepening it failed: {useful_line(fetch)}"
        step *= 2
    return commits, (
        f"the clone is still shallow after {MAX_FETCHES} deepening fetches; "
        "fetch-depth: 0 on actions/checkout gives the whole history"
    )


def _same_as_work_tree(git: Git, sha: str, files: Sequence[str]) -> bool:
    """The work tree's files are `sha`'s (as git compares them: line-ending filters apply)."""
    return git("--literal-pathspecs", "diff", "--quiet", sha, "--", *files).returncode == 0


def _version(
    tree: GitTree, date: str, paths: Sequence[str], moved: Mapping[str, str], read: Read
) -> PastVersion:
    """The files as one commit had them (under their old names before a rename); a file
    that commit lacks adds nothing to it."""
    found = []
    try:
        for path in paths:
            there = path
            blob = tree.read(path)
            if blob.data is None and path in moved:
                there = moved[path]
                blob = tree.read(there)
            if blob.data is not None:
                found.append((blob.data, blob.label, path, tree.opener(there)))
        if not found:
            missing = "the metrics files do not exist at this commit"
            return PastVersion(tree.commit, date, None, missing)
        return PastVersion(tree.commit, date, read(found))
    except GateError as exc:
        return PastVersion(tree.commit, date, None, exc.issues[0].describe())
