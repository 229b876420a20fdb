"""Where metrics files are read from, at the edge: the work tree, or a git commit.

Two rules hold here for every reader, baseline and history version:

- A file's identity is its path from the root (the git repository, or the working directory
  outside one), with '/'. A format that names no model names it by this identity, so the
  candidate, the baseline at a ref, `--baseline FILE` and every history version speak of
  the same model, wherever and at whichever commit the file was read.
- Every file gate opens because a file told it to (a dvc.yaml's entries) stays inside the
  root, symlinks resolved; a file named on the command line may lie outside it, but not
  reach outside through a symlink from inside it. The bytes read in one run are bounded.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from typing import NamedTuple

from gate.errors import Issue, LoadError
from gate.files import format_size, read_input
from gate.load.reader import Opener

STDIN_LABEL = "<stdin>"
# All files of one run together (candidates, the baseline, each history version) may hold
# this many times --max-file-size: 1 GiB by default.
RUN_BYTES_FACTOR = 16


class Root(NamedTuple):
    folder: str  # the real path of the repository root, or of the working directory
    repository: bool


class Located(NamedTuple):
    """A metrics file named on the command line."""

    given: str  # as the user wrote it: the label of its messages ("-" is stdin)
    path: str  # from the root, with '/': its identity
    root: Root  # for a file named outside the repository and working directory: its folder
    absolute: str = ""


def find_root(folder: str, cwd: str) -> Root:
    """The nearest folder at or above `folder` that holds `.git`; else the working directory."""
    probe = folder
    while True:
        if os.path.exists(os.path.join(probe, ".git")):
            return Root(os.path.realpath(probe), True)
        parent = os.path.dirname(probe)
        if parent == probe:
            return Root(os.path.realpath(cwd), False)
        probe = parent


def inside(real: str, folder: str) -> bool:
    """`real` (a resolved path) is `folder` or below it."""
    try:
        relative = os.path.relpath(real, folder)
    except ValueError:  # another drive on Windows
        return False
    return relative != os.pardir and not relative.startswith(os.pardir + os.sep)


def locate(given: str, cwd: str) -> Located:
    """The file's root and identity. A path that lies in the root but resolves outside it
    (a symlink a pull request can commit, `link/../x`) is refused. What is checked is what
    the OS will open: the path as given, symlinks resolved in order, never a tidied text."""
    if given == "-":
        return Located(given, STDIN_LABEL, Root(os.path.realpath(cwd), False))
    joined = os.path.join(cwd, given)  # opened as given: `link/..` is the link's parent
    lexical = os.path.normpath(joined)
    root = find_root(os.path.dirname(lexical), cwd)
    folder = os.path.realpath(os.path.dirname(joined))
    named = os.path.join(folder, os.path.basename(joined))
    if inside(named, root.folder) or inside(lexical, root.folder):
        if not (inside(os.path.realpath(joined), root.folder) and inside(named, root.folder)):
            raise LoadError([Issue(_OUTSIDE_LINK, given)])
        path = os.path.relpath(named, root.folder).replace(os.sep, "/")
        if root.repository and case_blind(root.folder):
            path = stored_case(root.folder, path)
        return Located(given, path, root, joined)
    # named outside the root: the user's explicit choice, known by its own path, and what
    # it lists stays in its folder
    path = posixpath.normpath(given.replace(os.sep, "/"))
    return Located(given, path, Root(folder, False), joined)


def case_blind(folder: str) -> bool:
    """The repository's disk ignores case (macOS, Windows): `.GIT` opens its `.git`."""
    return os.path.exists(os.path.join(folder, ".GIT"))


def stored_case(root: str, path: str, listdir: Callable[[str], list[str]] | None = None) -> str:
    """`path` (from `root`, with '/') spelled as the folder stores it. A case-insensitive
    disk (macOS, Windows) opens `Reports/M.JSON` for `reports/m.json`, but git looks names
    up by their exact case: asked with the typed case, the baseline and the history would
    be missing. Each part is kept when the folder has it exactly, else replaced by the one
    entry that matches it ignoring case."""
    listdir = listdir or os.listdir
    parts, folder = [], root
    for part in path.split("/"):
        try:
            names = listdir(folder)
        except OSError:
            names = []
        same = [n for n in names if n.casefold() == part.casefold()] if part not in names else []
        stored = same[0] if len(same) == 1 else part
        parts.append(stored)
        folder = os.path.join(folder, stored)
    return "/".join(parts)


_OUTSIDE_LINK = (
    "cannot read: this path is inside the repository but resolves outside it through a "
    "symlink; gate reads only files inside the repository (or the working directory)"
)


class Budget:
    """Bytes read in one run, across every file and version: a bound, not a guess."""

    def __init__(self, max_file_bytes: int) -> None:
        self.max_file_bytes = max_file_bytes
        self.limit = max_file_bytes * RUN_BYTES_FACTOR
        self.used = 0

    def take(self, data: bytes, label: str) -> bytes:
        self.used += len(data)
        if self.used > self.limit:
            message = (
                f"reading this file brings the run past {format_size(self.limit)} read in all "
                f"(16 × --max-file-size); raise --max-file-size if the files are really "
                "this big"
            )
            raise LoadError([Issue(message, label)])
        return data


def listed_path(base: str, entry: str) -> str | None:
    """A path a file at `base` lists (relative to its folder), from the root with '/'; None
    when it leaves the root."""
    entry = entry.replace("\\", "/")
    if _absolute(entry):
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(base), entry))
    if joined == ".." or joined.startswith("../"):
        return None
    return joined


def _absolute(entry: str) -> bool:
    return posixpath.isabs(entry) or (len(entry) > 1 and entry[1] == ":")


class WorkTree:
    """The files on disk."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.opened: list[str] = []  # identities of the files listed files led to

    def read(self, file: Located) -> bytes:
        import sys

        stdin = sys.stdin.buffer if file.given == "-" else None
        raw = read_input(file.given, stdin, self.budget.max_file_bytes)
        return self.budget.take(raw, STDIN_LABEL if file.given == "-" else file.given)

    def opener(self, file: Located) -> Opener:
        """How a reader opens what `file` lists: inside the root, symlinks resolved."""
        folder = os.path.dirname(file.absolute)
        root = file.root.folder

        def open_listed(entry: str) -> tuple[bytes, str]:
            entry = entry.replace("\\", "/")
            joined = os.path.normpath(os.path.join(folder, entry))
            label = os.path.normpath(os.path.join(os.path.dirname(file.given), entry))
            label = label.replace(os.sep, "/")
            real = os.path.realpath(joined)
            if _absolute(entry) or not inside(real, root):
                raise LoadError([Issue(f"{entry!r} is outside the {_root_name(file.root)}", label)])
            raw = read_input(joined, None, self.budget.max_file_bytes)
            named = os.path.join(
                os.path.realpath(os.path.dirname(joined)), os.path.basename(joined)
            )
            self.opened.append(os.path.relpath(named, root).replace(os.sep, "/"))
            return self.budget.take(raw, label), label

        return open_listed


def _root_name(root: Root) -> str:
    return "repository" if root.repository else "folder gate reads from"
