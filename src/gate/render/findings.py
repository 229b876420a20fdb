"""What is said about a run as a whole: the verdict, and each finding (no baseline, other
data, stale metrics, history).
`args` are untrusted names; `escape` makes them safe where the words are written."""

from __future__ import annotations

from collections.abc import Sequence

from gate.findings import (
    BaselineFilesAbsent,
    DatasetChanged,
    DatasetFingerprints,
    DatasetUnnamed,
    ExamplesChanged,
    Finding,
    HistoryOtherData,
    HistoryShort,
    HistorySkipped,
    Inconclusive,
    Missing,
    NoBaseline,
    NoHistory,
    NotInBaseline,
    NotInHistory,
    Removed,
    StaleChanged,
    StaleNoCommit,
    StaleUnchanged,
    StaleUnknownCommit,
    Unsure,
    What,
)
from gate.metrics import Dataset
from gate.render.reasons import (
    Escape,
    interval_text,
    model_reason,
    requirement,
    same,
    unsure_words,
)
from gate.result import GateResult

MAX_LISTED = 10


def listed(items: Sequence[str], escape: Escape, between: str = ", ") -> str:
    """Up to MAX_LISTED items, then how many more."""
    shown = between.join(escape(item) for item in items[:MAX_LISTED])
    more = len(items) - MAX_LISTED
    return shown + (f" and {more} more" if more > 0 else "")


def _missing(item: Missing, escape: Escape) -> str:
    if item.metric is None:
        return f"new model {escape(item.model)}"
    piece = f" slice {escape(item.slice)}" if item.slice is not None else ""
    return f"{escape(item.model)}{piece} {escape(item.metric)}"


def _unsure(item: Unsure, escape: Escape) -> str:
    where = _missing(Missing(item.model, item.slice, item.metric), escape)
    shown = interval_text(item.interval)
    return f"{where}: " + unsure_words(shown, item.growth, item.examples, item.corrected)


def _dataset(dataset: Dataset, escape: Escape) -> str:
    digest = f"sha256 {escape(dataset.sha256[:12])}…" if dataset.sha256 else ""
    if dataset.name and digest:
        return f"{escape(dataset.name)}, {digest}"
    return escape(dataset.name) if dataset.name else digest


_DATASET_CHANGED = (
    "evaluation set changed ({0} → {1}): the baseline and the candidate were measured on "
    "different data, so regressions cannot be judged fairly"
)
_ACCEPT_DATASET = (
    "; if the new evaluation set is intended, accept it with --on-incomparable warn "
    "(action input on-incomparable: warn)"
)
_UNNAMED = (
    "the {0} {1} no evaluation set (run.dataset), so gate cannot tell whether both were "
    "measured on the same data; compared anyway"
)
_FINGERPRINTS = (
    "the baseline and the candidate fingerprint their evaluation sets differently "
    "(one by sha256 only, one by name only); compared anyway"
)


def finding_text(finding: Finding, escape: Escape = same) -> str:
    """The sentence for a finding; `escape` makes its untrusted parts safe where it goes."""
    what, failing = finding.what, finding.blocking
    how = " (--on-missing-baseline fail)" if failing else ""
    if isinstance(what, NoBaseline):
        return f"no baseline: {escape(what.why)}, so nothing was compared{how}"
    if isinstance(what, NotInBaseline):
        return f"no baseline for {listed([_missing(m, escape) for m in what.missing], same)}{how}"
    if isinstance(what, BaselineFilesAbsent):
        return f"not in the baseline, so their models are new: {listed(what.labels, escape)}"
    if isinstance(what, Removed):
        return f"removed since the baseline: {listed(what.models, escape)}"
    if isinstance(what, DatasetUnnamed):
        verb = "name" if len(what.sides) == 2 else "names"
        return _UNNAMED.format(" and the ".join(what.sides), verb)
    if isinstance(what, DatasetFingerprints):
        return _FINGERPRINTS
    if isinstance(what, Inconclusive):
        items = listed([_unsure(u, escape) for u in what.checks], same, "; ")
        how = "warn" if finding.level == "warning" else "pass"
        return f"inconclusive, let through by --on-inconclusive {how}: {items}"
    if isinstance(what, ExamplesChanged):
        return (
            f"the examples of {escape(what.model)} changed: {what.only_baseline:,} only in "
            f"{what.against}, {what.only_candidate:,} only in the candidate; "
            + (
                f"compared on the {what.common:,} both have"
                if what.common >= 2
                else "too few in common to pair, so compared unpaired"
            )
            + (_ACCEPT_DATASET if failing else "")
        )
    if isinstance(what, DatasetChanged):
        old, new = _dataset(what.old, escape), _dataset(what.new, escape)
        return _DATASET_CHANGED.format(old, new) + (_ACCEPT_DATASET if failing else "")
    text = _history_text(what, escape, how)
    return text if text is not None else _stale_text(what, escape)


def _history_text(what: What, escape: Escape, how: str) -> str | None:
    if isinstance(what, NoHistory):
        judged = (
            ", so --max-drift could not be judged (--on-missing-baseline warn accepts that)"
            if how
            else ""
        )
        return f"no history: {escape(what.why)}{judged}"
    if isinstance(what, HistoryShort):
        return (
            f"only {what.found} of the {what.wanted} versions asked for were found: "
            f"{escape(what.why)}"
        )
    if isinstance(what, HistorySkipped):
        return (
            f"skipped in the history, unreadable or invalid there: {listed(what.commits, escape)}"
        )
    if isinstance(what, HistoryOtherData) and what.every:
        return (
            "evaluation set changed: every version in the history was measured on another "
            "evaluation set (run.dataset), so --max-drift cannot be judged fairly"
            + (_ACCEPT_DATASET if how else "")
        )
    if isinstance(what, HistoryOtherData):
        count = what.versions
        return (
            f"{count} version{'s' if count != 1 else ''} in the history measured on another "
            "evaluation set (run.dataset) not used for --max-drift"
        )
    if isinstance(what, NotInHistory):
        return (
            f"no history for {listed(what.models, escape)}, so --max-drift could not judge "
            f"them{how}"
        )
    return None


def _stale_text(what: What, escape: Escape) -> str:
    if isinstance(what, StaleNoCommit):
        return (
            "stale-metrics check: the metrics file names no run.commit, so gate cannot tell "
            "whether the metrics describe this code (--code-paths)"
        )
    if isinstance(what, StaleUnknownCommit):
        return (
            f"stale-metrics check: cannot compare run.commit {escape(what.commit)} with HEAD: "
            f"{escape(what.why)}"
        )
    if isinstance(what, StaleUnchanged):
        return (
            f"no file matching --code-paths changed since {escape(what.commit[:12])}, the "
            "commit the metrics were made from"
        )
    assert isinstance(what, StaleChanged), what
    return (
        f"stale metrics: {listed(what.files, escape)} changed since {escape(what.commit[:12])}, "
        "the commit the metrics were made from; re-run the evaluation and commit its metrics"
    )


def verdict(result: GateResult, escape: Escape = same, findings: bool = True) -> str:
    """What decided the requirement: "2 of 4 models qualify", "model_C qualifies"; then,
    with `findings`, what else failed the gate."""
    require = result.policy.require
    blocking = [finding_text(f, escape) for f in result.findings if f.blocking and findings]
    blocked = "; but " + "; ".join(blocking) if blocking else ""
    if require.kind == "model":
        target = next(m for m in result.models if m.name == require.model)
        name = escape(target.name)
        if target.qualified:
            return f"{name} qualifies{blocked}"
        return f"{name} does not qualify ({model_reason(target, escape)}){blocked}"
    total = len(result.models)
    plural = "s qualify" if total != 1 else " qualifies"
    return f"{len(result.qualified)} of {total} model{plural}{blocked}"


def verdict_line(result: GateResult, escape: Escape = same, findings: bool = True) -> str:
    state = "passed" if result.passed else "failed"
    return (
        f"Gate {state} (require {escape(requirement(result.policy.require))}): "
        f"{verdict(result, escape, findings)}."
    )
