"""The job summary: our Markdown appended to $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

from gate.files import UNENCODABLE


def append_summary(path: str, markdown: str) -> None:
    with open(path, "a", encoding="utf-8", errors=UNENCODABLE, newline="\n") as handle:
        handle.write(markdown if markdown.endswith("\n") else markdown + "\n")
