"""Fatal input problems. Each carries one or more located issues; the CLI turns them into exit 2."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from gate.jsonpath import Path, format_path


class Issue(NamedTuple):
    """One problem at one place: file, 1-based line (if known), JSON path (if any)."""

    message: str
    file: str | None = None
    line: int | None = None
    path: Path | None = None

    def location(self) -> str:
        where = self.file or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        return where

    def describe(self) -> str:
        text = self.message
        if self.path is not None:
            text = f"{format_path(self.path)}: {text}"
        where = self.location()
        return f"{where}: {text}" if where else text


# Problems listed one by one; beyond this many, an error counts the rest. A file with 100k
# broken models is fixed top to bottom like one with three.
MAX_ISSUES = 20


class GateError(Exception):
    """Base of every error the user can fix by changing input or options (exit code 2).
    `more`: how many more models have problems, beyond those the issues listed are about."""

    title = "gate error"

    def __init__(self, issues: Sequence[Issue] | str, more: int = 0) -> None:
        self.issues: tuple[Issue, ...] = (
            (Issue(issues),) if isinstance(issues, str) else tuple(issues)
        )
        self.more = more
        super().__init__("\n".join(i.describe() for i in self.issues))


class LoadError(GateError):
    """The file is missing, unreadable, not UTF-8, or not well-formed JSON/YAML."""

    title = "Unreadable metrics file"


class SchemaError(GateError):
    """The file parsed but does not obey the metrics contract."""

    title = "Invalid metrics file"


class PolicyError(GateError):
    """A rule, option or policy file is wrong."""

    title = "Invalid gate policy"
