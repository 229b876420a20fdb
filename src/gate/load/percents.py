"""--percent-metric: metrics a tool writes in percent (a model card's F1 75.6), read as the
proportions gate's rules and schema speak (0.756), before the mapped document is checked."""

from __future__ import annotations

from typing import Any

from gate.errors import Issue, SchemaError
from gate.jsonpath import Path
from gate.load.parsed import Parsed
from gate.load.reader import number


def from_percent(
    parsed: Parsed, document: dict[str, Any], sources: dict[Path, Path], percents: tuple[str, ...]
) -> str:
    """Each metric named in `percents`, in every model and slice, divided by 100 where it
    lies in [0, 100]; outside it, an error at the file's line. Declared, never guessed: a
    0.9 written in percent read as 0.9 would let a wrong scale pass."""
    if not percents:
        return ""
    wanted, seen = set(percents), set()
    for index, model in enumerate(document["models"]):
        places: list[tuple[Path, dict[str, Any]]] = [
            (("models", index, "metrics"), model["metrics"])
        ]
        for name, piece in model.get("slices", {}).items():
            places.append((("models", index, "slices", name, "metrics"), piece["metrics"]))
        for base, metrics in places:
            for metric in wanted & metrics.keys():
                value = metrics[metric]
                if number(value) and 0 <= value <= 100:
                    metrics[metric] = value / 100
                    seen.add(metric)
                    continue
                at = source_of(sources, (*base, metric))
                message = (
                    f"{metric} is read as a percentage (--percent-metric {metric}), so it must "
                    f"lie in [0, 100]; got {value!r}"
                )
                raise SchemaError([Issue(message, parsed.file, parsed.line_of(at), at)])
    return f"read as percentages: {', '.join(sorted(seen))}" if seen else ""


def source_of(sources: dict[Path, Path], path: Path) -> Path:
    for end in range(len(path), -1, -1):
        if path[:end] in sources:
            return sources[path[:end]]
    return ()
