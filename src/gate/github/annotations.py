"""Input errors as `::error file=…,line=…::` annotations on the metrics file."""

from __future__ import annotations

import os

from gate.errors import GateError
from gate.github.commands import command
from gate.jsonpath import format_path
from gate.render.common import MAX_MESSAGE_CHARS, shorten
from gate.render.reasons import more_models
from gate.trees import inside

MAX_ANNOTATIONS = 10


def annotation_path(file: str, workspace: str | None) -> str:
    """The path GitHub matches against the repository: relative to the workspace, with '/'."""
    if workspace:
        absolute = os.path.abspath(file)
        folder = os.path.abspath(workspace)
        if inside(absolute, folder):  # `..x.json` is a name inside, not a step out
            file = os.path.relpath(absolute, folder)
    return file.replace(os.sep, "/")


def error_annotations(error: GateError, workspace: str | None) -> list[str]:
    """At most MAX_ANNOTATIONS, then one that counts the rest: the runner shows only the
    first few of each kind anyway."""
    issues, title = error.issues, error.title
    lines = []
    for issue in issues[:MAX_ANNOTATIONS]:
        message = issue.message
        if issue.path is not None:
            message = f"{format_path(issue.path)}: {message}"
        props = {
            "file": annotation_path(issue.file, workspace) if issue.file else None,
            "line": issue.line,
            "title": title,
        }
        lines.append(command("error", shorten(message, MAX_MESSAGE_CHARS), props))
    hidden = len(issues) - MAX_ANNOTATIONS
    if hidden > 0 or error.more:
        lines.append(
            command(
                "error",
                f"{max(hidden, 0)} more problems not annotated, see the step log"
                + (f"; and {more_models(error.more)}" if error.more else ""),
                {"title": title},
            )
        )
    return lines
