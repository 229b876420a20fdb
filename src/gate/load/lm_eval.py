"""lm-evaluation-harness results: v0.4 (`"acc,none"` keys, `n-samples`, `higher_is_better`,
groups) and v0.3 (`acc`, `acc_stderr`).

One model, named by `model_name`, else `pretrained=` in `config.model_args`, else the path.
Its metrics are `TASK.METRIC`: the default filter `,none` is dropped, any other is kept
(`gsm8k.exact_match,strict-match`); with exactly one task its metrics also stand under their
plain names (`acc`). Each task (not a group row) is a slice whose sample count is
`n-samples[task].effective`. Standard errors (`acc_stderr,none`; "N/A" is none) are kept to
be shown beside the values, and `higher_is_better` gives each metric's direction.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from gate.errors import LoadError
from gate.load.examples import lm_eval_samples
from gate.load.mapped import Mapped, ModelMap
from gate.load.parsed import Parsed
from gate.load.reader import Opener, ReadOptions, number, refuse, whole
from gate.metrics import Examples

MARKERS = (
    "versions",
    "config",
    "configs",
    "n-samples",
    "n-shot",
    "higher_is_better",
    "group_subtasks",
)


def is_results(data: Any) -> bool:
    """The signature: a `results` mapping of task → mapping, and one of the harness's own
    bookkeeping keys beside it."""
    if not isinstance(data, dict) or not isinstance(data.get("results"), dict):
        return False
    tasks = data["results"].values()
    return (
        bool(tasks) and all(isinstance(t, dict) for t in tasks) and any(k in data for k in MARKERS)
    )


# Row keys that are bookkeeping, not scores: the task's names and (lm-eval >= 0.4.12) its
# sample counts. Any other non-numeric value is skipped too (a group row's `" ": " "`).
BOOKKEEPING = frozenset({"alias", "name", "sample_len", "sample_count", "samples"})
# Scores lm-eval documents as means of 0/1 (or [0, 1]) outcomes: proportions for --confidence.
PROPORTIONS = frozenset({"acc", "acc_norm", "acc_mutual_info", "exact_match", "f1", "mc1", "mc2"})


def read(parsed: Parsed, how: ReadOptions, opener: Opener | None = None) -> Mapped:
    data = parsed.data
    if not is_results(data):
        raise refuse(
            parsed,
            (),
            "not lm-evaluation-harness results: expected a 'results' mapping of tasks with "
            "'versions', 'config' or 'n-samples' beside it",
        )
    groups = _groups(data)
    tasks = [task for task in data["results"] if task not in groups]
    found = _Found(ModelMap(_name(data, how, parsed.file)), {}, set())
    for task, row in data["results"].items():
        if isinstance(row, dict):
            _task(found, data, task, row, (task not in groups, tasks == [task]))
    if not found.model.entries:
        raise refuse(parsed, ("results",), "the results hold no metric to gate")
    if how.examples and opener is not None:
        found.model.examples = _samples(parsed.file, tasks, opener)
    return Mapped([found.model], found.directions, frozenset(found.proportions), _note(data))


def _samples(file: str, tasks: list[str], opener: Opener) -> Examples | None:
    """The `--log_samples` files beside a `results_<stamp>.json`, where there are any:
    `samples_<task>_<stamp>.jsonl`. The only task's columns also under its plain names."""
    name = file.replace("\\", "/").rpartition("/")[2]
    if not (name.startswith("results_") and name.endswith(".json")):
        return None
    stamp = name[len("results_") : -len(".json")]
    found = []
    for task in tasks:
        try:
            raw, label = opener(f"samples_{task}_{stamp}.jsonl")
        except LoadError:  # not logged: the comparison is not paired
            continue
        found.append((task, raw, label))
    examples = lm_eval_samples(found, found[0][2]) if found else None
    if examples is not None and len(tasks) == 1:
        plain = {k.partition(".")[2]: v for k, v in examples.columns.items()}
        skipped = {k.partition(".")[2] for k in examples.skipped}
        examples = examples._replace(
            columns={**examples.columns, **plain},
            skipped=tuple(sorted({*examples.skipped, *skipped})),
        )
    return examples


class _Found(NamedTuple):
    model: ModelMap
    directions: dict[str, bool]
    proportions: set[str]


def _task(
    found: _Found, data: dict[str, Any], task: str, row: dict[str, Any], kind: tuple[bool, bool]
) -> None:
    """One row: TASK.METRIC metrics and standard errors; a task (not a group) is a slice
    with its sample count; the only task's metrics also under their plain names."""
    sliced, only = kind
    model, named = found.model, []
    for key, value in row.items():
        metric, error = _metric(key)
        if metric is None or not number(value):
            continue
        name, at = f"{task}.{metric}", ("results", task, key)
        if error:
            model.stderr(name, value, at)
            if only:
                model.stderr(metric, value, at)
            continue
        model.metric(name, value, at)
        named.append(name)
        if only:
            model.alias(metric, value, at)
        if sliced:
            model.slice(task, ("results", task))
            model.slice_metric(task, metric, value, at)
        better = _direction(data, task, metric)
        if better is not None:
            found.directions.setdefault(name, better)
            found.directions.setdefault(metric, better)
        if metric.partition(",")[0] in PROPORTIONS:
            found.proportions.update((name, metric))
    count = whole(_effective(data, task))
    if sliced and count is not None and ("slices", task) in model.places:
        at = ("n-samples", task, "effective")
        model.samples(count, at, task)
        if only:
            model.samples(count, at)
        for name in named:
            model.count(name, count, at)


def _note(data: dict[str, Any]) -> str:
    """A run with --limit scored each task on its first N examples, not its whole set."""
    config = data.get("config")
    limit = config.get("limit") if isinstance(config, dict) else None
    if not number(limit) or not limit:
        return ""
    shown = f"{limit:g}"
    if limit < 1:  # lm-eval reads a limit below 1 as a share of each task's set
        return f"run with --limit {shown}: each task scored on {limit:.0%} of its set"
    return (
        f"run with --limit {shown}: each task scored on at most {shown} examples, not its whole set"
    )


def _metric(key: str) -> tuple[str | None, bool]:
    """`acc,none` → (`acc`, False); `acc_stderr,none` → (`acc`, True); `alias` → (None, …)."""
    if key.partition(",")[0] in BOOKKEEPING:
        return None, False
    metric, comma, flt = key.partition(",")
    error = metric.endswith("_stderr")
    if error:
        metric = metric[: -len("_stderr")]
    if comma and flt != "none":
        metric = f"{metric},{flt}"
    return metric, error


def _groups(data: dict[str, Any]) -> set[str]:
    """Rows that aggregate other rows: v0.4's `groups`, and `group_subtasks` with members."""
    groups = set(data.get("groups") or {}) if isinstance(data.get("groups"), dict) else set()
    subtasks = data.get("group_subtasks")
    if isinstance(subtasks, dict):
        groups |= {name for name, members in subtasks.items() if members}
    return groups


def _direction(data: dict[str, Any], task: str, metric: str) -> bool | None:
    table = data.get("higher_is_better")
    row = table.get(task) if isinstance(table, dict) else None
    value = row.get(metric.partition(",")[0]) if isinstance(row, dict) else None
    return value if isinstance(value, bool) else None


def _effective(data: dict[str, Any], task: str) -> Any:
    counts = data.get("n-samples")
    row = counts.get(task) if isinstance(counts, dict) else None
    return row.get("effective") if isinstance(row, dict) else None


def _name(data: dict[str, Any], how: ReadOptions, path: str) -> str:
    name = data.get("model_name")
    if isinstance(name, str) and name.strip():
        return name.strip()
    config = data.get("config")
    args = config.get("model_args") if isinstance(config, dict) else None
    if isinstance(args, dict) and isinstance(args.get("pretrained"), str):
        return str(args["pretrained"])
    if isinstance(args, str):
        for part in args.split(","):
            key, _, value = part.partition("=")
            if key.strip() == "pretrained" and value.strip():
                return value.strip()
    return how.model_name or how.identity or path
