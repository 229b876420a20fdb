"""argv → what the command line gives: the flags (parsed by the settings table's parsers),
the files, and what the environment says (GitHub, the terminal). fold.py makes the Options
and the Policy from them. Nothing here reads the environment itself: the CLI hands it in."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple, NoReturn

from gate import __version__
from gate.errors import GateError
from gate.fold import Context, Given, Options, fold_options
from gate.github.context import ApiContext, GitHubContext
from gate.load.reader import ReadOptions
from gate.parse import quoted
from gate.settings import BY_NAME, CLI, GROUPS, Setting, settings_for


class UsageError(GateError):
    title = "Invalid gate options"


class Gating(NamedTuple):
    """A gating run as the command line asks for it."""

    flags: Given  # setting name → value, for the flags given
    context: Context


class SchemaCommand(NamedTuple):
    name: str


class ValidateCommand(NamedTuple):
    """`gate validate FILE…`: each file checked on its own (schema and values), no gating."""

    files: tuple[str, ...]
    read: ReadOptions
    max_file_size: int


EXAMPLES = """examples:
  gate reports/metrics.json                       accuracy >= 0.80, at least one model
  gate metrics.json --threshold 'f1 >= 0.75' --threshold 'latency_ms <= 50'
  gate results.json --metrics-format lm-eval --min-accuracy none --threshold 'arc_easy.acc >= 0.7'
  gate metrics.json --baseline-ref origin/main --max-regression accuracy=1%
  gate metrics.json --history 10 --max-drift accuracy=1%
  gate metrics.json --config gate.yml --report report.json --junit junit.xml

commands:
  gate validate FILE...                           check files (schema, values) without gating
  gate schema [metrics|policy]                    print a JSON Schema shipped with gate

exit codes: 0 requirement met, 1 gate failed, 2 input or usage error, 3 internal error"""


USAGE = """gate [options] METRICS_FILE [METRICS_FILE ...]
       gate validate [options] FILE [FILE ...]
       gate schema [metrics|policy]"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def build_parser(columns: int = 80) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gate",
        usage=USAGE,
        description="ML model quality gate: validate a metrics file, apply threshold rules,\n"
        "report, and exit 1 when the requirement is not met.",
        epilog=EXAMPLES,
        formatter_class=lambda prog: argparse.RawDescriptionHelpFormatter(prog, width=columns),
    )
    parser.add_argument("-V", "--version", action="version", version=f"gate {__version__}")
    groups = {name: parser.add_argument_group(title) for name, title in GROUPS.items()}
    groups["input"].add_argument(
        "metrics_files",
        nargs="+",
        metavar="METRICS_FILE",
        help="metrics files, gated together: gate's forms or what another tool writes "
        "(see --metrics-format); '-': stdin",
    )
    for setting in settings_for(CLI):
        _add_flag(groups[setting.group], setting)
    return parser


def _add_flag(parser: argparse._ActionsContainer, setting: Setting) -> None:
    """The setting's flag, as its kind says: a value, a repeatable value, a switch, a flag."""
    shown = f" (default: {setting.shown or setting.default})" if _says_default(setting) else ""
    if setting.kind == "flag":
        parser.add_argument(setting.option, action="store_true", help=setting.help)
    elif setting.kind == "switch":
        parser.add_argument(
            setting.option, action=argparse.BooleanOptionalAction, help=setting.help
        )
    else:
        many = setting.kind == "list"
        parser.add_argument(
            setting.option,
            dest=setting.attr,
            action="append" if many else "store",
            metavar=setting.metavar or None,
            help=(setting.help + shown).replace("%", "%%") + (" (repeatable)" if many else ""),
        )


def _says_default(setting: Setting) -> bool:
    return setting.kind == "value" and bool(setting.shown or setting.default is not None)


def context_of(
    files: Sequence[str], env: Mapping[str, str], no_github: bool, is_tty: bool, width: int = 0
) -> Context:
    return Context(
        tuple(files),
        GitHubContext.from_env(env, disabled=no_github),
        ApiContext.from_env(env),
        wants_color(env, is_tty),
        width,
    )


def parse_options(
    argv: Sequence[str], env: Mapping[str, str], is_tty: bool, columns: int = 80, width: int = 0
) -> Gating | SchemaCommand | ValidateCommand:
    """`columns`: the help's width; `width`: the terminal table's (0: no limit)."""
    args = list(argv)
    if args[:1] == ["schema"]:  # a file called schema is `gate -- schema`
        return _schema_command(args[1:])
    if args[:1] == ["validate"]:  # and one called validate is `gate -- validate`
        return _validate_command(args[1:], env)
    namespace = vars(build_parser(columns).parse_args(args))
    flags = _given(namespace, settings_for(CLI))
    if sum(name in flags for name in ("baseline", "baseline-ref", "pr-base")) > 1:
        raise UsageError("give one of --baseline, --baseline-ref and --pr-base, not more")
    files = namespace["metrics_files"]
    return Gating(flags, context_of(files, env, bool(flags.get("no-github")), is_tty, width))


def _given(namespace: Mapping[str, Any], settings: Sequence[Setting]) -> dict[str, Any]:
    """The flags that were given, each through its setting's parser."""
    return {
        s.name: parse_flag(s.name, namespace[s.attr])
        for s in settings
        if namespace[s.attr] is not None and not (s.kind == "flag" and not namespace[s.attr])
    }


def wants_color(env: Mapping[str, str], is_tty: bool) -> bool:
    """NO_COLOR (https://no-color.org) wins; then FORCE_COLOR (any value but "0" or empty);
    then a terminal that is not `dumb`."""
    if env.get("NO_COLOR"):
        return False
    force = env.get("FORCE_COLOR")
    if force is not None and force != "":
        return force != "0"
    return is_tty and env.get("TERM") != "dumb"


def options_for_error(argv: Sequence[str], env: Mapping[str, str]) -> Options:
    """What a command line that failed to parse still says about where to write (the output
    and GitHub rows of the table), each flag that parses on its own kept: every file the
    run was asked for then says it failed, and a PR comment left from a passing run is
    replaced."""
    rows = [s for s in settings_for(CLI) if s.group in ("output", "github") and s.fills]
    flags: dict[str, Any] = {}
    for setting in rows:  # one at a time: a flag that does not parse costs only itself
        parser = _Parser(add_help=False)  # raises, never prints: this runs on the way to an error
        store = "store_true" if setting.kind in ("flag", "switch") else "store"
        parser.add_argument(setting.option, dest=setting.attr, action=store)
        try:
            known = vars(parser.parse_known_args(list(argv))[0])
            flags.update(_given(known, [setting]))
        except (SystemExit, Exception):  # this one does not parse: its default
            continue
    context = context_of((), env, bool(flags.get("no-github")), False)
    return fold_options(flags, {}, context._replace(color=False))


def parse_flag(name: str, value: Any) -> Any:
    """A flag's text (or texts) → its value; a bad one is a UsageError naming the flag."""
    setting = BY_NAME[name]
    if setting.parse is None:
        return value
    if setting.kind == "list":
        return tuple(_parsed(setting, text, f"{setting.option} {quoted(text)}") for text in value)
    return _parsed(setting, value, setting.option)


def _parsed(setting: Setting, text: str, where: str) -> Any:
    assert setting.parse is not None
    try:
        return setting.parse(text)
    except ValueError as exc:
        raise UsageError(f"{where}: {exc}") from None


def _schema_command(rest: list[str]) -> SchemaCommand:
    parser = _Parser(prog="gate schema", description="Print a JSON Schema shipped with gate.")
    parser.add_argument("name", nargs="?", default="metrics", choices=("metrics", "policy"))
    return SchemaCommand(parser.parse_args(rest).name)


def _validate_command(rest: list[str], env: Mapping[str, str]) -> ValidateCommand:
    parser = _Parser(
        prog="gate validate",
        description="Check metrics files, each on its own, against gate's schema and value "
        "checks, without gating: exit 0 when all are valid, 2 with each problem's file, line "
        "and path. The pre-commit hook runs this.",
    )
    parser.add_argument("files", nargs="+", metavar="METRICS_FILE")
    inputs = [s for s in settings_for(CLI) if s.group == "input" and s.name != "config"]
    for setting in inputs:
        _add_flag(parser, setting)
    namespace = vars(parser.parse_args(rest))
    files = tuple(namespace["files"])
    options = fold_options(_given(namespace, inputs), {}, context_of(files, env, True, False))
    return ValidateCommand(files, options.read, options.max_file_size)
