"""Reading inputs and writing reports: the only file I/O outside the GitHub sinks."""

from __future__ import annotations

import os
from typing import BinaryIO

from gate.errors import GateError, Issue, LoadError


def read_input(path: str, stdin: BinaryIO | None = None) -> bytes:
    """The file's bytes, or a LoadError that says in plain words why it cannot be read."""
    if path == "-" and stdin is not None:
        return stdin.read()
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        reason = "no such file"
    except IsADirectoryError:
        reason = "is a directory, not a file"
    except PermissionError:
        reason = "is a directory, not a file" if os.path.isdir(path) else "permission denied"
    except OSError as exc:
        reason = exc.strerror or str(exc)
    raise LoadError([Issue(f"cannot read: {reason}", path)])


def write_output(path: str, text: str, what: str) -> None:
    """Write a report file, creating its folder; failure is a usage error naming the flag."""
    try:
        folder = os.path.dirname(path)
        if folder:
            os.makedirs(folder, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        raise GateError(f"{what} {path}: cannot write: {exc.strerror or exc}") from None
