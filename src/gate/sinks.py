"""Where a result or an error is written: stdout, report files, and GitHub's files.

Renderers return text; this module decides where it goes. Whatever ran last, every file gate
was asked to write says what happened in that run: a run that could not decide (exit 2 or 3)
rewrites them too. A GitHub sink that fails (an unwritable summary file, the PR comment)
becomes a warning and never changes the verdict.
"""

from __future__ import annotations

from typing import Callable, TextIO

from gate.clock import Clock
from gate.errors import GateError
from gate.files import write_output
from gate.fold import Options
from gate.github.commands import command, resume_commands, stop_commands, stop_commands_token
from gate.github.context import GitHubContext
from gate.github.guard import Guarded, neutralise, write_command
from gate.render.common import MAX_MESSAGE_CHARS, shorten, terminal_safe
from gate.render.findings import finding_text, verdict_line
from gate.render.reasons import more_models
from gate.render.text import render_text
from gate.result import GateResult

# The JSON and Markdown renderers and the GitHub files are imported where they are used:
# a plain local run needs none of them.


def emit_result(
    result: GateResult, options: Options, out: TextIO, err: TextIO, clock: Clock
) -> None:
    github = options.github
    report = ""  # each form is rendered once, and only when something shows it
    if options.format == "json":
        from gate.render.json import render_json

        report = render_json(result)
    if options.report:
        from gate.render.json import report_chunks

        write_output(options.report, report or report_chunks(result), "--report")
    markdown = ""
    if options.summary or github.enabled or options.format == "markdown":
        from gate.render.markdown import render_markdown

        markdown = render_markdown(result, chart=options.chart)
    if options.summary:
        write_output(options.summary, markdown, "--summary")
    if options.junit:
        from gate.render.junit import render_junit

        write_output(options.junit, render_junit(result), "--junit")
    if github.enabled:
        from gate.github.annotations import annotation_path
        from gate.github.outputs import gate_outputs

        _github_files(github, markdown, gate_outputs(result, options.report or ""), out)
        file = annotation_path(result.file, github.workspace)
        for finding in result.findings:
            if finding.level == "warning":
                props = {"file": file, "title": "Model gate"}
                write_command(out, command("warning", finding_text(finding), props))
        if not result.passed:
            title = {"file": file, "title": "Model gate failed"}
            write_command(out, command("error", verdict_line(result), title))
    if options.format == "json":
        text = report
    elif options.format == "markdown":
        text = markdown
    else:
        text = render_text(result, options.color, options.max_rows, options.width)
    _write_untrusted(out, text, github.enabled)

    def comment(size: int) -> str:
        from gate.render.markdown import render_markdown

        return render_markdown(result, size, "comment", options.chart)

    _comment(comment, options, err, clock)


def emit_error(error: GateError, options: Options, out: TextIO, err: TextIO, clock: Clock) -> None:
    """An input error (or, through InternalError, a crash): stderr, and every file gate was
    asked to write says the run failed, so no passing report, summary or output outlives it."""
    for issue in error.issues:
        line = terminal_safe(shorten(issue.describe(), MAX_MESSAGE_CHARS))
        err.write(f"gate: error: {neutralise(line)}\n")
    if error.more:
        err.write(f"gate: error: … and {more_models(error.more)}\n")
    from gate.render.json import render_error_json
    from gate.render.markdown import render_error_markdown

    markdown = render_error_markdown(error)
    github = options.github
    files = [(options.report, render_error_json(error), "--report")]
    files += [(options.summary, markdown, "--summary")]
    if options.junit:
        from gate.render.junit import render_error_junit

        junit = render_error_junit(error, options.metrics_files)
        files.append((options.junit, junit, "--junit"))
    for path, text, flag in files:
        if path:
            try:
                write_output(path, text, flag)
            except GateError as exc:
                err.write(f"gate: warning: {neutralise(terminal_safe(str(exc)))}\n")
    if options.format == "json":
        out.write(render_error_json(error))
    if github.enabled:
        from gate.github.annotations import error_annotations
        from gate.github.outputs import error_outputs

        for line in error_annotations(error, github.workspace):
            write_command(out, line)
        report = options.report or ""
        _github_files(github, markdown, error_outputs(report), out)
    # a comment left from a passing run must not outlive this one
    _comment(lambda _: markdown, options, err, clock)


def _comment(render: Callable[[int], str], options: Options, err: TextIO, clock: Clock) -> None:
    if options.comment == "false" or (options.comment == "auto" and not options.api.actions):
        return  # not due: the HTTP client is not even imported
    from gate.github.comment import publish_comment

    def say(line: str) -> None:
        err.write(terminal_safe(shorten(options.api.mask(line), MAX_MESSAGE_CHARS)) + "\n")

    def warn(line: str) -> None:
        line = shorten(options.api.mask(line), MAX_MESSAGE_CHARS)  # mask, then shorten
        if options.github.enabled:
            write_command(err, command("warning", line, {"title": "Model gate comment"}))
        else:
            err.write(f"gate: warning: {neutralise(terminal_safe(line))}\n")

    publish_comment(
        render,
        mode=options.comment,
        comment_id=options.comment_id,
        pr=options.pr,
        api=options.api,
        say=say,
        warn=warn,
        clock=clock,
    )


def _write_untrusted(out: TextIO, text: str, github: bool) -> None:
    """On a runner, untrusted text is framed by stop-commands with an unguessable token."""
    if not github:
        out.write(text)
        return
    token = stop_commands_token()
    write_command(out, stop_commands(token))
    text = text if text.endswith("\n") else text + "\n"
    out.framed(text) if isinstance(out, Guarded) else out.write(text)
    write_command(out, resume_commands(token))


def _github_files(
    github: GitHubContext, markdown: str, outputs: dict[str, str], out: TextIO
) -> None:
    from gate.github.outputs import write_outputs
    from gate.github.summary import append_summary

    if github.step_summary:
        _degrade(lambda: append_summary(github.step_summary or "", markdown), "job summary", out)
    if github.output:
        _degrade(lambda: write_outputs(github.output or "", outputs), "step outputs", out)


def _degrade(write: Callable[[], None], what: str, out: TextIO) -> None:
    try:
        write()
    except OSError as exc:
        write_command(
            out, command("warning", f"gate could not write the {what}: {exc.strerror or exc}")
        )
