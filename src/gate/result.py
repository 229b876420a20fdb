"""What the gate decided, as values every renderer reads and none recomputes. The words
that explain them are in render/reasons.py.

Records are immutable values. Those built once per model or check (a 100k-model run builds
a few hundred thousand) are msgspec Structs (gate/record.py), made in C; the others are
NamedTuples."""

from __future__ import annotations

from operator import attrgetter
from typing import Literal, NamedTuple

from gate.findings import Finding
from gate.metrics import Baseline, Model, Run, Slice
from gate.policy import Change, Gap, Policy, Rule
from gate.record import Record

# Float noise in a subtraction (0.92 - 0.80 is 0.12000000000000001) must not fail a limit.
TOLERANCE = 1e-12


class Check(Record, frozen=True):
    """One rule on one model (or one of its slices)."""

    rule: Rule
    value: float | None  # None: the model (or slice) lacks the metric
    passed: bool
    slice: str | None = None
    interval: tuple[float, float] | None = None  # Wilson interval under --confidence
    level: float | None = None  # the confidence level the check was judged at
    no_samples: bool = False  # --confidence applies, but the sample count is missing

    @property
    def judged(self) -> float | None:
        """The number the rule is tested on: the value, or its bound in the rule's direction."""
        if self.value is None or self.no_samples:
            return None
        if self.interval is None:
            return self.value
        return self.interval[0] if self.rule.higher_is_better else self.interval[1]


class GapCheck(Record, frozen=True):
    """Best minus worst gated slice on one metric."""

    gap: Gap
    high: tuple[str, float] | None = None  # (slice, value); None with fewer than two slices
    low: tuple[str, float] | None = None

    @property
    def spread(self) -> float:
        # floats: two finite values far apart differ by more than a float holds (inf), and
        # an int difference that large would raise where it is shown
        return float(self.high[1]) - float(self.low[1]) if self.high and self.low else 0.0

    @property
    def passed(self) -> bool:
        return self.spread <= self.gap.amount + TOLERANCE


ChangeKind = Literal["regression", "improvement", "drift"]
# Under --confidence a change is judged on its interval: the whole interval past the limit
# (regressed; for a floor, not-enough), within it (within; improved-enough), or astride it.
Outcome = Literal["regressed", "within", "inconclusive", "improved-enough", "not-enough"]
Method = Literal["point", "newcombe", "stderr", "paired"]


class Paired(NamedTuple):
    """What a paired comparison saw, example by example."""

    n: int  # examples on both sides
    newly_wrong: int  # right before, wrong now (for a 0/1 metric; else: worse)
    newly_right: int
    p_value: float  # McNemar's exact test (0/1), or the paired t-test's, of "no change"
    wrong_ids: tuple[str | int, ...] = ()  # the first few of each, for the review
    right_ids: tuple[str | int, ...] = ()
    only_before: int = 0  # ids one side has and the other not: the evaluation set changed
    only_after: int = 0


class ChangeCheck(Record, frozen=True):
    """One metric of one model (or slice) against a reference value: the baseline's for a
    regression limit or an improvement floor, the best of the history for a drift limit."""

    limit: Change
    reference: float | None  # None: nothing to compare with (reported as missing)
    value: float | None  # None: the candidate lacks the metric
    slice: str | None = None
    kind: ChangeKind = "regression"
    source: str = ""  # a drift's reference: the commit whose version reached it
    interval: tuple[float, float] | None = None  # of the change (value − reference)
    method: Method = "point"
    outcome: Outcome | None = None  # None: no --confidence, a point comparison
    paired: Paired | None = None
    growth: float | None = None  # inconclusive: how many times the examples would settle it
    examples: int | None = None  # per side behind the interval (None: errors; 0: none at all)
    on_inconclusive: str = "warn"
    corrected: int | None = None  # regressed alone, not after Holm over this many checks
    among: int = 1  # a drift's reference is the best of this many versions (Bonferroni)

    @property
    def change(self) -> float | None:
        if self.reference is None or self.value is None:
            return None
        return float(self.value) - float(self.reference)  # as GapCheck.spread

    @property
    def worsening(self) -> float:
        change = self.change or 0.0
        return -change if self.limit.higher_is_better else change

    @property
    def passed(self) -> bool:
        if self.value is None:
            return False
        if self.reference is None:
            return True
        if self.outcome is not None:
            if self.outcome == "inconclusive":  # a floor is a burden of proof: unproven fails
                return self.kind != "improvement" and self.on_inconclusive != "fail"
            return self.outcome in ("within", "improved-enough")
        if self.kind == "improvement":
            return -self.worsening >= self.limit.of(self.reference) - TOLERANCE
        return self.worsening <= self.limit.of(self.reference) + TOLERANCE


class ModelResult(Record, frozen=True):
    model: Model
    qualified: bool
    checks: tuple[Check, ...]
    slice_checks: tuple[Check, ...] = ()
    gaps: tuple[GapCheck, ...] = ()
    unsliced: bool = False  # slice rules apply, but the model has no slices
    ungated: tuple[Slice, ...] = ()  # slices under --min-slice-samples: shown, not gated
    regressions: tuple[ChangeCheck, ...] = ()
    baseline: Model | None = None  # the same-named model of the baseline
    new: bool = False  # a baseline is in use and has no model of this name
    improvements: tuple[ChangeCheck, ...] = ()  # --min-improvement, against the baseline
    drifts: tuple[ChangeCheck, ...] = ()  # --max-drift, against the history's best
    run_checks: tuple[tuple[Check, ...], ...] = ()  # --runs each: the rules on each run
    runs_required: int = 0  # --runs each: how many runs must qualify

    @property
    def changes(self) -> tuple[ChangeCheck, ...]:
        """Every check against a reference: regressions, improvements, drifts."""
        return self.regressions + self.improvements + self.drifts

    @property
    def name(self) -> str:
        return self.model.name


def qualifies(result: ModelResult) -> bool:
    """Every check passes, and slice rules have slices to judge. With --runs each, the
    rules are judged on each run (enough of them must qualify), not on their mean."""
    if result.unsliced:
        return False
    if result.run_checks:
        passing = sum(1 for checks in result.run_checks if all(map(_PASSED, checks)))
        if passing < result.runs_required:
            return False
    elif not all_pass(result.checks):
        return False
    # an empty tuple is asked nothing: most models have no slices, gaps or changes
    for done in (result.slice_checks, result.gaps, result.regressions, result.improvements):
        if done and not all(map(_PASSED, done)):
            return False
    return not result.drifts or all(map(_PASSED, result.drifts))


_PASSED = attrgetter("passed")  # at C speed: a 100k-model run asks it of every check


def all_pass(checks: tuple[Check, ...]) -> bool:
    """Every rule check passes: all a model judged on its rules alone needs to qualify."""
    return all(map(_PASSED, checks))


class Version(NamedTuple):
    """One earlier version of the metrics files (--history), judged under the same policy."""

    commit: str
    date: str  # the commit's committer date, ISO 8601
    passed: bool | None = None  # None: the version could not be read or judged
    best: str | None = None  # its best model
    value: float | None = None  # the best model's value on the first rule's metric
    metrics: tuple[tuple[str, float], ...] = ()  # the best model's ruled metrics
    error: str = ""  # why it was skipped


class Limits(NamedTuple):
    """The policy's change limits as they were judged: each with its direction settled."""

    regressions: tuple[Change, ...] = ()
    improvements: tuple[Change, ...] = ()
    drifts: tuple[Change, ...] = ()


class GateResult(NamedTuple):
    file: str
    policy: Policy
    models: tuple[ModelResult, ...]
    qualified: tuple[str, ...]  # names of the qualifying models, in file order
    passed: bool
    best: str | None = None  # the top model, when the gate passed; else None
    baseline: Baseline | None = None
    findings: tuple[Finding, ...] = ()
    run: Run | None = None  # the candidate's lineage: commit, evaluation set, time
    files: tuple[str, ...] = ()  # every metrics file read
    source_format: str = "gate"  # the format that read them (load/formats.py)
    source_note: str = ""  # what the reader chose, e.g. the epoch of a results.csv
    met: bool = True  # the requirement alone, blocking findings aside
    top: str | None = None  # the qualifying model that ranks first, passed or not
    history: tuple[Version, ...] | None = None  # --history: newest first
    limits: Limits = Limits()  # the change limits as judged
