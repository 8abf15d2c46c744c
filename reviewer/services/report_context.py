"""build_context: the decision report's queries, turned into the frozen ReportContext (no Jinja here)."""

from __future__ import annotations

import datetime as dt
import json
from importlib import metadata
from typing import Any
from zoneinfo import ZoneInfo

import sqlite_utils

from reviewer.core.errors import Refused
from reviewer.core.models import BenchmarkRule, FleetRule, Milestone, Plan
from reviewer.core.normalize import fold, model_key
from reviewer.reports import attachment, wording
from reviewer.reports.context import (
    AWAITING_REVIEW,
    UNDISCLOSED,
    AmendedView,
    AwaitingReview,
    BenchmarkChart,
    CommentGroup,
    CommentView,
    ConditionView,
    CriterionChange,
    CriterionView,
    DecisionView,
    DocumentView,
    Edition,
    EvidenceFile,
    FleetChart,
    FundingView,
    MilestoneView,
    PlanChange,
    PseudonymousAssessment,
    RecusalView,
    ReportContext,
    RosterEntry,
    Series,
    SeriesPoint,
    Withheld,
    YearOverYear,
)
from reviewer.services import rollup_provenance, sealing
from reviewer.store import report_queries as rq

JAPAN = ZoneInfo("Asia/Tokyo")
_OPS = wording.OPS  # IPAexGothic has ≧ ≦, not ≥ ≤
# Assessment sheets are reviewers' work, not evidence: their file names could name a reviewer.
_NOT_EVIDENCE_FORMATS = {"assessment-sheet"}


def japan_date(instant: str) -> dt.date:
    return dt.datetime.fromisoformat(instant).astimezone(JAPAN).date()


def pinned_instant(signed_at: str | None, gate_date: dt.date) -> dt.datetime:
    """The instant a report is dated by: the signing time, or midnight (Japan) of the gate date."""
    if signed_at is not None:
        return dt.datetime.fromisoformat(signed_at).astimezone(dt.UTC)
    return dt.datetime.combine(gate_date, dt.time(0, 0), tzinfo=JAPAN).astimezone(dt.UTC)


def product_versions() -> tuple[tuple[str, str], ...]:
    """Product and library versions (from package metadata: nothing heavy is imported)."""
    import platform

    out = []
    for label, dist in (
        ("stage-gate-reviewer", "stage-gate-reviewer"),
        ("WeasyPrint", "weasyprint"),
        ("pydyf", "pydyf"),
        ("fontTools", "fonttools"),
        ("matplotlib", "matplotlib"),
    ):
        try:
            out.append((label, metadata.version(dist)))
        except metadata.PackageNotFoundError:
            out.append((label, "unknown"))
    out.append(("Python", platform.python_version()))
    return tuple(out)


def _target_text(plan: Plan, m: Milestone, lang: str) -> str:
    """The milestone's target in words (SPEC §8 "Readable by a person"); "" without a rule."""
    industries = {i.code: (i.names.ja if lang == "ja" else i.names.en) for i in plan.industries}
    benchmarks = wording.benchmark_names(x.rule for x in plan.milestones)
    return wording.target(m.rule, lang, industries, benchmarks)


def _funding(plan: Plan, fy: int, seal: dict[str, Any], decided: int | None) -> FundingView:
    installments = {f.fy: f.installment_jpy for f in plan.fiscal_years}
    signed = {int(y): int(v["funding_jpy"]) for y, v in seal["funding"].items()}
    committed = sum(signed.get(y - 1, installments.get(y, 0)) for y in range(plan.program.first_fy, fy + 1))
    remaining = plan.program.ceiling_jpy - committed
    return FundingView(
        installment_jpy=installments.get(fy, 0),
        next_fy=fy + 1,
        next_installment_jpy=installments.get(fy + 1),
        ceiling_jpy=plan.program.ceiling_jpy,
        committed_jpy=committed,
        remaining_jpy=remaining,
        remaining_after_jpy=None if decided is None else remaining - decided,
    )


def _withheld(e: dict[str, Any]) -> bool:
    """Whether the public edition withholds a sealed evidence record: confidential, not disclosed."""
    return bool(e.get("confidential")) and not e.get("disclosed")


def _milestones(
    plan: Plan, fy: int, status: dict[str, Any], seal: dict[str, Any], lang: str, public: bool
) -> tuple[MilestoneView, ...]:
    """The FY's milestones; in the public edition a milestone's value, status and evidence print
    only when its deciding evidence is disclosed (SPEC §8)."""
    by_code = {m["code"]: m for m in status["milestones"]}
    confidential = {int(k) for k, e in seal["evidence"].items() if _withheld(e)}
    out = []
    for m in plan.milestones:
        if m.fy != fy:
            continue
        s = by_code.get(m.code, {})
        ids = tuple(int(i) for i in s.get("evidence", []))
        hidden = public and any(i in confidential for i in ids)
        out.append(
            MilestoneView(
                code=m.code,
                title=m.title.ja if lang == "ja" else m.title.en,
                area=m.area.value,
                criterion=m.criterion,
                weight=m.weight,
                due=m.due,
                rule=None if m.rule is None else m.rule.kind.value,
                target=_target_text(plan, m, lang),
                value=UNDISCLOSED if hidden else s.get("value"),
                value_text="" if hidden else wording.measured(m.rule, s.get("value"), lang),
                status=UNDISCLOSED if hidden else s.get("status", "no_evidence"),
                # the committee's status says what the withheld status is, and its reason may
                # quote the withheld value: neither prints where the status does not
                committee_status=UNDISCLOSED
                if hidden and s.get("committee_status")
                else s.get("committee_status"),
                self_reported=UNDISCLOSED if hidden else bool(s.get("self_reported")),
                evidence_ids=UNDISCLOSED if hidden else ids,
                committee_reason=None if hidden else seal["committee_status"].get(m.code, {}).get("reason"),
            )
        )
    return tuple(out)


def _criteria(plan: Plan, status: dict[str, Any], lang: str) -> tuple[CriterionView, ...]:
    scores = {c["code"]: c for c in status["criteria"]}
    out = []
    for c in plan.criteria:
        s = scores.get(c.code, {})
        n = int(s.get("n", 0))
        counts = s.get("counts", {})
        out.append(
            CriterionView(
                code=c.code,
                name=c.names.ja if lang == "ja" else c.names.en,
                mean=s.get("mean"),
                n=n,
                counts=tuple((g, int(counts.get(g, 0))) for g in "ABCD"),
                spread=s.get("spread"),
                flagged=bool(s.get("flagged")),
                few_raters=0 < n < 3,
                grade_wording=tuple((g.letter.value, g.ja if lang == "ja" else g.en) for g in c.grades),
            )
        )
    return tuple(out)


def _comment_rows(seal: dict[str, Any]) -> list[rq.CommentRow]:
    """The FY's comments in the report's order (target, kind, id), each with its newest response."""
    newest: dict[str, tuple[int, str]] = {}
    for rid, r in seal["response"].items():
        key = str(r["comment"])
        if key not in newest or int(rid) > newest[key][0]:
            newest[key] = (int(rid), r["text"])
    rows = [
        rq.CommentRow(
            int(cid),
            c["reviewer_id"],
            c["target"],
            c["kind"],
            c["text"],
            bool(c["confidential"]),
            newest[cid][1] if cid in newest else None,
            c.get("public_text"),
            bool(c.get("public_stale")),
        )
        for cid, c in seal["comment"].items()
    ]
    return sorted(rows, key=lambda c: (c.target, c.kind, c.id))


def _comments(plan: Plan, seal: dict[str, Any], lang: str, public: bool) -> tuple[CommentGroup, ...]:
    criterion_of = {m.code: m.criterion for m in plan.milestones}
    groups: dict[str, dict[str, list[CommentView]]] = {}
    # Responses may be recorded after sign-off (SPEC §7): a report that shows them is a new version.
    for c in _comment_rows(seal):
        target = (
            c.target if c.target in {x.code for x in plan.criteria} else criterion_of.get(c.target, "overall")
        )
        hidden = public and c.confidential
        # the public edition prints the public text: the comment unless the secretariat redacted it;
        # neither while that redaction was set for an earlier text of the comment (out of date)
        shown: str | AwaitingReview = c.public_text if public and c.public_text is not None else c.text
        if public and c.public_stale:
            shown = AWAITING_REVIEW
        view = CommentView(
            UNDISCLOSED if hidden else shown, UNDISCLOSED if hidden and c.response else c.response
        )
        groups.setdefault(target, {}).setdefault(c.kind, []).append(view)
    out = []
    names = [(c.code, c.names.ja if lang == "ja" else c.names.en) for c in plan.criteria]
    from reviewer.messages import text

    for code, name in [*names, ("overall", text("report-overall", lang))]:
        g = groups.get(code)
        if not g:
            continue
        out.append(
            CommentGroup(
                code,
                name,
                tuple(g.get("positive", [])),
                tuple(g.get("issues", [])),
                tuple(g.get("recommendations", [])),
                tuple(g.get("overall", [])),
            )
        )
    return tuple(out)


def _fleet_rows(seal: dict[str, Any], edition: str) -> list[tuple[str, str, int]]:
    rows = []
    for key, v in seal["fleet_series"].items():
        if v.get(edition) is not None:
            period, industry = key.split(":", 1)
            rows.append((period, industry, int(v[edition])))
    return sorted(rows)


def _fleet_chart(plan: Plan, seal: dict[str, Any], lang: str, public: bool) -> FleetChart:
    names = {i.code: (i.names.ja if lang == "ja" else i.names.en) for i in plan.industries}
    rows = _fleet_rows(seal, "public" if public else "internal")
    shown = {(p, i): n for p, i, n in rows}
    withheld = sum(1 for p, i, n in _fleet_rows(seal, "internal") if shown.get((p, i)) != n) if public else 0
    hidden = withheld > 0
    per: dict[str, list[SeriesPoint]] = {}
    for period, industry, robots in rows:
        per.setdefault(industry, []).append(SeriesPoint(period, float(robots)))
    series = tuple(Series(names.get(code, code), tuple(points)) for code, points in sorted(per.items()))
    trajectory = tuple((t.year, t.robots_active) for t in plan.program.trajectory)
    # the plan's own program-wide robots-active targets, marked where the data is
    targets = tuple(
        (m.code, m.rule.period, m.rule.target)
        for m in plan.milestones
        if isinstance(m.rule, FleetRule)
        and m.rule.measure.value == "robots_active"
        and m.rule.industry is None
        and rows
        and _fy_of(rows[0][0]) <= _fy_of(m.rule.period) <= _fy_of(rows[-1][0])
    )
    return FleetChart(series, trajectory, undisclosed=hidden, withheld=withheld, targets=targets)


def _fy_of(period: str) -> int:
    """The fiscal year (April–March) of a month `YYYY-MM`."""
    year, month = int(period[:4]), int(period[5:7])
    return year if month >= 4 else year - 1


def _benchmark_rows(seal: dict[str, Any]) -> list[rq.BenchmarkRow]:
    rows = [
        rq.BenchmarkRow(
            int(i),
            e["model"],
            tuple(e["names"]),
            e.get("metric"),
            float(e["value"]),
            e["effective_date"],
            _withheld(e),
        )
        for i, e in seal["evidence"].items()
        if e["kind"] == "benchmark_result"
    ]
    return sorted(rows, key=lambda r: (r.effective_date, r.evidence_id))


def _benchmark_charts(
    plan: Plan, fy: int, seal: dict[str, Any], lang: str, public: bool
) -> tuple[BenchmarkChart, ...]:
    results = _benchmark_rows(seal)
    baselines = {model_key(b) for b in plan.program.baseline_models}
    out = []
    for m in plan.milestones:
        rule = m.rule
        if m.fy != fy or not isinstance(rule, BenchmarkRule):
            continue
        aliases = {fold(a) for a in rule.benchmark}
        wanted_model = model_key(rule.model) if rule.model else None
        higher = rule.op.value in (">=", ">", "==")
        best: dict[str, float] = {}
        dropped = 0
        for r in results:
            if not aliases & {fold(n) for n in r.names}:
                continue
            if (r.metric or "").casefold() != (rule.metric or "").casefold():
                continue
            if wanted_model and model_key(r.model) != wanted_model:
                continue
            if public and r.confidential:  # confidential and not disclosed (see _benchmark_rows)
                dropped += 1
                continue
            old = best.get(r.model)
            if old is None or (r.value > old if higher else r.value < old):
                best[r.model] = r.value
        out.append(
            BenchmarkChart(
                milestone=m.code,
                title=m.title.ja if lang == "ja" else m.title.en,
                target=rule.target,
                op=_OPS[rule.op.value],
                points=tuple(best.items()),
                undisclosed=bool(dropped) and not best,
                withheld=dropped,
                baselines=tuple(x for x in best if model_key(x) in baselines),
                percent=wording.is_fraction(rule.metric, rule.target)
                and all(0 <= v <= 1 for v in best.values()),
                metric=wording.benchmark_metric(rule, lang),
            )
        )
    return tuple(out)


def _conditions(seal: dict[str, Any], decision_id: int | None) -> tuple[ConditionView, ...]:
    rows = sorted(
        (c for c in seal["condition"].values() if c["decision_id"] == decision_id),
        key=lambda c: int(c["position"]),
    )
    return tuple(
        ConditionView(c["position"], c["text"], dt.date.fromisoformat(c["due"]), c["status"], c["note"])
        for c in rows
    )


# A milestone's stored fields, as a plan change names them (issue 16: words, never column names).
_CHANGE_FIELDS = {
    "title_ja": "report-col-title",
    "title_en": "report-col-title",
    "area": "report-col-area",
    "criterion": "report-col-criterion",
    "weight": "report-col-weight",
    "due": "report-col-due",
    "fy": "report-fy",
    "rule_json": "report-col-target",
}


def _change_words(plan: Plan, key: str, value: Any, row: dict[str, Any], lang: str) -> str:
    """One side of a plan change in words: an area's or criterion's name, a date, a target."""
    from reviewer.messages import has, text
    from reviewer.store.programs import rule_from_json

    if value is None or value == "":
        return "—"
    if key == "area":
        return text(f"report-area-{value}", lang) if has(f"report-area-{value}") else str(value)
    if key == "criterion":
        names = {c.code: (c.names.ja if lang == "ja" else c.names.en) for c in plan.criteria}
        return names.get(str(value), str(value))
    if key == "due":
        return wording.day(dt.date.fromisoformat(str(value)), lang)
    if key == "fy":
        return f"{value}年度" if lang == "ja" else f"FY{value}"
    if key == "rule_json":
        industries = {i.code: (i.names.ja if lang == "ja" else i.names.en) for i in plan.industries}
        benchmarks = wording.benchmark_names(m.rule for m in plan.milestones)
        try:
            rule = rule_from_json(str(row.get("rule_kind")), str(value))
        except (KeyError, TypeError, ValueError):
            return "—"
        return wording.target(rule, lang, industries, benchmarks)
    if isinstance(value, float):
        return wording.number(value)
    return str(value)


def _plan_change_fields(
    plan: Plan, old: dict[str, Any], new: dict[str, Any], lang: str
) -> tuple[tuple[str, str, str], ...]:
    """(field, old, new) in words for the fields a plan change touched; the code and the rule's
    kind (the target says it) are left out, the other language's title is named as such."""
    from reviewer.messages import text

    other_title = "title_en" if lang == "ja" else "title_ja"
    out = []
    for key in sorted(new):
        if old.get(key) == new.get(key) or key in ("code", "rule_kind"):
            continue
        if key == other_title:
            label = text("report-col-title-other", lang)
        else:
            label = text(_CHANGE_FIELDS[key], lang) if key in _CHANGE_FIELDS else key
        out.append(
            (
                label,
                _change_words(plan, key, old.get(key), old, lang),
                _change_words(plan, key, new.get(key), new, lang),
            )
        )
    return tuple(out)


def _year_over_year(
    plan: Plan,
    fy: int,
    seal: dict[str, Any],
    current: tuple[CriterionView, ...],
    lang: str = "en",
    public: bool = False,
) -> YearOverYear | None:
    prev = fy - 1
    if prev < plan.program.first_fy:
        return None
    last = seal["previous"].get(str(prev), {})
    previous = last.get("criteria", {})
    decision_id = last.get("decision_id")
    changes = []
    for _id, row in sorted(seal["plan_change"].items(), key=lambda kv: int(kv[0])):
        old = json.loads(row["old_json"] or "{}")
        new = json.loads(row["new_json"] or "{}")
        fields = _plan_change_fields(plan, old, new, lang)
        changes.append(PlanChange(row["code"], japan_date(row["at"]), fields))
    return YearOverYear(
        previous_fy=prev,
        previous_outcome=last.get("outcome"),
        previous_signed=bool(last.get("signed")),
        # withheld where last FY's own public edition withholds it (sealed with this FY)
        previous_achievement=UNDISCLOSED
        if public and last.get("achievement_withheld")
        else last.get("weighted_achievement"),
        criteria=tuple(CriterionChange(c.name, previous.get(c.code), c.mean) for c in current),
        conditions=() if decision_id is None else _conditions(seal, decision_id),
        plan_changes=tuple(changes),
    )


def _evidence_files(seal: dict[str, Any], public: bool, lang: str) -> tuple[EvidenceFile, ...]:
    batches = sorted(seal["import_batch"].items(), key=lambda kv: (kv[1]["imported_at"], int(kv[0])))
    return tuple(
        EvidenceFile(
            file_name=UNDISCLOSED if public and _withheld(f) else f["file_name"],
            sha256=f["sha256"],
            format=f["format"],
            importer_version=f["importer_version"],
            imported_on=japan_date(f["imported_at"]),
            records=f["record_count"],
            first_date=f["first_date"],
            last_date=f["last_date"],
            date_assumed=bool(f["date_assumed"]),
            self_reported=bool(f["self_reported"]),
            confidential=_withheld(f) if public else bool(f["confidential"]),
            provenance=rollup_provenance.describe(f.get("rollup_manifest"), lang),
            format_name=wording.format_name(f["format"], lang),
            importer=wording.importer_version(f["importer_version"], f["format"], lang),
        )
        for _id, f in batches
        if f["format"] not in _NOT_EVIDENCE_FORMATS
    )


def _assessments(seal: dict[str, Any], salt: str, recused: set[str]) -> tuple[PseudonymousAssessment, ...]:
    from reviewer.messages import text

    items = sorted(
        (
            (i["reviewer_id"], i["target"], i["rating"])
            for i in seal["assessment_item"].values()
            if not i["carried_over"] and i["reviewer_id"] not in recused
        ),
    )
    comments = [c for c in _comment_rows(seal) if c.reviewer_id not in recused]
    order = attachment.pseudonym_order([i[0] for i in items] + [c.reviewer_id for c in comments], salt)
    return tuple(
        PseudonymousAssessment(
            pseudonym=text("report-pseudonym", "en", letter=attachment.letters(n)),
            ratings=tuple((target, rating) for who, target, rating in items if who == rid),
            comments=tuple((c.target, c.kind, c.text) for c in comments if c.reviewer_id == rid),
        )
        for n, rid in enumerate(order)
    )


def _amends(seal: dict[str, Any]) -> AmendedView | None:
    """The decision a signed amendment amends, from its seal (None for a seal that names none)."""
    found = sealing.amended_in(seal)
    if found is None:
        return None
    signed_at = found.get("signed_at")
    return AmendedView(int(found["id"]), japan_date(signed_at) if signed_at else None, str(found["outcome"]))


def build_context(db: sqlite_utils.Database, fy: int, lang: str, edition: str | Edition) -> ReportContext:
    """Everything the report prints for one FY, language and edition.

    A signed FY reads its sealed snapshot and nothing else (services.sealing: the responses and
    last year's condition statuses audited since are laid on top); an unsigned FY reads the
    live tables through the same reader. Raises Refused E-NO-FY, E-REPORT-LANG.
    """
    if lang not in ("ja", "en"):
        raise Refused("E-REPORT-LANG", lang=lang)
    edition = Edition(edition)
    public = edition is Edition.PUBLIC
    if db.execute("SELECT 1 FROM fiscal_year WHERE fy = ?", [fy]).fetchone() is None:
        raise Refused("E-NO-FY", fy=fy)
    view = sealing.sealed_fy(db, fy)
    seal, status = view.seal, view.status
    plan = sealing.plan_of(seal)
    fiscal = {f.fy: f for f in plan.fiscal_years}
    if fy not in fiscal:
        raise Refused("E-NO-FY", fy=fy)
    row = rq.decision(db, fy)
    signed = view.signed
    decision = None
    if row is not None:
        signer = seal["officer"].get(row.signer_id or "", {}).get("name") if signed else None
        decision = DecisionView(
            outcome=row.outcome,
            funding_jpy=row.funding_jpy,
            rationale=row.rationale,
            override_reason=row.override_reason,
            conditions=_conditions(seal, row.id),
            signed_by=signer,
            signed_on=japan_date(row.signed_at) if row.signed_at else None,
            sha256=row.sha256 if signed else None,
            amend_reason=row.amend_reason,
            amends=_amends(seal) if signed else None,
        )
    gate = fiscal[fy].gate_date
    conflicts = sorted(seal["conflict"].values(), key=lambda c: (c["reviewer_id"], c["organization_code"]))
    recused_ids = {c["reviewer_id"] for c in conflicts if c["org_role"] == "member"}
    reviewers = sorted(seal["reviewer"].items(), key=lambda kv: (kv[1]["kana"], kv[0]))
    names = {rid: r["name"] for rid, r in reviewers}
    criteria = _criteria(plan, status, lang)
    milestones = _milestones(plan, fy, status, seal, lang, public)
    fleet_chart = _fleet_chart(plan, seal, lang, public)
    benchmark_charts = _benchmark_charts(plan, fy, seal, lang, public)
    evidence_files = _evidence_files(seal, public, lang)
    # the weighted achievement sums the statuses: beside the printed ones it would tell the
    # withheld ones apart (100 % says each was met), so it prints only when every status does
    achievement_hidden = public and any(m.status is UNDISCLOSED for m in milestones)
    year_over_year = _year_over_year(plan, fy, seal, criteria, lang, public)
    previous_hidden = year_over_year is not None and year_over_year.previous_achievement is UNDISCLOSED
    withheld = (
        Withheld(
            milestones=sum(1 for m in milestones if m.value is UNDISCLOSED),
            achievement=int(achievement_hidden) + int(previous_hidden),
            results=sum(b.withheld for b in benchmark_charts),
            fleet_points=fleet_chart.withheld,
            files=sum(1 for f in evidence_files if f.file_name is UNDISCLOSED),
            documents=sum(1 for d in seal["document"].values() if _withheld(d)),
            comments=sum(
                1 for c in seal["comment"].values() if c.get("public_stale") and not c["confidential"]
            ),
        )
        if public
        else None
    )
    return ReportContext(
        lang=lang,
        edition=edition,
        fy=fy,
        program_code=plan.program.code,
        program_name=plan.program.names.ja if lang == "ja" else plan.program.names.en,
        implementer=plan.program.implementer,
        fictional=bool(seal["meta"]["report"]["fictional"]),
        signed=signed,
        report_date=pinned_instant(row.signed_at if row else None, gate).astimezone(JAPAN).date(),
        gate_date=gate,
        decision=decision,
        funding=_funding(plan, fy, seal, None if row is None else row.funding_jpy),
        weighted_achievement=UNDISCLOSED if achievement_hidden else status.get("weighted_achievement"),
        milestones=milestones,
        criteria=criteria,
        roster=tuple(RosterEntry(r["role"], r["name"], r["kana"], r["affiliation"]) for _id, r in reviewers),
        recusals=tuple(
            RecusalView(
                names.get(c["reviewer_id"], c["reviewer_id"]),
                c["organization"] if lang == "ja" else (c["organization_en"] or c["organization"]),
                c["category"],
                c["org_role"] == "member",
            )
            for c in conflicts
        ),
        fleet_chart=fleet_chart,
        benchmark_charts=benchmark_charts,
        comments=_comments(plan, seal, lang, public),
        year_over_year=year_over_year,
        evidence_files=evidence_files,
        documents=tuple(
            DocumentView(d["milestone"], d["file_name"], d["media_type"], d["sha256"], d["effective_date"])
            for _id, d in sorted(seal["document"].items(), key=lambda kv: (kv[1]["milestone"], int(kv[0])))
            if not (public and _withheld(d))  # the public edition leaves out undisclosed documents
        ),
        # a draft prints no chain anchor: issuing a report appends to the chain (SPEC §7)
        chain_head=view.chain_head,
        chain_count=view.chain_count,
        versions=product_versions(),
        assessments=()
        if public
        else _assessments(seal, (row.sha256 if signed and row and row.sha256 else str(fy)), recused_ids),
        withheld=withheld,
    )
