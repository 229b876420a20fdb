"""What every reader of another tool's file shares: its options, the normalised models it
makes, and the last step, which holds them to gate's own contract (the schema's full form,
finite numbers, proportions in [0, 1], unique names) with every problem located in the
user's file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from gate.errors import Issue, SchemaError
from gate.jsonpath import Path
from gate.load.parsed import Parsed

# How a reader opens a file another file lists (a dvc.yaml's metrics): by its path from the
# listing file's folder → (its bytes, its label for messages). The edge keeps it inside the
# repository (trees.py, git.py).
Opener = Callable[[str], "tuple[bytes, str]"]


class ReadOptions(NamedTuple):
    format: str = "auto"  # one of FORMATS (load/formats.py)
    metric: str = "accuracy"  # what the numbers of gate's shorthand form measure
    model_name: str | None = None  # --model-name: for files that name no model
    identity: str | None = None  # the file's path from the repository root (sources.named)
    split: str | None = None  # hf-trainer: eval (its default) or test; mteb: the split (test)
    row: str = "best"  # ultralytics: the best epoch by fitness, or the last
    examples: bool = False  # read per-example files: a comparison under --confidence pairs them
    runs: bool = False  # --runs: the same model in several files is several runs of it
    past: bool = False  # a version in git: examples it cannot read are compared unpaired
    percents: tuple[str, ...] = ()  # --percent-metric: a tool's metrics written in percent


def refuse(parsed: Parsed, path: Path, message: str) -> SchemaError:
    """An error at `path` of the file, with its line."""
    return SchemaError([Issue(message, parsed.file, parsed.line_of(path), path)])


def model_name(parsed: Parsed, how: ReadOptions) -> str:
    """The name of the model of a file that names none: --model-name, else the file's path
    from the repository root, which the edge puts in `how` (sources.named)."""
    return how.model_name or how.identity or parsed.file


def number(value: Any) -> bool:
    """A JSON or YAML number, not a boolean."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def whole(value: Any) -> int | None:
    """A sample count: an integer, or a float that is one (sklearn writes 30.0)."""
    if isinstance(value, bool) or not number(value):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return int(value) if value >= 1 else None
