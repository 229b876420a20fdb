"""What the gate decided, as values every renderer reads and none recomputes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Callable, Literal, NamedTuple

from gate.metrics import Baseline, Model, Run, Slice
from gate.numbers import format_number
from gate.policy import Gap, Policy, Rule
from gate.regression import MaxRegression

Escape = Callable[[str], str]


def _same(text: str) -> str:
    return text


class Check(NamedTuple):
    """One rule on one model (or one of its slices). Made by `check()`, which judges it."""

    rule: Rule
    value: float | None  # None: the model (or slice) lacks the metric
    passed: bool
    slice: str | None = None
    interval: tuple[float, float] | None = None  # Wilson interval under --confidence
    level: float | None = None
    no_samples: bool = False  # --confidence applies, but the sample count is missing

    @property
    def judged(self) -> float | None:
        """The number the rule is tested on: the value, or its bound in the rule's direction."""
        return _judged(self.rule, self.value, self.interval, self.no_samples)

    def reason(self, escape: Escape = _same) -> str:
        rule = self.rule
        metric = rule.metric if escape is _same else escape(rule.metric)
        where = "" if self.slice is None else f"slice {escape(self.slice)}: "
        value = self.value
        if value is None:
            return f"{where}missing metric {metric} (needs {metric} {rule.limit})"
        if self.interval is None or self.level is None:  # judged on the value: the common case
            if self.no_samples:
                return f"{where}{metric} has no sample count, which --confidence needs"
            return f"{where}{metric} {format_number(value)} fails {rule.limit}"
        side = "lower" if rule.higher_is_better else "upper"
        bound = f"{side} {self.level:.0%} bound {bound_text(self.judged)}"
        return f"{where}{metric} {format_number(value)} ({bound}) fails {rule.limit}"


def check(
    rule: Rule,
    value: float | None,
    slice: str | None = None,
    *,
    interval: tuple[float, float] | None = None,
    level: float | None = None,
    no_samples: bool = False,
) -> Check:
    judged = _judged(rule, value, interval, no_samples)
    passed = judged is not None and rule.test(judged)
    return Check(rule, value, passed, slice, interval, level, no_samples)


def _judged(
    rule: Rule, value: float | None, interval: tuple[float, float] | None, no_samples: bool
) -> float | None:
    if value is None or no_samples:
        return None
    if interval is None:
        return value
    return interval[0] if rule.higher_is_better else interval[1]


def bound_text(value: float | None) -> str:
    return "" if value is None else f"{value:.4g}"


class GapCheck(NamedTuple):
    """Best minus worst gated slice on one metric."""

    gap: Gap
    high: tuple[str, float] | None = None  # (slice, value); None with fewer than two slices
    low: tuple[str, float] | None = None

    @property
    def spread(self) -> float:
        return self.high[1] - self.low[1] if self.high and self.low else 0.0

    @property
    def passed(self) -> bool:
        return self.spread <= self.gap.amount + 1e-12  # 0.92 - 0.80 is 0.12000000000000001

    def reason(self, escape: Escape = _same) -> str:
        if not (self.high and self.low):
            return ""
        return (
            f"{escape(self.gap.metric)} gap {format_number(round(self.spread, 12))} between "
            f"slices {escape(self.high[0])} ({format_number(self.high[1])}) and "
            f"{escape(self.low[0])} ({format_number(self.low[1])}) exceeds "
            f"{format_number(self.gap.amount)}"
        )


class RegressionCheck(NamedTuple):
    """One metric of one model (or slice) held against the baseline's value."""

    limit: MaxRegression
    baseline: float | None  # None: nothing to compare with (reported as a missing baseline)
    value: float | None  # None: the candidate lacks the metric
    slice: str | None = None

    @property
    def change(self) -> float | None:
        if self.baseline is None or self.value is None:
            return None
        return self.value - self.baseline

    @property
    def worsening(self) -> float:
        change = self.change or 0.0
        return -change if self.limit.higher_is_better else change

    @property
    def passed(self) -> bool:
        if self.value is None:
            return False
        if self.baseline is None:
            return True
        return self.worsening <= self.limit.allowed(self.baseline) + 1e-12

    def reason(self, escape: Escape = _same) -> str:
        metric = escape(self.limit.metric)
        where = "" if self.slice is None else f"slice {escape(self.slice)}: "
        if self.value is None:
            return f"{where}missing metric {metric} (needed to compare with the baseline)"
        if self.baseline is None:
            return ""
        limit = self.limit
        verb = "fell" if limit.higher_is_better else "rose"
        relative = ""
        if self.baseline != 0:
            relative = f" ({format_number(round(self.worsening / abs(self.baseline) * 100, 1))}%)"
        allowed = limit.amount_text()
        if limit.relative and self.baseline == 0:
            allowed += " of a zero baseline, so none"
        return (
            f"{where}{metric} {verb} by {format_number(round(self.worsening, 12))}{relative}, "
            f"from {format_number(self.baseline)} to {format_number(self.value)}; "
            f"at most {allowed} allowed"
        )


class Finding(NamedTuple):
    """Something about the run as a whole (no baseline, another evaluation set, stale
    metrics). `template` is ours; `args` are untrusted and escaped where shown. A blocking
    finding fails the gate whatever the models do."""

    template: str
    args: tuple[str, ...] = ()
    level: Literal["note", "warning", "error"] = "warning"  # "error" fails the gate

    @property
    def blocking(self) -> bool:
        return self.level == "error"

    def text(self, escape: Escape = _same) -> str:
        return self.template.format(*(escape(arg) for arg in self.args))


MAX_LISTED_ARGS = 10


def listed(items: Sequence[str], first: int = 0) -> str:
    """Placeholders `{first}, {first+1}, …` for up to MAX_LISTED_ARGS items of a Finding's
    args, then how many more."""
    shown = min(len(items), MAX_LISTED_ARGS)
    text = ", ".join(f"{{{first + i}}}" for i in range(shown))
    return text + (f" and {len(items) - shown} more" if len(items) > shown else "")


class ModelResult(NamedTuple):
    model: Model
    qualified: bool  # see qualifies()
    checks: tuple[Check, ...]
    slice_checks: tuple[Check, ...] = ()
    gaps: tuple[GapCheck, ...] = ()
    unsliced: bool = False  # slice rules apply, but the model has no slices
    ungated: tuple[Slice, ...] = ()  # slices under --min-slice-samples: shown, not gated
    regressions: tuple[RegressionCheck, ...] = ()
    baseline: Model | None = None  # the same-named model of the baseline
    new: bool = False  # a baseline is in use and has no model of this name

    @property
    def name(self) -> str:
        return self.model.name

    def reason(self, escape: Escape = _same) -> str:
        """Why the model does not qualify (empty when it does), then notes. `escape` applies
        to names."""
        if self.qualified and not self.ungated:
            return ""
        extras = self.slice_checks or self.gaps or self.regressions or self.ungated
        if not (extras or self.unsliced):  # rules on the model alone: the common case
            checks = self.checks
            if len(checks) == 1:  # one rule, and the model failed it
                return checks[0].reason(escape)
            return "; ".join([c.reason(escape) for c in checks if not c.passed])
        failed = [c.reason(escape) for c in (*self.checks, *self.slice_checks) if not c.passed]
        failed += [gap.reason(escape) for gap in self.gaps if not gap.passed]
        missing = {c.rule.metric for c in self.checks if c.value is None}
        failed += [
            r.reason(escape)
            for r in self.regressions
            if not r.passed
            and not (r.value is None and r.slice is None and r.limit.metric in missing)
        ]
        if self.unsliced:
            failed.append("no slices, but slice rules apply")
        failed += [
            f"note: slice {escape(s.name)} has {s.samples} samples, too few to gate"
            for s in self.ungated
        ]
        return "; ".join(failed)


# What follows the required fields, for building records in hot loops as
# `tuple.__new__(Check, (rule, value, passed) + CHECK_DEFAULTS)`: half the cost of the
# generated constructor (a Python function) on a 100k-model file.
CHECK_DEFAULTS = tuple(Check._field_defaults.values())
RESULT_DEFAULTS = tuple(ModelResult._field_defaults.values())


def qualifies(
    checks: Sequence[Check],
    slice_checks: Sequence[Check] = (),
    gaps: Sequence[GapCheck] = (),
    unsliced: bool = False,
    regressions: Sequence[RegressionCheck] = (),
) -> bool:
    """Whether a model with these results qualifies: every check passes, and slice rules
    have slices to judge."""
    if unsliced:
        return False
    for done in (checks, slice_checks, gaps, regressions):
        for one in done:
            if not one.passed:
                return False
    return True


class GateResult(NamedTuple):
    file: str
    policy: Policy
    models: tuple[ModelResult, ...]
    qualified: tuple[str, ...]  # names of the qualifying models, in file order
    passed: bool
    best: str | None = None
    baseline: Baseline | None = None
    findings: tuple[Finding, ...] = ()
    run: Run | None = None  # the candidate's lineage: commit, evaluation set, time

    def verdict(self, escape: Escape = _same) -> str:
        """What decided the requirement: "2 of 4 models qualify", "model_C qualifies"."""
        require = self.policy.require
        if require.kind == "model":
            target = next(m for m in self.models if m.name == require.model)
            name = escape(target.name)
            if target.qualified:
                return f"{name} qualifies" + self._blocked(escape)
            return f"{name} does not qualify ({target.reason(escape)})" + self._blocked(escape)
        total = len(self.models)
        plural = "s qualify" if total != 1 else " qualifies"
        return f"{len(self.qualified)} of {total} model{plural}" + self._blocked(escape)

    def _blocked(self, escape: Escape) -> str:
        blocking = [f.text(escape) for f in self.findings if f.blocking]
        return "; but " + "; ".join(blocking) if blocking else ""
