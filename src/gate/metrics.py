"""The normalised metrics document: every accepted file form becomes these values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

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
    name: str
    metrics: Mapping[str, float]
    samples: int | None = None
    artifact: Artifact | None = None
    slices: tuple[Slice, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class MetricsDoc:
    file: str
    form: Form
    models: tuple[Model, ...]
    run: Run | None = None
