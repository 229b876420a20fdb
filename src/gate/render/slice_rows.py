"""A model's failing slices, classes and tasks as rows of their own, in a fold under the
table: each with its value and the limit it broke, not only in a sentence."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from gate.numbers import format_number, signed
from gate.render.markdown_text import escape_html
from gate.result import ModelResult

MAX_SLICE_ROWS = 50  # per model; the JSON report has every one


def slice_folds(
    models: Sequence[ModelResult], escape: Callable[[str], str], op: Callable[..., str]
) -> list[str]:
    """`<details>` per shown model with a failing slice: Slice | Metric | Value | Limit."""
    lines: list[str] = []
    for model in models:
        rows = _rows(model, escape, op)
        if not rows:
            continue
        sliced = len({c.slice for c in model.slice_checks}) or len(model.model.slices)
        failing = len({row[0] for row in rows})
        lines += [
            f"<details><summary>{escape_html(model.name)}: {failing:,} of {sliced:,} slices "
            "fail</summary>",
            "",
            "| Slice | Metric | Value | Limit |",
            "| :-- | :-- | --: | :-- |",
            *(f"| {' | '.join(row)} |" for row in rows[:MAX_SLICE_ROWS]),
        ]
        if len(rows) > MAX_SLICE_ROWS:
            lines += ["", f"and {len(rows) - MAX_SLICE_ROWS:,} more; the JSON report has all"]
        lines += ["", "</details>", ""]
    return lines


def _rows(
    model: ModelResult, escape: Callable[[str], str], op: Callable[..., str]
) -> list[list[str]]:
    rows = []
    for check in model.slice_checks:
        if not check.passed and check.slice is not None:
            value = "missing" if check.value is None else format_number(check.value)
            rows.append([escape(check.slice), escape(check.rule.metric), value, op(check.rule)])
    for change in model.changes:
        if change.slice is None or change.passed or change.reference is None:
            continue
        value = "missing" if change.value is None else format_number(change.value)
        fell = signed(change.change or 0.0, 3)
        allowed = format_number(round(change.limit.of(change.reference), 12))
        limit = f"was {format_number(change.reference)} ({fell}); at most {allowed} worse"
        rows.append([escape(change.slice), escape(change.limit.metric), value, limit])
    return rows
