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

from gate.jsonpath import Path, join
from gate.load.document import Parsed
from gate.load.reader import Normalized, ReadOptions, number, refuse, whole

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


class _Collected(NamedTuple):
    metrics: dict[str, Any]
    stderr: dict[str, float]
    directions: dict[str, bool]
    sources: dict[Path, Path]
    slices: dict[str, Any]


def read(parsed: Parsed, how: ReadOptions) -> Normalized:
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
    found = _collect(data, groups)
    metrics, stderr, sources, slices = found.metrics, found.stderr, found.sources, found.slices
    base: Path = ("models", 0)
    if len(tasks) == 1:  # one task: its metrics under their plain names too
        (task,) = tasks
        for metric, value in slices.get(task, {}).get("metrics", {}).items():
            metrics.setdefault(metric, value)
            sources[join(base, "metrics", metric)] = sources[
                join(base, "metrics", f"{task}.{metric}")
            ]
            if f"{task}.{metric}" in stderr:
                stderr.setdefault(metric, stderr[f"{task}.{metric}"])
    if not metrics:
        raise refuse(parsed, ("results",), "the results hold no metric to gate")
    model: dict[str, Any] = {"name": _name(data, how, parsed.file), "metrics": metrics}
    if len(tasks) == 1 and "samples" in slices.get(tasks[0], {}):
        model["samples"] = slices[tasks[0]]["samples"]
    if slices:
        model["slices"] = slices
    return Normalized([model], sources, [stderr], found.directions)


def _collect(data: dict[str, Any], groups: set[str]) -> _Collected:
    """Every task's metrics as TASK.METRIC, its standard errors, and each task (not group)
    as a slice."""
    base: Path = ("models", 0)
    found = _Collected({}, {}, {}, {base: ()}, {})
    for task, row in data["results"].items():
        own: dict[str, Any] = {}
        for key, value in row.items():
            metric, error = _metric(key)
            if metric is None:
                continue
            name = f"{task}.{metric}"
            if error:
                if number(value):
                    found.stderr[name] = value
                continue
            found.metrics[name] = own[metric] = value
            found.sources[join(base, "metrics", name)] = ("results", task, key)
            found.sources[join(base, "slices", task, "metrics", metric)] = ("results", task, key)
            better = _direction(data, task, metric)
            if better is not None:
                found.directions.setdefault(name, better)
                found.directions.setdefault(metric, better)
        if task in groups or not own:
            continue
        piece: dict[str, Any] = {"metrics": own}
        count = whole(_effective(data, task))
        if count is not None:
            piece["samples"] = count
        found.slices[task] = piece
        found.sources[join(base, "slices", task)] = ("results", task)
    return found


def _metric(key: str) -> tuple[str | None, bool]:
    """`acc,none` → (`acc`, False); `acc_stderr,none` → (`acc`, True); `alias` → (None, …)."""
    if key == "alias" or key.startswith("alias,"):
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
    return how.model_name or path
