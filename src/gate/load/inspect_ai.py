"""Inspect AI eval logs: the JSON log (`version` 2, `status`, `eval`, `results`, `samples`)
and the `.eval` log, a zip whose `header.json` holds the same header, `samples/*.json` the
samples and `reductions.json` each sample's value across epochs (read with zipfile, members
bounded in size).

One model per log, `eval.model`. Each scorer's metrics (`results.scores[].metrics`) are
`SCORER.METRIC` (`match.accuracy`), plain names too when there is one scorer; a scorer's
`stderr` metric is the standard error of its `accuracy` and `mean`. The sample count is
`results.completed_samples`. Each sample's score (C 1, P 0.5, I and N 0, numbers and booleans
as numbers), reduced across epochs, is the per-example value of its scorer's `accuracy` and
`mean`, so two logs of one task pair example by example under --confidence. A log whose
`status` is not `success` is refused, naming it.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

from gate.errors import Issue, LoadError
from gate.load.document import parse_document
from gate.load.mapped import Mapped, ModelMap
from gate.load.parsed import Parsed
from gate.load.reader import Opener, ReadOptions, number, refuse, whole
from gate.metrics import Examples

if TYPE_CHECKING:
    import zipfile

ZIP = b"PK\x03\x04"
MAX_MEMBER = 64 * 1024 * 1024  # one member of a .eval at most, unpacked
_LETTERS = {"C": 1.0, "P": 0.5, "I": 0.0, "N": 0.0}
_PER_SAMPLE = ("accuracy", "mean")  # the metrics a sample's value is an example of


def is_log(data: Any) -> bool:
    """The signature: a `version` beside an `eval` with a `model` and a `task`, and a
    `status`: what gate's own form (version 1, models) never has."""
    spec = data.get("eval") if isinstance(data, dict) else None
    return (
        isinstance(spec, dict)
        and "model" in spec
        and "task" in spec
        and "version" in data
        and "status" in data
    )


def sniff(raw: bytes) -> bool:
    return raw.startswith(ZIP)


def parse_log(raw: bytes, file: str) -> Parsed:
    """A JSON log as any JSON file; a `.eval` zip: its header, samples and reductions."""
    if not raw.startswith(ZIP):
        return parse_document(raw, file, "json")
    import zipfile  # with pathlib and threading: only for a .eval log

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            header = _member(archive, "header.json", file)
            if header is None:
                raise LoadError([Issue(_UNFINISHED, file)])
            samples = [
                _member(archive, name, file)
                for name in archive.namelist()
                if name.startswith("samples/") and name.endswith(".json")
            ]
            reductions = _member(archive, "reductions.json", file)
    except zipfile.BadZipFile as exc:
        raise LoadError([Issue(f"not a readable .eval log (zip): {exc}", file)]) from None
    data = {**header, "samples": samples, "reductions": reductions or []}
    return Parsed(data, file, json.dumps(header), "json")


_UNFINISHED = (
    "this .eval log has no header.json: the run did not finish, so it has no results to gate"
)


def _member(archive: zipfile.ZipFile, name: str, file: str) -> Any:
    """A member's JSON (the last of that name: a rewritten header is appended), or None."""
    infos = [info for info in archive.infolist() if info.filename == name]
    if not infos:
        return None
    info = infos[-1]
    if info.file_size > MAX_MEMBER:
        raise LoadError([Issue(f"{name} in this .eval log is larger than gate reads", file)])
    with archive.open(info) as handle:
        text = handle.read(MAX_MEMBER + 1).decode("utf-8", "replace")
    try:
        return json.loads(text)
    except ValueError as exc:
        raise LoadError([Issue(f"{name} in this .eval log is not JSON: {exc}", file)]) from None


def read(parsed: Parsed, how: ReadOptions, _: Opener | None = None) -> Mapped:
    data = parsed.data
    if not is_log(data):
        raise refuse(parsed, (), "not an Inspect AI eval log: expected version, status and eval")
    status = data.get("status")
    if status != "success":
        message = (
            f"this Inspect log's status is {status!r}, not 'success': its results are not "
            "those of a finished run, and gate will not gate them"
        )
        raise refuse(parsed, ("status",), message)
    results = data.get("results")
    scores = results.get("scores") if isinstance(results, dict) else None
    if not isinstance(scores, list) or not scores:
        raise refuse(parsed, ("results",), "the log has no scores: no scorer ran")
    model = ModelMap(data["eval"]["model"], ("eval",), ("eval", "model"))
    count = whole(results.get("completed_samples", results.get("total_samples")))
    if count is not None:
        model.samples(count, ("results", "completed_samples"))
    single = len(scores) == 1
    for index, score in enumerate(scores):
        _scorer(model, score, ("results", "scores", index), single)
    if how.examples:
        model.examples = _examples(data, scores, single, parsed.file)
    names = {str(e.target[1]) for e in model.entries if e.target[0] == "metrics"}
    return Mapped([model], proportions=frozenset(n for n in names if _proportion(n)))


def _scorer(model: ModelMap, score: Any, at: tuple[Any, ...], single: bool) -> None:
    name = score.get("name") if isinstance(score, dict) else None
    metrics = score.get("metrics") if isinstance(score, dict) else None
    if not isinstance(name, str) or not isinstance(metrics, dict):
        return
    stderr = metrics.get("stderr")
    error: Any = stderr.get("value") if isinstance(stderr, dict) else None
    for key, metric in metrics.items():
        value = metric.get("value") if isinstance(metric, dict) else None
        if key == "stderr" or not number(value):
            continue
        where = (*at, "metrics", key, "value")
        for shown in (f"{name}.{key}", key) if single else (f"{name}.{key}",):
            model.metric(shown, value, where)
            if number(error) and key in _PER_SAMPLE:
                model.stderr(shown, error, (*at, "metrics", "stderr", "value"))


def _proportion(metric: str) -> bool:
    return metric.rpartition(".")[2] == "accuracy"


def _examples(data: dict[str, Any], scores: list[Any], single: bool, file: str) -> Examples | None:
    """Each sample's value per scorer: the reduced value across epochs where the log has
    reductions, else the sample's own when every sample has one epoch."""
    values: dict[str, dict[Any, float]] = {}
    for reduction in data.get("reductions") or []:
        if isinstance(reduction, dict) and isinstance(reduction.get("samples"), list):
            for item in reduction["samples"]:
                value = _value(item.get("value")) if isinstance(item, dict) else None
                if value is not None:
                    values.setdefault(str(reduction.get("scorer")), {})[item.get("sample_id")] = (
                        value
                    )
    if not values:
        samples = [s for s in data.get("samples") or [] if isinstance(s, dict)]
        if not samples or len({s.get("id") for s in samples}) != len(samples):
            return None  # several epochs and no reductions: no one value per example
        for sample in samples:
            for scorer, score in (sample.get("scores") or {}).items():
                value = _value(score.get("value") if isinstance(score, dict) else None)
                if value is not None:
                    values.setdefault(scorer, {})[sample.get("id")] = value
    names = {s.get("scorer"): s.get("name") for s in scores if isinstance(s, dict)}
    columns = {}
    for scorer, by_id in values.items():
        ids, column = tuple(by_id), tuple(by_id.values())
        for metric in _PER_SAMPLE:
            name = f"{names.get(scorer, scorer)}.{metric}"
            columns[name] = (ids, column)
            if single:
                columns[metric] = (ids, column)
    return Examples(file, columns) if columns else None


def _value(value: Any) -> float | None:
    """Inspect's value_to_float: C 1, P 0.5, I and N 0, numbers and booleans as numbers."""
    if isinstance(value, bool):
        return float(value)
    if number(value):
        return float(value)
    if isinstance(value, str):
        return _LETTERS.get(value)
    return None
