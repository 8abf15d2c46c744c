"""Milestone evaluation (SPEC §5): evidence in, a status with its value and deciding records out; pure."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from reviewer.core.models import (
    BenchmarkResultRecord,
    BenchmarkRule,
    Evidence,
    FleetMeasure,
    FleetRecord,
    FleetRule,
    FleetSource,
    Judgement,
    Milestone,
    ModelReleaseRecord,
    ModelRule,
    Op,
    Status,
)
from reviewer.core.normalize import fold, model_key

# `==` is met when value and target agree within this relative tolerance (SPEC §5).
EQ_REL_TOL = 1e-9

# Warning codes; their ja/en wording lives in reviewer.messages under "evaluation".
W_HIGHER_IS_BETTER = "W-HIGHER-IS-BETTER"  # a counted result says its metric runs the other way
W_LATE_EVIDENCE = "W-LATE-EVIDENCE"  # matching evidence exists but only after the due date
W_FLEET_OVERLAP = "W-FLEET-OVERLAP"  # a report row and a telemetry rollup share a key
W_FLEET_DUPLICATE = "W-FLEET-DUPLICATE"  # two current rows of one source share a key
W_FLEET_UNKNOWN_INDUSTRY = "W-FLEET-UNKNOWN-INDUSTRY"  # a row names an industry the plan lacks
W_FLEET_NO_HOURS = "W-FLEET-NO-HOURS"  # interventions per 1,000 h over zero operating hours
W_MODEL_MISSING_RESULT = "W-MODEL-MISSING-RESULT"  # a release lacks a `requires` benchmark

# Majority ties go to the lowest of the tied (SPEC §5); this is that order.
_JUDGEMENT_ORDER = (Judgement.NOT_MET, Judgement.PARTIALLY_MET, Judgement.MET)
_CREDIT = {Status.MET: 1.0, Status.PARTIALLY_MET: 0.5, Status.NOT_MET: 0.0}


@dataclass(frozen=True)
class RuleWarning:
    """Something a reader of an evaluation must see. `code` keys reviewer.messages; `params` fill it."""

    code: str
    evidence_id: int | None = None
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class FleetOverlap:
    """One period × industry × operator reported by both a report row and a telemetry rollup."""

    period: str
    industry: str
    operator: str
    counted_ids: tuple[int, ...]
    ignored_ids: tuple[int, ...]


@dataclass(frozen=True)
class Evaluation:
    """A milestone's evidence status, the value compared, and the records that decided it."""

    status: Status
    value: float | None = None
    target: float | None = None
    evidence_ids: tuple[int, ...] = ()
    self_reported: bool = False
    warnings: tuple[RuleWarning, ...] = ()
    overlaps: tuple[FleetOverlap, ...] = ()


# --------------------------------------------------------------------------- comparison


def compare(op: Op, value: float, target: float, partial: float | None = None) -> Status:
    """Return met, partially_met or not_met for `value` against `target` exactly as SPEC §5 says.

    `>=`: met when value ≥ target, partially_met when partial ≤ value < target. `>`: met when
    value > target, partially_met when partial ≤ value ≤ target. `<=` and `<` mirror these.
    `==`: met when equal within 1e-9 relative, else not_met.
    Raises ValueError for `==` with a partial (the plan loader refuses that rule).
    """
    if op is Op.EQ:
        if partial is not None:
            raise ValueError("'==' takes no partial")
        close = math.isclose(value, target, rel_tol=EQ_REL_TOL, abs_tol=0.0)
        return Status.MET if close else Status.NOT_MET
    if op is Op.GE:
        met, near = value >= target, partial is not None and partial <= value < target
    elif op is Op.GT:
        met, near = value > target, partial is not None and partial <= value <= target
    elif op is Op.LE:
        met, near = value <= target, partial is not None and target < value <= partial
    else:  # Op.LT
        met, near = value < target, partial is not None and target <= value <= partial
    if met:
        return Status.MET
    return Status.PARTIALLY_MET if near else Status.NOT_MET


def _higher_wins(op: Op) -> bool | None:
    """True when the rule wants large values, False for small, None for `==`."""
    if op in (Op.GE, Op.GT):
        return True
    if op in (Op.LE, Op.LT):
        return False
    return None


# --------------------------------------------------------------------------- benchmark


def _names_match(aliases: Iterable[str], names: Iterable[str]) -> bool:
    wanted = {fold(a) for a in aliases}
    return any(fold(n) in wanted for n in names)


def _filter_key(value: str | None) -> str:
    # lm-eval spells "no filter" as `none`; the older result shape and other formats give None.
    return (value or "none").casefold()


def _benchmark_matches(rule: BenchmarkRule, rec: BenchmarkResultRecord, baseline_keys: set[str]) -> bool:
    if not _names_match(rule.benchmark, rec.names):
        return False
    # Metrics compare exactly after case folding: `acc` is not `acc_norm`. A rule without a
    # metric matches only results without one (hf-eval-results), never "any metric".
    if rule.metric is None:
        if rec.metric is not None:
            return False
    elif rec.metric is None or rec.metric.casefold() != rule.metric.casefold():
        return False
    if rule.filter is not None and _filter_key(rec.filter) != _filter_key(rule.filter):
        return False
    if rule.model is not None:
        return model_key(rec.model) == model_key(rule.model)
    return model_key(rec.model) not in baseline_keys


def _results(evidence: Iterable[Evidence]) -> list[tuple[Evidence, BenchmarkResultRecord]]:
    return [(e, e.record) for e in evidence if isinstance(e.record, BenchmarkResultRecord)]


def evaluate_benchmark(
    rule: BenchmarkRule,
    due: dt.date,
    results: Sequence[Evidence],
    baseline_models: Collection[str] = (),
) -> Evaluation:
    """Evaluate a benchmark rule on stored benchmark results (SPEC §5 matching).

    The best matching result effective on or before `due` decides: the maximum for `>=`/`>`,
    the minimum for `<=`/`<`, and for `==` the one closest to the target. Among equally good
    results an independent one is preferred to a self-reported one, then the earliest, then the
    lowest id, so a status is marked self-reported only when nothing independent does as well.
    A result whose `higher_is_better` contradicts `op` still counts (the rule's author chose the
    op and the scale) and is listed with a W-HIGHER-IS-BETTER warning. No match → no_evidence.
    """
    baseline_keys = {model_key(m) for m in baseline_models}
    matching = [(e, r) for e, r in _results(results) if _benchmark_matches(rule, r, baseline_keys)]
    on_time = [(e, r) for e, r in matching if e.effective_date <= due]
    late = len(matching) - len(on_time)
    late_warnings = (RuleWarning(W_LATE_EVIDENCE, None, {"count": late}),) if late else ()
    if not on_time:
        return Evaluation(Status.NO_EVIDENCE, target=rule.target, warnings=late_warnings)

    higher = _higher_wins(rule.op)
    warnings = [
        RuleWarning(W_HIGHER_IS_BETTER, e.id, {"higher_is_better": r.higher_is_better, "op": str(rule.op)})
        for e, r in on_time
        if higher is not None and r.higher_is_better is not None and r.higher_is_better != higher
    ]

    def badness(item: tuple[Evidence, BenchmarkResultRecord]) -> tuple[float, bool, dt.date, int]:
        e, r = item
        if higher is None:
            return (abs(r.value - rule.target), r.self_reported, e.effective_date, e.id)
        return (-r.value if higher else r.value, r.self_reported, e.effective_date, e.id)

    best_e, best_r = min(on_time, key=badness)
    return Evaluation(
        status=compare(rule.op, best_r.value, rule.target, rule.partial),
        value=best_r.value,
        target=rule.target,
        evidence_ids=(best_e.id,),
        self_reported=best_r.self_reported,
        warnings=(*warnings, *late_warnings),
    )


# --------------------------------------------------------------------------- fleet


def _current_fleet_rows(
    rule: FleetRule, rows: Iterable[Evidence], industry_codes: Collection[str] | None
) -> tuple[list[tuple[Evidence, FleetRecord]], list[RuleWarning], list[FleetOverlap]]:
    """The rows that count for `rule`, one per key, with warnings and report/telemetry overlaps."""
    warnings: list[RuleWarning] = []
    by_key: dict[tuple[str, str, str], list[tuple[Evidence, FleetRecord]]] = defaultdict(list)
    for e in rows:
        rec = e.record
        if not isinstance(rec, FleetRecord) or rec.period != rule.period:
            continue
        if rule.industry is not None and rec.industry != rule.industry:
            continue
        if industry_codes is not None and rec.industry not in industry_codes:
            warnings.append(RuleWarning(W_FLEET_UNKNOWN_INDUSTRY, e.id, {"industry": rec.industry}))
            continue
        by_key[(rec.period, rec.industry, fold(rec.operator))].append((e, rec))

    counted: list[tuple[Evidence, FleetRecord]] = []
    overlaps: list[FleetOverlap] = []
    for (period, industry, _), group in sorted(by_key.items()):
        reports = [item for item in group if item[1].source is FleetSource.REPORT]
        # Sources are never summed (SPEC §4): the report row counts over a telemetry rollup.
        chosen = reports or group
        if reports and len(reports) < len(group):
            ignored = tuple(sorted(e.id for e, r in group if r.source is not FleetSource.REPORT))
            overlaps.append(
                FleetOverlap(
                    period, industry, group[0][1].operator, tuple(sorted(e.id for e, _ in reports)), ignored
                )
            )
            warnings.append(
                RuleWarning(
                    W_FLEET_OVERLAP,
                    None,
                    {"period": period, "industry": industry, "operator": group[0][1].operator},
                )
            )
        if len(chosen) > 1:
            # The store passes current rows only, so this is a store fault; take the latest
            # import (highest id), as a supersede would, and say so rather than double-count.
            chosen = sorted(chosen, key=lambda item: item[0].id)
            warnings.append(
                RuleWarning(
                    W_FLEET_DUPLICATE, chosen[-1][0].id, {"ids": ", ".join(str(e.id) for e, _ in chosen)}
                )
            )
            chosen = chosen[-1:]
        counted.extend(chosen)
    return counted, warnings, overlaps


def _fleet_value(rule: FleetRule, rows: Sequence[FleetRecord]) -> float | None:
    measure = rule.measure
    if measure is FleetMeasure.INTERVENTIONS_PER_1000H:
        hours = sum(r.operating_hours for r in rows)
        return None if hours == 0 else 1000.0 * sum(r.interventions for r in rows) / hours
    if measure is FleetMeasure.INDUSTRIES_ACTIVE:
        active: Counter[str] = Counter()
        for r in rows:
            active[r.industry] += r.robots_active
        return float(sum(1 for total in active.values() if total >= rule.min_robots))
    return float(sum(getattr(r, measure.value) for r in rows))


def evaluate_fleet(
    rule: FleetRule, rows: Sequence[Evidence], industry_codes: Collection[str] | None = None
) -> Evaluation:
    """Evaluate a fleet rule on the current fleet rows (superseded rows already left out).

    The value sums every counted row of `rule.period` over operators, and over industries unless
    the rule names one (`industry` is the plan's code). For one period × industry × operator a
    report row counts and a telemetry rollup of the same key is ignored and listed in `overlaps`.
    With `industry_codes` (the plan's), rows of other industries are left out with a warning.
    No rows → no_evidence; interventions_per_1000h over zero hours → no_evidence.
    `industries_active` counts industries whose robots_active sum reaches `min_robots`, so it
    is 0 (not no_evidence) when rows exist and none reaches it.
    """
    counted, warnings, overlaps = _current_fleet_rows(rule, rows, industry_codes)
    ids = tuple(sorted(e.id for e, _ in counted))
    if not counted:
        return Evaluation(Status.NO_EVIDENCE, target=rule.target, warnings=tuple(warnings))
    value = _fleet_value(rule, [r for _, r in counted])
    if value is None:
        warnings.append(RuleWarning(W_FLEET_NO_HOURS, None, {"period": rule.period}))
        return Evaluation(Status.NO_EVIDENCE, None, rule.target, ids, False, tuple(warnings), tuple(overlaps))
    status = compare(rule.op, value, rule.target, rule.partial)
    return Evaluation(status, value, rule.target, ids, False, tuple(warnings), tuple(overlaps))


# --------------------------------------------------------------------------- model


def evaluate_model(
    rule: ModelRule, due: dt.date, releases: Sequence[Evidence], results: Sequence[Evidence]
) -> Evaluation:
    """Evaluate a model rule: was the release out by `due`, with results for each of `requires`?

    met: a release named `rule.model` (compared by model key, never by prefix) effective ≤ due
    and, for every `requires` name, a result of that model effective ≤ due whose benchmark names
    match it (NFKC + case folding, any metric); partially_met: such a release without all of
    them (each missing one is a W-MODEL-MISSING-RESULT warning); not_met: releases only after
    due; no_evidence: no release of that name. The earliest on-time release and, per required
    name, the earliest matching result are the evidence. value and target are None.
    """
    key = model_key(rule.model)
    named = sorted(
        (e for e in releases if isinstance(e.record, ModelReleaseRecord) and model_key(e.record.name) == key),
        key=lambda e: (e.effective_date, e.id),
    )
    if not named:
        return Evaluation(Status.NO_EVIDENCE)
    release = named[0]
    if release.effective_date > due:
        return Evaluation(Status.NOT_MET, evidence_ids=(release.id,))

    own = sorted(
        ((e, r) for e, r in _results(results) if model_key(r.model) == key and e.effective_date <= due),
        key=lambda item: (item[0].effective_date, item[0].id),
    )
    ids = [release.id]
    warnings: list[RuleWarning] = []
    self_reported = False
    for name in rule.requires:
        found = next(((e, r) for e, r in own if _names_match((name,), r.names)), None)
        if found is None:
            warnings.append(RuleWarning(W_MODEL_MISSING_RESULT, release.id, {"benchmark": name}))
            continue
        ids.append(found[0].id)
        self_reported = self_reported or found[1].self_reported
    status = Status.PARTIALLY_MET if warnings else Status.MET
    return Evaluation(status, evidence_ids=tuple(ids), self_reported=self_reported, warnings=tuple(warnings))


# --------------------------------------------------------------------------- milestones


def majority_judgement(judgements: Sequence[Judgement]) -> Status:
    """The evidence status of a rule-less milestone from the non-recused reviewers' judgements.

    The judgement with most votes; a tie goes to the lowest tied (not_met < partially_met < met);
    no judgement at all gives no_evidence. The caller leaves recused reviewers out.
    """
    if not judgements:
        return Status.NO_EVIDENCE
    votes = Counter(judgements)
    most = max(votes.values())
    winner = next(j for j in _JUDGEMENT_ORDER if votes[j] == most)
    return Status(winner.value)


def evaluate_milestone(
    milestone: Milestone,
    evidence: Sequence[Evidence],
    baseline_models: Collection[str] = (),
    industry_codes: Collection[str] | None = None,
    judgements: Sequence[Judgement] = (),
) -> Evaluation:
    """Evaluate one milestone: its rule on `evidence` (any kinds mixed), or the majority judgement."""
    rule = milestone.rule
    if isinstance(rule, BenchmarkRule):
        return evaluate_benchmark(rule, milestone.due, evidence, baseline_models)
    if isinstance(rule, FleetRule):
        # A fleet rule names its period, not a due date: the period decides which rows count.
        return evaluate_fleet(rule, evidence, industry_codes)
    if isinstance(rule, ModelRule):
        return evaluate_model(rule, milestone.due, evidence, evidence)
    return Evaluation(majority_judgement(judgements))


def counted_status(evidence_status: Status, committee_status: Status | None) -> Status:
    """The status weighted achievement uses: the committee's finding when set, else the evidence's.

    SPEC §2 does not say; the committee status is the committee's recorded finding (with a
    reason, audited), so it is the one the achievement figure reflects.
    """
    return committee_status if committee_status is not None else evidence_status


def weighted_achievement(items: Iterable[tuple[float, Status]]) -> float | None:
    """Σ weight × (met 1, partially_met 0.5, not_met 0) ÷ Σ weight over milestones with evidence.

    `items` are (weight, status) pairs, the status as `counted_status` gives it. no_evidence
    items are left out of both sums (the caller lists them apart). Returns None when no item
    has evidence or their weights sum to zero.
    """
    numerator = denominator = 0.0
    for weight, status in items:
        if status is Status.NO_EVIDENCE:
            continue
        numerator += weight * _CREDIT[status]
        denominator += weight
    return None if denominator == 0 else numerator / denominator


# --------------------------------------------------------------------------- candidates (evidence list)


def candidate_ids(
    milestone: Milestone, evidence: Sequence[Evidence], baseline_models: Collection[str] = ()
) -> tuple[int, ...]:
    """The records a milestone's rule considers, whatever their date (`evidence list --milestone`).

    A benchmark rule: every result its benchmark, metric, filter and model match (baselines
    left out unless the rule names one); a fleet rule: every given row of its period (and
    industry, when the rule names one); a model rule: the model's releases and results. A
    milestone without a rule has none. The deciding records are among them when any decide.
    """
    rule = milestone.rule
    if isinstance(rule, BenchmarkRule):
        keys = {model_key(b) for b in baseline_models}
        return tuple(e.id for e, r in _results(evidence) if _benchmark_matches(rule, r, keys))
    if isinstance(rule, FleetRule):
        return tuple(
            e.id
            for e in evidence
            if isinstance(e.record, FleetRecord)
            and e.record.period == rule.period
            and (rule.industry is None or fold(e.record.industry) == fold(rule.industry))
        )
    if isinstance(rule, ModelRule):
        key = model_key(rule.model)
        return tuple(
            e.id
            for e in evidence
            if (isinstance(e.record, ModelReleaseRecord) and model_key(e.record.name) == key)
            or (isinstance(e.record, BenchmarkResultRecord) and model_key(e.record.model) == key)
        )
    return ()
