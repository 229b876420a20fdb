"""Ultralytics YOLO `results.csv`: the early space-padded header and the compact one.

One model. Its metrics are the `metrics/*` columns without the prefix (`mAP50-95(B)`,
`precision(B)`), from one row: with `--row best` (the default) the epoch Ultralytics saves as
`best.pt`, the first with the highest fitness, 0.1·mAP50 + 0.9·mAP50-95 summed over the
box, mask and pose columns there are (the mean of top-1 and top-5 accuracy for a classifier);
with `--row last`, the last epoch. CSV is never guessed: this reader runs when asked for.
"""

from __future__ import annotations

import io
import math

from gate.errors import Issue, LoadError
from gate.jsonpath import Path
from gate.load.mapped import Mapped, ModelMap
from gate.load.parsed import Parsed, decode
from gate.load.reader import Opener, ReadOptions, model_name

PREFIX = "metrics/"
_KINDS = ("B", "M", "P")  # box, mask, pose columns


def parse_csv(raw: bytes, file: str) -> Parsed:
    """The rows as mappings of column → number, each row located at its line."""
    import csv  # only for a results.csv

    # one kind of line end (a CR-only file is one line to the csv module), and a cell of any
    # size up to the file's: csv's own errors would otherwise be a crash
    text = decode(raw, file).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise LoadError([Issue(f"not a CSV table: {exc}", file)]) from None
    if not table or not any(cell.strip() for cell in table[0]):
        raise LoadError([Issue("the file is empty; expected a results.csv header", file, 1)])
    header = [cell.strip() for cell in table[0]]
    for column, name in enumerate(header):
        if name in header[:column]:
            first = header.index(name) + 1
            message = (
                f"column {name!r} is in the header twice (columns {first} and {column + 1}); "
                "gate will not keep one cell and drop the other"
            )
            raise LoadError([Issue(message, file, 1)])
    rows: list[dict[str, float]] = []
    where: dict[Path, int] = {}
    line = 1
    for cells in table[1:]:
        line = _next_line(lines, line)
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            message = f"{len(cells)} columns where the header has {len(header)}"
            raise LoadError([Issue(message, file, line)])
        row = {}
        for name, cell in zip(header, cells):
            try:
                row[name] = float(cell.strip())
            except ValueError:
                message = f"column {name!r}: expected a number, got {cell.strip()[:40]!r}"
                raise LoadError([Issue(message, file, line)]) from None
        where[("rows", len(rows))] = line
        for name in row:
            where[("rows", len(rows), name)] = line
        rows.append(row)
    if not rows:
        raise LoadError([Issue("the header has no rows under it: no epoch to gate", file, 1)])
    return Parsed({"rows": rows}, file, text, "csv", lines=where)


def _next_line(lines: list[str], after: int) -> int:
    """The 1-based number of the next non-blank line after line `after`."""
    line = after + 1
    while line <= len(lines) and not lines[line - 1].strip():
        line += 1
    return line


def fitness(row: dict[str, float]) -> float | None:
    """Ultralytics' own pick of the best epoch; None when the columns do not say."""
    total, found = 0.0, False
    for kind in _KINDS:
        low, high = row.get(f"{PREFIX}mAP50({kind})"), row.get(f"{PREFIX}mAP50-95({kind})")
        if low is not None and high is not None:
            total += 0.1 * low + 0.9 * high
            found = True
    if found:
        return total
    top1, top5 = row.get(f"{PREFIX}accuracy_top1"), row.get(f"{PREFIX}accuracy_top5")
    if top1 is not None and top5 is not None:
        return (top1 + top5) / 2
    return None


def read(parsed: Parsed, how: ReadOptions, _: Opener | None = None) -> Mapped:
    """The model, and a note of the row it was read from."""
    rows: list[dict[str, float]] = parsed.data["rows"]
    if how.row not in ("best", "last"):
        raise LoadError([Issue(f"--row must be best or last, got {how.row!r}", parsed.file)])
    index = len(rows) - 1
    if how.row == "best":
        scores = [fitness(row) for row in rows]
        if any(s is None or math.isnan(s) for s in scores):
            message = (
                "no mAP50/mAP50-95 or top-1/top-5 accuracy columns to pick the best epoch "
                "by; use --row last"
            )
            raise LoadError([Issue(message, parsed.file, 1)])
        index = max(range(len(rows)), key=lambda i: (scores[i], -i))  # the first of equals
    row = rows[index]
    model = ModelMap(model_name(parsed, how), ("rows", index))
    for column, value in row.items():
        if column.startswith(PREFIX):
            model.metric(column[len(PREFIX) :], value, ("rows", index, column))
    if not model.entries:
        raise LoadError([Issue("no metrics/* columns in this results.csv", parsed.file, 1)])
    epoch = row.get("epoch")
    label = f"epoch {epoch:g}" if epoch is not None else f"row {index + 1}"
    return Mapped([model], note=f"{label}, the {how.row} of {len(rows)}")
