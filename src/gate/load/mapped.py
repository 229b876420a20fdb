"""The shape every reader of another tool's file returns, and the one step every such file
passes through on its way to a MetricsDoc.

A reader does not build gate's full form itself: it says, value by value, where each value
goes (a model's metric, a slice's metric, a sample count, a standard error) and where in the
file it came from. `finish` builds the models from that, and this is where the contract is
held for every reader at once: two source values that land on one metric (or slice, or
standard error) are an error naming both, never "last one wins"; then the schema, finite
numbers and unique model names, every problem located in the user's file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from gate.errors import Issue, SchemaError
from gate.jsonpath import Path, format_path, join
from gate.load.gate import DOCUMENT, build, duplicate_names, finite_numbers
from gate.load.parsed import Parsed
from gate.load.percents import from_percent, source_of
from gate.metrics import Examples, MetricsDoc
from gate.schema import structure_issues, validation_issues


class Entry(NamedTuple):
    target: Path  # within the model, in gate's full form: ("metrics", "acc")
    value: Any
    source: Path  # where the value is in the file


class ModelMap:
    """One model as a reader maps it: its name, and every value with its place."""

    def __init__(self, name: Any, at: Path = (), name_at: Path | None = None) -> None:
        self.name = name
        self.at = at  # the model's own place in the file, for errors about it as a whole
        self.name_at = at if name_at is None else name_at
        self.entries: list[Entry] = []
        self.places: dict[Path, Path] = {}  # a slice's own place, for errors about it
        self.aliases: set[str] = set()  # metrics that restate another under a plain name
        self.examples: Examples | None = None  # per-example results, where the tool logs them

    def metric(self, name: str, value: Any, source: Path) -> None:
        self.entries.append(Entry(("metrics", name), value, source))

    def slice_metric(self, piece: str, name: str, value: Any, source: Path) -> None:
        self.entries.append(Entry(("slices", piece, "metrics", name), value, source))

    def samples(self, count: int, source: Path, piece: str | None = None) -> None:
        target: Path = ("samples",) if piece is None else ("slices", piece, "samples")
        self.entries.append(Entry(target, count, source))

    def stderr(self, name: str, value: float, source: Path) -> None:
        self.entries.append(Entry(("stderr", name), value, source))

    def count(self, name: str, samples: int, source: Path) -> None:
        """The examples behind one metric, when it differs from the model's (lm-eval tasks)."""
        self.entries.append(Entry(("counts", name), samples, source))

    def slice(self, piece: str, at: Path) -> None:
        self.places.setdefault(("slices", piece), at)

    def alias(self, name: str, value: Any, source: Path) -> None:
        """`name` restates a metric under a plain name (lm-eval's one task: `acc`)."""
        self.metric(name, value, source)
        self.aliases.add(name)


class Mapped(NamedTuple):
    """A file's models as its reader mapped them."""

    models: list[ModelMap]
    directions: Mapping[str, bool] | None = None  # metric → higher is better, per the file
    proportions: frozenset[str] = frozenset()  # metrics the tool documents as 0–1 scores
    note: str = ""  # what the reader chose or noticed, for the review


def finish(parsed: Parsed, mapped: Mapped, fmt: str, percents: tuple[str, ...] = ()) -> MetricsDoc:
    """The models as a MetricsDoc, once they obey the contract; metrics the user says the
    tool writes in percent (--percent-metric) read as proportions first."""
    models: list[dict[str, Any]] = []
    sources: dict[Path, Path] = {}
    extras: list[dict[str, dict[str, Any]]] = []
    for index, model in enumerate(mapped.models):
        base: Path = ("models", index)
        sources[base] = model.at
        sources[join(base, "name")] = model.name_at
        built, extra = _build(parsed, model, base, sources)
        models.append(built)
        extras.append(extra)
    document = {"version": 1, "models": models}
    note = from_percent(parsed, document, sources, percents)
    _check(parsed, document, sources)
    doc = build(parsed.file, "document", document)
    with_errors = tuple(
        m._replace(
            stderr=x["stderr"],
            counts=x["counts"],
            aliases=frozenset(mm.aliases),
            examples=mm.examples,
        )
        for m, x, mm in zip(doc.models, extras, mapped.models)
    )
    return doc._replace(
        models=with_errors,
        source_format=fmt,
        directions=mapped.directions or {},
        proportions=mapped.proportions,
        note="; ".join(filter(None, (mapped.note, note))),
        files=(parsed.file,),
    )


def _build(
    parsed: Parsed, model: ModelMap, base: Path, sources: dict[Path, Path]
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The model in gate's full form, and what that form has no place for (standard errors,
    per-metric counts); two values for one place are refused, naming both."""
    built: dict[str, Any] = {"name": model.name, "metrics": {}}
    extra: dict[str, dict[str, Any]] = {"stderr": {}, "counts": {}}
    placed: dict[Path, Path] = {}
    for place, at in model.places.items():
        sources[join(base, *place)] = at
    for target, value, source in model.entries:
        if target in placed:
            raise _collision(parsed, target, placed[target], source)
        placed[target] = source
        sources[join(base, *target)] = source
        if target[0] in extra:
            extra[str(target[0])][str(target[1])] = value
            continue
        node = built
        for key in target[:-1]:
            node = node.setdefault(str(key), {})
        node[str(target[-1])] = value
    return built, extra


def _collision(parsed: Parsed, target: Path, first: Path, second: Path) -> SchemaError:
    line = parsed.line_of(first)
    message = (
        f"two values land on {_what(target)}: {format_path(first)}"
        + (f" (line {line})" if line else "")
        + f" and {format_path(second)}; gate will not keep one and drop the other: rename "
        "or remove one of them"
    )
    return SchemaError([Issue(message, parsed.file, parsed.line_of(second), second)])


def _what(target: Path) -> str:
    if target[0] == "slices":
        return f"slice {target[1]!r}'s {_what(target[2:])}"
    if target[0] == "samples":
        return "the sample count"
    if target[0] == "stderr":
        return f"the standard error of {target[1]!r}"
    if target[0] == "counts":
        return f"the sample count of {target[1]!r}"
    return f"metric {target[1]!r}"


def _check(parsed: Parsed, document: dict[str, Any], sources: dict[Path, Path]) -> None:
    def to_source(path: Path) -> Path:
        return source_of(sources, path)

    issues = validation_issues(parsed, document, "metrics", DOCUMENT, to_source)
    if not issues and not finite_numbers(document, "document"):
        issues = structure_issues(parsed) or [Issue("a metric is not finite", parsed.file)]
    issues = issues or duplicate_names(parsed, document["models"], to_source)
    if issues:
        raise SchemaError([_percent_hint(issue) for issue in issues])


def _percent_hint(issue: Issue) -> Issue:
    """A tool's proportion written in percent: say how to read it as one."""
    found = _PROPORTION.search(issue.message)
    if not found:
        return issue
    metric = found.group(1)
    message = _MEANT.sub("", issue.message)  # the tool's file is not the user's to edit
    return issue._replace(
        message=f"{message}; if the tool writes {metric} in percent, read it as a percentage "
        f"with --percent-metric {metric}"
    )


_MEANT = re.compile(r"; did you mean [^?]*\?")
_PROPORTION = re.compile(r"\((\S+) is a proportion in \[0, 1\]\)")
