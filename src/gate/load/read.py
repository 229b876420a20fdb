"""One metrics file → a MetricsDoc, read by its format's reader (gate's own forms, or what
another tool writes; the registry is formats.py). combine.py gates several together.

`auto` decides by content only, never by a file's name: each format has a strict signature,
and a file that fits two is refused rather than guessed. DVC trees and CSV are read only
when named: a flat `{name: number}` is as much gate's shorthand as DVC's, and a table can
mean anything.
"""

from __future__ import annotations

import json
import re

from gate.errors import Issue, LoadError, SchemaError
from gate.load import lookalikes, model_index, ultralytics
from gate.load.document import parse_document
from gate.load.examples import agreeing, read_examples
from gate.load.formats import BY_NAME, FORMATS, Format
from gate.load.gate import validate_metrics
from gate.load.mapped import finish
from gate.load.parsed import Parsed, decode
from gate.load.reader import Opener, ReadOptions
from gate.metrics import MetricsDoc


def read_metrics(raw: bytes, file: str, how: ReadOptions, read: Opener) -> MetricsDoc:
    """One file, `file` its label. `read` opens a file it lists (a dvc.yaml's metrics)."""
    fmt, parsed = _document(raw, file, how.format)
    if fmt.read is None:  # gate's own forms
        if how.percents:  # said, not ignored: the flag would do nothing here
            message = (
                f"--percent-metric {how.percents[0]}: gate's own form takes proportions in "
                "[0, 1] (write 0.756, not 75.6); the flag is for the files of other tools"
            )
            raise LoadError([Issue(message, file)])
        _refuse_by_name(raw, file, how.format, parsed.data)
        doc = validate_metrics(parsed, how.metric)
        return read_examples(doc, read, how.past) if how.examples else doc
    doc = finish(parsed, fmt.read(parsed, how, read), fmt.name, how.percents)
    return _paired_only_means(doc)


def _paired_only_means(doc: MetricsDoc) -> MetricsDoc:
    """What a tool logged per example is paired only where it is a number whose mean is the
    reported value; the rest (perplexity's log-likelihoods, ifeval's lists) is said in a
    note and compared unpaired."""
    models, skipped = [], []
    for model in doc.models:
        examples = model.examples and agreeing(model, model.examples)
        skipped += [k for k in (examples.skipped if examples else ()) if k not in skipped]
        models.append(model._replace(examples=examples))
    if not skipped:
        return doc
    skipped = [k for k in skipped if not any(o.endswith(f".{k}") for o in skipped)]  # aliases
    shown = ", ".join(repr(k) for k in skipped[:5]) + (
        f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
    )
    note = f"per-example values not paired for {shown}: not numbers whose mean is the result"
    return doc._replace(models=tuple(models), note="; ".join(filter(None, (doc.note, note))))


def _document(raw: bytes, file: str, name: str) -> tuple[Format, Parsed]:
    """The file's format and its document: the named format's, else the one whose own
    parser reads bytes no other does (a .eval zip, MTEB's bare NaN) and whose signature
    the result fits, else by content."""
    named = BY_NAME.get(name)
    if named is not None:
        return named, named.parse(raw, file) if named.parse else _parsed(raw, file, name)
    for fmt in FORMATS:
        if fmt.sniff is not None and fmt.parse is not None and fmt.sniff(raw):
            try:
                parsed = fmt.parse(raw, file)
            except LoadError:
                continue
            if fmt.signature is not None and fmt.signature(parsed.data):
                return fmt, parsed
    parsed = _parsed(raw, file, name)
    return detect(parsed), parsed


def _parsed(raw: bytes, file: str, name: str) -> Parsed:
    """The document, or one line saying what the file is when it is not one gate reads."""
    if name == "auto" and file.lower().endswith((".csv", ".tsv")):
        raise _csv_error(raw, file)
    try:
        parsed = _parse(raw, file, name)
    except LoadError:
        if name == "auto" and _looks_like_csv(raw):
            raise _csv_error(raw, file) from None
        _refuse_by_name(raw, file, name, None)
        raise
    if name == "auto" and not isinstance(parsed.data, (dict, list)) and _looks_like_csv(raw):
        raise _csv_error(raw, file)
    return parsed


def _parse(raw: bytes, file: str, fmt: str) -> Parsed:
    """The file's document; a model card's is its front matter (a Markdown file, or one whose
    front matter holds a model-index)."""
    if fmt in ("auto", "model-index") and raw.lstrip(b"\xef\xbb\xbf").startswith(b"---"):
        text = decode(raw, file)
        found = model_index.front_matter(text)
        card = file.lower().endswith(".md") or (found and "\nmodel-index:" in "\n" + found[0])
        if card:
            return parse_document(model_index.card_yaml(text, file).encode(), file, "yaml")
    if file.lower().endswith(".md"):
        return parse_document(model_index.card_yaml(decode(raw, file), file).encode(), file, "yaml")
    return parse_document(raw, file)


def _refuse_by_name(raw: bytes, file: str, fmt: str, data: object) -> None:
    """A file another tool wrote that gate does not read: one line saying what it looks like
    and what to do, not a list of schema errors about gate's own form."""
    if fmt not in ("auto", "gate"):
        return
    if not isinstance(data, (dict, list)):  # unparsable, or a bare scalar (YAML reads any text)
        try:
            found = lookalikes.identify_text(decode(raw, file))
        except LoadError:
            return
        if found:
            raise SchemaError([Issue(found[0], file, found[1])])
        return
    what = lookalikes.identify(data)
    if what:
        raise SchemaError([Issue(what, file, 1)])


def detect(parsed: Parsed) -> Format:
    """The one format whose signature the document fits; gate's mapping forms otherwise."""
    matches = [f.name for f in FORMATS if f.signature is not None and f.signature(parsed.data)]
    if len(matches) > 1:
        raise SchemaError(
            [
                Issue(
                    f"this file fits two formats, {matches[0]} and {matches[1]}, and gate will "
                    f"not guess: name one with --metrics-format",
                    parsed.file,
                    1,
                )
            ]
        )
    return BY_NAME[matches[0] if matches else "gate"]


_CSV_LINE = re.compile(r"[^,{}\[\]:]+(,[^,{}\[\]:]*)+")


def _looks_like_csv(raw: bytes) -> bool:
    """A first line of comma-separated cells, none of them JSON or YAML syntax."""
    first = raw.lstrip()[:4096].split(b"\n", 1)[0].decode("utf-8", "replace").strip()
    return not first.startswith("#") and bool(_CSV_LINE.fullmatch(first))


def _csv_error(raw: bytes, file: str) -> LoadError:
    """CSV is not one of the forms: say so, with the JSON its first lines would be."""
    lines = decode(raw, file).splitlines()
    header = [cell.strip() for cell in lines[0].split(",")] if lines else []
    hint = ""
    if any(cell.startswith(ultralytics.PREFIX) for cell in header):
        hint = "; this looks like an Ultralytics results.csv: pass --metrics-format ultralytics"
    elif len(lines) > 1:
        example = {
            "version": 1,
            "models": [{"name": "...", "metrics": dict.fromkeys(header[:3], 0.0)}],
        }
        hint = f"; as a metrics file its numbers would look like {json.dumps(example)}"
    message = f"CSV is not one of gate's metrics forms (JSON or YAML){hint}"
    return LoadError([Issue(message, file, 1)])
