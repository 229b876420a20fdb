"""The normalised metrics document: every accepted file form becomes these values."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from gate.record import Record

Form = Literal["shorthand", "per-model", "document"]  # gate's own three forms
NO_NUMBERS: Mapping[str, float] = MappingProxyType({})
NO_COUNTS: Mapping[str, int] = MappingProxyType({})


class Slice(Record, frozen=True):
    name: str
    metrics: Mapping[str, float]
    samples: int | None = None
    stderr: Mapping[str, float] = NO_NUMBERS


Column = tuple[tuple[Any, ...], tuple[float, ...]]  # ids (str or int), values in that order


class Examples(NamedTuple):
    """A model's per-example results (`examples:` in the full form, lm-eval's samples),
    metric by metric: the examples' ids and each one's value."""

    label: str  # where they were read, for messages
    columns: Mapping[str, Column]
    skipped: tuple[str, ...] = ()  # a tool's columns not paired: not numbers, or not the mean


class Artifact(NamedTuple):
    uri: str
    sha256: str | None = None


class Dataset(NamedTuple):
    name: str | None = None
    sha256: str | None = None


class Run(NamedTuple):
    commit: str | None = None
    dataset: Dataset | None = None
    created: str | None = None


NO_SLICES: Mapping[str, Any] = MappingProxyType({})  # a model without slices


class Model(Record, frozen=True):
    """One model. `metrics` is the file's own mapping (never copied: a sweep can hold 100k
    models); slices are built from `slice_data` each time something reads them, so a model
    without a reader of its slices never holds Slice values."""

    name: str
    metrics: Mapping[str, float]
    samples: int | None = None
    artifact: Artifact | None = None
    slice_data: Mapping[str, Any] = NO_SLICES
    stderr: Mapping[str, float] = NO_NUMBERS  # a metric's standard error, where the file has it
    aliases: frozenset[str] = frozenset()  # metrics restating another under a plain name
    counts: Mapping[str, int] = NO_COUNTS  # a metric's own sample count (lm-eval's tasks)
    examples_at: str | None = None  # the file's `examples:` path, as written
    examples: Examples | None = None  # read only when a comparison can pair them
    runs: tuple[Model, ...] = ()  # --runs: each run of the model, from each file it is in

    def samples_of(self, metric: str) -> int | None:
        """The examples behind `metric`: its own count, else the model's."""
        return self.counts.get(metric, self.samples)

    @property
    def slices(self) -> tuple[Slice, ...]:
        return tuple(
            Slice(
                name,
                s["metrics"],
                None if s.get("samples") is None else int(s["samples"]),
                s.get("stderr", NO_NUMBERS),
            )
            for name, s in self.slice_data.items()
        )


class MetricsDoc(NamedTuple):
    file: str  # the first file, when several are gated together
    form: Form
    models: tuple[Model, ...]
    run: Run | None = None
    source_format: str = "gate"  # which reader read it (load/formats.py)
    files: tuple[str, ...] = ()  # every file read, in order
    directions: Mapping[str, bool] = MappingProxyType({})  # metric → higher is better, per the file
    note: str = ""  # what the reader chose, e.g. the epoch of a results.csv
    proportions: frozenset[str] = frozenset()  # metrics the file's tool documents as 0–1


class Baseline(NamedTuple):
    """What the candidate is compared with: `label` says where it came from
    (`origin/main:reports/metrics.json`); `doc` is None when there was no file there."""

    label: str
    doc: MetricsDoc | None
    missing: str | None = None  # why there is no doc, when it is not simply "no such file"
    absent: tuple[str, ...] = ()  # metrics files the baseline's ref does not have


class PastVersion(NamedTuple):
    """The metrics files as one earlier commit had them (--history)."""

    commit: str
    date: str  # committer date, ISO 8601
    doc: MetricsDoc | None  # None: unreadable or invalid, `error` says why
    error: str = ""


class History(NamedTuple):
    """The last versions of the metrics files in git, newest first."""

    versions: tuple[PastVersion, ...]
    wanted: int  # --history N
    missing: str = ""  # why none could be read (no repository, git failed)
    short: str = ""  # why fewer than wanted were found, when more may exist
