"""Findings about a run as a whole, as values: one small record per kind, with named fields
holding the untrusted names and numbers it speaks of. render/findings.py has the words for
each; evaluate/ makes them and knows nothing of how they read."""

from __future__ import annotations

from typing import Literal, NamedTuple, Union

from gate.metrics import Dataset

Level = Literal["note", "warning", "error"]


class NoBaseline(NamedTuple):
    why: str  # where gate looked, or why it could not


class BaselineFilesAbsent(NamedTuple):
    labels: tuple[str, ...]  # the files the baseline's ref does not have


class Missing(NamedTuple):
    """A new model (no slice, no metric), or a metric of a model or slice the baseline lacks."""

    model: str
    slice: str | None = None
    metric: str | None = None


class NotInBaseline(NamedTuple):
    missing: tuple[Missing, ...]


class Removed(NamedTuple):
    models: tuple[str, ...]


class DatasetUnnamed(NamedTuple):
    sides: tuple[str, ...]  # "baseline", "candidate": which name no evaluation set


class DatasetFingerprints(NamedTuple):
    """The two sides fingerprint their evaluation sets differently."""


class DatasetChanged(NamedTuple):
    old: Dataset
    new: Dataset


class Unsure(NamedTuple):
    """One change whose interval straddles its limit, with what would settle it."""

    model: str
    slice: str | None
    metric: str
    interval: tuple[float, float]
    growth: float | None  # × the examples (or the errors' data) that would settle it
    examples: int | None  # per side behind the interval (None: standard errors)
    corrected: int | None = None  # regressed alone, not after Holm over this many checks


class Inconclusive(NamedTuple):
    """Changes whose interval straddles their limit, let through (--on-inconclusive)."""

    checks: tuple[Unsure, ...]


class ExamplesChanged(NamedTuple):
    """A model's examples are not the same set on both sides of a paired comparison."""

    model: str
    only_baseline: int  # only in the reference: the baseline, or the history's best version
    only_candidate: int
    against: str = "the baseline"
    common: int = 2  # ids both have; fewer than two: not paired at all


class NoHistory(NamedTuple):
    why: str


class HistoryShort(NamedTuple):
    found: int
    wanted: int
    why: str


class HistorySkipped(NamedTuple):
    commits: tuple[str, ...]


class HistoryOtherData(NamedTuple):
    versions: int  # how many versions were measured on another evaluation set
    every: bool = False  # all of them: --max-drift has nothing fair to compare with


class NotInHistory(NamedTuple):
    models: tuple[str, ...]


class StaleNoCommit(NamedTuple):
    """The metrics file names no run.commit to compare the code with."""


class StaleUnknownCommit(NamedTuple):
    commit: str
    why: str


class StaleUnchanged(NamedTuple):
    commit: str


class StaleChanged(NamedTuple):
    commit: str
    files: tuple[str, ...]


What = Union[
    NoBaseline, BaselineFilesAbsent, NotInBaseline, Removed, DatasetUnnamed, Inconclusive,
    ExamplesChanged,
    DatasetFingerprints, DatasetChanged, NoHistory, HistoryShort, HistorySkipped,
    HistoryOtherData, NotInHistory, StaleNoCommit, StaleUnknownCommit, StaleUnchanged,
    StaleChanged,
]  # fmt: skip


KINDS: dict[type, str] = {
    NoBaseline: "no-baseline",
    BaselineFilesAbsent: "baseline-files-absent",
    NotInBaseline: "not-in-baseline",
    Removed: "removed",
    DatasetUnnamed: "dataset-unnamed",
    DatasetFingerprints: "dataset-fingerprints",
    DatasetChanged: "dataset-changed",
    Inconclusive: "inconclusive",
    ExamplesChanged: "examples-changed",
    NoHistory: "no-history",
    HistoryShort: "history-short",
    HistorySkipped: "history-skipped",
    HistoryOtherData: "history-other-data",
    NotInHistory: "not-in-history",
    StaleNoCommit: "stale-no-commit",
    StaleUnknownCommit: "stale-unknown-commit",
    StaleUnchanged: "stale-unchanged",
    StaleChanged: "stale-changed",
}


class Finding(NamedTuple):
    """Something about the run as a whole, at a level. An "error" fails the gate whatever the
    models do."""

    what: What
    level: Level = "warning"

    @property
    def kind(self) -> str:
        return KINDS[type(self.what)]

    @property
    def blocking(self) -> bool:
        return self.level == "error"
