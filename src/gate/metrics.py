"""The normalised metrics document: every accepted file form becomes these values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

Form = Literal["shorthand", "per-model", "document"]


@dataclass(frozen=True)
class Slice:
    name: str
    metrics: Mapping[str, float]
    samples: int | None = None


@dataclass(frozen=True)
class Artifact:
    uri: str
    sha256: str | None = None


@dataclass(frozen=True)
class Dataset:
    name: str | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class Run:
    commit: str | None = None
    dataset: Dataset | None = None
    created: str | None = None


@dataclass(frozen=True)
class Model:
    """One model. `metrics` is the file's own mapping (never copied: a sweep can hold 100k
    models); slices are built from `slice_data` only when something reads them."""

    name: str
    metrics: Mapping[str, float]
    samples: int | None = None
    artifact: Artifact | None = None
    slice_data: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def slices(self) -> tuple[Slice, ...]:
        return tuple(
            Slice(name, s["metrics"], None if s.get("samples") is None else int(s["samples"]))
            for name, s in self.slice_data.items()
        )


@dataclass(frozen=True)
class MetricsDoc:
    file: str
    form: Form
    models: tuple[Model, ...]
    run: Run | None = None


@dataclass(frozen=True)
class Baseline:
    """What the candidate is compared with: `label` says where it came from
    (`origin/main:reports/metrics.json`); `doc` is None when there was no file there."""

    label: str
    doc: MetricsDoc | None
    missing: str | None = None  # why there is no doc, when it is not simply "no such file"
