"""The command line's flags: the argparse parser and the checks of single flag values."""

from __future__ import annotations

import argparse
import os
import re
import sys
from typing import Any, NoReturn

from gate import __version__
from gate.errors import GateError
from gate.files import DEFAULT_MAX_FILE_SIZE, parse_size
from gate.render.text import DEFAULT_MAX_ROWS

_COMMENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class UsageError(GateError):
    title = "Invalid gate options"


class Parser(argparse.ArgumentParser):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(formatter_class=_Formatter, **kwargs)

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see gate --help)")


class _Formatter(argparse.HelpFormatter):
    """argparse's own, given the width: argparse would import shutil to learn it (~4 ms of
    start-up on every run, for help that is rarely printed)."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_columns() - 2)


def _columns() -> int:
    """shutil.get_terminal_size's answer, as argparse asks it: $COLUMNS, the terminal, 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="gate",
        description="ML model quality gate: validate a metrics file, apply threshold rules, "
        "report, and exit 1 when the requirement is not met. "
        "`gate schema [metrics|policy]` prints a JSON Schema.",
        epilog="Exit codes: 0 requirement met, 1 gate failed, 2 input or usage error, "
        "3 internal error.",
    )
    add = parser.add_argument
    add("metrics_file", metavar="METRICS_FILE", help="metrics file, JSON or YAML ('-' for stdin)")
    add("--metric", help="what the numbers of a shorthand file measure (default: accuracy)")
    add(
        "--min-accuracy",
        metavar="X|none",
        help="minimum accuracy, inclusive (default: 0.80); 'none' drops the rule",
    )
    add(
        "--threshold",
        action="append",
        default=[],
        metavar="RULE",
        help="extra rule 'METRIC OP VALUE', OP one of >= > <= < (repeatable)",
    )
    add(
        "--slice-threshold",
        action="append",
        default=[],
        metavar="RULE",
        help="rule every slice of a model must meet, e.g. 'accuracy >= 0.75' (repeatable)",
    )
    add(
        "--max-slice-gap",
        action="append",
        default=[],
        metavar="METRIC=AMOUNT",
        help="largest best-minus-worst slice difference, e.g. accuracy=0.05 (repeatable)",
    )
    add(
        "--min-slice-samples",
        metavar="N",
        help="slices with fewer samples are shown but not gated (default: 0)",
    )
    add(
        "--confidence",
        metavar="LEVEL",
        help="judge proportion metrics on their Wilson interval at LEVEL, e.g. 0.95 "
        "('none': off, whatever --config says)",
    )
    add(
        "--proportion-metric",
        action="append",
        default=[],
        metavar="METRIC",
        help="treat METRIC as a proportion for --confidence (repeatable)",
    )
    add(
        "--baseline",
        metavar="FILE",
        help="compare with this metrics file (a missing file counts as no baseline)",
    )
    add(
        "--baseline-ref",
        metavar="REF",
        help="compare with the same metrics file at git REF (fetched if the clone lacks it)",
    )
    add(
        "--pr-base",
        action="store_true",
        help="compare with the metrics file at the pull request's base commit (from the "
        "workflow's event); if it cannot be had, that is a missing baseline",
    )
    add(
        "--max-regression",
        action="append",
        default=[],
        metavar="METRIC=AMOUNT",
        help="most a metric may get worse than the baseline: accuracy=0.02 or accuracy=2%%",
    )
    add(
        "--slice-regressions",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="apply --max-regression to every slice too, matched by name "
        "(--no-slice-regressions turns off a policy file's true)",
    )
    add(
        "--on-missing-baseline",
        metavar="pass|warn|fail",
        help="no baseline, a new model or metric: note, warn (default) or fail the gate",
    )
    add(
        "--on-incomparable",
        metavar="warn|fail",
        help="baseline measured on another evaluation set: fail (default) or warn",
    )
    add(
        "--code-paths",
        action="append",
        default=[],
        metavar="PATHSPEC",
        help="fail when files matching PATHSPEC (git pathspec, from the repository root) "
        "changed after the metrics file's run.commit (repeatable)",
    )
    add(
        "--comment",
        choices=("auto", "true", "false"),
        default="auto",
        help="post the report as one sticky pull-request comment "
        "(auto: in GitHub Actions on a pull request; default: auto)",
    )
    add(
        "--comment-id",
        type=_comment_id,
        default="gate",
        metavar="NAME",
        help="keeps separate comments for separate gates on one pull request (default: gate)",
    )
    add(
        "--pr",
        type=_pr_number,
        metavar="N",
        help="pull request to comment on (default: the one in the workflow's event)",
    )
    add(
        "--require",
        metavar="any|all|N|MODEL",
        help="what must qualify for the gate to pass (default: any)",
    )
    add("--config", metavar="FILE", help="YAML policy file; flags override it")
    add(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="form of the report on stdout (default: text)",
    )
    add("--report", metavar="FILE", help="write the JSON report to FILE")
    add("--summary", metavar="FILE", help="write the Markdown report to FILE")
    add(
        "--max-rows",
        type=_rows,
        default=DEFAULT_MAX_ROWS,
        metavar="N",
        help=f"rows of the stdout table at most (default: {DEFAULT_MAX_ROWS}; 0: all)",
    )
    add(
        "--max-file-size",
        type=_size,
        default=DEFAULT_MAX_FILE_SIZE,
        metavar="SIZE",
        help="refuse input files larger than SIZE, e.g. 200MiB (default: 64MiB)",
    )
    add(
        "--no-github",
        action="store_true",
        help="do not write to GitHub's step summary, outputs or annotations",
    )
    add("--debug", action="store_true", help="show a traceback for internal errors")
    add("--version", action="version", version=f"gate {__version__}")
    return parser


def _rows(text: str) -> int:
    if not text.strip().isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number >= 0, got {text!r}")
    return int(text)


def _comment_id(text: str) -> str:
    if not _COMMENT_ID.fullmatch(text):
        raise argparse.ArgumentTypeError(
            f"expected letters, digits, '.', '_' or '-' (at most 64), got {text!r}"
        )
    return text


def _pr_number(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a pull request number, got {text!r}")
    return int(text)


def _size(text: str) -> int:
    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
