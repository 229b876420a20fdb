"""argv + environment → Options, built once; nothing else reads sys.argv or os.environ."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal, NamedTuple

from gate.config import PolicyFlags
from gate.files import DEFAULT_MAX_FILE_SIZE
from gate.flags import Parser, UsageError, build_parser
from gate.github.context import NO_API, ApiContext, GitHubContext
from gate.render.text import DEFAULT_MAX_ROWS

OutputFormat = Literal["text", "markdown", "json"]
CommentMode = Literal["auto", "true", "false"]


class Options(NamedTuple):
    metrics_file: str
    policy: PolicyFlags  # the policy flags as given; config.flag_settings parses them
    config: str | None
    format: OutputFormat
    report: str | None
    summary: str | None
    github: GitHubContext
    color: bool
    debug: bool
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    max_rows: int = DEFAULT_MAX_ROWS
    baseline: str | None = None
    baseline_ref: str | None = None
    pr_base: bool = False
    comment: CommentMode = "false"
    comment_id: str = "gate"
    pr: int | None = None
    code_paths: tuple[str, ...] = ()
    api: ApiContext = NO_API


class SchemaCommand(NamedTuple):
    name: str


def parse_options(
    argv: Sequence[str], env: Mapping[str, str], is_tty: bool
) -> Options | SchemaCommand:
    args = list(argv)
    if args[:1] == ["schema"]:
        return _schema_command(args[1:])
    ns = build_parser().parse_args(args)
    if sum((ns.baseline is not None, ns.baseline_ref is not None, ns.pr_base)) > 1:
        raise UsageError("give one of --baseline, --baseline-ref and --pr-base, not more")
    return Options(
        metrics_file=ns.metrics_file,
        policy=PolicyFlags(
            metric=ns.metric,
            min_accuracy=ns.min_accuracy,
            thresholds=tuple(ns.threshold),
            require=ns.require,
            slice_thresholds=tuple(ns.slice_threshold),
            max_slice_gaps=tuple(ns.max_slice_gap),
            min_slice_samples=ns.min_slice_samples,
            confidence=ns.confidence,
            proportion_metrics=tuple(ns.proportion_metric),
            max_regressions=tuple(ns.max_regression),
            on_missing_baseline=ns.on_missing_baseline,
            on_incomparable=ns.on_incomparable,
            slice_regressions=ns.slice_regressions,
        ),
        config=ns.config,
        format=ns.format,
        report=ns.report,
        summary=ns.summary,
        github=GitHubContext.from_env(env, disabled=ns.no_github),
        color=is_tty and not env.get("NO_COLOR") and env.get("TERM") != "dumb",
        debug=ns.debug,
        max_file_size=ns.max_file_size,
        max_rows=ns.max_rows,
        baseline=ns.baseline,
        baseline_ref=ns.baseline_ref,
        pr_base=ns.pr_base,
        comment=ns.comment,
        comment_id=ns.comment_id,
        pr=ns.pr,
        code_paths=tuple(p for p in ns.code_paths if p.strip()),
        api=ApiContext.from_env(env),
    )


def _schema_command(rest: list[str]) -> SchemaCommand:
    parser = Parser(prog="gate schema", description="Print a JSON Schema shipped with gate.")
    parser.add_argument("name", nargs="?", default="metrics", choices=("metrics", "policy"))
    return SchemaCommand(parser.parse_args(rest).name)
