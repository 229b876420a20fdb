"""Keys that show a `{name: number}` or `{name: {metric: number}}` file is not a set of
models: a metric (`accuracy`), bookkeeping (`epoch`, `_runtime`) or a split (`train`,
`eval_loss`). Such a file is one model's metrics as another tool writes them, and reading
its metrics as models would let a model through on the wrong number: it is refused."""

from __future__ import annotations

import re

# Names a training or evaluation tool writes for metrics and bookkeeping; compared without
# case. A model really called one of these has to use the full form (version: 1).
METRIC_NAMES = frozenset(
    {
        "accuracy",
        "acc",
        "balanced_accuracy",
        "loss",
        "f1",
        "f1_score",
        "precision",
        "recall",
        "auc",
        "roc_auc",
        "pr_auc",
        "average_precision",
        "mse",
        "rmse",
        "mae",
        "mape",
        "r2",
        "error",
        "wer",
        "cer",
        "bleu",
        "rouge1",
        "rouge2",
        "rougel",
        "rougelsum",
        "perplexity",
        "exact_match",
        "step",
        "epoch",
        "global_step",
        "learning_rate",
        "samples",
        "support",
        "runtime",
        "total_flos",
        "macro avg",
        "micro avg",
        "weighted avg",
        "samples avg",
    }
)
_SPLIT = re.compile(r"(train|eval|val|valid|validation|test|metrics)([/._-]|$)", re.IGNORECASE)


def why_not_a_model(name: str) -> str | None:
    """Why `name` cannot be a model's name in a mapping form, or None when it can be."""
    if name.lower() in METRIC_NAMES:
        return f"{name!r} is a metric name"
    if name.startswith("_"):
        return f"{name!r} starts with '_', as bookkeeping keys do"
    if _SPLIT.match(name):
        return f"{name!r} names a data split or a metrics group"
    return None


HINT = (
    "this looks like one model's metrics as a training or evaluation tool writes them, not "
    "gate's {model: metrics} form, and gate will not guess which numbers are models; read "
    "it with --metrics-format dvc (DVC, DVCLive and other flat or nested metrics) or name "
    "its tool with --metrics-format, or write the full form (version: 1, models: "
    "[{name: ..., metrics: {...}}])"
)
