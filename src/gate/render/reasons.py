"""Every sentence gate says about a result: why a model does not qualify, what a finding
means, the verdict. Text, Markdown, JSON and annotations all take their words from here;
`escape` makes untrusted names safe for the place they are written to."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from functools import cache
from itertools import islice

from gate.numbers import format_number, limit_text, signed
from gate.policy import Change, Requirement, Rule
from gate.result import ChangeCheck, Check, GapCheck, ModelResult

Escape = Callable[[str], str]


def same(text: str) -> str:
    return text


@cache  # once per rule, not once per failing model
def limit(rule: Rule) -> str:
    """`>= 0.8`: what a value must satisfy."""
    return limit_text(rule)


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


def change_reason(check: ChangeCheck, escape: Escape = same) -> str:
    """Why a regression, improvement or drift check failed; under --confidence, with the
    interval of the change and what it says."""
    reason = _change_words(check, escape)
    if reason and check.method == "point" and check.examples == 0:
        return f"{reason} {_POINT}"
    if not reason or check.outcome is None or check.interval is None:
        return reason
    return f"{reason}; {interval_words(check)}"


_POINT = (
    "(compared as point values: neither per-example results, standard errors, nor sample counts "
    "of a rate such as accuracy on both sides)"
)


def interval_words(check: ChangeCheck) -> str:
    """`the change's interval [−0.037, +0.017] straddles the limit: inconclusive; about
    4,100 examples per side would settle it`."""
    assert check.interval is not None
    shown = interval_text(check.interval)
    if check.outcome == "inconclusive" and check.kind == "improvement":
        return (
            f"the gain's interval {shown} ({check.method}) straddles the floor: not proven, "
            f"and a floor needs proof{settle(check.growth, check.examples)}"
        )
    if check.outcome == "inconclusive":
        return "inconclusive: " + unsure_words(shown, check.growth, check.examples, check.corrected)
    kept = {"regressed": "beyond", "not-enough": "short of"}.get(str(check.outcome), "within")
    return f"the change's interval {shown} ({check.method}) lies wholly {kept} the limit"


def unsure_words(
    shown: str, growth: float | None, examples: int | None, corrected: int | None
) -> str:
    if corrected:
        return (
            f"regressed alone, but not after Holm's correction over {corrected} checks: at "
            f"the corrected level its interval {shown} straddles the limit"
            f"{settle(growth, examples)}"
        )
    return f"the change's interval {shown} straddles the limit{settle(growth, examples)}"


def interval_text(interval: tuple[float, float]) -> str:
    low, high = interval
    return f"[{signed_or_zero(low)}, {signed_or_zero(high)}]"


def signed_or_zero(number: float) -> str:
    return signed(number, 3) if round(number, 3) != 0 else "0.000"


def settle(growth: float | None, examples: int | None) -> str:
    if growth is None or not math.isfinite(growth):
        return "; a change at the limit is not settled by any feasible number of examples"
    if examples:
        needed = examples * growth
        if needed > 1e9:
            return "; no evaluation set of a feasible size would settle it"
        return f"; about {math.ceil(needed):,} examples per side would settle it"
    return f"; about {growth:.1f}× the data behind the errors would settle it"


def _change_words(check: ChangeCheck, escape: Escape) -> str:
    metric = escape(check.limit.metric)
    where = "" if check.slice is None else f"slice {escape(check.slice)}: "
    if check.value is None:
        against = "the history" if check.kind == "drift" else "the baseline"
        return f"{where}missing metric {metric} (needed to compare with {against})"
    if check.reference is None:
        return ""
    change, was, now = check.limit, check.reference, format_number(check.value)
    allowed = amount(change)
    if change.relative and was == 0:
        allowed += " of a zero " + ("best" if check.kind == "drift" else "baseline") + ", so none"
    if check.kind == "improvement":
        return f"{where}{_moved(check, metric)} the baseline's {format_number(was)} to {now}; " + (
            f"an improvement of at least {allowed} is required"
        )
    if check.kind == "drift":
        side = "below" if change.higher_is_better else "above"
        return (
            f"{where}{metric} {now} is {_size(check.worsening)}{_share(check)} {side} its best "
            f"in the history, {format_number(was)} at {escape(check.source[:12])}; "
            f"at most {allowed} allowed"
        )
    verb = "fell" if change.higher_is_better else "rose"
    return (
        f"{where}{metric} {verb} by {_size(check.worsening)}{_share(check)}, "
        f"from {format_number(was)} to {now}; at most {allowed} allowed"
    )


def _moved(check: ChangeCheck, metric: str) -> str:
    """`accuracy improved by 0.004 (0.5%) on`, `accuracy fell by 0.01 (1.1%) from`."""
    gain = -check.worsening
    if gain == 0:
        return f"{metric} is unchanged from"
    if gain > 0:
        return f"{metric} improved by only {_size(gain)}{_share(check)} on"
    verb = "fell" if check.limit.higher_is_better else "rose"
    return f"{metric} {verb} by {_size(-gain)}{_share(check)} from"


def _size(number: float) -> str:
    return format_number(round(number, 12)) if math.isfinite(number) else "more than any number"


def _share(check: ChangeCheck) -> str:
    """` (3.4%)`: the change relative to the reference, when that is a number."""
    was = check.reference or 0.0
    share = abs(check.worsening) / abs(was) * 100 if was != 0 else math.nan
    return f" ({format_number(round(share, 1))}%)" if math.isfinite(share) else ""


MAX_REASONS = 10  # failed checks one reason lists; the rest are counted


def model_reason(result: ModelResult, escape: Escape = same, most: int | None = MAX_REASONS) -> str:
    """Why the model does not qualify (empty when it does), then notes: the first `most`
    failed checks (None: all of them, for the JSON report), then how many more."""
    if result.qualified and not result.ungated:
        return ""
    extras = bool(result.ungated or result.slice_checks or result.gaps or result.run_checks)
    extras = extras or result.unsliced
    if not (extras or result.regressions or result.improvements or result.drifts):
        failed = [check_reason(c, escape) for c in result.checks if not c.passed]  # rules alone
        if most is None or len(failed) <= most:
            return "; ".join(failed)
    return _cut_reason(result, escape, most)


def _cut_reason(result: ModelResult, escape: Escape, most: int | None) -> str:
    failed = _failed(result, escape)
    shown = list(islice(failed, most)) if most is not None else list(failed)
    more = sum(1 for _ in failed)
    if more:
        shown.append(f"and {more:,} more failed check{'s' if more != 1 else ''}")
    notes = [
        f"note: slice {escape(s.name)} has {s.samples} samples, too few to gate"
        for s in result.ungated[: most if most is not None else None]
    ]
    if most is not None and len(result.ungated) > most:
        notes.append(f"and {len(result.ungated) - most:,} more slices too small to gate")
    return "; ".join([*shown, *notes])


def _failed(result: ModelResult, escape: Escape) -> Iterator[str]:
    """Each failed check's reason, lazily: a model may fail 40,000 slices."""
    if result.run_checks:  # --runs each: the rules are judged run by run
        yield from _runs_failed(result, escape)
    else:
        yield from (check_reason(c, escape) for c in result.checks if not c.passed)
    changes = result.changes
    if not (result.slice_checks or result.gaps or changes or result.unsliced):
        return
    yield from (check_reason(c, escape) for c in result.slice_checks if not c.passed)
    yield from (gap_reason(gap, escape) for gap in result.gaps if not gap.passed)
    missing = {c.rule.metric for c in result.checks if c.value is None}
    yield from (
        change_reason(r, escape)
        for r in changes
        if not r.passed and not (r.value is None and r.slice is None and r.limit.metric in missing)
    )
    if result.unsliced:
        yield "no slices, but slice rules apply"


def _runs_failed(result: ModelResult, escape: Escape) -> Iterator[str]:
    runs = result.run_checks
    passing = sum(1 for checks in runs if all(c.passed for c in checks))
    if passing >= result.runs_required:
        return
    yield f"{passing} of {len(runs)} runs qualify, and --runs each needs {result.runs_required}"
    for number, checks in enumerate(runs, 1):
        for check in checks:
            if not check.passed:
                yield f"run {number}: {check_reason(check, escape)}"


def more_models(count: int) -> str:
    """What an error list that stops says about the rest."""
    return f"{count} more model{'s' if count != 1 else ''} with problems of the same kinds"


def paired_lines(result: ModelResult, escape: Escape = same) -> list[tuple[str, str, str]]:
    """For each regressed check a paired comparison judged: (what changed, the ids that
    became worse, the ids that became better), the ids escaped and the first ten of each."""
    found = []
    for check in result.changes:
        paired = check.paired
        if paired is None or check.outcome not in ("regressed", "not-enough"):
            continue
        where = f" slice {escape(check.slice)}" if check.slice else ""
        head = (
            f"{escape(result.name)}{where} {escape(check.limit.metric)}: "
            f"{paired.newly_wrong:,} of {paired.n:,} examples became worse and "
            f"{paired.newly_right:,} better (p = {paired.p_value:.2g})"
        )
        found.append((head, _ids(paired.wrong_ids, paired.newly_wrong, escape),
                      _ids(paired.right_ids, paired.newly_right, escape)))  # fmt: skip
    return found


def _cut(text: str, most: int = 60) -> str:
    """An id cut before it is escaped, so no escape is cut in half."""
    return text if len(text) <= most else text[: most - 1] + "…"


def _ids(ids: tuple[str | int, ...], count: int, escape: Escape) -> str:
    shown = ", ".join(escape(_cut(str(i))) for i in ids)
    return shown + (f" and {count - len(ids):,} more" if count > len(ids) else "")
