"""Reading, as plain data, every stored value a report of one FY prints (the seal's sources, SPEC §7).

One reader serves sign-off (what is sealed), the report of an unsigned FY (what is printed)
and `verify` (what the live tables say now, read with the signing time as cutoff), so the
seal holds exactly what a report reads. Sections are named after the audit log's entities and
keyed by the entity's key (see reviewer.core.seal).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import sqlite_utils

from reviewer.core.redaction import Redaction, redaction_state
from reviewer.store import disclosures
from reviewer.store import report_queries as rq


def _rows(db: sqlite_utils.Database, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    cur = db.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _by_id(db: sqlite_utils.Database, sql: str, params: Any = ()) -> dict[str, dict[str, Any]]:
    """`_rows` keyed by each row's `id` (as text, as canonical JSON keys are), the id taken out."""
    return {str(r.pop("id")): r for r in _rows(db, sql, params)}


def _plan(db: sqlite_utils.Database) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    program = {}
    for r in _rows(
        db,
        "SELECT code, name_ja, name_en, implementer, ceiling_jpy, first_fy, last_fy, guaranteed_through_fy"
        " FROM program WHERE id = 1",
    ):
        r["trajectory"] = [
            [int(y), int(n)]
            for y, n in db.execute("SELECT year, robots_active FROM trajectory_point ORDER BY year")
        ]
        r["baseline_models"] = [n for (n,) in db.execute("SELECT name FROM baseline_model ORDER BY rowid")]
        program[r.pop("code")] = r
    out["program"] = program
    out["fiscal_year"] = {
        str(r.pop("fy")): r for r in _rows(db, "SELECT fy, installment_jpy, gate_date FROM fiscal_year")
    }
    out["officer"] = {str(r.pop("id")): r for r in _rows(db, "SELECT id, name FROM officer")}
    grades: dict[str, list[list[Any]]] = {}
    for c, letter, points, ja, en in db.execute(
        "SELECT criterion, letter, points, wording_ja, wording_en FROM criterion_grade ORDER BY letter"
    ):
        grades.setdefault(c, []).append([letter, int(points), ja, en])
    criteria = {}
    for r in _rows(
        db, "SELECT code, name_ja, name_en, position, questions_json, sub_items_json FROM criterion"
    ):
        r["grades"] = grades.get(r["code"], [])
        r["questions"] = json.loads(r.pop("questions_json"))
        r["sub_items"] = json.loads(r.pop("sub_items_json"))
        criteria[r.pop("code")] = r
    out["criterion"] = criteria
    out["industry"] = {
        r.pop("code"): r for r in _rows(db, "SELECT code, name_ja, name_en, position FROM industry")
    }
    out["milestone"] = {
        r.pop("code"): r
        for r in _rows(
            db,
            "SELECT code, id AS position, fy, area, criterion, weight, due, title_ja, title_en,"
            " rule_kind, rule_json FROM milestone",
        )
    }
    return out


def _committee(db: sqlite_utils.Database, fy: int) -> dict[str, dict[str, Any]]:
    return {
        r.pop("code"): r
        for r in _rows(
            db,
            "SELECT m.code, c.status, c.reason FROM committee_status c JOIN milestone m"
            " ON m.id = c.milestone_id WHERE m.fy = ?",
            [fy],
        )
    }


def _people(db: sqlite_utils.Database, fy: int, cutoff: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    out["reviewer"] = {
        r.pop("id"): r for r in _rows(db, "SELECT id, name, kana, affiliation, role FROM reviewer")
    }
    out["conflict"] = {
        f"{r['reviewer_id']}:{r['organization_code']}": r
        for r in _rows(
            db,
            "SELECT c.reviewer_id, c.organization_code, o.name AS organization,"
            " o.name_en AS organization_en, o.role AS org_role, c.category, c.declared_at"
            " FROM conflict c JOIN organization o ON o.code = c.organization_code"
            " WHERE c.declared_at <= ?",
            [cutoff],
        )
    }
    out["assessment_item"] = _by_id(
        db,
        "SELECT i.id, a.reviewer_id, i.target, i.rating, i.carried_over FROM assessment_item i"
        " JOIN assessment a ON a.id = i.assessment_id WHERE a.fy = ? AND i.rating IS NOT NULL",
        [fy],
    )
    comments = _by_id(
        db,
        "SELECT c.id, a.reviewer_id, c.target, c.kind, c.text, c.confidential, c.public_text,"
        " c.public_basis FROM comment c"
        " JOIN assessment a ON a.id = c.assessment_id WHERE a.fy = ? AND length(trim(c.text)) > 0",
        [fy],
    )
    for c in comments.values():  # held only when set, so a seal from before public texts compares equal
        # a public text set for an earlier text of the comment (m016): the public edition
        # prints neither; held only when so, as a seal from before m016 never is
        if redaction_state(c["text"], c["public_text"], c.pop("public_basis")) is Redaction.STALE:
            c["public_stale"] = True
        if c["public_text"] is None:
            del c["public_text"]
    out["comment"] = comments
    out["response"] = _by_id(
        db,
        "SELECT r.id, r.comment_id AS comment, r.text, r.recorded_at FROM response r"
        " JOIN comment c ON c.id = r.comment_id JOIN assessment a ON a.id = c.assessment_id"
        " WHERE a.fy = ? AND r.recorded_at <= ?",
        [fy, cutoff],
    )
    return out


def _conditions(db: sqlite_utils.Database, decision_ids: Iterable[int], cutoff: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for decision_id in decision_ids:
        for c in rq.conditions(db, decision_id, cutoff):
            out[str(c.id)] = {
                "decision_id": decision_id,
                "position": c.position,
                "text": c.text,
                "due": c.due,
                "status": c.status,
                "note": c.note,
            }
    return out


_EVIDENCE_COLUMNS = (
    "e.kind, e.batch_id, e.effective_date, e.date_assumed, e.self_reported, e.confidential,"
    " coalesce(b.file_name, d.file_name) AS file_name,"
    " e.source, e.period, e.industry, e.operator, e.robots_deployed, e.robots_active,"
    " e.operating_hours, e.interventions, e.incidents,"
    " r.model, r.names_json, r.metric, r.value AS result_value,"
    " m.value AS manual_value, m.unit, m.source_description,"
    " mr.name AS release_name, d.sha256 AS document_sha256"
)


def _evidence(
    db: sqlite_utils.Database, fy: int, deciding: set[int], cutoff: str
) -> dict[str, dict[str, Any]]:
    """The deciding records and every benchmark result the charts may read, with their values;
    a confidential record that FY `fy` disclosed is marked `disclosed`."""
    benchmark_ids = {r.evidence_id for r in rq.benchmark_results(db, cutoff)}
    ids = sorted(deciding | benchmark_ids)
    disclosed = disclosures.disclosed_ids(db, fy, ids)
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for r in _rows(
            db,
            f"SELECT e.id, {_EVIDENCE_COLUMNS} FROM evidence e"
            " LEFT JOIN import_batch b ON b.id = e.batch_id"
            " LEFT JOIN document d ON d.evidence_id = e.id"
            " LEFT JOIN benchmark_result r ON r.evidence_id = e.id"
            " LEFT JOIN manual_evidence m ON m.evidence_id = e.id"
            " LEFT JOIN model_release mr ON mr.evidence_id = e.id"
            f" WHERE e.id IN ({marks})",
            chunk,
        ):
            names = r.pop("names_json")
            r["names"] = None if names is None else json.loads(names)
            r["value"] = r.pop("result_value") if r["kind"] == "benchmark_result" else r.pop("manual_value")
            r.pop("result_value", None)
            r.pop("manual_value", None)
            evidence_id = r.pop("id")
            r["deciding"] = evidence_id in deciding
            if r["confidential"] and evidence_id in disclosed:
                r["disclosed"] = True  # held only when true (see _people's public_text)
            out[str(evidence_id)] = {k: v for k, v in r.items() if v is not None}
    return out


def _fleet(db: sqlite_utils.Database, fy: int, cutoff: str) -> dict[str, dict[str, Any]]:
    """Robots active per month and industry: every row ("internal"), and the rows FY `fy`'s
    public edition may print ("public": not confidential, or disclosed)."""
    out: dict[str, dict[str, Any]] = {}
    for period, industry, n in rq.fleet_series(db, cutoff, False):
        out[f"{period}:{industry}"] = {"internal": n, "public": None}
    for period, industry, n in rq.fleet_series(db, cutoff, True, fy):
        out.setdefault(f"{period}:{industry}", {"internal": None})["public"] = n
    return out


def _files(db: sqlite_utils.Database, fy: int, cutoff: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    batches = disclosures.disclosed_batches(db, fy)
    out["import_batch"] = {
        str(f.batch_id): {
            "file_name": f.file_name,
            "sha256": f.sha256,
            "format": f.format,
            "importer_version": f.importer_version,
            "imported_at": f.imported_at,
            "record_count": f.record_count,
            "first_date": f.first_date,
            "last_date": f.last_date,
            "date_assumed": f.date_assumed,
            "self_reported": f.self_reported,
            "confidential": f.confidential,
            "rollup_manifest": f.rollup_manifest,
        }
        | ({"disclosed": True} if f.confidential and f.batch_id in batches else {})
        for f in rq.evidence_files(db, cutoff)
    }
    documents = rq.documents(db, fy, cutoff)
    shown = disclosures.disclosed_ids(db, fy, [d.evidence_id for d in documents])
    out["document"] = {
        str(d.evidence_id): {
            "milestone": d.milestone,
            "file_name": d.file_name,
            "media_type": d.media_type,
            "sha256": d.sha256,
            "effective_date": d.effective_date,
            "confidential": d.confidential,
        }
        | ({"disclosed": True} if d.confidential and d.evidence_id in shown else {})
        for d in documents
    }
    return out


def _plan_changes(db: sqlite_utils.Database, fy: int, cutoff: str) -> dict[str, dict[str, Any]]:
    return _by_id(
        db,
        "SELECT id, entity_key AS code, at, old_json, new_json FROM audit_log"
        " WHERE entity = 'milestone' AND action = 'update' AND at <= ?"
        " AND entity_key IN (SELECT code FROM milestone WHERE fy = ?)",
        [cutoff, fy],
    )


def _decision(db: sqlite_utils.Database, decision_id: int) -> dict[str, Any]:
    (r,) = _rows(
        db,
        "SELECT fy, outcome, funding_jpy, rationale, override_reason, amends, amend_reason, decided_at"
        " FROM decision WHERE id = ?",
        [decision_id],
    )
    return r


def read_sections(
    db: sqlite_utils.Database,
    fy: int,
    cutoff: str,
    *,
    decision_id: int | None,
    previous_decision_id: int | None,
    deciding: set[int],
    fictional: bool,
    evidence_cutoff: str | None = None,
) -> dict[str, dict[str, Any]]:
    """Every section of the seal but "previous" (the caller's: it needs the previous FY's status).

    `cutoff` is the signing time for a signed FY (later imports, responses, statuses and
    declarations are left out) or rq.NO_CUTOFF; `decision_id` the FY's decision in force;
    `deciding` the evidence ids the FY's status names. `evidence_cutoff` (default: `cutoff`)
    bounds the evidence, fleet series, source files and documents: an amendment reads them as
    of the FY's first sign-off, so evidence added after it never enters the FY's report.
    """
    as_of = cutoff if evidence_cutoff is None else evidence_cutoff
    out = _plan(db)
    # earlier FYs' signed funding (the ceiling arithmetic); this FY's own is its decision's
    out["funding"] = {str(y): {"funding_jpy": n} for y, n in rq.signed_funding(db, cutoff).items() if y < fy}
    out["committee_status"] = _committee(db, fy)
    out |= _people(db, fy, cutoff)
    out["decision"] = {} if decision_id is None else {str(decision_id): _decision(db, decision_id)}
    out["condition"] = _conditions(
        db, [i for i in (decision_id, previous_decision_id) if i is not None], cutoff
    )
    out["evidence"] = _evidence(db, fy, deciding, as_of)
    out["fleet_series"] = _fleet(db, fy, as_of)
    out |= _files(db, fy, as_of)
    out["plan_change"] = _plan_changes(db, fy, cutoff)
    out["disclosure"] = {row.key: row.record() for row in disclosures.of_fy(db, fy)}
    out["meta"] = {"report": {"fictional": fictional}}
    return out
