"""Untrusted text in GitHub-flavoured Markdown: escaped so it stays literal, cut so no name can
flood a page; and input errors as a table."""

from __future__ import annotations

import re

from gate.errors import GateError
from gate.jsonpath import format_path
from gate.render.common import MAX_MESSAGE_CHARS, shorten, terminal_safe
from gate.render.reasons import more_models

# Markdown punctuation is backslash-escaped.
_PUNCTUATION = "\\`*_{}[]()#+!|~"
# HTML specials become entities. ':' '.' and '@' are encoded too: GitHub's extended autolinks
# (https://…, www.…, a@b.c) and @mentions would otherwise act on plain text; a zero-width
# space after '@' is what keeps an email or a mention inert.
_ENTITIES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    ":": "&#58;",
    ".": "&#46;",
    "@": "@&#8203;",
}
# The two sets do not overlap, so one pass of str.translate does both.
_ESCAPES = str.maketrans({**{c: "\\" + c for c in _PUNCTUATION}, **_ENTITIES})
_LINE_BREAKS = re.compile(r"[\r\n\t]+")
_SPECIAL = re.compile("[" + re.escape(_PUNCTUATION + "".join(_ENTITIES)) + "]")  # a quick look


def escape_markdown(text: str) -> str:
    """Untrusted text as literal inline Markdown: no table break, no HTML, no links or emphasis."""
    if not text.isprintable():  # line breaks and control characters are not printable
        text = terminal_safe(_LINE_BREAKS.sub(" ", text))
    return text.translate(_ESCAPES) if _SPECIAL.search(text) else text


_HTML = str.maketrans(_ENTITIES)


def escape_html(text: str) -> str:
    """Untrusted text inside an HTML block (a `<summary>`), where Markdown escapes show as
    backslashes: entities only, autolinks and mentions kept inert."""
    if not text.isprintable():
        text = terminal_safe(_LINE_BREAKS.sub(" ", text))
    return shorten(text, MAX_CELL_CHARS).translate(_HTML)


MAX_CELL_CHARS = 200


def escape_cell(text: str) -> str:
    """Untrusted text for one table cell: escaped, and shortened so no name can flood a page."""
    return escape_markdown(shorten(text, MAX_CELL_CHARS))


def escape_prose(text: str) -> str:
    """Untrusted text in a sentence (a finding, git's message): escaped, cut far later than a
    cell, so a fix hint after it is never lost."""
    return escape_markdown(shorten(text, MAX_MESSAGE_CHARS))


MAX_ERROR_ROWS = 50


def render_error_markdown(error: GateError) -> str:
    """Input errors as a list a reviewer can act on, on any screen: where, then what is wrong."""
    lines = [
        f"### ❌ Model gate: {escape_markdown(error.title.lower())}",
        "",
        "The gate could not decide, so it failed. Fix these problems in the input:",
        "",
    ]
    for issue in error.issues[:MAX_ERROR_ROWS]:
        path = f" at {escape_cell(format_path(issue.path))}" if issue.path is not None else ""
        problem = escape_markdown(shorten(issue.message, 4 * MAX_CELL_CHARS))
        where = f"**{escape_cell(issue.location())}**{path}: " if issue.location() else ""
        lines.append(f"- {where}{problem}")
    hidden = len(error.issues) - MAX_ERROR_ROWS
    if hidden > 0:
        lines += ["", f"… and {hidden} more problems; the step log lists them."]
    if error.more:
        lines += ["", f"… and {more_models(error.more)}."]
    return "\n".join([*lines, ""])
