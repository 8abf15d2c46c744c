"""All SQL for documents attached to milestones and manual evidence records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlite_utils


@dataclass(frozen=True)
class DocumentRow:
    evidence_id: int
    milestone_code: str
    file_name: str
    media_type: str
    size: int
    sha256: str
    added_by: str
    added_at: str


def milestone_id(db: sqlite_utils.Database, code: str) -> tuple[int, int] | None:
    """(id, FY) of the milestone with this code, if any."""
    row = db.execute("SELECT id, fy FROM milestone WHERE code = ?", [code]).fetchone()
    return None if row is None else (int(row[0]), int(row[1]))


def find_document(db: sqlite_utils.Database, milestone: int, sha256: str) -> int | None:
    row = db.execute(
        "SELECT evidence_id FROM document WHERE milestone_id = ? AND sha256 = ?", [milestone, sha256]
    ).fetchone()
    return None if row is None else int(row[0])


def insert_document(
    db: sqlite_utils.Database,
    *,
    milestone: int,
    file_name: str,
    media_type: str,
    sha256: str,
    content: bytes,
    effective_date: dt.date,
    actor: str,
    at: str,
) -> int:
    cur = db.execute(
        "INSERT INTO evidence(kind, batch_id, effective_date, date_assumed, place, self_reported,"
        " confidential) VALUES ('document', NULL, ?, 1, '', 1, 1)",
        [effective_date.isoformat()],
    )
    eid = int(cur.lastrowid or 0)
    db.execute(
        "INSERT INTO document(evidence_id, milestone_id, file_name, media_type, size, sha256, content,"
        " added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [eid, milestone, file_name, media_type, len(content), sha256, content, actor, at],
    )
    return eid


def documents(db: sqlite_utils.Database, milestone_code: str | None = None) -> list[DocumentRow]:
    sql = (
        "SELECT d.evidence_id, m.code, d.file_name, d.media_type, d.size, d.sha256, d.added_by, d.added_at"
        " FROM document d JOIN milestone m ON m.id = d.milestone_id"
    )
    params: list[object] = []
    if milestone_code is not None:
        sql += " WHERE m.code = ?"
        params.append(milestone_code)
    return [DocumentRow(*r) for r in db.execute(sql + " ORDER BY d.evidence_id", params)]


def document_content(db: sqlite_utils.Database, evidence_id: int) -> tuple[str, bytes] | None:
    row = db.execute(
        "SELECT file_name, content FROM document WHERE evidence_id = ?", [evidence_id]
    ).fetchone()
    return None if row is None else (str(row[0]), bytes(row[1]))


def insert_manual(
    db: sqlite_utils.Database,
    *,
    milestone: int,
    value: float,
    unit: str,
    effective_date: dt.date,
    source: str,
    actor: str,
    at: str,
) -> int:
    cur = db.execute(
        "INSERT INTO evidence(kind, batch_id, effective_date, date_assumed, place, self_reported,"
        " confidential) VALUES ('manual', NULL, ?, 0, 'manual entry', 0, 1)",
        [effective_date.isoformat()],
    )
    eid = int(cur.lastrowid or 0)
    db.execute(
        "INSERT INTO manual_evidence(evidence_id, milestone_id, value, unit, source_description, entered_by,"
        " entered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [eid, milestone, value, unit, source, actor, at],
    )
    return eid
