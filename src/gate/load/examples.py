"""Per-example results (`examples: PATH` beside a model in the full form): JSON Lines, one
object per example, an `id` (a string or an integer, unique) and a number per metric (0/1 for
a proportion). Read through the same opener as a dvc.yaml's files, so the baseline's and
each history version's come from their own ref, and never from outside the repository.

Each metric's mean over the examples must be the model's value (relative 1e-9): examples
that describe another run than the metrics would pair the wrong things.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from gate.errors import Issue, LoadError, SchemaError
from gate.load.parsed import decode
from gate.load.reader import Opener, number
from gate.metrics import Examples, MetricsDoc, Model

RELATIVE = 1e-9


def read_examples(doc: MetricsDoc, opener: Opener, past: bool = False) -> MetricsDoc:
    """`doc` with each model's examples read, checked and attached. In a `past` version
    (a baseline or history commit) examples that are not there or not readable (ignored by
    git, stored in Git LFS) leave that model unpaired, with a note: its metrics still count."""
    if not any(m.examples_at for m in doc.models):
        return doc
    models, unread = [], []
    for model in doc.models:
        if model.examples_at is None:
            models.append(model)
            continue
        try:
            raw, label = opener(model.examples_at)
            examples = parse_examples(raw, label)
        except LoadError as exc:
            if not past:
                raise
            unread.append(f"{model.examples_at} ({exc.issues[0].message})")
            models.append(model)
            continue
        agree(model, examples, doc.file)
        models.append(model._replace(examples=examples))
    note = f"examples not readable here, compared unpaired: {'; '.join(unread)}" if unread else ""
    return doc._replace(models=tuple(models), note="; ".join(filter(None, (doc.note, note))))


LFS = b"version https://git-lfs.github.com/spec/"


def parse_examples(raw: bytes, label: str) -> Examples:
    """The examples, column by column. A million lines are read at the parser's speed and
    checked a column at a time; anything amiss is found again, line by line, by `_explain`,
    which says where."""
    if raw.startswith(LFS):
        message = (
            "a Git LFS pointer, not the examples: fetch them "
            "(git lfs pull; actions/checkout with lfs: true)"
        )
        raise LoadError([Issue(message, label, 1)])
    rows = _parsed(raw)
    if rows is not None and rows:
        found = _columns(rows)
        if found is not None:
            ids, columns = found
            return Examples(label, {name: (ids, values) for name, values in columns.items()})
    return _explain(raw, label)


def lm_eval_samples(found: list[tuple[str, bytes, str]], label: str) -> Examples | None:
    """lm-evaluation-harness `--log_samples` files, (task, bytes, label) each: every line a
    document (`doc_id`) under a filter, with a value for each of its `metrics`. A column
    per `TASK.METRIC` (`,FILTER` unless the filter is `none`), as the results name them.
    A metric whose values are not numbers (ifeval's lists, bleu's pairs) is skipped: its
    result is not a mean over the samples, so there is nothing to pair."""
    columns: dict[str, tuple[list[Any], list[float]]] = {}
    skipped: set[str] = set()
    for task, raw, where in found:
        rows = _parsed(raw)
        if rows is None:
            rows = [row for _, row in _rows(raw, where)]
        for line, row in enumerate(rows, 1):
            names = row.get("metrics") if isinstance(row, dict) else None
            if not isinstance(names, list) or "doc_id" not in row:
                raise _at(where, line, "each sample needs a doc_id and its metrics")
            flt = row.get("filter", "none")
            for name in names:
                metric = f"{task}.{name}" + ("" if flt == "none" else f",{flt}")
                value = row.get(name)
                if isinstance(value, bool):
                    value = int(value)
                if metric in skipped or not _usable(value):
                    skipped.add(metric)
                    continue
                ids, values = columns.setdefault(metric, ([], []))
                ids.append(row["doc_id"])
                values.append(value)
    for metric, (ids, _) in columns.items():
        if len(set(ids)) != len(ids):
            raise LoadError([Issue(f"a doc_id is there twice for {metric!r}", label)])
    kept = {k: (tuple(i), tuple(v)) for k, (i, v) in columns.items() if k not in skipped}
    if not kept and not skipped:
        return None
    return Examples(label, kept, tuple(sorted(skipped)))


LARGEST = 1e300  # beyond it, a sum or a difference of two values may overflow


def _usable(value: Any) -> bool:
    return number(value) and math.isfinite(value) and abs(value) <= LARGEST


def _parsed(raw: bytes) -> list[Any] | None:
    """Every line's value at once (msgspec, its duplicate keys proven absent), or None."""
    from gate.load.json_fast import NOTHING, parse_fast

    lines = list(filter(None, map(bytes.strip, raw.split(b"\n"))))
    data = parse_fast(b"[" + b",".join(lines) + b"]") if lines else []
    return data if data is not NOTHING and isinstance(data, list) else None


def _columns(rows: list[Any]) -> tuple[tuple[str | int, ...], dict[str, tuple[float, ...]]] | None:
    """ids and columns when every row is an object with a good unique id and the same
    finite numbers as the first; None to have `_explain` say what is not."""
    if set(map(type, rows)) != {dict}:
        return None
    keys = rows[0].keys()
    if "id" not in keys or not all(map(keys.__eq__, map(dict.keys, rows))):
        return None
    ids = tuple(map(_ID, rows))
    if set(map(type, ids)) not in ({str}, {int}) or len(set(ids)) != len(ids):
        return None
    columns = {}
    for name in keys:
        if name != "id":
            column = tuple(map(itemgetter(name), rows))
            if not (set(map(type, column)) <= {int, float} and _bounded(column)):
                return None
            columns[name] = column
    return ids, columns


_ID = itemgetter("id")


def _bounded(column: tuple[Any, ...]) -> bool:
    """Finite and within ±LARGEST (NaN fails every comparison)."""
    return all(-LARGEST <= v <= LARGEST for v in column)


def _explain(raw: bytes, label: str) -> Examples:
    """The same reading, line by line, raising at the first line that is not right."""
    rows = _rows(raw, label)
    ids: list[str | int] = []
    seen: dict[str | int, int] = {}
    columns: dict[str, list[float]] = {}
    for line, row in rows:
        key = row.get("id")
        if isinstance(key, bool) or not isinstance(key, (str, int)):
            raise _at(label, line, 'each example needs an "id": a string or an integer')
        if key in seen:
            raise _at(label, line, f"the id {key!r} is used twice (first on line {seen[key]})")
        if ids and type(key) is not type(ids[0]):
            raise _at(label, line, _KINDS.format(json.dumps(ids[0]), json.dumps(key)))
        seen[key] = line
        for name, value in row.items():
            if name == "id":
                continue
            if not _usable(value):
                raise _at(
                    label, line, f"{name!r}: expected a finite number within ±1e300, got {value!r}"
                )
            column = columns.setdefault(name, [])
            if len(column) != len(ids):
                raise _at(label, line, f"{name!r} is missing from the examples before this one")
            column.append(value)
        ids.append(key)
        short = [name for name, column in columns.items() if len(column) != len(ids)]
        if short:
            raise _at(label, line, f"this example has no {short[0]!r}, which others have")
    if not ids:
        raise LoadError([Issue("no examples in this file", label, 1)])
    every = tuple(ids)
    return Examples(label, {name: (every, tuple(values)) for name, values in columns.items()})


_KINDS = "ids must all be strings or all integers: the first is {}, this one {}"


def _rows(raw: bytes, label: str) -> list[tuple[int, dict[str, Any]]]:
    """(line, object) for each non-blank line; duplicate keys, NaN and Infinity refused."""
    rows = []
    for index, text in enumerate(decode(raw, label).split("\n"), 1):
        if not text.strip():
            continue
        try:
            value = json.loads(text, object_pairs_hook=_unique, parse_constant=_constant)
        except ValueError as exc:
            raise _at(label, index, f"not a JSON object: {exc}") from None
        if not isinstance(value, dict):
            raise _at(label, index, "each line must be a JSON object, one example")
        rows.append((index, value))
    return rows


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        names = [k for k, _ in pairs]
        raise ValueError(f"duplicate key {next(k for k in names if names.count(k) > 1)!r}")
    return result


def _constant(word: str) -> Any:
    raise ValueError(f"{word} is not a finite number")


def agree(model: Model, examples: Examples, file: str) -> None:
    """Each metric's mean over the examples is the model's value (relative 1e-9)."""
    for metric, column in examples.columns.items():
        problem = _disagrees(model, metric, column[1])
        if problem:
            message = (
                f"model {model.name!r}: the mean of {metric!r} over the {len(column[1]):,} "
                f"examples in {examples.label} is {problem[0]!r}, but the metrics file says "
                f"{problem[1]!r}; the examples must be of the same run"
            )
            raise SchemaError([Issue(message, file)])


def agreeing(model: Model, examples: Examples) -> Examples:
    """A tool's logged examples without the columns whose mean is not the model's value
    (lambada's perplexity logs log-likelihoods): those are skipped, not paired."""
    off = [k for k, (_, column) in examples.columns.items() if _disagrees(model, k, column)]
    if not off:
        return examples
    kept = {k: v for k, v in examples.columns.items() if k not in off}
    return examples._replace(columns=kept, skipped=tuple(sorted({*examples.skipped, *off})))


def _disagrees(model: Model, metric: str, column: Sequence[float]) -> tuple[float, float] | None:
    value = model.metrics.get(metric)
    if value is None:
        return None
    mean = math.fsum(column) / len(column)
    if math.isclose(mean, value, rel_tol=RELATIVE, abs_tol=1e-12):
        return None
    return mean, value


def _at(label: str, line: int, message: str) -> LoadError:
    return LoadError([Issue(message, label, line)])
