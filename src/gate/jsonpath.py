"""JSON paths as tuples of keys and indexes, and how they are shown to users."""

from __future__ import annotations

import json
import re
from typing import Union

PathPart = Union[str, int]
Path = tuple[PathPart, ...]

# Deepest nesting accepted in a metrics or policy file, by every parser and check (a valid
# metrics file is at most 7 deep); deeper input is refused before anything recurses into it.
MAX_DEPTH = 64

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


def format_path(path: Path) -> str:
    """`models[2].metrics.accuracy`; other keys are quoted: `slices["region=eu"]`.

    The root is "top level", so that an error about the whole document still names a place.
    """
    if not path:
        return "top level"
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _IDENT.match(part):
            out.append(f".{part}" if out else part)
        else:
            out.append(f"[{json.dumps(part)}]")
    return "".join(out)


def join(base: Path, *parts: PathPart) -> Path:
    """`base` extended by `parts` (a key for a mapping of paths)."""
    return (*base, *parts)
