"""Every sentence gate says about a result: why a model does not qualify, what a finding
means, the verdict. Text, Markdown, JSON and annotations all take their words from here;
`escape` makes untrusted names safe for the place they are written to."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import cache

from gate.policy import Change, Requirement, Rule
from gate.render.numbers import format_number
from gate.result import ChangeCheck, Check, Finding, GapCheck, GateResult, ModelResult

Escape = Callable[[str], str]


def same(text: str) -> str:
    return text


@cache  # once per rule, not once per failing model
def limit(rule: Rule) -> str:
    """`>= 0.8`: what a value must satisfy."""
    return f"{rule.op} {format_number(rule.threshold)}"


def amount(change: Change) -> str:
    """`0.02` or `2%`."""
    if change.relative:
        return f"{format_number(round(change.amount * 100, 10))}%"
    return format_number(change.amount)


def requirement(require: Requirement) -> str:
    if require.kind == "count":
        return f"at least {require.number}"
    if require.kind == "model":
        return str(require.model)
    return require.kind


def bound(value: float | None) -> str:
    return "" if value is None else f"{value:.4g}"


def check_reason(check: Check, escape: Escape = same) -> str:
    rule = check.rule
    metric = escape(rule.metric)
    where = "" if check.slice is None else f"slice {escape(check.slice)}: "
    value = check.value
    if value is None:
        return f"{where}missing metric {metric} (needs {metric} {limit(rule)})"
    if check.no_samples:
        return f"{where}{metric} has no sample count, which --confidence needs"
    if check.interval is None or check.level is None:
        return f"{where}{metric} {format_number(value)} fails {limit(rule)}"
    side = "lower" if rule.higher_is_better else "upper"
    judged = f"{side} {check.level:.0%} bound {bound(check.judged)}"
    return f"{where}{metric} {format_number(value)} ({judged}) fails {limit(rule)}"


def gap_reason(gap: GapCheck, escape: Escape = same) -> str:
    if not (gap.high and gap.low):
        return ""
    spread = gap.spread
    size = format_number(round(spread, 12)) if math.isfinite(spread) else "beyond any number"
    return (
        f"{escape(gap.gap.metric)} gap {size} between "
        f"slices {escape(gap.high[0])} ({format_number(gap.high[1])}) and "
        f"{escape(gap.low[0])} ({format_number(gap.low[1])}) exceeds "
        f"{format_number(gap.gap.amount)}"
    )


def regression_reason(check: ChangeCheck, escape: Escape = same) -> str:
    metric = escape(check.limit.metric)
    where = "" if check.slice is None else f"slice {escape(check.slice)}: "
    if check.value is None:
        return f"{where}missing metric {metric} (needed to compare with the baseline)"
    if check.reference is None:
        return ""
    change, was = check.limit, check.reference
    verb = "fell" if change.higher_is_better else "rose"
    relative = ""
    share = check.worsening / abs(was) * 100 if was != 0 else math.nan
    if math.isfinite(share):
        relative = f" ({format_number(round(share, 1))}%)"
    allowed = amount(change)
    if change.relative and was == 0:
        allowed += " of a zero baseline, so none"
    worse = check.worsening
    by = format_number(round(worse, 12)) if math.isfinite(worse) else "more than any number"
    return (
        f"{where}{metric} {verb} by {by}{relative}, "
        f"from {format_number(was)} to {format_number(check.value)}; "
        f"at most {allowed} allowed"
    )


def model_reason(result: ModelResult, escape: Escape = same) -> str:
    """Why the model does not qualify (empty when it does), then notes."""
    if result.qualified and not result.ungated:
        return ""
    failed = [check_reason(c, escape) for c in result.checks if not c.passed]
    if result.slice_checks or result.gaps or result.regressions or result.unsliced:
        failed += [check_reason(c, escape) for c in result.slice_checks if not c.passed]
        failed += [gap_reason(gap, escape) for gap in result.gaps if not gap.passed]
        missing = {c.rule.metric for c in result.checks if c.value is None}
        failed += [
            regression_reason(r, escape)
            for r in result.regressions
            if not r.passed
            and not (r.value is None and r.slice is None and r.limit.metric in missing)
        ]
        if result.unsliced:
            failed.append("no slices, but slice rules apply")
    failed += [
        f"note: slice {escape(s.name)} has {s.samples} samples, too few to gate"
        for s in result.ungated
    ]
    return "; ".join(failed)


MAX_LISTED = 10


def listed(items: Sequence[str], escape: Escape) -> str:
    """Up to MAX_LISTED items, then how many more."""
    shown = ", ".join(escape(item) for item in items[:MAX_LISTED])
    more = len(items) - MAX_LISTED
    return shown + (f" and {more} more" if more > 0 else "")


def _not_in_baseline(args: Sequence[str], escape: Escape) -> str:
    phrases = []
    for i in range(0, len(args), 3):
        model, piece, metric = args[i : i + 3]
        if not metric:
            phrases.append(f"new model {model}")
        else:
            phrases.append(f"{model}{f' slice {piece}' if piece else ''} {metric}")
    return listed(phrases, escape)


def _dataset(name: str, digest: str, escape: Escape) -> str:
    digest = f"sha256 {escape(digest[:12])}…" if digest else ""
    if name and digest:
        return f"{escape(name)}, {digest}"
    return escape(name) if name else digest


_DATASET_CHANGED = (
    "evaluation set changed ({0} → {1}): the baseline and the candidate were measured on "
    "different data, so regressions cannot be judged fairly"
)
_ACCEPT_DATASET = (
    "; if the new evaluation set is intended, accept it with --on-incomparable warn "
    "(action input on-incomparable: warn)"
)


def finding_text(finding: Finding, escape: Escape = same) -> str:
    kind, args, failing = finding.kind, finding.args, finding.blocking
    how = " (--on-missing-baseline fail)" if failing else ""
    if kind == "no-baseline":
        return f"no baseline: {escape(args[0])}, so nothing was compared{how}"
    if kind == "not-in-baseline":
        return f"no baseline for {_not_in_baseline(args, escape)}{how}"
    if kind == "removed":
        return f"removed since the baseline: {listed(args, escape)}"
    if kind == "dataset-unnamed":
        verb = "name" if len(args) == 2 else "names"
        return (
            f"the {' and the '.join(args)} {verb} no evaluation set (run.dataset), so gate "
            "cannot tell whether both were measured on the same data; compared anyway"
        )
    if kind == "dataset-fingerprints":
        return (
            "the baseline and the candidate fingerprint their evaluation sets differently "
            "(one by sha256 only, one by name only); compared anyway"
        )
    if kind == "dataset-changed":
        old, new = _dataset(args[0], args[1], escape), _dataset(args[2], args[3], escape)
        return _DATASET_CHANGED.format(old, new) + (_ACCEPT_DATASET if failing else "")
    return _stale_text(kind, args, escape)


def _stale_text(kind: str, args: Sequence[str], escape: Escape) -> str:
    if kind == "stale-no-commit":
        return (
            "stale-metrics check: the metrics file names no run.commit, so gate cannot tell "
            "whether the metrics describe this code (--code-paths)"
        )
    if kind == "stale-unknown-commit":
        return (
            f"stale-metrics check: cannot compare run.commit {escape(args[0])} with HEAD: "
            f"{escape(args[1])}"
        )
    commit = escape(args[0][:12])
    if kind == "stale-unchanged":
        return (
            f"no file matching --code-paths changed since {commit}, the commit the metrics "
            "were made from"
        )
    assert kind == "stale-changed", kind
    return (
        f"stale metrics: {listed(args[1:], escape)} changed since {commit}, the commit the "
        "metrics were made from; re-run the evaluation and commit its metrics"
    )


def verdict(result: GateResult, escape: Escape = same, findings: bool = True) -> str:
    """What decided the requirement: "2 of 4 models qualify", "model_C qualifies"; then,
    with `findings`, what else failed the gate."""
    require = result.policy.require
    blocking = [finding_text(f, escape) for f in result.findings if f.blocking and findings]
    blocked = "; but " + "; ".join(blocking) if blocking else ""
    if require.kind == "model":
        target = next(m for m in result.models if m.name == require.model)
        name = escape(target.name)
        if target.qualified:
            return f"{name} qualifies{blocked}"
        return f"{name} does not qualify ({model_reason(target, escape)}){blocked}"
    total = len(result.models)
    plural = "s qualify" if total != 1 else " qualifies"
    return f"{len(result.qualified)} of {total} model{plural}{blocked}"


def verdict_line(result: GateResult, escape: Escape = same, findings: bool = True) -> str:
    state = "passed" if result.passed else "failed"
    return (
        f"Gate {state} (require {escape(requirement(result.policy.require))}): "
        f"{verdict(result, escape, findings)}."
    )


def more_models(count: int) -> str:
    """What an error list that stops says about the rest."""
    return f"{count} more model{'s' if count != 1 else ''} with problems of the same kinds"
