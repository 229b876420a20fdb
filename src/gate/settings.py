"""Every setting in one table: its name, how its text is parsed, its default, its kind and
its help. The command line's flags, the action's inputs, the policy file's keys and schema
are made from this table, and tests hold action.yml and the README to it."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Literal, NamedTuple

from gate.files import DEFAULT_MAX_FILE_SIZE, parse_size
from gate.load import FORMATS
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

Kind = Literal["value", "list", "switch", "flag"]
Values = dict[str, Any]  # setting name → parsed value, for the settings a source gave
Group = Literal["input", "rules", "slices", "baseline", "history", "output", "github"]
GROUPS: dict[Group, str] = {
    "input": "the metrics file",
    "rules": "rules and the requirement",
    "slices": "slices and confidence",
    "baseline": "baseline, review and staleness",
    "history": "history: trends and ratchets",
    "output": "output",
    "github": "GitHub",
}
CLI, ACTION, POLICY = "cli", "action", "policy"
EVERYWHERE = frozenset({CLI, ACTION, POLICY})
RUN = frozenset({CLI, ACTION})  # about this run, not the policy: no policy-file key


class Setting(NamedTuple):
    name: str  # kebab-case: the action input and the policy-file key
    help: str
    group: Group
    parse: Callable[[str], Any] | None = None  # text → value; ValueError says what is wrong
    default: Any = None
    kind: Kind = "value"  # list: repeatable flag, one per line, a YAML list; switch: --no-X too
    flag: str = ""  # the command line's flag when it is not --NAME
    metavar: str = ""
    sources: frozenset[str] = EVERYWHERE
    schema: Mapping[str, Any] | None = None  # the policy-file key's JSON Schema

    @property
    def option(self) -> str:
        return self.flag or f"--{self.name}"

    @property
    def attr(self) -> str:
        return self.name.replace("-", "_")


def _text(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be empty")
    return text.strip()


_COMMENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def _comment_id(text: str) -> str:
    if not _COMMENT_ID.fullmatch(text.strip()):
        raise ValueError(f"expected letters, digits, '.', '_' or '-' (at most 64), got {text!r}")
    return text.strip()


def _pr_number(text: str) -> int:
    number = parse_count(text)
    if number < 1:
        raise ValueError(f"expected a pull request number, got {text!r}")
    return number


_RULES = {"type": "array", "items": {"type": "string", "minLength": 1}}
_STRING = {"type": "string", "minLength": 1}

# fmt: off
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "metric", "what the numbers of a shorthand metrics file measure (default: accuracy)",
        "input", _text, "accuracy", metavar="NAME", schema=_STRING,
    ),
    Setting(
        "metrics-format", "what wrote the metrics files: auto (decided by content), gate, dvc, "
        "lm-eval, sklearn, hf-trainer, model-index or ultralytics", "input",
        choice(*FORMATS), "auto", metavar="NAME", schema={"enum": list(FORMATS)},
    ),
    Setting(
        "model-name", "the model's name, for files that name none (default: the file's path)",
        "input", _text, metavar="NAME", schema=_STRING,
    ),
    Setting(
        "split", "hf-trainer: the eval_* metrics (eval, the default) or test_*/predict_* (test)",
        "input", choice("eval", "test"), "eval", metavar="eval|test",
        schema={"enum": ["eval", "test"]},
    ),
    Setting(
        "row", "ultralytics: the best epoch by fitness (best, the default) or the last",
        "input", choice("best", "last"), "best", metavar="best|last",
        schema={"enum": ["best", "last"]},
    ),
    Setting(
        "config", "YAML policy file; flags and inputs override its keys",
        "input", _text, metavar="FILE", sources=RUN,
    ),
    Setting(
        "max-file-size", "refuse input files larger than SIZE, e.g. 200MiB (default: 64MiB)",
        "input", parse_size, DEFAULT_MAX_FILE_SIZE, metavar="SIZE", sources=RUN,
    ),
    Setting(
        "min-accuracy", "minimum accuracy, inclusive (default: 0.80); 'none' drops the rule",
        "rules", parse_min_accuracy, 0.80, metavar="X|none",
        schema={"type": ["number", "string", "null"], "minimum": 0, "maximum": 1,
                "if": {"type": "string"}, "then": {"const": "none"}},
    ),
    Setting(
        "thresholds", "extra rule 'METRIC OP VALUE', OP one of >= > <= <",
        "rules", parse_rule, (), "list", flag="--threshold", metavar="RULE", schema=_RULES,
    ),
    Setting(
        "require", "what must qualify for the gate to pass: any (default), all, N, or a model",
        "rules", parse_requirement, None, metavar="any|all|N|MODEL",
        schema={"type": ["string", "integer"], "minLength": 1, "minimum": 1},
    ),
    Setting(
        "slice-thresholds", "rule every slice of a model must meet, e.g. 'accuracy >= 0.75'",
        "slices", parse_rule, (), "list", flag="--slice-threshold", metavar="RULE",
        schema=_RULES,
    ),
    Setting(
        "max-slice-gap", "largest best-minus-worst slice difference, e.g. accuracy=0.05",
        "slices", parse_gap, (), "list", metavar="METRIC=AMOUNT", schema=_RULES,
    ),
    Setting(
        "min-slice-samples", "slices with fewer samples are shown but not gated (default: 0)",
        "slices", parse_count, 0, metavar="N", schema={"type": "integer", "minimum": 0},
    ),
    Setting(
        "confidence", "judge proportion metrics on their Wilson interval at LEVEL, e.g. 0.95 "
        "('none': off)", "slices", parse_confidence, None, metavar="LEVEL",
        schema={"type": ["number", "string"], "exclusiveMinimum": 0, "exclusiveMaximum": 1,
                "if": {"type": "string"}, "then": {"const": "none"}},
    ),
    Setting(
        "proportion-metrics", "treat METRIC as a proportion in [0, 1] for --confidence",
        "slices", _text, (), "list", flag="--proportion-metric", metavar="METRIC",
        schema=_RULES,
    ),
    Setting(
        "baseline", "compare with this metrics file", "baseline", _text, metavar="FILE",
        sources=RUN,
    ),
    Setting(
        "baseline-ref", "compare with the same metrics file at git REF (fetched if needed)",
        "baseline", _text, metavar="REF", sources=RUN,
    ),
    Setting(
        "pr-base", "compare with the metrics file at the pull request's base commit (from the "
        "workflow's event); if it cannot be had, that is a missing baseline", "baseline",
        kind="flag", sources=frozenset({CLI}),
    ),
    Setting(
        "max-regression", "most a metric may get worse than the baseline: accuracy=0.02 or "
        "accuracy=2%", "baseline", parse_change, (), "list", metavar="METRIC=AMOUNT",
        schema=_RULES,
    ),
    Setting(
        "slice-regressions", "apply --max-regression to every slice too, matched by name",
        "baseline", None, False, "switch", schema={"type": "boolean"},
    ),
    Setting(
        "min-improvement", "least a metric must get better than the baseline for a model to "
        "qualify: accuracy=0.01 or accuracy=1%", "baseline", parse_change, (), "list",
        metavar="METRIC=AMOUNT", schema=_RULES,
    ),
    Setting(
        "on-missing-baseline", "no baseline, a new model or metric: pass, warn (default) or "
        "fail; for --max-drift without history: fail unless pass or warn is given",
        "baseline", choice("pass", "warn", "fail"), None, metavar="pass|warn|fail",
        schema={"enum": ["pass", "warn", "fail"]},
    ),
    Setting(
        "on-incomparable", "baseline measured on another evaluation set: fail (default) or warn",
        "baseline", choice("warn", "fail"), "fail", metavar="warn|fail",
        schema={"enum": ["warn", "fail"]},
    ),
    Setting(
        "history", "read the metrics files' last N versions from git (the commits that changed "
        "them): a trend, and --max-drift (default: 0, off)", "history", parse_count, 0,
        metavar="N", schema={"type": "integer", "minimum": 0},
    ),
    Setting(
        "max-drift", "most a metric may be worse than the best that model reached in the "
        "--history window: accuracy=0.01 or accuracy=1%", "history", parse_change, (), "list",
        metavar="METRIC=AMOUNT", schema=_RULES,
    ),
    Setting(
        "code-paths", "fail when files matching PATHSPEC (git pathspec, from the repository "
        "root) changed after the metrics file's run.commit", "baseline", _text, (), "list",
        metavar="PATHSPEC", schema=_RULES,
    ),
    Setting(
        "format", "form of the report on stdout (default: text)", "output",
        choice("text", "markdown", "json"), "text", metavar="text|markdown|json",
        sources=frozenset({CLI}),
    ),
    Setting(
        "report", "write the JSON report to FILE", "output", _text, metavar="FILE",
        sources=frozenset({CLI}),
    ),
    Setting(
        "summary", "write the Markdown report to FILE", "output", _text, metavar="FILE",
        sources=frozenset({CLI}),
    ),
    Setting(
        "junit", "write the verdict as JUnit XML to FILE (a test case per model), for CI "
        "systems that show test reports", "output", _text, metavar="FILE", sources=RUN,
    ),
    Setting(
        "max-rows", "rows of the stdout table at most (default: 1000; 0: all)", "output",
        parse_count, 1000, metavar="N", sources=RUN,
    ),
    Setting(
        "chart", "add a Mermaid chart of each ruled metric per model, against its threshold and "
        "the baseline, to the Markdown report (job summary, comment)", "output", None, False,
        "switch", sources=RUN,
    ),
    Setting(
        "comment", "post the report as one sticky pull-request comment: auto (default: on a "
        "pull request in GitHub Actions), true or false", "github",
        choice("auto", "true", "false"), "auto", metavar="auto|true|false", sources=RUN,
    ),
    Setting(
        "comment-id", "keeps separate comments for separate gates on one PR (default: gate)",
        "github", _comment_id, "gate", metavar="NAME", sources=RUN,
    ),
    Setting(
        "pr", "pull request to comment on (default: the one in the workflow's event)",
        "github", _pr_number, metavar="N", sources=RUN,
    ),
    Setting(
        "no-github", "do not write GitHub's step summary, outputs or annotations", "github",
        kind="flag", sources=frozenset({CLI}),
    ),
    Setting(
        "debug", "show a traceback for internal errors", "output", kind="flag",
        sources=frozenset({CLI}),
    ),
)
# fmt: on

# Action inputs that are not flags: the action's own business (action.py, action.yml).
ACTION_INPUTS = ("metrics-file", "fail-on-gate", "python", "working-directory", "github-token")

BY_NAME = {setting.name: setting for setting in SETTINGS}


def settings_for(source: str) -> tuple[Setting, ...]:
    return tuple(s for s in SETTINGS if source in s.sources)


def policy_schema() -> dict[str, Any]:
    """The policy file's JSON Schema: one property per setting the file may hold."""
    properties: dict[str, Any] = {"$schema": {"type": "string"}}
    for setting in settings_for(POLICY):
        assert setting.schema is not None, setting.name
        properties[setting.name] = {"description": setting.help, **setting.schema}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://raw.githubusercontent.com/OWNER/gate/v1/src/gate/schema/policy.schema.json",
        "title": "gate policy file",
        "description": "Settings for the gate, read with --config. Keys match the action's "
        "inputs; a flag or input overrides the key of the same name.",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }
