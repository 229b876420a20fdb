"""What a run reads, at the edge: the metrics files, the policy file, the baseline (a file,
or the same files at a git ref) and git's answer about stale code. The readers in load/ are
pure; these functions hand them bytes."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any, Callable

from gate.errors import GateError, Issue, LoadError
from gate.files import read_input
from gate.load import combine, read_metrics
from gate.load.reader import ReadOptions
from gate.metrics import Baseline, History, MetricsDoc
from gate.options import Options
from gate.policy_file import Resolved, policy_values, resolve
from gate.render.common import shorten
from gate.result import Finding

STDIN = "<stdin>"


def read_settings(options: Options) -> Resolved:
    """The flags laid over the policy file, if there is one."""
    file_values: dict[str, Any] = {}
    if options.config:
        raw = read_input(options.config, max_bytes=options.max_file_size)
        file_values = policy_values(raw, options.config)
    return resolve(options.flags, file_values)


def reading(values: Mapping[str, Any], metric: str) -> ReadOptions:
    return ReadOptions(
        values["metrics-format"], metric, values["model-name"], values["split"], values["row"]
    )


def read_candidates(options: Options, how: ReadOptions) -> MetricsDoc:
    """Every metrics file of the run, gated together."""
    docs = []
    for path in options.metrics_files:
        stdin = sys.stdin.buffer if path == "-" else None
        raw = read_input(path, stdin, options.max_file_size)
        name = STDIN if path == "-" else path
        docs.append(read_metrics(raw, name, how, _disk(options.max_file_size)))
    return combine(docs)


def validate_files(files: tuple[str, ...], values: Mapping[str, Any]) -> list[str]:
    """`gate validate`: every file read and checked on its own; a line per valid file, or
    one GateError with the problems of every invalid one."""
    how = reading(values, values["metric"])
    size = values["max-file-size"]
    shown: list[str] = []
    issues: list[Issue] = []
    more = 0
    for path in files:
        try:
            raw = read_input(path, max_bytes=size)
            doc = read_metrics(raw, path, how, _disk(size))
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


def _disk(max_bytes: int) -> Callable[[str], bytes]:
    """How a reader gets the files a dvc.yaml names."""
    return lambda path: read_input(path, max_bytes=max_bytes)


def in_repository(options: Options, what: str) -> tuple[str, ...]:
    """The metrics files' paths, for the features that read their repository."""
    if "-" in options.metrics_files:
        raise GateError(f"{what} needs metrics files in the repository, not stdin")
    return options.metrics_files


def load_baseline(
    options: Options, how: ReadOptions, candidate: MetricsDoc, env: Mapping[str, str]
) -> Baseline | None:
    """The baseline named by --baseline, --baseline-ref or --pr-base, read as the candidate
    is. A file named with --baseline must exist; a git baseline gate looked for may be
    missing (the first run, a new file), which the policy decides about."""
    if options.baseline is not None:
        if not os.path.exists(options.baseline):
            raise LoadError(
                [Issue("cannot read the baseline: no such file (--baseline)", options.baseline)]
            )
        raw = read_input(options.baseline, max_bytes=options.max_file_size)
        doc = read_metrics(raw, options.baseline, how, _disk(options.max_file_size))
        return Baseline(options.baseline, same_format(doc, candidate, options.baseline))
    if options.baseline_ref is None and not options.pr_base:
        return None
    return _git_baseline(options, how, candidate, env)


def _git_baseline(
    options: Options, how: ReadOptions, candidate: MetricsDoc, env: Mapping[str, str]
) -> Baseline:
    """The same metrics files at --baseline-ref, or the pull request's base commit."""
    paths = in_repository(options, "a git baseline")
    from gate.git import GitError, file_at  # only with a git baseline

    ref = options.baseline_ref or pull_request_base(options)
    if ref is None:
        return Baseline("the pull request's base", None, _NO_PR_BASE)

    def at_ref(name: str) -> bytes:  # a file a dvc.yaml lists, as it was at the ref
        found = file_at(ref, name, options.max_file_size, env)
        if found.data is None:
            raise LoadError([Issue(f"no such file at {ref}", name)])
        return found.data

    docs, labels = [], []
    for path in paths:
        try:
            blob = file_at(ref, path, options.max_file_size, env)
        except GitError as exc:
            if not options.pr_base:
                raise
            # the fix first: a long git message must not push it out of a cut line
            return Baseline(ref, None, f"{FETCH_HINT} (git: {shorten(str(exc), 300)})")
        labels.append(blob.label)
        if blob.data is not None:
            docs.append(read_metrics(blob.data, blob.label, how, at_ref))
    label = ", ".join(labels)
    if not docs:
        return Baseline(label, None)
    if len(docs) < len(paths):
        return Baseline(label, None, f"not every metrics file exists at {ref}")
    return Baseline(label, same_format(combine(docs), candidate, label))


def load_history(options: Options, how: ReadOptions, depth: int, env: Mapping[str, str]) -> History:
    """--history N: the metrics files' last N versions in git, read as the candidate is."""
    paths = in_repository(options, "--history")
    from gate.history import read_history  # only with --history

    def read(data: bytes, label: str, at_commit: Callable[[str], bytes]) -> MetricsDoc:
        return read_metrics(data, label, how, at_commit)

    return read_history(paths, depth, read=read, max_bytes=options.max_file_size, env=env)


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
    doc: MetricsDoc, options: Options, code_paths: tuple[str, ...], env: Mapping[str, str]
) -> tuple[Finding, ...]:
    """--code-paths: did code the metrics depend on change after run.commit?"""
    from gate.evaluate import stale
    from gate.git import GitError, changed_since

    commit = doc.run.commit if doc.run else None
    if not commit:
        return (stale.no_commit(),)
    path = in_repository(options, "--code-paths")[0]
    try:
        sha, files = changed_since(commit, code_paths, path, env)
    except GitError as exc:
        return (stale.unknown_commit(commit, str(exc)),)
    return (stale.changed(sha, files),)
