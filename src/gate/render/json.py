"""The JSON report: everything a later step needs to act on the verdict."""

from __future__ import annotations

import json
from typing import Any

from gate import __version__
from gate.errors import GateError
from gate.paths import format_path
from gate.result import GateResult


def report(result: GateResult) -> dict[str, Any]:
    return {
        "gate_version": __version__,
        "file": result.file,
        "passed": result.passed,
        "verdict": result.verdict(),
        "require": _requirement(result),
        "qualified": list(result.qualified),
        "best": result.best,
        "rules": [
            {"metric": r.metric, "op": r.op, "threshold": r.threshold} for r in result.policy.rules
        ],
        "models": [
            {
                "name": m.name,
                "qualified": m.qualified,
                "reason": m.reason(),
                "metrics": dict(m.model.metrics),
                "checks": [
                    {
                        "metric": c.rule.metric,
                        "op": c.rule.op,
                        "threshold": c.rule.threshold,
                        "value": c.value,
                        "passed": c.passed,
                    }
                    for c in m.checks
                ],
            }
            for m in result.models
        ],
    }


def _requirement(result: GateResult) -> str | int:
    require = result.policy.require
    return require.count if require.kind == "count" else str(require)


def render_json(result: GateResult) -> str:
    """Indented at the top, one model per line: readable, and written by json's C encoder
    (`indent=` makes json fall back to pure Python, ~10x slower on a 100k-model report)."""
    body = report(result)
    models, qualified = body.pop("models"), body.pop("qualified")
    head = json.dumps(body, indent=2, ensure_ascii=False, allow_nan=False)
    encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode
    lines = ",\n".join("    " + encode(model) for model in models)
    return f'{head[:-2]},\n  "qualified": {encode(qualified)},\n  "models": [\n{lines}\n  ]\n}}\n'


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
