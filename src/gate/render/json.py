"""The JSON report: everything a later step needs to act on the verdict."""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import islice
from typing import Any, Callable

from gate import __version__
from gate.errors import GateError
from gate.jsonpath import format_path
from gate.metrics import Run
from gate.policy import Rule
from gate.render.entries import model_entries
from gate.result import GateResult


def report(result: GateResult) -> dict[str, Any]:
    """Everything but the models, which `model_entries` yields one at a time."""
    policy = result.policy
    body: dict[str, Any] = {
        "gate_version": __version__,
        "file": result.file,
        "passed": result.passed,
        "verdict": result.verdict(),
        "require": _requirement(result),
        "qualified": list(result.qualified),
        "best": result.best,
        "rules": [_rule(r) for r in policy.rules],
        "run": _run(result.run),
        "findings": [
            {"level": f.level, "blocking": f.blocking, "message": f.text()} for f in result.findings
        ],
    }
    if policy.slices.active:
        body["slice_rules"] = [_rule(r) for r in policy.slices.rules]
        body["slice_gaps"] = [{"metric": g.metric, "max": g.amount} for g in policy.slices.gaps]
        body["min_slice_samples"] = policy.slices.min_samples
    if policy.confidence is not None:
        body["confidence"] = policy.confidence
    if result.baseline is not None:
        body.update(_comparison(result))
    return body


def _comparison(result: GateResult) -> dict[str, Any]:
    baseline = result.baseline
    assert baseline is not None
    limits = result.policy.baseline
    names = {m.name for m in result.models}
    return {
        "baseline": {
            "source": baseline.label,
            "found": baseline.doc is not None,
            "run": _run(baseline.doc.run) if baseline.doc else None,
            "removed": [m.name for m in baseline.doc.models if m.name not in names]
            if baseline.doc
            else [],
        },
        "max_regressions": [
            {
                "metric": x.metric,
                "amount": x.amount,
                "relative": x.relative,
                "higher_is_better": x.higher_is_better,
            }
            for x in limits.regressions
        ],
        "slice_regressions": limits.slices,
        "on_missing_baseline": limits.on_missing,
        "on_incomparable": limits.on_incomparable,
    }


def _run(run: Run | None) -> dict[str, Any] | None:
    if run is None:
        return None
    dataset = run.dataset
    return {
        "commit": run.commit,
        "dataset": {"name": dataset.name, "sha256": dataset.sha256} if dataset else None,
        "created": run.created,
    }


def _rule(rule: Rule) -> dict[str, Any]:
    return {"metric": rule.metric, "op": rule.op, "threshold": rule.threshold}


def _requirement(result: GateResult) -> str | int:
    require = result.policy.require
    return require.number if require.kind == "count" else str(require)


def render_json(result: GateResult) -> str:
    return b"".join(report_chunks(result)).decode()


def report_chunks(result: GateResult) -> Iterator[bytes]:
    """The report as UTF-8 pieces of about 64 KiB, indented at the top and one model per
    line: readable, each line written by a C encoder, and never held whole (a 100k-model
    report is ~26 MB)."""
    body = report(result)
    qualified = body.pop("qualified")
    head = json.dumps(body, indent=2, ensure_ascii=False, allow_nan=False)
    fast = _fast_encoder() if len(result.models) >= _FAST_ENCODER_MODELS else None
    encode_lines = fast or _json_lines
    piece = bytearray(f'{head[:-2]},\n  "qualified": '.encode())
    piece += encode_lines([qualified])[:-1]
    piece += b',\n  "models": ['
    separator = b"\n    "
    entries = model_entries(result, structs=fast is not None)
    while batch := list(islice(entries, _BATCH)):
        # one line per entry, and no line break inside one (JSON escapes them in strings)
        piece += separator
        piece += encode_lines(batch)[:-1].replace(b"\n", b",\n    ")
        separator = b",\n    "
        if len(piece) >= _PIECE_BYTES:
            yield bytes(piece)
            piece.clear()
    piece += b"\n  ]\n}\n"
    yield bytes(piece)


_PIECE_BYTES = 1 << 16  # small enough for malloc to reuse the memory rather than map more
_BATCH = 128  # entries encoded in one call: ~32 KiB of a plain run's report


# msgspec takes ~35 ms to import (it pulls in inspect, uuid, decimal, …): worth it from a few
# thousand models on, when its ~5x faster encoding pays that back.
_FAST_ENCODER_MODELS = 5000


_EncodeLines = Callable[[list[Any]], bytes]  # each value's JSON on a line of its own


def _fast_encoder() -> _EncodeLines | None:
    """msgspec's encoder, ~5x faster than json's; None without msgspec. Both write the same
    values (only a float's notation may differ: 1e-05 or 0.00001)."""
    try:
        from msgspec.json import Encoder
    except ImportError:  # an optional speed-up
        return None
    return Encoder().encode_lines


_JSON_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def _json_lines(values: list[Any]) -> bytes:
    return "".join([_JSON_ENCODER.encode(value) + "\n" for value in values]).encode()


def render_error_json(error: GateError) -> str:
    """A report for a run that could not decide: never passed, with every problem located."""
    body = {
        "gate_version": __version__,
        "passed": False,
        "verdict": f"input error: {error.title.lower()}",
        "qualified": [],
        "best": None,
        "rules": [],
        "models": [],
        "errors": [
            {
                "file": issue.file,
                "line": issue.line,
                "path": format_path(issue.path) if issue.path is not None else None,
                "message": issue.message,
            }
            for issue in error.issues
        ],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
