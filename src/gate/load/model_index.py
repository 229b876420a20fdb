"""Hugging Face model cards: the `model-index` of a README's YAML front matter (only the
front matter is read), or of a YAML file.

Each entry is a model named by its `name`. Each of its results is a slice named from its
dataset (`type`, then `config` or `args`, then `split`: `librispeech_asr/clean/test`), whose
metrics are named by each metric's `type`. An entry with one result has those metrics at
model level under their plain names (`wer`); with several, as `SLICE.TYPE`.
"""

from __future__ import annotations

from typing import Any

from gate.errors import Issue, LoadError
from gate.jsonpath import Path, join
from gate.load.document import Parsed
from gate.load.reader import Normalized, ReadOptions, refuse

FENCE = "---"


def front_matter(text: str) -> tuple[str, int] | None:
    """The YAML between a Markdown file's opening `---` line and the next one, with the
    line it starts on; None when the text has no front matter."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != FENCE:
        return None
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip("\r\n") in (FENCE, "..."):
            return "".join(lines[1:index]), 2
    return None


def card_yaml(text: str, file: str) -> str:
    """A model card's front matter, padded so its lines keep their numbers in the file."""
    found = front_matter(text)
    if found is None:
        raise LoadError(
            [Issue("a model card starts with YAML front matter between '---' lines", file, 1)]
        )
    body, first = found
    return "\n" * (first - 1) + body


def is_model_index(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("model-index"), list)


def read(parsed: Parsed, how: ReadOptions) -> Normalized:
    data = parsed.data
    if not is_model_index(data):
        raise refuse(parsed, (), "no 'model-index' list: this is not a Hugging Face model card")
    models: list[dict[str, Any]] = []
    sources: dict[Path, Path] = {}
    for i, entry in enumerate(data["model-index"]):
        where: Path = ("model-index", i)
        if not isinstance(entry, dict) or not isinstance(entry.get("results"), list):
            raise refuse(parsed, where, "each model-index entry needs a name and a results list")
        base: Path = ("models", len(models))
        sources[base] = where
        sources[join(base, "name")] = (*where, "name")
        slices = _slices(parsed, entry["results"], where, base, sources)
        if not slices:
            raise refuse(parsed, (*where, "results"), "no results to gate: the list is empty")
        metrics: dict[str, Any] = {}
        for piece, (values, paths) in slices.items():
            single = len(slices) == 1
            for metric, value in values.items():
                name = metric if single else f"{piece}.{metric}"
                metrics[name] = value
                sources[join(base, "metrics", name)] = paths[metric]
        models.append(
            {
                "name": entry.get("name"),
                "metrics": metrics,
                "slices": {piece: {"metrics": values} for piece, (values, _) in slices.items()},
            }
        )
    if not models:
        raise refuse(parsed, ("model-index",), "the model-index is empty: nothing to gate")
    return Normalized(models, sources)


def _slices(
    parsed: Parsed, results: list[Any], where: Path, base: Path, sources: dict[Path, Path]
) -> dict[str, tuple[dict[str, Any], dict[str, Path]]]:
    slices: dict[str, tuple[dict[str, Any], dict[str, Path]]] = {}
    for j, result in enumerate(results):
        at: Path = (*where, "results", j)
        if not isinstance(result, dict) or not isinstance(result.get("metrics"), list):
            raise refuse(parsed, at, "each result needs a dataset and a metrics list")
        piece = _slice_name(result.get("dataset"))
        if piece in slices:
            raise refuse(parsed, at, f"two results on the same dataset {piece!r}")
        values: dict[str, Any] = {}
        paths: dict[str, Path] = {}
        for k, metric in enumerate(result["metrics"]):
            spot: Path = (*at, "metrics", k)
            if not isinstance(metric, dict) or not isinstance(metric.get("type"), str):
                raise refuse(parsed, spot, "each metric needs a type and a value")
            if "value" not in metric:
                raise refuse(parsed, spot, f"metric {metric['type']!r} has no value")
            values[metric["type"]] = metric["value"]
            paths[metric["type"]] = (*spot, "value")
            sources[join(base, "slices", piece, "metrics", metric["type"])] = (*spot, "value")
        sources[join(base, "slices", piece)] = at
        slices[piece] = (values, paths)
    return slices


def _slice_name(dataset: Any) -> str:
    if not isinstance(dataset, dict):
        return "results"
    parts = [dataset.get("type") or dataset.get("name")]
    config = dataset.get("config")
    args = dataset.get("args")
    if config:
        parts.append(config)
    elif isinstance(args, dict):
        parts.append(",".join(f"{k}={v}" for k, v in args.items()))
    elif args:
        parts.append(args)
    parts.append(dataset.get("split"))
    return "/".join(str(p) for p in parts if p) or "results"
