"""Signed snapshots: reading what a signed FY froze (its evidence links among the rest)."""

from __future__ import annotations

import json

import sqlite_utils


def signed_fys(db: sqlite_utils.Database) -> set[int]:
    """FYs with a signed decision."""
    return {r[0] for r in db.execute("SELECT DISTINCT fy FROM decision WHERE signed_at IS NOT NULL")}


def signed_evidence_links(db: sqlite_utils.Database) -> list[tuple[int, set[int]]]:
    """(FY, the evidence ids its snapshot links) for every signed snapshot."""
    out = []
    for fy, content in db.execute(
        "SELECT s.fy, s.content_json FROM snapshot s JOIN decision d ON d.id = s.decision_id"
        " WHERE d.signed_at IS NOT NULL"
    ):
        data = json.loads(content)
        ids: set[int] = set()
        for milestone in data["status"]["milestones"]:
            ids.update(int(i) for i in milestone.get("evidence", []))
        out.append((int(fy), ids))
    return out


def signing_times(db: sqlite_utils.Database) -> dict[int, str]:
    """FY → when its first signed decision was signed (ISO text in UTC)."""
    return {
        int(fy): str(at)
        for fy, at in db.execute(
            "SELECT fy, min(signed_at) FROM decision WHERE signed_at IS NOT NULL GROUP BY fy"
        )
    }


def evidence_added_after(db: sqlite_utils.Database, since: str) -> int:
    """How many evidence records were added after `since`: imported in a later batch, or
    attached or entered by hand later (documents, manual values)."""
    (count,) = db.execute(
        "SELECT count(*) FROM evidence e"
        " LEFT JOIN import_batch b ON b.id = e.batch_id"
        " LEFT JOIN document d ON d.evidence_id = e.id"
        " LEFT JOIN manual_evidence m ON m.evidence_id = e.id"
        " WHERE coalesce(b.imported_at, d.added_at, m.entered_at) > ?",
        [since],
    ).fetchone()
    return int(count)
