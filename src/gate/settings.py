"""Every setting in one table: its flag, action input and policy-file key (one kebab-case
name), how its text is parsed, the default that applies, the field it fills in the Policy
(what to judge) or the Options (how to run), and its help. fold.py folds defaults → policy
file → flags and inputs into those records; the command line's parser, the policy file's
schema, action.yml's inputs and env lines, and the docs' tables are made from this table
(scripts/generate.py; tests fail when a generated file differs).

Adding a setting is a row here, its logic where its field is used, and its words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal, NamedTuple

from gate.files import DEFAULT_MAX_FILE_SIZE, parse_size
from gate.load.formats import CHOICES
from gate.parse import (
    choice,
    parse_change,
    parse_comment_id,
    parse_confidence,
    parse_count,
    parse_gap,
    parse_min_accuracy,
    parse_pr,
    parse_requirement,
    parse_rule,
    parse_runs,
    parse_text,
)

Kind = Literal["value", "list", "switch", "flag"]
Group = Literal["input", "rules", "slices", "baseline", "history", "output", "github", "action"]
GROUPS: dict[Group, str] = {
    "input": "the metrics file",
    "rules": "rules and the requirement",
    "slices": "slices and confidence",
    "baseline": "baseline, review and staleness",
    "history": "history: trends and ratchets",
    "output": "output",
    "github": "GitHub",
    "action": "the action's own",
}
CLI, ACTION, POLICY = "cli", "action", "policy"
EVERYWHERE = frozenset({CLI, ACTION, POLICY})
RUN = frozenset({CLI, ACTION})  # about this run, not the policy: no policy-file key
ONLY_CLI = frozenset({CLI})
ONLY_ACTION = frozenset({ACTION})


class Setting(NamedTuple):
    name: str  # kebab-case: --NAME (unless `flag`), the action input, the policy-file key
    help: str
    group: Group
    fills: str  # "policy.baseline.regressions", "run.report"; "" when read where it is used
    parse: Callable[[str], Any] | None = None  # text → value; ValueError says what is wrong
    default: Any = None  # what applies when no source gives it
    kind: Kind = "value"  # list: repeatable flag, one per line, a YAML list; switch: --no-X too
    flag: str = ""
    metavar: str = ""
    sources: frozenset[str] = EVERYWHERE
    schema: Mapping[str, Any] | None = None  # the policy-file key's JSON Schema
    shown: str = ""  # the default in the docs, when the value alone does not say it

    @property
    def option(self) -> str:
        return self.flag or f"--{self.name}"

    @property
    def attr(self) -> str:
        return self.name.replace("-", "_")


_RULES = {"type": "array", "items": {"type": "string", "minLength": 1}}
_STRING = {"type": "string", "minLength": 1}
_LEVEL = {"if": {"type": "string"}, "then": {"const": "none"}}


def _enum(*words: str) -> dict[str, Any]:
    return {"enum": list(words)}


# fmt: off
SETTINGS: tuple[Setting, ...] = (
    Setting("metric", "what the numbers of a shorthand metrics file measure", "input",
            "run.read.metric", parse_text, "accuracy", metavar="NAME", schema=_STRING),
    Setting("metrics-format", "what wrote the metrics files: auto (decided by content), "
            + ", ".join(CHOICES[1:]), "input", "run.read.format", choice(*CHOICES), "auto",
            metavar="NAME", schema=_enum(*CHOICES)),
    Setting("model-name", "the model's name, for files that name none", "input",
            "run.read.model_name", parse_text, metavar="NAME", schema=_STRING,
            shown="the path from the repository root"),
    Setting("percent-metrics", "METRIC is written as a percentage in the files of other tools "
            "(a model card's F1 75.6): read as a proportion (0.756), rules in [0, 1]", "input",
            "run.read.percents", parse_text, (), "list", "--percent-metric", "METRIC",
            schema=_RULES),
    Setting("split", "which split to read: hf-trainer's eval_* metrics (eval, its default) or "
            "test_*/predict_* (test); MTEB's split (test, its default)", "input",
            "run.read.split", parse_text, metavar="SPLIT", schema=_STRING,
            shown="eval for hf-trainer, test for mteb"),
    Setting("row", "ultralytics: the best epoch by fitness (best) or the last", "input",
            "run.read.row", choice("best", "last"), "best", metavar="best|last",
            schema=_enum("best", "last")),
    Setting("config", "YAML policy file; flags and inputs override its keys", "input",
            "run.config", parse_text, metavar="FILE", sources=RUN),
    Setting("max-file-size", "refuse input files larger than SIZE, e.g. 200MiB", "input",
            "run.max_file_size", parse_size, DEFAULT_MAX_FILE_SIZE, metavar="SIZE", sources=RUN,
            shown="64MiB"),
    Setting("min-accuracy", "minimum accuracy, inclusive; 'none' drops the rule", "rules",
            "policy.rules", parse_min_accuracy, 0.80, metavar="X|none", shown="0.80",
            schema={"type": ["number", "string", "null"], "minimum": 0, "maximum": 1, **_LEVEL}),
    Setting("thresholds", "extra rule 'METRIC OP VALUE', OP one of >= > <= <", "rules",
            "policy.rules", parse_rule, (), "list", "--threshold", "RULE", schema=_RULES),
    Setting("runs", "how to judge a model evaluated in several runs (its name in several "
            "files): mean (of its runs), worst (run, per metric) or each (every run must "
            "qualify; each:K at least K)", "rules", "policy.runs", parse_runs,
            metavar="mean|worst|each[:K]", schema={"type": "string", "minLength": 1},
            shown="none: a model in two files is an error"),
    Setting("require", "what must qualify for the gate to pass: any, all, N, or a model", "rules",
            "policy.require", parse_requirement, parse_requirement("any"),
            metavar="any|all|N|MODEL", shown="any",
            schema={"type": ["string", "integer"], "minLength": 1, "minimum": 1}),
    Setting("slice-thresholds", "rule every slice of a model must meet, e.g. 'accuracy >= 0.75'",
            "slices", "policy.slices.rules", parse_rule, (), "list", "--slice-threshold", "RULE",
            schema=_RULES),
    Setting("max-slice-gap", "largest best-minus-worst slice difference, e.g. accuracy=0.05",
            "slices", "policy.slices.gaps", parse_gap, (), "list", metavar="METRIC=AMOUNT",
            schema=_RULES),
    Setting("min-slice-samples", "slices with fewer samples are shown but not gated", "slices",
            "policy.slices.min_samples", parse_count, 0, metavar="N",
            schema={"type": "integer", "minimum": 0}),
    Setting("confidence", "judge proportion metrics on their Wilson interval at LEVEL, e.g. 0.95 "
            "('none': off)", "slices", "policy.confidence", parse_confidence, metavar="LEVEL",
            schema={"type": ["number", "string"], "exclusiveMinimum": 0, "exclusiveMaximum": 1,
                    **_LEVEL}),
    Setting("proportion-metrics", "treat METRIC as a proportion in [0, 1] for --confidence",
            "slices", "policy.proportions", parse_text, (), "list", "--proportion-metric",
            "METRIC", schema=_RULES),
    Setting("baseline", "compare with this metrics file", "baseline", "run.baseline", parse_text,
            metavar="FILE", sources=RUN),
    Setting("baseline-ref", "compare with the same metrics file at git REF (fetched if needed); "
            "in the action, empty means the pull request's base on pull requests, 'none' nothing",
            "baseline", "run.baseline_ref", parse_text, metavar="REF", sources=RUN),
    Setting("pr-base", "compare with the metrics file at the pull request's base commit (from "
            "the workflow's event); if it cannot be had, that is a missing baseline", "baseline",
            "run.pr_base", None, False, "flag", sources=ONLY_CLI),
    Setting("max-regression", "most a metric may get worse than the baseline: accuracy=0.02 or "
            "accuracy=2%", "baseline", "policy.baseline.regressions", parse_change, (), "list",
            metavar="METRIC=AMOUNT", schema=_RULES),
    Setting("slice-regressions", "apply --max-regression to every slice too, matched by name",
            "baseline", "policy.baseline.slices", None, False, "switch",
            schema={"type": "boolean"}),
    Setting("min-improvement", "least a metric must get better than the baseline for a model to "
            "qualify: accuracy=0.01 or accuracy=1%", "baseline", "policy.baseline.improvements",
            parse_change, (), "list", metavar="METRIC=AMOUNT", schema=_RULES),
    Setting("on-missing-baseline", "no baseline, a new model or metric: pass, warn or fail; for "
            "--max-drift without history: fail unless pass or warn is given", "baseline",
            "policy.baseline.on_missing", choice("pass", "warn", "fail"),
            metavar="pass|warn|fail", schema=_enum("pass", "warn", "fail"), shown="warn"),
    Setting("on-inconclusive", "under --confidence, a change whose interval straddles its limit: "
            "pass, warn or fail", "baseline", "policy.baseline.on_inconclusive",
            choice("pass", "warn", "fail"), "warn", metavar="pass|warn|fail",
            schema=_enum("pass", "warn", "fail")),
    Setting("on-incomparable", "baseline measured on another evaluation set: fail or warn",
            "baseline", "policy.baseline.on_incomparable", choice("warn", "fail"), "fail",
            metavar="warn|fail", schema=_enum("warn", "fail")),
    Setting("history", "read the metrics files' last N versions from git (the commits that "
            "changed them): a trend, and --max-drift; 0: off", "history", "policy.history.depth",
            parse_count, 0, metavar="N", schema={"type": "integer", "minimum": 0}),
    Setting("max-drift", "most a metric may be worse than the best that model reached in the "
            "--history window: accuracy=0.01 or accuracy=1%", "history", "policy.history.drifts",
            parse_change, (), "list", metavar="METRIC=AMOUNT", schema=_RULES),
    Setting("code-paths", "fail when files matching PATHSPEC (git pathspec, from the repository "
            "root) changed after the metrics file's run.commit", "baseline", "run.code_paths",
            parse_text, (), "list", metavar="PATHSPEC", schema=_RULES),
    Setting("format", "form of the report on stdout", "output", "run.format",
            choice("text", "markdown", "json"), "text", metavar="text|markdown|json",
            sources=ONLY_CLI),
    Setting("report", "write the JSON report to FILE", "output", "run.report", parse_text,
            metavar="FILE", sources=ONLY_CLI),
    Setting("summary", "write the Markdown report to FILE", "output", "run.summary", parse_text,
            metavar="FILE", sources=ONLY_CLI),
    Setting("junit", "write the verdict as JUnit XML to FILE (a test case per model), for CI "
            "systems that show test reports", "output", "run.junit", parse_text, metavar="FILE",
            sources=RUN),
    Setting("max-rows", "rows of the stdout table at most (0: all)", "output", "run.max_rows",
            parse_count, 1000, metavar="N", sources=RUN),
    Setting("chart", "add a Mermaid chart of each ruled metric per model, against its threshold "
            "and the baseline, to the Markdown report (job summary, comment)", "output",
            "run.chart", None, False, "switch", sources=RUN),
    Setting("comment", "post the report as one sticky pull-request comment: auto (on a pull "
            "request in GitHub Actions), true or false", "github", "run.comment",
            choice("auto", "true", "false"), "auto", metavar="auto|true|false", sources=RUN),
    Setting("comment-id", "keeps separate comments for separate gates on one PR", "github",
            "run.comment_id", parse_comment_id, "gate", metavar="NAME", sources=RUN),
    Setting("pr", "pull request to comment on", "github", "run.pr", parse_pr, metavar="N",
            sources=RUN, shown="the one in the workflow's event"),
    Setting("no-github", "do not write GitHub's step summary, outputs or annotations", "github",
            "run.no_github", None, False, "flag", sources=ONLY_CLI),
    Setting("debug", "show a traceback for internal errors", "output", "", None, False, "flag",
            sources=ONLY_CLI),  # read from argv itself: a crash can come before parsing
    Setting("progress", "a progress line on stderr while long work runs (history versions, many "
            "files): auto (a terminal, outside CI, after 2 s), always or never", "output",
            "run.progress", choice("auto", "always", "never"), "auto",
            metavar="auto|always|never", sources=ONLY_CLI),
    Setting("each-file", "judge each metrics file on its own, as the pre-commit hook does: the "
            "run fails when any file fails, and names it", "output", "run.each_file", None, False,
            "flag",
            sources=ONLY_CLI),
    # the action's own inputs, read by action.py
    Setting("metrics-file", "the metrics file (JSON or YAML), relative to working-directory; or "
            "several, one path or glob per line, gated together", "action", "",
            sources=ONLY_ACTION, shown="(required)"),
    Setting("fail-on-gate", "true fails the step when the gate fails; false only reports (the "
            "step passes, the passed output says false); invalid input fails it either way",
            "action", "", default="true", sources=ONLY_ACTION),
    Setting("python", "the Python (3.9+) to install gate with; the job's Python is never "
            "changed: gate gets a venv of its own in RUNNER_TEMP", "action", "",
            sources=ONLY_ACTION, shown="python3, else python"),
    Setting("cache", "keep gate's venv in the Actions cache (actions/cache), keyed on the "
            "runner's OS and architecture, the Python and the pins; false: build it every job",
            "action", "", default="true", sources=ONLY_ACTION),
    Setting("working-directory", "the directory to run in; metrics-file and config are "
            "relative to it", "action", "", default=".", sources=ONLY_ACTION),
    Setting("github-token", "the token for the pull-request comment", "action", "",
            default="${{ github.token }}", sources=ONLY_ACTION, shown="the job's github.token"),
)
# fmt: on

BY_NAME = {setting.name: setting for setting in SETTINGS}


def settings_for(source: str) -> tuple[Setting, ...]:
    return tuple(s for s in SETTINGS if source in s.sources)
