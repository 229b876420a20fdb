"""The data a change is judged on (evaluate/changes.py): what each side has of a metric,
and the best basis both have — paired examples matched by id, sample counts of a rate
(Newcombe), standard errors — as an interval at any level and any size, so that the same
basis gives the interval, the p-value of Holm's procedure and the size that would settle it."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import islice
from operator import mul, sub
from typing import NamedTuple

from gate.evaluate.intervals import (
    Interval,
    mcnemar,
    mean_sd,
    newcombe,
    newcombe_paired,
    normal_difference,
    t_cdf,
    t_of,
)
from gate.result import Method, Paired

LISTED_IDS = 10


class Side(NamedTuple):
    """What one side of a comparison has of one metric."""

    value: float | None
    samples: int | None = None
    stderr: float | None = None
    examples: tuple[Sequence[str | int], Sequence[float]] | None = None  # ids, values


class Basis(NamedTuple):
    """How a change is judged: its method, its interval at a level with a given size (the
    examples per side, or for standard errors a multiple of what they came from), what
    pairing saw, and the examples per side behind it (None: standard errors)."""

    method: Method
    sized: Callable[[float, float], Interval]
    paired: Paired | None = None
    examples: int | None = None

    @property
    def size(self) -> float:
        return float(self.examples or 1)

    def at(self, level: float) -> Interval:
        return self.sized(level, self.size)


def basis_of(before: Side, after: Side, rate: bool) -> Basis:
    """The best basis both sides have; "point" when they have none. A pairing with fewer
    than two examples in common still says what it saw: the evaluation set changed."""
    seen = None
    if before.examples is not None and after.examples is not None:
        found = paired(before.examples, after.examples)
        if found.method == "paired":
            return found
        seen = found.paired
    assert before.value is not None and after.value is not None
    old, new = float(before.value), float(after.value)
    if rate and before.samples and after.samples and 0 <= old <= 1 and 0 <= new <= 1:
        return _newcombe(new, after.samples, old, before.samples, seen)
    if before.stderr is not None and after.stderr is not None:
        errors = (new - old, after.stderr, before.stderr)
        return Basis(
            "stderr",
            lambda level, k: normal_difference(
                errors[0], errors[1] / math.sqrt(k), errors[2] / math.sqrt(k), level
            ),
            seen,
        )
    return Basis("point", _no_interval, seen)


def stricter(basis: Basis, among: int) -> Basis:
    """The basis at the level that keeps LEVEL over `among` comparisons: the best of them
    is the reference, and a maximum of noisy values is biased upward (so an unchanged model
    would be flagged against the best of ten versions about six times too often)."""
    sized = basis.sized
    return basis._replace(sized=lambda level, size: sized(1 - (1 - level) / among, size))


def _newcombe(new: float, n_new: int, old: float, n_old: int, seen: Paired | None) -> Basis:
    """Newcombe's interval as the samples are; at any other size, with that many a side."""
    base = min(n_new, n_old)

    def sized(level: float, size: float) -> Interval:
        if size == base:
            return newcombe(new, n_new, old, n_old, level)
        return newcombe(new, size, old, size, level)

    return Basis("newcombe", sized, seen, base)


def _no_interval(level: float, size: float) -> Interval:
    raise AssertionError("a point comparison has no interval")


def paired(
    before: tuple[Sequence[str | int], Sequence[float]],
    after: tuple[Sequence[str | int], Sequence[float]],
) -> Basis:
    """The examples both sides have, matched by id: what changed, and the interval of the
    change at any level (Newcombe's paired interval for 0/1 values, else Student's t on
    the differences). Fewer than two in common: a "point" basis that still says what it
    saw. A column at a time: a million examples a side take well under a second."""
    ids, old, new = _aligned(before, after)
    unmatched = (len(before[0]) - len(ids), len(after[0]) - len(ids))
    if len(ids) < 2:
        return Basis("point", _no_interval, Paired(len(ids), 0, 0, 1.0, (), (), *unmatched))
    worse = list(islice((k for k, a, b in zip(ids, old, new) if b < a), LISTED_IDS))
    better = list(islice((k for k, a, b in zip(ids, old, new) if b > a), LISTED_IDS))
    n = len(ids)
    sized: Callable[[float, float], Interval]
    if set(old) <= {0, 1} and set(new) <= {0, 1}:
        both = sum(map(mul, old, new))
        wrong, right = sum(old) - both, sum(new) - both
        neither = n - both - wrong - right
        p = mcnemar(wrong, right)
        sized = lambda level, size: newcombe_paired(  # noqa: E731
            both * size / n, right * size / n, wrong * size / n, neither * size / n, level
        )
    else:
        differences = list(map(sub, map(float, new), map(float, old)))
        wrong = sum(1 for d in differences if d < 0)
        right = sum(1 for d in differences if d > 0)
        mean, sd = mean_sd(differences)
        p = _t_test(mean, sd, n)
        sized = lambda level, size: t_of(mean, sd, size, level)  # noqa: E731
    seen = Paired(n, wrong, right, p, tuple(worse), tuple(better), *unmatched)
    return Basis("paired", sized, seen, n)


def _aligned(
    before: tuple[Sequence[str | int], Sequence[float]],
    after: tuple[Sequence[str | int], Sequence[float]],
) -> tuple[Sequence[str | int], Sequence[float], Sequence[float]]:
    """The ids both sides have, with each side's values in that order."""
    if len(before[0]) == len(after[0]) and before[0] == after[0]:  # the usual case: same order
        return before[0], before[1], after[1]
    old_ids, new_ids = before[0], after[0]
    if old_ids and new_ids and type(old_ids[0]) is not type(new_ids[0]):  # 7 and "7": one id
        old_ids, new_ids = list(map(str, old_ids)), list(map(str, new_ids))
    where = dict(zip(old_ids, range(len(old_ids))))
    kept = [(key, where[key], i) for i, key in enumerate(new_ids) if key in where]
    return (
        [key for key, _, _ in kept],
        [before[1][j] for _, j, _ in kept],
        [after[1][i] for _, _, i in kept],
    )


def _t_test(mean: float, sd: float, n: int) -> float:
    """The two-sided p-value of "no change" by the paired t-test."""
    if sd == 0:
        return 1.0 if mean == 0 else 0.0
    return 2 * (1 - t_cdf(abs(mean) / (sd / math.sqrt(n)), n - 1))
