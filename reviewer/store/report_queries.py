"""All SQL the decision report reads: decisions, roster, comments, fleet and benchmark series, files."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from importlib import resources

import sqlite_utils

from reviewer.store.decisions import MEMBERS

# An instant later than any stored one: a draft report sees everything imported so far.
NO_CUTOFF = "9999-12-31T23:59:59"


def _sql(name: str) -> str:
    return resources.files("reviewer.store").joinpath("sql", name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class DecisionRow:
    id: int
    fy: int
    outcome: str
    funding_jpy: int
    rationale: str
    override_reason: str | None
    amends: int | None
    amend_reason: str | None
    decided_at: str
    signed_by: str | None  # the officer's name
    signed_at: str | None
    sha256: str | None
    signer_id: str | None = None


@dataclass(frozen=True)
class ConditionRow:
    id: int
    position: int
    text: str
    due: str
    status: str
    note: str


@dataclass(frozen=True)
class SnapshotRow:
    content_json: str
    chain_head: str
    chain_count: int


@dataclass(frozen=True)
class ReviewerRow:
    id: str
    name: str
    kana: str
    affiliation: str
    role: str


@dataclass(frozen=True)
class ConflictRow:
    reviewer_id: str
    organization: str  # the organization's Japanese name
    organization_en: str
    org_role: str
    category: str


@dataclass(frozen=True)
class CommentRow:
    id: int
    reviewer_id: str
    target: str
    kind: str
    text: str
    confidential: bool
    response: str | None
    public_text: str | None = None  # the secretariat's redacted text for the public edition
    public_stale: bool = False  # that text was set for an earlier text of the comment (m016)


@dataclass(frozen=True)
class ItemRow:
    reviewer_id: str
    target: str
    rating: str


@dataclass(frozen=True)
class BenchmarkRow:
    evidence_id: int
    model: str
    names: tuple[str, ...]
    metric: str | None
    value: float
    effective_date: str
    confidential: bool


@dataclass(frozen=True)
class EvidenceFileRow:
    batch_id: int
    file_name: str
    sha256: str
    format: str
    importer_version: str
    imported_at: str
    record_count: int
    first_date: str | None
    last_date: str | None
    date_assumed: bool
    self_reported: bool
    confidential: bool
    rollup_manifest: str | None = None


@dataclass(frozen=True)
class DocumentRow:
    evidence_id: int
    milestone: str
    file_name: str
    media_type: str
    sha256: str
    effective_date: str
    confidential: bool


@dataclass(frozen=True)
class PlanChangeRow:
    code: str
    at: str
    old_json: str | None
    new_json: str | None


@dataclass(frozen=True)
class EvidenceValueRow:
    id: int
    kind: str
    effective_date: str
    date_assumed: bool
    self_reported: bool
    confidential: bool
    file_name: str | None


def decision(db: sqlite_utils.Database, fy: int) -> DecisionRow | None:
    """The decision in force for an FY: the newest signed one, else the unsigned draft."""
    row = db.execute(
        "SELECT d.id, d.fy, d.outcome, d.funding_jpy, d.rationale, d.override_reason, d.amends,"
        " d.amend_reason, d.decided_at, o.name, d.signed_at, d.sha256, d.signed_by"
        " FROM decision d LEFT JOIN officer o ON o.id = d.signed_by WHERE d.fy = ?"
        " ORDER BY (d.signed_at IS NOT NULL) DESC, d.id DESC LIMIT 1",
        [fy],
    ).fetchone()
    return None if row is None else DecisionRow(*row)


def decision_as_of(db: sqlite_utils.Database, fy: int, as_of: str) -> DecisionRow | None:
    """The decision that was in force for an FY at `as_of`: the newest one signed by then, else
    the newest decided by then (a later amendment or sign-off is not yet there)."""
    row = db.execute(
        "SELECT d.id, d.fy, d.outcome, d.funding_jpy, d.rationale, d.override_reason, d.amends,"
        " d.amend_reason, d.decided_at, o.name, d.signed_at, d.sha256, d.signed_by"
        " FROM decision d LEFT JOIN officer o ON o.id = d.signed_by WHERE d.fy = :fy"
        " AND (d.signed_at <= :as_of OR d.decided_at <= :as_of)"
        " ORDER BY (d.signed_at IS NOT NULL AND d.signed_at <= :as_of) DESC, d.id DESC LIMIT 1",
        {"fy": fy, "as_of": as_of},
    ).fetchone()
    if row is None:
        return None
    found = DecisionRow(*row)
    if found.signed_at is not None and found.signed_at > as_of:  # signed later: a draft back then
        found = replace(found, signed_by=None, signed_at=None, sha256=None, signer_id=None)
    return found


def signed_funding(db: sqlite_utils.Database, as_of: str) -> dict[int, int]:
    """FY → next-FY funding set by that FY's newest decision signed at or before `as_of`."""
    out: dict[int, int] = {}
    for fy, funding in db.execute(
        "SELECT fy, funding_jpy FROM decision WHERE signed_at IS NOT NULL AND signed_at <= ? ORDER BY id",
        [as_of],
    ):
        out[int(fy)] = int(funding)
    return out


def conditions(db: sqlite_utils.Database, decision_id: int, as_of: str) -> list[ConditionRow]:
    """A decision's conditions with each one's newest status set at or before `as_of`."""
    latest = (
        "SELECT {col} FROM condition_status s WHERE s.condition_id = c.id AND s.set_at <= :as_of"
        " ORDER BY s.id DESC LIMIT 1"
    )
    rows = db.execute(
        f"SELECT c.id, m.position, c.text, c.due, coalesce(({latest.format(col='s.status')}), 'open'),"
        f" coalesce(({latest.format(col='s.note')}), '')"
        f" FROM ({MEMBERS}) m JOIN condition c ON c.id = m.id ORDER BY m.position",
        {"d": decision_id, "as_of": as_of},
    )
    return [ConditionRow(*r) for r in rows]


def snapshot(db: sqlite_utils.Database, decision_id: int) -> SnapshotRow | None:
    row = db.execute(
        "SELECT content_json, chain_head, chain_count FROM snapshot WHERE decision_id = ?", [decision_id]
    ).fetchone()
    return None if row is None else SnapshotRow(*row)


def reviewers(db: sqlite_utils.Database) -> list[ReviewerRow]:
    rows = db.execute("SELECT id, name, kana, affiliation, role FROM reviewer ORDER BY kana, id")
    return [ReviewerRow(*r) for r in rows]


def conflicts(db: sqlite_utils.Database, as_of: str) -> list[ConflictRow]:
    """Conflict declarations made at or before `as_of`."""
    rows = db.execute(
        "SELECT c.reviewer_id, o.name, o.name_en, o.role, c.category FROM conflict c"
        " JOIN organization o ON o.code = c.organization_code WHERE c.declared_at <= ?"
        " ORDER BY c.reviewer_id, o.code",
        [as_of],
    )
    return [ConflictRow(*r) for r in rows]


def comments(db: sqlite_utils.Database, fy: int, as_of: str) -> list[CommentRow]:
    """An FY's non-empty comments with the newest response recorded at or before `as_of`."""
    rows = db.execute(
        "SELECT c.id, a.reviewer_id, c.target, c.kind, c.text, c.confidential,"
        " (SELECT r.text FROM response r WHERE r.comment_id = c.id AND r.recorded_at <= :as_of"
        "  ORDER BY r.id DESC LIMIT 1)"
        " FROM comment c JOIN assessment a ON a.id = c.assessment_id"
        " WHERE a.fy = :fy AND length(trim(c.text)) > 0 ORDER BY c.target, c.kind, c.id",
        {"fy": fy, "as_of": as_of},
    )
    return [CommentRow(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6]) for r in rows]


def rated_items(db: sqlite_utils.Database, fy: int) -> list[ItemRow]:
    """Every rating given in an FY (recused reviewers' included; the caller leaves them out)."""
    rows = db.execute(
        "SELECT a.reviewer_id, i.target, i.rating FROM assessment_item i"
        " JOIN assessment a ON a.id = i.assessment_id"
        " WHERE a.fy = ? AND i.rating IS NOT NULL AND i.carried_over = 0 ORDER BY a.reviewer_id, i.target",
        [fy],
    )
    return [ItemRow(*r) for r in rows]


def fleet_series(
    db: sqlite_utils.Database, cutoff: str, public: bool, fy: int | None = None
) -> list[tuple[str, str, int]]:
    """(period, industry code, robots active) for current fleet rows as of `cutoff`; `public`:
    only rows not confidential or disclosed for FY `fy`'s public edition (SPEC §8)."""
    params = {"cutoff": cutoff, "public": int(public), "fy": fy}
    rows = db.execute(_sql("report_fleet_series.sql"), params)
    return [(str(p), str(i), int(n)) for p, i, n in rows]


def benchmark_results(db: sqlite_utils.Database, cutoff: str) -> list[BenchmarkRow]:
    """Every benchmark result imported at or before `cutoff`, oldest effective date first."""
    rows = db.execute(
        "SELECT r.evidence_id, r.model, r.names_json, r.metric, r.value, e.effective_date, e.confidential"
        " FROM benchmark_result r JOIN evidence e ON e.id = r.evidence_id"
        " JOIN import_batch b ON b.id = e.batch_id WHERE b.imported_at <= ?"
        " ORDER BY e.effective_date, r.evidence_id",
        [cutoff],
    )
    return [
        BenchmarkRow(i, model, tuple(json.loads(names)), metric, float(v), d, bool(c))
        for i, model, names, metric, v, d, c in rows
    ]


def evidence_files(db: sqlite_utils.Database, cutoff: str) -> list[EvidenceFileRow]:
    rows = db.execute(_sql("report_evidence_files.sql"), {"cutoff": cutoff})
    return [
        EvidenceFileRow(
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], bool(r[9]), bool(r[10]), bool(r[11]), r[12]
        )
        for r in rows
    ]


def documents(db: sqlite_utils.Database, fy: int, cutoff: str) -> list[DocumentRow]:
    """Documents attached to the FY's milestones at or before `cutoff` (never their content)."""
    rows = db.execute(
        "SELECT d.evidence_id, m.code, d.file_name, d.media_type, d.sha256, e.effective_date,"
        " e.confidential FROM document d JOIN milestone m ON m.id = d.milestone_id"
        " JOIN evidence e ON e.id = d.evidence_id WHERE m.fy = ? AND d.added_at <= ?"
        " ORDER BY m.code, d.evidence_id",
        [fy, cutoff],
    )
    return [DocumentRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6])) for r in rows]


def evidence_rows(db: sqlite_utils.Database, ids: list[int]) -> list[EvidenceValueRow]:
    """Provenance of the given evidence records (the deciding ones)."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = db.execute(
        "SELECT e.id, e.kind, e.effective_date, e.date_assumed, e.self_reported, e.confidential,"
        " coalesce(b.file_name, d.file_name)"
        " FROM evidence e LEFT JOIN import_batch b ON b.id = e.batch_id"
        f" LEFT JOIN document d ON d.evidence_id = e.id WHERE e.id IN ({marks}) ORDER BY e.id",
        ids,
    )
    return [EvidenceValueRow(r[0], r[1], r[2], bool(r[3]), bool(r[4]), bool(r[5]), r[6]) for r in rows]


def plan_changes(db: sqlite_utils.Database, codes: list[str], as_of: str) -> list[PlanChangeRow]:
    """Audited updates of the given milestones (plan changes), oldest first."""
    if not codes:
        return []
    marks = ",".join("?" * len(codes))
    rows = db.execute(
        "SELECT entity_key, at, old_json, new_json FROM audit_log"
        f" WHERE entity = 'milestone' AND action = 'update' AND entity_key IN ({marks}) AND at <= ?"
        " ORDER BY id",
        [*codes, as_of],
    )
    return [PlanChangeRow(*r) for r in rows]


def chain_anchor(db: sqlite_utils.Database, as_of: str) -> tuple[str, int]:
    """The audit chain head and entry count as of `as_of` (a draft: now)."""
    row = db.execute(
        "SELECT hash, (SELECT count(*) FROM audit_log WHERE at <= :as_of) FROM audit_log"
        " WHERE at <= :as_of ORDER BY id DESC LIMIT 1",
        {"as_of": as_of},
    ).fetchone()
    if row is None:
        return "0" * 64, 0
    return str(row[0]), int(row[1])


def record_issued(
    db: sqlite_utils.Database,
    *,
    fy: int,
    lang: str,
    edition: str,
    sha256: str,
    file_name: str,
    signed: bool,
    decision_sha256: str | None,
    chain_head: str,
    chain_count: int,
    issued_by: str,
    issued_at: str,
) -> int:
    """Insert one issued report (inside the caller's write transaction); returns its id."""
    cur = db.execute(
        "INSERT INTO issued_report(fy, lang, edition, sha256, file_name, signed, decision_sha256,"
        " chain_head, chain_count, issued_by, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            fy,
            lang,
            edition,
            sha256,
            file_name,
            int(signed),
            decision_sha256,
            chain_head,
            chain_count,
            issued_by,
            issued_at,
        ],
    )
    return int(cur.lastrowid or 0)


@dataclass(frozen=True)
class IssuedRow:
    id: int
    fy: int
    lang: str
    edition: str
    file_name: str
    signed: bool
    decision_sha256: str | None
    issued_by: str
    issued_at: str


def issued_with_sha(db: sqlite_utils.Database, sha256: str) -> list[IssuedRow]:
    rows = db.execute(
        "SELECT id, fy, lang, edition, file_name, signed, decision_sha256, issued_by, issued_at"
        " FROM issued_report WHERE sha256 = ? ORDER BY id",
        [sha256],
    )
    return [IssuedRow(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], r[7], r[8]) for r in rows]


def signed_decision_hashes(db: sqlite_utils.Database, fy: int) -> list[str]:
    """Hashes of an FY's signed decisions, newest first (an amendment is newer)."""
    rows = db.execute(
        "SELECT sha256 FROM decision WHERE fy = ? AND signed_at IS NOT NULL AND sha256 IS NOT NULL"
        " ORDER BY id DESC",
        [fy],
    )
    return [str(r[0]) for r in rows]


def issue_is_audited(db: sqlite_utils.Database, issue_id: int, sha256: str | None = None) -> bool:
    """Whether an issued_report row has its audit entry, holding the row's own values.

    The chain itself is checked by `verify`; this only asks that the entry exists and agrees.
    """
    row = db.execute(
        "SELECT fy, lang, edition, sha256, file_name, signed, decision_sha256 FROM issued_report"
        " WHERE id = ?",
        [issue_id],
    ).fetchone()
    if row is None or (sha256 is not None and row[3] != sha256):
        return False
    want = {
        "fy": row[0],
        "lang": row[1],
        "edition": row[2],
        "sha256": row[3],
        "file_name": row[4],
        "signed": bool(row[5]),
        "decision_sha256": row[6],
    }
    for (text,) in db.execute(
        "SELECT new_json FROM audit_log"
        " WHERE entity = 'issued_report' AND entity_key = ? AND action = 'insert'",
        [str(issue_id)],
    ):
        if text and json.loads(text) == want:
            return True
    return False


def issue_ids(db: sqlite_utils.Database) -> list[tuple[int, int]]:
    """(id, FY) of every issued report."""
    return [(int(i), int(f)) for i, f in db.execute("SELECT id, fy FROM issued_report ORDER BY id")]
