"""The terminal and the pipes gate writes to: encodings, widths, colour, a reader that left,
a token masked. The edge of the command line (cli.py), not its logic."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Mapping
from typing import TextIO, cast


def masked(stream: TextIO, env: Mapping[str, str]) -> TextIO:
    """Every line gate prints has the token masked, as the runner masks secrets."""
    token = env.get("GITHUB_TOKEN")
    return cast(TextIO, _Masked(stream, token)) if token else stream


class _Masked(io.TextIOBase):
    def __init__(self, stream: TextIO, token: str) -> None:
        self.stream, self.token = stream, token

    def write(self, text: str) -> int:
        return self.stream.write(text.replace(self.token, "***"))

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return is_tty(self.stream)


def columns(env: Mapping[str, str]) -> int:
    """The help's width, as argparse would ask shutil: $COLUMNS, the terminal, 80."""
    try:
        columns = int(env.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return max(columns, 40) - 2 if columns > 0 else 78


def table_width(stream: TextIO, env: Mapping[str, str]) -> int:
    """The columns the terminal table must fit: $COLUMNS, else the terminal's width, else 80
    on a terminal of unknown size; 0 (no limit) for a pipe or a file, so a CI log keeps one
    line per model whatever its environment says."""
    if not is_tty(stream):
        return 0
    try:
        given = int(env.get("COLUMNS", "0"))
    except ValueError:
        given = 0
    if given > 0:
        return max(given, 40)
    try:
        return max(os.get_terminal_size(stream.fileno()).columns, 40)
    except (AttributeError, ValueError, OSError, io.UnsupportedOperation):
        return 80


def safe_stream(stream: TextIO) -> TextIO:
    """Model names are any Unicode. A pipe or file gets UTF-8 (what the Actions runner reads;
    Windows would default to cp1252 and crash on '✅'); a terminal keeps its encoding and
    shows what it cannot encode as escapes."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        if is_tty(stream):
            reconfigure(errors="backslashreplace")
        else:
            reconfigure(encoding="utf-8", errors="backslashreplace")
    return stream


def reader_left(exc: OSError) -> bool:
    """A write to a pipe whose reader closed: EPIPE on POSIX, EINVAL on Windows (where
    `gate … | head` raises "Invalid argument", not BrokenPipeError)."""
    return isinstance(exc, BrokenPipeError) or exc.errno in (errno.EPIPE, errno.EINVAL)


def ansi_ok(system: str = os.name) -> bool:
    """Whether the terminal shows ANSI colours rather than printing them: always on POSIX;
    on Windows only once stdout's console agrees to process them (Windows 10 and later; an
    older console, or one that refuses, gets no colour)."""
    if system != "nt":
        return True
    try:
        import ctypes

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel.GetStdHandle(-11)  # stdout's, whatever wraps the stream gate writes to
        mode = ctypes.c_uint32()
        if not kernel.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        return bool(kernel.SetConsoleMode(handle, mode.value | 0x0004))  # VT processing
    except (AttributeError, OSError):
        return False


def is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def silence_stdout() -> None:
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
