"""Gaps between slices: the best slice minus the worst on one metric."""

from __future__ import annotations

from collections.abc import Sequence

from gate.metrics import Slice
from gate.policy import Gap
from gate.result import GapCheck


def gap_check(gap: Gap, slices: Sequence[Slice]) -> GapCheck:
    values = [(s.name, s.metrics[gap.metric]) for s in slices if gap.metric in s.metrics]
    if len(values) < 2:
        return GapCheck(gap)
    return GapCheck(gap, max(values, key=lambda v: v[1]), min(values, key=lambda v: v[1]))
