"""What a run reads, at the edge: the metrics files, the policy file, the baseline (a file,
or the same files at a git ref), their history, and git's answer about stale code. The
readers in load/ are pure; these functions hand them bytes and say where files are
(trees.py: the work tree; git.py: a commit)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, NamedTuple

from gate.errors import GateError, Issue, LoadError
from gate.files import read_input
from gate.findings import Finding
from gate.fold import Context, Given, Options, fold_options, fold_policy
from gate.load.combine import combine
from gate.load.read import read_metrics
from gate.load.reader import Opener, ReadOptions
from gate.metrics import Baseline, History, MetricsDoc
from gate.policy import Policy
from gate.policy_file import policy_values
from gate.progress import SILENT, Progress
from gate.render.common import shorten
from gate.trees import Budget, Located, WorkTree, locate


class Candidates(NamedTuple):
    doc: MetricsDoc
    files: tuple[Located, ...]  # each file once, in the order named
    docs: tuple[MetricsDoc, ...]  # each file's own, in that order
    listed: tuple[str, ...]  # identities of the files they list (a dvc.yaml's metrics)
    budget: Budget


def read_settings(flags: Given, context: Context) -> tuple[Options, Policy]:
    """The flags laid over the policy file, if there is one, over the defaults."""
    options = fold_options(flags, {}, context)
    file: dict[str, Any] = {}
    if options.config:
        raw = read_input(options.config, max_bytes=options.max_file_size)
        file = policy_values(raw, options.config)
    options, policy = fold_options(flags, file, context), fold_policy(flags, file)
    limits = policy.baseline.regressions + policy.baseline.improvements + policy.history.drifts
    paired = policy.confidence is not None and bool(limits)  # only then are examples read
    how = options.read._replace(examples=paired, runs=policy.runs is not None)
    return options._replace(read=how), policy


def named(how: ReadOptions, identity: str) -> ReadOptions:
    """How to read one file: a format that names no model names it by the file's identity."""
    return how._replace(identity=identity)


def read_candidates(options: Options, cwd: str, progress: Progress = SILENT) -> Candidates:
    """Every metrics file of the run, each once, gated together."""
    unique: dict[tuple[object, str], Located] = {}
    for path in options.metrics_files:
        file = locate(path, cwd)
        unique.setdefault((file.root, file.path), file)  # the first naming is its label
    files = tuple(unique.values())
    work = WorkTree(Budget(options.max_file_size))
    how = options.read
    docs = []
    for done, file in enumerate(files, 1):
        progress.step("reading files", done, len(files))
        raw = work.read(file)
        label = file.path if file.given == "-" else file.given
        docs.append(read_metrics(raw, label, named(how, file.path), work.opener(file)))
    listed = tuple(dict.fromkeys(work.opened))
    return Candidates(combine(docs, how.runs), files, tuple(docs), listed, work.budget)


def validate_files(
    files: tuple[str, ...], how: ReadOptions, max_file_size: int, cwd: str
) -> list[str]:
    """`gate validate`: every file read and checked on its own; a line per valid file, or
    one GateError with the problems of every invalid one."""
    shown: list[str] = []
    issues: list[Issue] = []
    more = 0
    for path in files:
        try:
            file = locate(path, cwd)
            work = WorkTree(Budget(max_file_size))
            doc = read_metrics(work.read(file), path, named(how, file.path), work.opener(file))
        except GateError as exc:
            issues += exc.issues
            more += exc.more
            continue
        count = len(doc.models)
        read_as = "" if doc.source_format == "gate" else f", read as {doc.source_format}"
        shown.append(f"ok {path}: {count} model{'s' if count != 1 else ''}{read_as}")
    if issues:
        raise LoadError(issues, more)
    return shown


def in_repository(candidates: Candidates, what: str) -> tuple[Located, ...]:
    """The metrics files, for the features that read their repository: one repository."""
    files = candidates.files
    if any(f.given == "-" for f in files):
        raise GateError(f"{what} needs metrics files in the repository, not stdin")
    if len({f.root for f in files}) > 1:
        raise GateError(f"{what} needs the metrics files in one git repository")
    return files


def load_baseline(
    options: Options, candidates: Candidates, env: Mapping[str, str], cwd: str
) -> Baseline | None:
    """The baseline named by --baseline, --baseline-ref or --pr-base, read as the candidate
    is. A file named with --baseline must exist; a git baseline gate looked for may be
    missing (the first run, a new file), which the policy decides about."""
    if options.baseline is not None:
        return _file_baseline(options.baseline, options.read, candidates, cwd)
    if options.baseline_ref is None and not options.pr_base:
        return None
    return _git_baseline(options, candidates, env)


def _file_baseline(path: str, how: ReadOptions, candidates: Candidates, cwd: str) -> Baseline:
    """--baseline FILE: the baseline of the one candidate file, named as that file is."""
    if not os.path.exists(path):
        raise LoadError([Issue("cannot read the baseline: no such file (--baseline)", path)])
    file = locate(path, cwd)
    single = len(candidates.files) == 1
    identity = candidates.files[0].path if single else file.path
    work = WorkTree(candidates.budget)
    doc = read_metrics(work.read(file), path, named(how, identity), work.opener(file))
    if not single and not how.model_name and any(m.name == identity for m in doc.models):
        message = (
            "--baseline names one file, and its format names no model, so gate cannot tell "
            "which of the metrics files it is the baseline of; compare with --baseline-ref "
            "(each file with its own past), or gate one file at a time"
        )
        raise LoadError([Issue(message, path)])
    return Baseline(path, same_format(doc, candidates.doc, path))


def _git_baseline(options: Options, candidates: Candidates, env: Mapping[str, str]) -> Baseline:
    """The same metrics files at --baseline-ref, or the pull request's base commit, file by
    file: a file the base lacks brings new models, not a missing baseline."""
    files = in_repository(candidates, "a git baseline")
    from gate.git import GitError, GitTree, renames, repository_git, resolve_commit

    ref = options.baseline_ref or pull_request_base(options)
    if ref is None:
        return Baseline("the pull request's base", None, _NO_PR_BASE)
    try:
        git = repository_git(
            files[0].root, env, "--pr-base" if options.pr_base else "--baseline-ref"
        )
        commit = resolve_commit(git, ref)
    except GitError as exc:
        if not options.pr_base:
            raise
        # the fix first: a long git message must not push it out of a cut line
        return Baseline(ref, None, f"{FETCH_HINT} (git: {shorten(str(exc), 300)})")
    tree = GitTree(git, commit, ref, candidates.budget)
    how = options.read._replace(past=True)
    moved: dict[str, str] | None = None
    docs, labels, absent = [], [], []
    for file, mine in zip(files, candidates.docs):
        blob = tree.read(file.path)
        if blob.data is None:  # a file renamed since keeps its past
            moved = renames(git, commit) if moved is None else moved
            blob = tree.read(moved[file.path]) if file.path in moved else blob
        if blob.data is None:
            absent.append(blob.label)
            continue
        labels.append(blob.label)
        opener = tree.opener((moved or {}).get(file.path, file.path))
        doc = read_metrics(blob.data, blob.label, named(how, file.path), opener)
        docs.append(same_format(doc, mine, blob.label))  # file by file: each its own format
    if not docs:
        return Baseline(", ".join(absent), None)
    return Baseline(", ".join(labels), combine(docs, how.runs), absent=tuple(absent))


def load_history(
    options: Options,
    candidates: Candidates,
    wanted: int,
    env: Mapping[str, str],
    progress: Progress = SILENT,
) -> History:
    """--history N: the metrics files' last N versions on the base branch's line in git,
    read as the candidate is."""
    from gate.git import GitError, repository_git
    from gate.git_history import read_history  # only with --history

    files = in_repository(candidates, "--history")
    try:
        git = repository_git(files[0].root, env, "--history")
    except GitError as exc:
        return History((), wanted, str(exc))

    def read(files: list[tuple[bytes, str, str, Opener]]) -> MetricsDoc:
        how = options.read._replace(past=True)
        docs = [
            read_metrics(raw, label, named(how, path), open_) for raw, label, path, open_ in files
        ]
        return combine(docs, how.runs)

    paths = [f.path for f in files]
    watched = list(dict.fromkeys([*paths, *candidates.listed]))
    base = pull_request_base(options) if options.api.event_name in _PR_EVENTS else None
    found = read_history(git, paths, watched, wanted, base, read, candidates.budget, progress)
    return found


_PR_EVENTS = ("pull_request", "pull_request_target")


def same_format(baseline: MetricsDoc, candidate: MetricsDoc, label: str) -> MetricsDoc:
    """A baseline read as another format than the candidate measures other things."""
    if baseline.source_format != candidate.source_format:
        message = (
            f"the baseline was read as {baseline.source_format} and the candidate as "
            f"{candidate.source_format}: a baseline must be in the candidate's format"
        )
        raise LoadError([Issue(message, label)])
    return baseline


_NO_PR_BASE = "the workflow's event names no pull request base commit"
FETCH_HINT = (
    "gate could not get the pull request's base commit; with actions/checkout, "
    "fetch-depth: 2 gives it, or set baseline-ref"
)


def pull_request_base(options: Options) -> str | None:
    from gate.github.event import base_sha, load_event

    return base_sha(load_event(options.api.event_path))


def stale_findings(
    candidates: Candidates, code_paths: tuple[str, ...], env: Mapping[str, str]
) -> tuple[Finding, ...]:
    """--code-paths: did code the metrics depend on change after run.commit?"""
    from gate.evaluate import stale
    from gate.git import GitError, changed_since, repository_git

    doc = candidates.doc
    commit = doc.run.commit if doc.run else None
    if not commit:
        return (stale.no_commit(),)
    files = in_repository(candidates, "--code-paths")
    try:
        git = repository_git(files[0].root, env, "--code-paths")
        sha, changed = changed_since(git, commit, code_paths)
    except GitError as exc:
        return (stale.unknown_commit(commit, str(exc)),)
    return (stale.changed(sha, changed),)
