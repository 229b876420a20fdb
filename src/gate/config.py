"""The policy file (`--config`) and how its settings merge with the command line's."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, Optional, TypeVar, Union

from gate.errors import GateError, Issue, PolicyError
from gate.jsonpath import Path
from gate.load.document import parse_document
from gate.parse import (
    choice,
    parse_change,
    parse_confidence,
    parse_count,
    parse_gap,
    parse_min_accuracy,
    parse_requirement,
    parse_rule,
)
from gate.policy import (
    DEFAULT_MIN_ACCURACY,
    BaselinePolicy,
    Change,
    Gap,
    Policy,
    Requirement,
    Rule,
    SliceGates,
    build_policy,
    combine_rules,
)
from gate.schema import structure_issues, validation_issues

_UNSET = "unset"
MinAccuracy = Union[Optional[float], str]  # _UNSET when neither file nor flag says


class Settings(NamedTuple):
    """Policy settings from one source (the file, or the flags); None/_UNSET = not given."""

    metric: str | None = None
    min_accuracy: MinAccuracy = _UNSET
    rules: tuple[Rule, ...] = ()
    require: Requirement | None = None
    slice_rules: tuple[Rule, ...] = ()
    gaps: tuple[Gap, ...] = ()
    min_slice_samples: int | None = None
    confidence: MinAccuracy = _UNSET  # None: off (--confidence none)
    proportions: tuple[str, ...] = ()
    regressions: tuple[Change, ...] = ()
    on_missing: str | None = None
    on_incomparable: str | None = None
    slice_regressions: bool | None = None


T = TypeVar("T")


def _each(
    texts: Iterable[str], parse: Callable[[str], T], where: Callable[[int, str], Any]
) -> list[T]:
    """Parse every text; the first failure raises what `where(index, message)` makes."""
    parsed = []
    for index, text in enumerate(texts):
        try:
            parsed.append(parse(text))
        except ValueError as exc:
            raise where(index, str(exc)) from None
    return parsed


def load_settings(raw: bytes, file: str) -> Settings:
    """Parse and check a policy file; every problem is a PolicyError with file, line and path."""
    try:
        parsed = parse_document(raw, file)
    except GateError as exc:
        raise PolicyError(exc.issues) from None
    issues = structure_issues(parsed) or validation_issues(parsed, parsed.data, "policy")
    if issues:
        raise PolicyError(issues)
    data = parsed.data

    def at(*path: str | int) -> Callable[[int, str], PolicyError]:
        def located(index: int, message: str) -> PolicyError:
            where: Path = (*path, index) if index >= 0 else path
            return PolicyError([Issue(message, file, parsed.line_of(where), where)])

        return located

    min_accuracy: MinAccuracy = _UNSET
    if "min-accuracy" in data:
        value = data["min-accuracy"]
        min_accuracy = None if value in (None, "none") else float(value)
    require = None
    if "require" in data:
        (require,) = _each(
            [str(data["require"])], parse_requirement, lambda _, m: at("require")(-1, m)
        )
    return Settings(
        metric=data.get("metric"),
        min_accuracy=min_accuracy,
        rules=tuple(_each(data.get("thresholds", []), parse_rule, at("thresholds"))),
        require=require,
        slice_rules=tuple(
            _each(data.get("slice-thresholds", []), parse_rule, at("slice-thresholds"))
        ),
        gaps=tuple(_each(data.get("max-slice-gap", []), parse_gap, at("max-slice-gap"))),
        min_slice_samples=data.get("min-slice-samples"),
        confidence=data.get("confidence", _UNSET),
        proportions=tuple(data.get("proportion-metrics", [])),
        regressions=tuple(
            _each(data.get("max-regression", []), parse_change, at("max-regression"))
        ),
        on_missing=data.get("on-missing-baseline"),
        on_incomparable=data.get("on-incomparable"),
        slice_regressions=data.get("slice-regressions"),
    )


def _flag(name: str) -> Callable[[int, str], PolicyError]:
    return lambda _, message: PolicyError(f"{name}: {message}")


class PolicyFlags(NamedTuple):
    """The policy's command-line flags (or the action's inputs) as given, not yet parsed."""

    metric: str | None = None
    min_accuracy: str | None = None
    thresholds: tuple[str, ...] = ()
    require: str | None = None
    slice_thresholds: tuple[str, ...] = ()
    max_slice_gaps: tuple[str, ...] = ()
    min_slice_samples: str | None = None
    confidence: str | None = None
    proportion_metrics: tuple[str, ...] = ()
    max_regressions: tuple[str, ...] = ()
    on_missing_baseline: str | None = None
    on_incomparable: str | None = None
    slice_regressions: bool | None = None


def flag_settings(flags: PolicyFlags) -> Settings:
    """Settings from command-line flags, each error naming its flag and value."""
    accuracy: MinAccuracy = _UNSET
    if flags.min_accuracy is not None:
        (accuracy,) = _each([flags.min_accuracy], parse_min_accuracy, _flag("--min-accuracy"))
    if flags.metric is not None and not flags.metric.strip():
        raise PolicyError("--metric must name a metric")

    def each(texts: Iterable[str], parse: Callable[[str], T], flag: str) -> tuple[T, ...]:
        return tuple(_each([t], parse, _flag(f"{flag} {t!r}"))[0] for t in texts)

    def one(text: str | None, parse: Callable[[str], T], flag: str) -> T | None:
        return None if text is None else _each([text], parse, _flag(flag))[0]

    return Settings(
        metric=flags.metric,
        min_accuracy=accuracy,
        rules=each(flags.thresholds, parse_rule, "--threshold"),
        require=one(flags.require, parse_requirement, f"--require {flags.require!r}"),
        slice_rules=each(flags.slice_thresholds, parse_rule, "--slice-threshold"),
        gaps=each(flags.max_slice_gaps, parse_gap, "--max-slice-gap"),
        min_slice_samples=one(
            flags.min_slice_samples,
            parse_count,
            "--min-slice-samples",
        ),
        confidence=_UNSET
        if flags.confidence is None
        else one(flags.confidence, parse_confidence, "--confidence"),
        proportions=tuple(p.strip() for p in flags.proportion_metrics if p.strip()),
        regressions=each(flags.max_regressions, parse_change, "--max-regression"),
        on_missing=one(
            flags.on_missing_baseline,
            choice("pass", "warn", "fail"),
            "--on-missing-baseline",
        ),
        on_incomparable=one(
            flags.on_incomparable,
            choice("warn", "fail"),
            "--on-incomparable",
        ),
        slice_regressions=flags.slice_regressions,
    )


def resolve_policy(file: Settings, flags: Settings) -> Policy:
    """Flags override the file, each key on its own: a flag's rule replaces the file's rule
    on the same metric and direction, and `--min-accuracy` settles accuracy's lower bound
    whatever the file's min-accuracy or thresholds say."""
    require = flags.require or file.require or Requirement("any")
    metric = flags.metric or file.metric or "accuracy"
    min_samples = _first(flags.min_slice_samples, file.min_slice_samples, 0)
    slices = SliceGates(
        (*file.slice_rules, *flags.slice_rules), (*file.gaps, *flags.gaps), min_samples
    )
    confidence = flags.confidence if flags.confidence != _UNSET else file.confidence
    assert not isinstance(confidence, str) or confidence == _UNSET
    proportions = frozenset((*file.proportions, *flags.proportions))
    baseline = BaselinePolicy(
        (*file.regressions, *flags.regressions),
        flags.on_missing or file.on_missing or "warn",  # type: ignore[arg-type]
        flags.on_incomparable or file.on_incomparable or "fail",  # type: ignore[arg-type]
        _first(flags.slice_regressions, file.slice_regressions, False),
    )
    try:
        return build_policy(
            _layered_rules(file, flags),
            require,
            metric,
            slices=slices,
            confidence=None if isinstance(confidence, str) else confidence,
            proportions=proportions,
            baseline=baseline,
        )
    except ValueError as exc:
        raise PolicyError(str(exc)) from None


def _first(*values: T | None) -> T:
    """The first value that is not None (the last is the default)."""
    return next(v for v in values if v is not None)


def _layered_rules(file: Settings, flags: Settings) -> tuple[Rule, ...]:
    """The file's rules (its min-accuracy, else the default, then its thresholds), then the
    flags' on top, so that a flag always wins over the file."""
    floor = file.min_accuracy if file.min_accuracy != _UNSET else DEFAULT_MIN_ACCURACY
    rules = combine_rules([*_accuracy_rule(floor), *file.rules])
    if flags.min_accuracy is None:  # --min-accuracy none: no lower bound on accuracy at all
        rules = tuple(r for r in rules if not (r.metric == "accuracy" and r.higher_is_better))
    elif flags.min_accuracy != _UNSET:
        rules = combine_rules([*rules, *_accuracy_rule(flags.min_accuracy)])
    return combine_rules([*rules, *flags.rules])


def _accuracy_rule(floor: MinAccuracy) -> list[Rule]:
    assert not isinstance(floor, str)
    return [] if floor is None else [Rule("accuracy", ">=", floor)]
