"""The one resolver: defaults → policy file → flags and inputs, folded row by row of the
settings table into the two records a run needs: the Policy (what to judge) and the Options
(how to run). A value a source gives replaces the one below it; a list adds up, the flags'
after the file's. Each row names the field it fills, so a new setting needs no code here.

The only field two rows fill is the rule set (`min-accuracy` and `thresholds`): its layering
is `_rules`. Pure: the CLI hands in the flags, the policy file's values and what the
environment says.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from gate.errors import PolicyError
from gate.github.context import ApiContext, GitHubContext
from gate.load.reader import ReadOptions
from gate.policy import (
    BaselinePolicy,
    HistoryPolicy,
    Policy,
    Rule,
    SliceGates,
    build_policy,
    combine_rules,
)
from gate.settings import BY_NAME, SETTINGS, Setting

Given = Mapping[str, Any]  # setting name → parsed value, for the settings one source gave


class Options(NamedTuple):
    """How to run: the files, how to read them, where to compare and where to write."""

    metrics_files: tuple[str, ...]
    read: ReadOptions
    github: GitHubContext
    api: ApiContext
    color: bool
    width: int = 0  # the terminal table's columns at most; 0: no limit
    config: str | None = None
    max_file_size: int = 0
    baseline: str | None = None
    baseline_ref: str | None = None
    pr_base: bool = False
    code_paths: tuple[str, ...] = ()
    format: str = "text"
    report: str | None = None
    summary: str | None = None
    junit: str | None = None
    max_rows: int = 1000
    chart: bool = False
    comment: str = "auto"
    comment_id: str = "gate"
    pr: int | None = None
    no_github: bool = False
    each_file: bool = False  # --each-file: every metrics file gated on its own
    progress: str = "auto"  # a progress line on stderr: auto, always, never


class Context(NamedTuple):
    """What the command line and the environment say besides the settings."""

    metrics_files: tuple[str, ...]
    github: GitHubContext
    api: ApiContext
    color: bool
    width: int = 0  # the terminal's columns the table must fit; 0: no limit (a pipe, a log)


def chosen(setting: Setting, flags: Given, file: Given) -> Any:
    """The value that applies: the flag's, else the file's, else the default; lists add up."""
    name = setting.name
    if setting.kind == "list":
        return (*file.get(name, ()), *flags.get(name, ()))
    if name in flags:
        return flags[name]
    return file.get(name, setting.default)


def _fields(prefix: str, flags: Given, file: Given) -> dict[str, Any]:
    """Each field under `prefix` ("run.", "policy.") that a row fills, with its value."""
    return {
        s.fills[len(prefix) :]: chosen(s, flags, file)
        for s in SETTINGS
        if s.fills.startswith(prefix) and s.fills != "policy.rules"
    }


def _record(kind: type[Any], fields: Mapping[str, Any], prefix: str = "") -> Any:
    """`kind` built from the fields under `prefix` (`read.format` fills Options.read)."""
    own = {k[len(prefix) :]: v for k, v in fields.items() if k.startswith(prefix)}
    return kind(**{k: v for k, v in own.items() if "." not in k})


def fold_options(flags: Given, file: Given, context: Context) -> Options:
    fields = _fields("run.", flags, file)
    own = {k: v for k, v in fields.items() if "." not in k}
    return Options(read=_record(ReadOptions, fields, "read."), **own, **context._asdict())


def fold_policy(flags: Given, file: Given) -> Policy:
    """The Policy, combined and checked (build_policy); PolicyError when it cannot gate."""
    fields = _fields("policy.", flags, file)
    rules, implicit = _rules(flags, file)
    try:
        return build_policy(
            rules,
            fields["require"],
            slices=_record(SliceGates, fields, "slices."),
            confidence=fields["confidence"],
            proportions=fields["proportions"],
            baseline=_record(BaselinePolicy, fields, "baseline."),
            history=_record(HistoryPolicy, fields, "history."),
            implicit=implicit,
            runs=fields["runs"],
        )
    except ValueError as exc:
        raise PolicyError(str(exc)) from None


def _rules(flags: Given, file: Given) -> tuple[tuple[Rule, ...], tuple[Rule, ...]]:
    """The file's rules (its min-accuracy, else the default, then its thresholds), then the
    flags' on top, each replacing a rule on the same metric and direction in its place. A
    --min-accuracy settles accuracy's lower bound whatever the file says. Also: the rules
    nobody wrote (the default minimum accuracy)."""
    default = BY_NAME["min-accuracy"].default
    floor = file.get("min-accuracy", default)
    rules = combine_rules([*_accuracy(floor), *file.get("thresholds", ())])
    if "min-accuracy" in flags:
        if flags["min-accuracy"] is None:  # none: no lower bound on accuracy at all
            rules = tuple(r for r in rules if not (r.metric == "accuracy" and r.higher_is_better))
        rules = combine_rules([*rules, *_accuracy(flags["min-accuracy"])])
    rules = combine_rules([*rules, *flags.get("thresholds", ())])
    given = "min-accuracy" in flags or "min-accuracy" in file
    implicit = tuple(r for r in _accuracy(default) if not given and r in rules)
    return rules, implicit


def _accuracy(floor: float | None) -> list[Rule]:
    return [] if floor is None else [Rule("accuracy", ">=", floor)]
