"""The policy as values: rules, the requirement, slice gates, baseline limits. Text becomes
these values in parse.py; fold.py builds the Policy from every source, through build_policy."""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable
from typing import Callable, Literal, NamedTuple

from gate.schema import proportion_metrics

Op = Literal[">=", ">", "<=", "<"]
OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
}


class Rule(NamedTuple):
    metric: str
    op: Op
    threshold: float

    @property
    def higher_is_better(self) -> bool:
        return self.op in (">=", ">")


class Requirement(NamedTuple):
    """`any`, `all`, at least `number` models, or the named `model`."""

    kind: Literal["any", "all", "count", "model"]
    number: int = 1
    model: str | None = None


class Gap(NamedTuple):
    """Best slice minus worst slice of `metric` may be at most `amount`."""

    metric: str
    amount: float


class SliceGates(NamedTuple):
    """Rules every slice must meet, gaps between slices, and the sample floor for gating."""

    rules: tuple[Rule, ...] = ()
    gaps: tuple[Gap, ...] = ()
    min_samples: int = 0

    @property
    def active(self) -> bool:
        return bool(self.rules or self.gaps)


class Change(NamedTuple):
    """A change of `metric` against a reference value: `amount` itself, or (`relative`) that
    fraction of the reference's magnitude. As a regression limit it is the most a metric may
    get worse; as an improvement floor, the least it must get better."""

    metric: str
    amount: float
    relative: bool = False
    higher_is_better: bool | None = None  # settled by build_policy: rule, name; else the file

    def of(self, reference: float) -> float:
        return self.amount * abs(reference) if self.relative else self.amount


OnMissing = Literal["pass", "warn", "fail"]
OnIncomparable = Literal["warn", "fail"]


class BaselinePolicy(NamedTuple):
    """Limits against the baseline and the answers to "no baseline" and "other data".
    `on_missing` is None when no setting gave it: "warn" for a baseline, "fail" for a
    history that --max-drift needs (see `missing`)."""

    regressions: tuple[Change, ...] = ()
    on_missing: OnMissing | None = None
    on_incomparable: OnIncomparable = "fail"
    slices: bool = False  # --slice-regressions: the limits apply to each slice too
    improvements: tuple[Change, ...] = ()  # --min-improvement: the least a model must gain
    on_inconclusive: OnMissing = "warn"  # --confidence: an interval astride its limit

    def missing(self, default: OnMissing = "warn") -> OnMissing:
        return self.on_missing or default


class HistoryPolicy(NamedTuple):
    """--history N: the metrics files' last N versions in git; --max-drift against the best
    each model reached in them."""

    depth: int = 0
    drifts: tuple[Change, ...] = ()


NO_SLICE_GATES = SliceGates()
NO_BASELINE_LIMITS = BaselinePolicy()
NO_HISTORY = HistoryPolicy()


class Runs(NamedTuple):
    """--runs: a model evaluated in several runs is judged on their mean, on its worst run,
    or on each run (at least `required` of them qualifying; None: all)."""

    mode: Literal["mean", "worst", "each"]
    required: int | None = None


class Policy(NamedTuple):
    """What to judge. Each field is filled by the settings table's rows (settings.py)."""

    rules: tuple[Rule, ...]
    require: Requirement
    slices: SliceGates = NO_SLICE_GATES
    confidence: float | None = None  # a level such as 0.95: judge proportions on Wilson bounds
    proportions: tuple[str, ...] = ()  # declared by the policy, beyond the built-ins
    baseline: BaselinePolicy = NO_BASELINE_LIMITS
    history: HistoryPolicy = NO_HISTORY
    implicit: tuple[Rule, ...] = ()  # rules nobody wrote: the default --min-accuracy
    runs: Runs | None = None  # None: a model in several files is an error

    def is_proportion(self, metric: str, declared: frozenset[str] = frozenset()) -> bool:
        """`declared`: what the file's tool documents as proportions (lm-eval's acc)."""
        return metric in self.proportions or metric in declared or metric in proportion_metrics()

    def is_rate(self, metric: str, declared: frozenset[str] = frozenset()) -> bool:
        """A mean of 0/1 (or [0, 1]) outcomes over the samples, such as accuracy, so that
        the sample count is its binomial n (--confidence's Newcombe interval of a change).
        Recall's n is its positives and F1's is no count at all: they are not rates."""
        return metric in self.proportions or metric in declared or rate_like(metric)

    def named_metrics(self) -> list[str]:
        """Every metric a rule or a limit names, in that order: the review's columns."""
        named = [rule.metric for rule in self.rules]
        named += [x.metric for x in self.baseline.regressions + self.baseline.improvements]
        named += [x.metric for x in self.history.drifts]
        return list(dict.fromkeys(named))


# Which way is better for metrics nobody wrote a rule on. A name is looked up whole, then its
# last dotted part without a filter (lm-eval's `gsm8k.exact_match,strict-match`), then by
# its words (`val_loss`, `latency_ms`, `error-rate`); a name with words of both kinds, or of
# neither, needs a rule to say.
HIGHER_IS_BETTER = frozenset(
    {"accuracy", "acc", "f1", "precision", "recall", "auc", "roc_auc", "acc_norm", "exact_match",
     "bleu", "map", "ndcg", "mrr", "mcc"}
)  # fmt: skip
LOWER_IS_BETTER = frozenset({"loss", "error", "latency", "perplexity", "wer", "cer", "mae", "rmse"})


# Words that make a name the change or spread of a metric, whose direction is its own:
# `error_reduction` is better higher, `accuracy_drop` lower, `f1_std` neither.
CHANGE_WORDS = frozenset(
    {"reduction", "improvement", "drop", "gap", "std", "stdev", "var", "variance", "delta",
     "change", "diff", "difference", "gain", "decrease", "increase", "regression", "spread"}
)  # fmt: skip


def known_direction(metric: str) -> bool | None:
    """True when higher is better, False when lower is, None when the name does not say."""
    name = metric.lower()
    last = name.rpartition(".")[2].partition(",")[0]
    for whole in (name, last):
        if whole in HIGHER_IS_BETTER:
            return True
        if whole in LOWER_IS_BETTER:
            return False
    words = set(re.split(r"[^a-z0-9]+", name))
    if words & CHANGE_WORDS:  # `error_reduction`, `accuracy_drop`: a change, not the metric
        return None
    higher, lower = bool(words & HIGHER_IS_BETTER), bool(words & LOWER_IS_BETTER)
    return None if higher == lower else higher


# Metrics whose values tools write either as proportions (0.416) or as percentages (41.6):
# a name with one of these words, or a word starting "rouge".
PROPORTION_WORDS = frozenset(
    {"accuracy", "acc", "precision", "recall", "f1", "auc", "bleu", "wer", "cer", "exact",
     "em", "map", "map50", "iou", "dice", "top1", "top5", "accuracy_top1", "accuracy_top5"}
)  # fmt: skip


# Names of means of 0/1 outcomes over the samples; `balanced_accuracy` is a mean of recalls.
RATE_WORDS = frozenset({"accuracy", "acc", "top1", "top5", "em"})
RATE_ENDINGS = ("exact_match", "pass_rate", "error_rate", "acc_norm")


def rate_like(metric: str) -> bool:
    last = metric.rpartition(".")[2].partition(",")[0].lower()
    words = set(re.split(r"[^a-z0-9]+", last))
    return "balanced" not in words and (bool(words & RATE_WORDS) or last.endswith(RATE_ENDINGS))


def proportion_like(metric: str) -> bool:
    words = re.split(r"[^a-z0-9]+", metric.lower())
    return any(w in PROPORTION_WORDS or w.startswith("rouge") for w in words)


def combine_rules(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    """A later rule on the same metric and direction replaces the earlier one, in its place."""
    combined: dict[tuple[str, bool], Rule] = {}
    for rule in rules:
        combined[rule.metric, rule.higher_is_better] = rule  # a dict keeps the first place
    return tuple(combined.values())


def combine_gaps(gaps: Iterable[Gap]) -> tuple[Gap, ...]:
    """A later gap on the same metric replaces the earlier one."""
    return tuple({gap.metric: gap for gap in gaps}.values())


def build_policy(
    rules: Iterable[Rule],
    require: Requirement,
    *,
    slices: SliceGates = NO_SLICE_GATES,
    confidence: float | None = None,
    proportions: Iterable[str] = (),
    baseline: BaselinePolicy = NO_BASELINE_LIMITS,
    history: HistoryPolicy = NO_HISTORY,
    implicit: tuple[Rule, ...] = (),
    runs: Runs | None = None,
) -> Policy:
    """Rules combined, a later limit on a metric replacing an earlier one, and each limit's
    direction settled by the metric's first rule or gate's table of names (None when
    neither says: the file and its reference may settle it, evaluate/names.py). ValueError
    when the policy cannot gate."""
    combined = combine_rules(rules)
    if not combined:
        raise ValueError(
            "no rules to check: --min-accuracy none and no --threshold would let every model "
            "through; add a --threshold"
        )
    gates = SliceGates(combine_rules(slices.rules), combine_gaps(slices.gaps), slices.min_samples)
    if history.drifts and not history.depth:
        raise ValueError(
            "--max-drift compares with the best of the last N versions: give --history N too"
        )
    directions: dict[str, bool] = {}
    for rule in combined:
        directions.setdefault(rule.metric, rule.higher_is_better)

    def settled(changes: Iterable[Change]) -> tuple[Change, ...]:
        return tuple(
            c._replace(higher_is_better=directions.get(c.metric, known_direction(c.metric)))
            for c in last_per_metric(changes)
        )

    baseline = baseline._replace(
        regressions=settled(baseline.regressions), improvements=settled(baseline.improvements)
    )
    history = history._replace(drifts=settled(history.drifts))
    named = tuple(dict.fromkeys(proportions))
    return Policy(combined, require, gates, confidence, named, baseline, history, implicit, runs)


def last_per_metric(changes: Iterable[Change]) -> tuple[Change, ...]:
    """A later limit on a metric replaces the earlier one."""
    return tuple({change.metric: change for change in changes}.values())
