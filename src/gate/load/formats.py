"""Every format gate reads, one record each: the registry. Detection (`auto`), the
`--metrics-format` choices and help, the action input's description and docs/formats.md's
table all come from it (scripts/generate.py writes the last two).

Adding a format is one record here, its reader module (returning `Mapped`, which the shared
step in mapped.py holds to the contract) and its section in docs/formats.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from gate.load import (
    dvc,
    hf_trainer,
    inspect_ai,
    lm_eval,
    model_index,
    mteb,
    promptfoo,
    sklearn,
    ultralytics,
)
from gate.load.mapped import Mapped
from gate.load.parsed import Parsed
from gate.load.reader import Opener, ReadOptions

Reader = Callable[[Parsed, ReadOptions, Opener], Mapped]


class Format(NamedTuple):
    name: str  # the --metrics-format value
    what: str  # one line for --help, the action input and the docs' table
    signature: (
        Callable[[Any], bool] | None
    )  # `auto` picks it when the content fits; None: named only
    read: Reader | None  # None: gate's own forms (load/gate.py)
    anchor: str  # its section in docs/formats.md
    shape: str = ""  # the signature in words, for the docs' table
    parse: Callable[[bytes, str], Parsed] | None = None  # bytes → Parsed, if not JSON/YAML/TOML
    sniff: Callable[[bytes], bool] | None = None  # under auto: bytes only `parse` reads
    options: tuple[str, ...] = ()  # the settings it reads besides the format itself
    by_task: bool = False  # two files of one model on other tasks are one run of it


def _gate_signature(data: Any) -> bool:
    return isinstance(data, dict) and "version" in data and not inspect_ai.is_log(data)


FORMATS: tuple[Format, ...] = (
    Format(
        "gate", "gate's shorthand, per-model or full form", _gate_signature, None,
        "metrics-files.md", "`version: 1`, else a mapping of models", options=("metric",),
    ),
    Format(
        "sklearn", "a scikit-learn classification report", sklearn.is_report, sklearn.read,
        "scikit-learn",
        "`macro avg` or `weighted avg` rows, every other key a class row or `accuracy`",
        options=("model-name",),
    ),
    Format(
        "lm-eval", "lm-evaluation-harness results", lm_eval.is_results, lm_eval.read,
        "lm-evaluation-harness",
        "a `results` mapping of tasks beside `versions`, `config`, `n-samples`, …",
        options=("model-name",), by_task=True,
    ),
    Format(
        "hf-trainer", "Hugging Face Trainer eval_results.json / all_results.json",
        hf_trainer.is_trainer_file, hf_trainer.read, "hugging-face-trainer",
        "a flat mapping of numbers, every key `eval_*`, `test_*`, `predict_*`, `train_*`, "
        "`epoch` or `total_flos`", options=("model-name", "split"),
    ),
    Format(
        "model-index", "a Hugging Face model card's model-index", model_index.is_model_index,
        model_index.read, "hugging-face-model-cards", "a `model-index` list",
    ),
    Format(
        "inspect", "an Inspect AI eval log (.json or .eval)", inspect_ai.is_log, inspect_ai.read,
        "inspect-ai", "`version`, `status` and an `eval` with `model` and `task`; or a .eval zip",
        parse=inspect_ai.parse_log, sniff=inspect_ai.sniff,
    ),
    Format(
        "promptfoo", "promptfoo results (promptfoo eval -o results.json)", promptfoo.is_results,
        promptfoo.read, "promptfoo", "an `evalId` beside `results` with `prompts` (or a `table`)",
    ),
    Format(
        "mteb", "MTEB result files", mteb.is_results, mteb.read, "mteb",
        "`mteb_version` and a split's scores", parse=mteb.parse_results, sniff=mteb.sniff,
        options=("model-name", "split"), by_task=True,
    ),
    Format(
        "dvc", "DVC or DVCLive metrics, or a dvc.yaml", None, dvc.read,
        "dvc-and-dvclive---metrics-format-dvc",
        "any tree: a flat `{name: number}` reads as well as gate's shorthand",
        options=("model-name",),
    ),
    Format(
        "ultralytics", "an Ultralytics YOLO results.csv", None, ultralytics.read,
        "ultralytics---metrics-format-ultralytics", "CSV is never guessed",
        parse=ultralytics.parse_csv, options=("model-name", "row"),
    ),
)  # fmt: skip
BY_NAME = {f.name: f for f in FORMATS}
CHOICES = ("auto", *BY_NAME)  # --metrics-format's values: auto decides by content
