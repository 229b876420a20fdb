"""The command line: the one place that reads argv and the environment, and turns errors
into exit codes (0 met, 1 gate failed, 2 input or usage error, 3 internal error)."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Mapping, Sequence
from typing import NamedTuple, NoReturn, TextIO

from gate.clock import Clock
from gate.console import (
    ansi_ok,
    columns,
    is_tty,
    masked,
    reader_left,
    safe_stream,
    silence_stdout,
    table_width,
)
from gate.errors import GateError
from gate.evaluate import evaluate
from gate.fold import Options, fold_options
from gate.github.context import GitHubContext
from gate.github.guard import guarded
from gate.options import (
    Gating,
    SchemaCommand,
    UsageError,
    ValidateCommand,
    options_for_error,
    parse_options,
)
from gate.progress import AFTER_SECONDS, SILENT, Progress
from gate.render.common import terminal_safe
from gate.result import GateResult
from gate.schema import schema_text
from gate.sinks import emit_error, emit_result
from gate.sources import (
    load_baseline,
    load_history,
    read_candidates,
    read_settings,
    stale_findings,
)

EXIT_PASSED, EXIT_FAILED, EXIT_INPUT, EXIT_BUG = 0, 1, 2, 3


class Session(NamedTuple):
    """What one run of the CLI was handed: arguments, environment, streams, clock."""

    args: list[str]
    env: Mapping[str, str]
    out: TextIO
    err: TextIO
    clock: Clock


class Outcome(NamedTuple):
    """How a run ended, and its result: handed back rather than freed, so that a caller that
    exits right after (the console script, the action) never pays for freeing a big run."""

    code: int
    result: GateResult | None = None


def main(
    argv: Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    *,
    clock: Clock = Clock(),  # noqa: B008 (an immutable value)
) -> int:
    """One run, for a caller that goes on afterwards (tests): the cyclic collector is back
    on when it returns. `clock`: how the PR comment waits between retries."""
    collecting = gc.isenabled()
    try:
        return execute(argv, env, stdout, stderr, clock=clock).code
    finally:
        if collecting:
            gc.enable()


def execute(
    argv: Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    *,
    clock: Clock = Clock(),  # noqa: B008
) -> Outcome:
    """One run with the cyclic collector off, and left off: a big file makes millions of
    containers that live to the end, which it would re-scan again and again with nothing
    to free. The caller that goes on turns it back on (main)."""
    gc.disable()
    env = os.environ if env is None else env
    on_runner = env.get("GITHUB_ACTIONS") == "true"  # it reads every line, --no-github or not
    session = Session(
        list(sys.argv[1:] if argv is None else argv),
        env,
        guarded(masked(stdout or safe_stream(sys.stdout), env), on_runner),
        guarded(masked(stderr or safe_stream(sys.stderr), env), on_runner),
        clock,
    )
    return _run(session)


def fail(
    argv: Sequence[str], env: Mapping[str, str], error: GateError, stdout: TextIO | None = None
) -> int:
    """A run that failed before it could start (the action's own inputs): the error, and
    every file `argv` names written to say so, as any input error does. Exit 2."""
    on_runner = env.get("GITHUB_ACTIONS") == "true"
    out = guarded(masked(stdout or safe_stream(sys.stdout), env), on_runner)
    err = guarded(masked(safe_stream(sys.stderr), env), on_runner)
    _emit_error(error, None, Session(list(argv), env, out, err, Clock()))
    return EXIT_INPUT


def _run(session: Session) -> Outcome:
    """The run, and the one place errors become exit codes."""
    options: Options | None = None
    out, err = session.out, session.err
    try:
        colour_ok = is_tty(out) and ansi_ok()
        parsed = parse_options(
            session.args,
            session.env,
            colour_ok,
            columns(session.env),
            table_width(out, session.env),
        )
        if isinstance(parsed, SchemaCommand):
            out.write(schema_text(parsed.name))
            return Outcome(EXIT_PASSED)
        if isinstance(parsed, ValidateCommand):
            from gate.sources import validate_files

            for line in validate_files(
                parsed.files, parsed.read, parsed.max_file_size, os.getcwd()
            ):
                out.write(f"{terminal_safe(line)}\n")
            return Outcome(EXIT_PASSED)
        options = fold_options(parsed.flags, {}, parsed.context)  # where to write, if all fails
        if options.each_file and len(parsed.context.metrics_files) > 1:
            return _each_file(parsed, session)
        return _verdict(parsed, session)
    except GateError as exc:
        _emit_error(exc, options, session)
        return Outcome(EXIT_INPUT)
    except SystemExit as exc:  # --help and --version
        return Outcome(exc.code if isinstance(exc.code, int) else EXIT_PASSED)
    except KeyboardInterrupt:
        return Outcome(130)
    except OSError as exc:  # writing to stdout or stderr failed: the environment, not gate
        with contextlib.suppress(OSError, ValueError):
            err.write(f"gate: error: cannot write to standard output: {exc.strerror or exc}\n")
        return Outcome(EXIT_INPUT)
    except Exception as exc:  # a bug: one line, the traceback only on request
        if "--debug" in session.args:
            import traceback  # only on a crash

            traceback.print_exc(file=err)
        crash = InternalError(
            f"internal error ({type(exc).__name__}). This is a bug in gate; please report "
            "it with the output of the same command run with --debug."
        )
        _emit_error(crash, options, session)
        return Outcome(EXIT_BUG)


def _each_file(gating: Gating, session: Session) -> Outcome:
    """--each-file: every file gated alone, under its name; the worst exit code. One good
    file must not let a failing one in another folder through (`--require any`)."""
    flags = gating.flags
    written = [f"--{n}" for n in ("report", "junit", "summary") if flags.get(n)]
    written += ["--comment"] if flags.get("comment") not in (None, "auto", "false") else []
    written += ["--format"] if flags.get("format") not in (None, "text") else []
    if written:
        raise UsageError(f"--each-file writes to the terminal only; drop {', '.join(written)}")
    # one file's verdict must not overwrite another's outputs, summary or comment
    quiet = {**flags, "comment": "false", "no-github": True}
    context = gating.context._replace(github=GitHubContext(enabled=False))
    worst = EXIT_PASSED
    for file in context.metrics_files:
        session.out.write(f"{terminal_safe(file)}:\n")
        one = Gating(quiet, context._replace(metrics_files=(file,)))
        try:
            code = _verdict(one, session).code
        except GateError as exc:
            _emit_error(exc, fold_options(one.flags, {}, one.context), session)
            code = EXIT_INPUT
        session.out.write("\n")
        worst = max(worst, code)
    return Outcome(worst)


def _verdict(gating: Gating, session: Session) -> Outcome:
    options, result = gate(gating, session.env, session)
    try:
        emit_result(result, options, session.out, session.err, session.clock)
        session.out.flush()  # a full disk shows here, not after the verdict
    except OSError as exc:  # `gate … | head`: the reader left; the verdict stands
        if not reader_left(exc):
            raise
        silence_stdout()
    return Outcome(EXIT_PASSED if result.passed else EXIT_FAILED, result)


class InternalError(GateError):
    title = "Internal error in gate"


def _emit_error(error: GateError, options: Options | None, session: Session) -> None:
    """The error, and every file the run was asked to write saying it failed. Options the
    command line could not give (a bad flag) are salvaged for the files' names."""
    options = options or options_for_error(session.args, session.env)
    try:
        emit_error(error, options, session.out, session.err, session.clock)
    except Exception:  # writing about the error failed too: the exit code still says it
        with contextlib.suppress(Exception):
            session.err.write(f"gate: error: {error}\n")


def gate(
    gating: Gating, env: Mapping[str, str], session: Session | None = None
) -> tuple[Options, GateResult]:
    """Everything between the command line and the result: settings, files, baseline,
    history, evaluate."""
    options, policy = read_settings(gating.flags, gating.context)
    progress = _progress(options, env, session)
    cwd = os.getcwd()
    try:
        candidates = read_candidates(options, cwd, progress)
        code_paths = options.code_paths
        found = stale_findings(candidates, code_paths, env) if code_paths else ()
        depth = policy.history.depth
        history = load_history(options, candidates, depth, env, progress) if depth else None
    finally:  # what follows (the verdict, an error) starts at the left edge
        progress.end()
    baseline = load_baseline(options, candidates, env, cwd)
    return options, evaluate(candidates.doc, policy, baseline, found, history)


def _progress(options: Options, env: Mapping[str, str], session: Session | None) -> Progress:
    """--progress: auto shows it on a terminal outside CI; never in a CI log unless asked."""
    if session is None or options.progress == "never":
        return SILENT
    if options.progress == "auto" and (env.get("CI") or not is_tty(session.err)):
        return SILENT
    after = 0.0 if options.progress == "always" else AFTER_SECONDS
    return Progress(session.err, session.clock.now, after)


def run() -> None:
    """Console-script entry point: the outcome lives until the process ends."""
    outcome = execute()
    exit_now(outcome.code)


def exit_now(code: int) -> NoReturn:
    """End the process as soon as the output is out, without freeing what `main` kept.
    Every file gate writes is closed by then; only the standard streams need a flush."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader that left: nothing to do
            stream.flush()
    os._exit(code)
