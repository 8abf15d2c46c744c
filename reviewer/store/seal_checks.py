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
