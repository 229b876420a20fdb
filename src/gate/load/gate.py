"""Parsed file → MetricsDoc: check every rule of the contract, then normalise to the full form.

All problems found are reported together (SchemaError), each with file, line and JSON path
as they appear in the user's file, whichever form it uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from math import isfinite
from operator import itemgetter
from typing import Any, Callable

from gate.errors import MAX_ISSUES, Issue, SchemaError
from gate.jsonpath import Path
from gate.load.lookalikes import HINT, why_not_a_model
from gate.load.parsed import Parsed
from gate.metrics import NO_NUMBERS, NO_SLICES, Artifact, Dataset, Form, MetricsDoc, Model, Run
from gate.schema import (
    SourceMap,
    invalid_models,
    is_valid,
    schema_issues,
    sort_issues,
    structure_issues,
    troubled_models,
    validation_issues,
)

DOCUMENT = "#/$defs/document"


def validate_metrics(parsed: Parsed, metric: str = "accuracy") -> MetricsDoc:
    """Check `parsed` against the contract; `metric` names the value of shorthand numbers."""
    data = parsed.data
    form = detect_form(data) if isinstance(data, dict) else None
    if form is not None and form != "document":
        _refuse_lookalikes(parsed, data)
    valid = is_valid(data, "metrics")
    # A schema-valid document is at most 7 levels deep, so only non-finite numbers could
    # hide in it: ruled out by the parser (JSON without a run of 309 digits), else by
    # finite_numbers (YAML, TOML, and JSON with such a run).
    if not (valid and form is not None and (parsed.finite or finite_numbers(data, form))):
        issues = structure_issues(parsed)
        if issues:
            raise SchemaError(issues, _beyond(issues, lambda: troubled_models(data)))
    issues = [] if valid else schema_issues(parsed, data, "metrics")
    if form is None:  # the schema accepts only a mapping, so there are issues to report
        raise SchemaError(issues)
    document = data
    if form == "document":
        if not issues:
            issues = duplicate_names(parsed, data["models"])
    else:
        # The range of a shorthand number depends on --metric, so it is checked on the
        # normalised document; both passes run so that every problem is reported at once.
        document = _normalise_mapping(data, metric)
        found = validation_issues(parsed, document, "metrics", DOCUMENT, _mapping_source(data))
        issues = sort_issues([*issues, *_not_within(found, issues)])[:MAX_ISSUES]
    if issues:
        raise SchemaError(issues, _beyond(issues, lambda: invalid_models(document)))
    return build(parsed.file, form, document)


def _beyond(issues: list[Issue], count: Callable[[], int]) -> int:
    """How many models with problems there are beyond those the listed issues are about
    (counted only when the list is full)."""
    if len(issues) < MAX_ISSUES:
        return 0
    listed = {i.path[:2] if i.path[:1] == ("models",) else i.path[:1] for i in issues if i.path}
    return max(0, count() - len(listed))


def _refuse_lookalikes(parsed: Parsed, data: Mapping[str, Any]) -> None:
    """A mapping whose keys are metrics, bookkeeping or splits is not a set of models."""
    found = [(key, why) for key in data if (why := why_not_a_model(key)) is not None]
    if not found:
        return
    key, why = found[0]
    others = f" (and {len(found) - 1} more keys like it)" if len(found) > 1 else ""
    message = f"{why}, not a model name{others}: {HINT}"
    raise SchemaError([Issue(message, parsed.file, parsed.line_of((key,)), (key,))])


def _not_within(found: list[Issue], known: list[Issue]) -> list[Issue]:
    """Issues not at or below a path that already has one (one message per problem)."""
    roots = [i.path for i in known if i.path is not None]
    return [i for i in found if i.path is None or not any(i.path[: len(r)] == r for r in roots)]


def detect_form(data: Mapping[str, Any]) -> Form:
    if "version" in data:
        return "document"
    if all(isinstance(v, dict) for v in data.values()):
        return "per-model"
    return "shorthand"


def _normalise_mapping(data: Mapping[str, Any], metric: str) -> dict[str, Any]:
    models = [
        {"name": name, "metrics": value if isinstance(value, dict) else {metric: value}}
        for name, value in data.items()
    ]
    return {"version": 1, "models": models}


def _mapping_source(data: Mapping[str, Any]) -> SourceMap:
    """Map a path in the normalised document back to the user's mapping-form file."""
    names = list(data)

    def to_source(path: Path) -> Path:
        if len(path) < 2 or not isinstance(path[1], int):
            return ()
        name = names[path[1]]
        if len(path) >= 4 and path[2] == "metrics" and isinstance(data[name], dict):
            return (name, path[3])
        return (name,)

    return to_source


def duplicate_names(
    parsed: Parsed, models: list[dict[str, Any]], to_source: SourceMap | None = None
) -> list[Issue]:
    if len(set(map(itemgetter("name"), models))) == len(models):
        return []
    first: dict[str, int] = {}
    issues = []
    for index, model in enumerate(models):
        name = model["name"]
        if name in first:
            path: Path = ("models", index, "name")
            path = to_source(path) if to_source else path
            message = f"duplicate model name {name!r} (first used by models[{first[name]}])"
            issues.append(Issue(message, parsed.file, parsed.line_of(path), path))
        else:
            first[name] = index
    return issues


def build(file: str, form: Form, document: Mapping[str, Any]) -> MetricsDoc:
    models = tuple(
        Model(
            m["name"],
            m["metrics"],
            None if (samples := m.get("samples")) is None else int(samples),  # 5000.0
            None if (artifact := m.get("artifact")) is None else Artifact(**artifact),
            m.get("slices", NO_SLICES),
            m.get("stderr", NO_NUMBERS),
            examples_at=m.get("examples"),
        )
        for m in document["models"]
    )
    run = None
    if "run" in document:
        raw = document["run"]
        dataset = Dataset(**raw["dataset"]) if "dataset" in raw else None
        run = Run(raw.get("commit"), dataset, raw.get("created"))
    return MetricsDoc(file, form, models, run)


def finite_numbers(data: Any, form: Form) -> bool:
    """In a schema-valid document numbers stand only in metrics and sample counts: check
    those at C speed (isfinite over each mapping's values) instead of walking everything.
    A number too large for a float raises OverflowError: not finite, for our purpose."""
    try:
        if form != "document":
            return all(
                all(map(isfinite, v.values())) if isinstance(v, dict) else isfinite(v)
                for v in data.values()
            )
        return all(_model_finite(m) for m in data["models"])
    except OverflowError:
        return False


def _model_finite(model: Mapping[str, Any]) -> bool:
    if not all(map(isfinite, model["metrics"].values())):
        return False
    if "stderr" in model and not all(map(isfinite, model["stderr"].values())):
        return False
    if "samples" in model and not isfinite(model["samples"]):
        return False
    for piece in model.get("slices", NO_SLICES).values():
        if not all(map(isfinite, piece["metrics"].values())):
            return False
        if "samples" in piece and not isfinite(piece["samples"]):
            return False
        if "stderr" in piece and not all(map(isfinite, piece["stderr"].values())):
            return False
    return True
