"""The policy file (`--config`) and how its settings merge with the command line's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

from gate.errors import GateError, Issue, PolicyError
from gate.load import parse_document
from gate.paths import Path
from gate.policy import (
    DEFAULT_MIN_ACCURACY,
    Policy,
    Requirement,
    Rule,
    build_policy,
    parse_min_accuracy,
    parse_requirement,
    parse_rule,
)
from gate.schema import structure_issues, validation_issues

_UNSET = "unset"
MinAccuracy = Union[Optional[float], str]  # _UNSET when neither file nor flag says


@dataclass(frozen=True)
class Settings:
    """Policy settings from one source (the file, or the flags); None/_UNSET = not given."""

    metric: str | None = None
    min_accuracy: MinAccuracy = _UNSET
    rules: tuple[Rule, ...] = ()
    require: Requirement | None = None


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

    def located(path: Path, message: str) -> PolicyError:
        return PolicyError([Issue(message, file, parsed.line_of(path), path)])

    min_accuracy: MinAccuracy = _UNSET
    if "min-accuracy" in data:
        value = data["min-accuracy"]
        min_accuracy = None if value in (None, "none") else float(value)
    rules = []
    for index, text in enumerate(data.get("thresholds", [])):
        try:
            rules.append(parse_rule(text))
        except ValueError as exc:
            raise located(("thresholds", index), str(exc)) from None
    require = None
    if "require" in data:
        try:
            require = parse_requirement(str(data["require"]))
        except ValueError as exc:
            raise located(("require",), str(exc)) from None
    return Settings(data.get("metric"), min_accuracy, tuple(rules), require)


def flag_settings(
    metric: str | None,
    min_accuracy: str | None,
    thresholds: tuple[str, ...],
    require: str | None,
) -> Settings:
    """Settings from command-line flags, each error naming its flag."""
    try:
        accuracy: MinAccuracy = _UNSET if min_accuracy is None else parse_min_accuracy(min_accuracy)
    except ValueError as exc:
        raise PolicyError(f"--min-accuracy: {exc}") from None
    rules = []
    for text in thresholds:
        try:
            rules.append(parse_rule(text))
        except ValueError as exc:
            raise PolicyError(f"--threshold {text!r}: {exc}") from None
    try:
        requirement = None if require is None else parse_requirement(require)
    except ValueError as exc:
        raise PolicyError(f"--require {require!r}: {exc}") from None
    if metric is not None and not metric.strip():
        raise PolicyError("--metric must name a metric")
    return Settings(metric, accuracy, tuple(rules), requirement)


def resolve_policy(file: Settings, flags: Settings) -> Policy:
    """Flags override the file; thresholds add up, a later one replacing an earlier one."""
    min_accuracy = flags.min_accuracy if flags.min_accuracy != _UNSET else file.min_accuracy
    if min_accuracy == _UNSET:
        min_accuracy = DEFAULT_MIN_ACCURACY
    assert not isinstance(min_accuracy, str)
    require = flags.require or file.require or Requirement("any")
    metric = flags.metric or file.metric or "accuracy"
    try:
        return build_policy(min_accuracy, (*file.rules, *flags.rules), require, metric)
    except ValueError as exc:
        raise PolicyError(str(exc)) from None
