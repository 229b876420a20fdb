"""The JSON report's model entries, one line of JSON per model.

A sweep has 100k models, so the lines are built a column at a time: each column (the names,
the reasons, the metrics, each rule's values) is encoded by msgspec in one call, and a line
is its columns' pieces and the JSON between them joined once (zip and join: no Python code
runs per model). Python builds a dict only for what few models have (an artifact, errors,
slices, comparisons, drifts), in the same order the keys always had."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from itertools import repeat
from typing import Any

from msgspec import Raw
from msgspec.json import Encoder

from gate.files import UNENCODABLE
from gate.policy import Rule
from gate.render.reasons import model_reason
from gate.result import ChangeCheck, Check, ModelResult

_BOOL = (b"false", b"true")
Pieces = list[Iterable[bytes]]  # columns: a line is the i-th piece of each, joined


def entry_lines(
    models: Sequence[ModelResult], sliced: bool, compared: bool, confident: bool = False
) -> list[bytes]:
    """Each model's entry, as one line of JSON (JSON escapes line breaks within strings)."""
    reasons = ["" if m.qualified and not m.ungated else model_reason(m, most=None) for m in models]
    # the file's own mappings, not copies: the encoder only reads them
    metrics = [m.model.metrics for m in models]
    columns: Pieces = [
        repeat(b'{"name":'), encoded([m.model.name for m in models]),
        repeat(b',"qualified":'), [_BOOL[m.qualified] for m in models],
        repeat(b',"reason":'), encoded(reasons),
        repeat(b',"metrics":'), encoded(metrics),
        repeat(b',"checks":['), *_checks(models), repeat(b"]"),
        _more(models, sliced, compared, confident), repeat(b"}"),
    ]  # fmt: skip
    return list(map(b"".join, zip(*columns)))


def _checks(models: Sequence[ModelResult]) -> Pieces:
    """The rules' checks, a rule at a time: every model has one check per rule, in order."""
    rules = len(models[0].checks) if models else 0
    columns: Pieces = []
    for index in range(rules):
        columns += [repeat(b",")] if index else []
        rule = models[0].checks[index].rule
        columns += check_pieces([m.checks[index] for m in models], rule)
    return columns


def check_json(checks: Sequence[Check]) -> list[bytes]:
    """Each check's JSON object."""
    return list(map(b"".join, zip(*check_pieces(checks))))


def check_pieces(checks: Sequence[Check], rule: Rule | None = None) -> Pieces:
    """Each check's JSON object, as columns: `metric`, `op`, `threshold` (written once per
    rule), `value`, `passed`, then `slice`, `interval` and `judged` where the check has them.
    `rule`: the rule of every one of `checks` (a rule's column of the model lines)."""
    head: Iterable[bytes]
    if rule is not None:
        head = repeat(_head(rule))
    else:
        heads = {rule: _head(rule) for rule in dict.fromkeys([c.rule for c in checks])}
        head = [heads[c.rule] for c in checks]
    values = encoded([c.value for c in checks])
    passed = [_BOOL[c.passed] for c in checks]
    tails: Iterable[bytes] = repeat(b"}")
    # (lists, not generators nor map: a comprehension is the cheapest pass in Python 3.11)
    if any([c.slice is not None or c.level is not None for c in checks]):
        tails = [
            b"," + after[1:] if len(after) > 2 else b"}"
            for after in encoded(list(map(_after, checks)))
        ]
    return [head, values, repeat(b',"passed":'), passed, tails]


def _head(rule: Rule) -> bytes:
    metric, op, threshold = encoded([rule.metric, rule.op, rule.threshold])
    return b'{"metric":%b,"op":%b,"threshold":%b,"value":' % (metric, op, threshold)


def _after(check: Check) -> dict[str, Any]:
    """What follows `passed`: the slice, and under --confidence the interval and bound."""
    out: dict[str, Any] = {}
    if check.slice is not None:
        out["slice"] = check.slice
    if check.level is not None:
        out["interval"] = list(check.interval) if check.interval else None
        out["judged"] = check.judged
    return out


def _more(
    models: Sequence[ModelResult], sliced: bool, compared: bool, confident: bool
) -> list[bytes]:
    """`,"artifact":…` and the rest, for the models that have any of it; else nothing."""
    if not (sliced or compared):
        has = [
            m.model.artifact is not None or bool(m.model.stderr) or bool(m.drifts) for m in models
        ]
        if not any(has):
            return [b""] * len(models)
    found = encoded([model_more(m, sliced, compared, confident) for m in models])
    return [b"," + piece[1:-1] if len(piece) > 2 else b"" for piece in found]


def _mapping(value: object) -> dict[Any, Any]:
    """A mapping other than a dict (a reader's read-only view) as the dict it reads as."""
    if isinstance(value, Mapping):
        return dict(value)
    raise NotImplementedError(type(value))


def _as_json(value: object) -> object:
    """json's stand-in for what it cannot write: a Raw piece msgspec wrote, read back."""
    return json.loads(bytes(value)) if isinstance(value, Raw) else _mapping(value)


_MSGSPEC = Encoder(enc_hook=_mapping)
_JSON = json.JSONEncoder(
    ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_as_json
)


def encoded(values: list[Any]) -> list[bytes]:
    """Each value's JSON, by msgspec in one call. Text no UTF-8 can hold (a lone surrogate
    from an argument or a file name in another encoding) msgspec refuses: json writes
    those values, with the escape, as everything else gate writes such text."""
    try:
        lines = _MSGSPEC.encode_lines(values)
    except UnicodeEncodeError:
        lines = "".join([_JSON.encode(v) + "\n" for v in values]).encode("utf-8", UNENCODABLE)
    return lines.split(b"\n")[:-1]


def _text(value: str) -> str:
    return encoded([value])[0].decode("utf-8")


def model_more(
    m: ModelResult, sliced: bool, compared: bool, confident: bool = False
) -> dict[str, Any]:
    """What follows a model's checks in its entry, for the models that have it."""
    model = m.model
    out: dict[str, Any] = {}
    artifact = model.artifact
    if artifact is not None:
        out["artifact"] = {"uri": artifact.uri, "sha256": artifact.sha256}
    if model.stderr:
        out["stderr"] = dict(model.stderr)
    if sliced:
        out.update(_slices(m))
    if compared:
        base = m.baseline
        out["new"] = m.new
        out["baseline_metrics"] = dict(base.metrics) if base else None
        out["regressions"] = [_change(r, "baseline", "allowed", confident) for r in m.regressions]
        if m.improvements:
            out["improvements"] = [
                _change(r, "baseline", "required", confident) for r in m.improvements
            ]
    if m.drifts:
        out["drifts"] = [
            {**_change(r, "best", "allowed", confident), "best_commit": r.source or None}
            for r in m.drifts
        ]
    return out


def _change(check: ChangeCheck, reference: str, limit: str, confident: bool) -> dict[str, Any]:
    """`reference` names the value compared with; `limit` the most worsening allowed, or the
    least improvement required."""
    was = check.reference
    entry = {
        "metric": check.limit.metric,
        **({"slice": check.slice} if check.slice is not None else {}),
        reference: was,
        "value": check.value,
        "change": finite(check.change),
        limit: finite(check.limit.of(was)) if was is not None else None,
        "passed": check.passed,
    }
    if confident and check.value is not None and was is not None:
        entry.update(_judged(check))
    return entry


def _judged(check: ChangeCheck) -> dict[str, Any]:
    """Under --confidence: the interval of the change, how it was made, the outcome."""
    out: dict[str, Any] = {
        "interval": [finite(v) for v in check.interval] if check.interval else None,
        "method": check.method,
        "outcome": check.outcome,
    }
    if check.growth is not None:
        out["settle_factor"] = finite(check.growth)  # × the examples that would settle it
    if check.corrected is not None:
        out["holm_checks"] = check.corrected  # regressed alone, not after Holm over these
    paired = check.paired
    if paired is not None:
        out["paired"] = {
            "n": paired.n,
            "newly_wrong": paired.newly_wrong,
            "newly_right": paired.newly_right,
            "p_value": paired.p_value,
            "only_baseline": paired.only_before,
            "only_candidate": paired.only_after,
        }
    return out


def _slices(m: ModelResult) -> dict[str, Any]:
    ungated = {s.name for s in m.ungated}
    return {
        "slices": [
            {
                "name": s.name,
                "samples": s.samples,
                "gated": s.name not in ungated,
                "metrics": dict(s.metrics),
            }
            for s in m.model.slices
        ],
        "slice_checks": Raw(b"[%b]" % b",".join(check_json(m.slice_checks))),
        "gaps": [
            {
                "metric": g.gap.metric,
                "max": g.gap.amount,
                "gap": finite(round(g.spread, 12)),
                "high": list(g.high) if g.high else None,
                "low": list(g.low) if g.low else None,
                "passed": g.passed,
            }
            for g in m.gaps
        ],
        "unsliced": m.unsliced,
    }


def finite(number: float | None) -> float | None:
    """A computed number for JSON, which has no infinity: two finite values far apart can
    differ by more than a float holds. The check that used it has already failed."""
    return number if number is None or math.isfinite(number) else None
