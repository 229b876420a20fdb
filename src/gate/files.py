"""Reading inputs and writing reports: the only file I/O outside the GitHub sinks."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable
from typing import BinaryIO

from gate.errors import GateError, Issue, LoadError

DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024
# What text no UTF-8 can hold becomes when written: `\udcff` from an argument in another
# encoding, shown as an escape rather than a crash. (Metrics files cannot carry it: load/.)
UNENCODABLE = "backslashreplace"

_UNITS = {
    "": 1,
    "b": 1,
    "k": 1000,
    "kb": 1000,
    "kib": 1024,
    "m": 1000**2,
    "mb": 1000**2,
    "mib": 1024**2,
    "g": 1000**3,
    "gb": 1000**3,
    "gib": 1024**3,
}


def parse_size(text: str) -> int:
    """`1048576`, `64MiB`, `500kB`: a positive number of bytes. ValueError otherwise."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*", text)
    unit = match.group(2).lower() if match else ""
    if not match or unit not in _UNITS or float(match.group(1)) <= 0:
        raise ValueError(f"expected a size such as 64MiB or 1048576, got {text!r}")
    return int(float(match.group(1)) * _UNITS[unit])


def format_size(size: int) -> str:
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= factor:
            return f"{size / factor:g} {unit}"
    return f"{size} bytes"


def read_input(
    path: str, stdin: BinaryIO | None = None, max_bytes: int = DEFAULT_MAX_FILE_SIZE
) -> bytes:
    """The file's bytes, or a LoadError that says in plain words why it cannot be read.

    At most `max_bytes` are accepted: a bigger file is refused before it is parsed (reading
    one byte past the cap, so pipes and special files are bounded too).
    """
    try:
        if path == "-" and stdin is not None:
            data = _read_at_most(stdin, max_bytes + 1)
        else:
            with open(path, "rb") as handle:
                data = _read_at_most(handle, max_bytes + 1)
        if len(data) > max_bytes:
            reason = (
                f"larger than the {format_size(max_bytes)} limit; raise it with "
                "--max-file-size if the file is really this big"
            )
            raise LoadError([Issue(reason, "<stdin>" if path == "-" else path)])
        return data
    except FileNotFoundError:
        reason = "no such file"
    except IsADirectoryError:
        reason = "is a directory, not a file"
    except PermissionError:
        reason = "is a directory, not a file" if os.path.isdir(path) else "permission denied"
    except OSError as exc:
        reason = exc.strerror or str(exc)
    raise LoadError([Issue(f"cannot read: {reason}", path)])


def _read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Up to `limit` bytes. read(limit) would allocate the whole limit up front, and
    --max-file-size may be far larger than memory: a regular file is read at its size (plus
    one byte, to see growth), anything else a piece at a time."""
    try:
        size = os.fstat(stream.fileno()).st_size
    except (OSError, ValueError, AttributeError):
        size = 0
    if size:
        return stream.read(min(size + 1, limit))
    pieces, size = [], 0
    while size < limit:
        piece = stream.read(min(1 << 20, limit - size))
        if not piece:
            break
        pieces.append(piece)
        size += len(piece)
    return b"".join(pieces)


def write_output(path: str, text: str | Iterable[bytes], what: str) -> None:
    """Write a report file (text, or UTF-8 pieces written as they come), creating its folder.
    The file is written beside its final name and renamed over it, so a run killed halfway
    or a second run writing the same file never leaves a torn one. Failure is a usage error
    naming the flag."""
    import tempfile  # with shutil, bz2 and lzma: only for a run that writes a file

    folder = os.path.dirname(path) or "."
    temporary = None
    try:
        os.makedirs(folder, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder
        )
        os.chmod(temporary, 0o666 & ~_umask())  # as open() would have made it, not 0600
        with open(handle, "wb") as binary:
            if isinstance(text, str):
                binary.write(text.encode("utf-8", UNENCODABLE))
            else:
                binary.writelines(text)
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        raise GateError(f"{what} {path}: cannot write: {exc.strerror or exc}") from None
    finally:  # whatever stopped the write, no half-written file is left beside the report
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.remove(temporary)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
