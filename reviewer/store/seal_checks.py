"""The audit log's side of `verify`'s seal checks: which changes after sign-off are audited."""

from __future__ import annotations

import json
from typing import Any

import sqlite_utils


def _audited_values(db: sqlite_utils.Database, entity: str) -> dict[str, list[dict[str, object]]]:
    out: dict[str, list[dict[str, object]]] = {}
    for key, text in db.execute(
        "SELECT entity_key, new_json FROM audit_log WHERE entity = ? AND action = 'insert'", [entity]
    ):
        if text:
            out.setdefault(str(key), []).append(json.loads(text))
    return out


def unaudited_versions(db: sqlite_utils.Database) -> list[tuple[str, str, int]]:
    """(entity, id, FY) of each response and condition status without an audit entry holding its values.

    Both may be added after sign-off (SPEC §7), so each must be vouched for by the chain.
    """
    out: list[tuple[str, str, int]] = []
    audited = _audited_values(db, "response")
    for rid, comment, text, fy in db.execute(
        "SELECT r.id, r.comment_id, r.text, a.fy FROM response r JOIN comment c ON c.id = r.comment_id"
        " JOIN assessment a ON a.id = c.assessment_id ORDER BY r.id"
    ):
        if not any(e.get("comment") == comment and e.get("text") == text for e in audited.get(str(rid), [])):
            out.append(("response", str(rid), int(fy)))
    audited = _audited_values(db, "condition_status")
    for sid, condition, status, note, fy in db.execute(
        "SELECT s.id, s.condition_id, s.status, s.note, d.fy FROM condition_status s"
        " JOIN condition c ON c.id = s.condition_id JOIN decision d ON d.id = c.decision_id ORDER BY s.id"
    ):
        if not any(
            e.get("condition_id") == condition and e.get("status") == status and e.get("note") == note
            for e in audited.get(str(sid), [])
        ):
            out.append(("condition_status", str(sid), int(fy)))
    return out + _unaudited_secretariat_rows(db)


def _newest(db: sqlite_utils.Database, entity: str) -> dict[str, tuple[str, Any]]:
    """Key → (action, new values) of the newest audit entry of each `entity` row."""
    rows = db.execute(
        "SELECT entity_key, action, new_json FROM audit_log WHERE id IN"
        " (SELECT max(id) FROM audit_log WHERE entity = ? GROUP BY entity_key)",
        [entity],
    )
    return {str(k): (str(a), None if v is None else json.loads(v)) for k, a, v in rows}


def _unaudited_secretariat_rows(db: sqlite_utils.Database) -> list[tuple[str, str, int]]:
    """(entity, key, FY) of each disclosure, amendment's condition carry and comment public text
    that its newest audit entry does not hold: written around the application, which sign-off
    would seal as if the secretariat had (SPEC §8, §10: each is audited)."""
    out: list[tuple[str, str, int]] = []
    newest = _newest(db, "disclosure")
    for fy, batch, evidence in db.execute(
        "SELECT fy, batch_id, evidence_id FROM disclosure"
        " ORDER BY batch_id IS NULL, coalesce(batch_id, evidence_id)"
    ):
        key, record = (
            (f"{fy}:batch:{batch}", {"fy": fy, "batch": batch})
            if batch is not None
            else (f"{fy}:evidence:{evidence}", {"fy": fy, "evidence": evidence})
        )
        if newest.get(key) != ("insert", record):
            out.append(("disclosure", key, int(fy)))
    newest = _newest(db, "condition_carry")
    for decision, condition, position, dropped, fy in db.execute(
        "SELECT k.decision_id, k.condition_id, k.position, k.dropped, d.fy FROM condition_carry k"
        " JOIN decision d ON d.id = k.decision_id ORDER BY k.decision_id, k.condition_id"
    ):
        record = {
            "decision_id": decision,
            "condition_id": condition,
            "position": position,
            "dropped": dropped,
        }
        if newest.get(f"{decision}:{condition}") != ("insert", record):
            out.append(("condition_carry", f"{decision}:{condition}", int(fy)))
    # a comment's public text, and the basis it was set for (m016: a basis written around the
    # application would pass off an out-of-date redaction as reviewed)
    for column in ("public_text", "public_basis"):
        public: dict[str, object] = {}
        for key, text in db.execute(  # oldest first: the newest that names the column wins
            "SELECT entity_key, new_json FROM audit_log WHERE entity = 'comment'"
            " AND new_json LIKE ? ORDER BY id",
            [f'%"{column}"%'],
        ):
            values = json.loads(text)
            if isinstance(values, dict) and column in values:
                public[str(key)] = values[column]
        for cid, value, fy in db.execute(
            f"SELECT c.id, c.{column}, a.fy FROM comment c JOIN assessment a ON a.id = c.assessment_id"
            " ORDER BY c.id"
        ):
            if public.get(str(cid)) != value:
                out.append(("comment", f"{cid} {column}", int(fy)))
    return out


def later_versions(db: sqlite_utils.Database, since: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(entity, key, new values) of every response and condition status audited after `since`,
    oldest first: the versions laid on top of a signed FY (read from the chain, never from
    their tables, so a row written there around the application changes nothing shown)."""
    rows = db.execute(
        "SELECT entity, entity_key, new_json FROM audit_log WHERE entity IN ('response', 'condition_status')"
        " AND action = 'insert' AND at > ? ORDER BY id",
        [since],
    )
    return [(str(e), str(k), json.loads(v)) for e, k, v in rows if v]


def keys_removed_after(db: sqlite_utils.Database, entity: str, since: str) -> list[str]:
    """The keys of the `entity` rows whose audit log records a delete after `since`."""
    rows = db.execute(
        "SELECT DISTINCT entity_key FROM audit_log WHERE entity = ? AND action = 'delete' AND at > ?",
        [entity, since],
    )
    return [str(k) for (k,) in rows]


def entries_after(
    db: sqlite_utils.Database, entity: str, key: str | None, since: str
) -> list[tuple[str, dict[str, Any] | None]]:
    """(action, new values) of the audit entries for `entity` (and `key`, unless None) made
    after `since`, newest first."""
    if key is None:
        rows = db.execute(
            "SELECT action, new_json FROM audit_log WHERE entity = ? AND at > ? ORDER BY id DESC",
            [entity, since],
        )
    else:
        rows = db.execute(
            "SELECT action, new_json FROM audit_log WHERE entity = ? AND entity_key = ? AND at > ?"
            " ORDER BY id DESC",
            [entity, key, since],
        )
    return [(str(a), None if v is None else json.loads(v)) for a, v in rows]
