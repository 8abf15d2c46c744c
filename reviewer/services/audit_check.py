"""`reviewer verify` of the database: the audit chain, decision seals, lock triggers, anchors (SPEC §7)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlite_utils
from cryptography import x509

from reviewer.services import signing
from reviewer.services.decisions import decision_hash
from reviewer.store import decision_writes as store
from reviewer.store.audit import GENESIS, entry_content, entry_hash


@dataclass(frozen=True)
class Finding:
    """One thing wrong: a fixed code (V-…) and the parameters of its message."""

    code: str
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Verification:
    """What verify found, most important first; `ok` when nothing."""

    findings: tuple[Finding, ...]
    entries: int

    @property
    def ok(self) -> bool:
        return not self.findings


def _normalized_sql(sql: str) -> str:
    return " ".join(sql.strip().rstrip(";").split())


def check_chain(db: sqlite_utils.Database) -> tuple[Finding | None, int]:
    """Walk the log in id order; returns the first broken entry (or None) and the entries walked.

    An entry is broken when its prev_hash is not the previous entry's hash (an entry deleted,
    inserted or swapped) or its hash is not SHA-256 of prev_hash and its content (edited).
    """
    expected_prev = GENESIS
    count = 0
    for row in store.audit_rows(db):
        count += 1
        if row.prev_hash != expected_prev:
            return Finding("V-CHAIN-LINK", {"id": row.id}), count
        content = entry_content(
            row.op_id, row.actor, row.at, row.entity, row.entity_key, row.action, row.old_json, row.new_json
        )
        if entry_hash(row.prev_hash, content) != row.hash:
            return Finding("V-CHAIN-HASH", {"id": row.id}), count
        expected_prev = row.hash
    return None, count


def check_triggers(db: sqlite_utils.Database) -> list[Finding]:
    """Every lock and append-only trigger exists with the SQL its migration wrote."""
    present = store.triggers_in_schema(db)
    out = []
    for name, sql in store.expected_triggers().items():
        if name not in present:
            out.append(Finding("V-TRIGGER-MISSING", {"name": name}))
        elif _normalized_sql(present[name]) != _normalized_sql(sql):
            out.append(Finding("V-TRIGGER-CHANGED", {"name": name}))
    return out


def check_seals(db: sqlite_utils.Database) -> list[Finding]:
    """Each signed decision's SHA-256 matches its row, conditions and snapshot."""
    out = []
    for row in store.signed_decisions(db):
        snap = store.snapshot(db, row.id)
        if snap is None:
            out.append(Finding("V-SNAPSHOT-MISSING", {"id": row.id, "fy": row.fy}))
            continue
        content = json.loads(snap.content_json)
        anchored = (content.get("chain_head"), content.get("chain_count"))
        if snap.fy != row.fy or anchored != (snap.chain_head, snap.chain_count):
            out.append(Finding("V-SNAPSHOT-MISMATCH", {"id": row.id, "fy": row.fy}))
        if decision_hash(row, store.conditions_of(db, row.id), content) != row.sha256:
            out.append(Finding("V-DECISION-HASH", {"id": row.id, "fy": row.fy}))
    return out


def check_anchors(db: sqlite_utils.Database) -> list[Finding]:
    """Each recorded (head, count) names an entry that still exists with that hash.

    Finds a truncation or rewrite of the chain before an anchor; after the last anchor, only an
    outside copy can tell.
    """
    out = []
    for anchor in store.anchors(db):
        found = GENESIS if anchor.chain_count == 0 else store.entry_at(db, anchor.chain_count)
        if found != anchor.chain_head:
            out.append(
                Finding(
                    "V-ANCHOR",
                    {"source": anchor.source, "id": anchor.source_id, "count": anchor.chain_count},
                )
            )
    return out


def verify_database(db: sqlite_utils.Database, pinned: Sequence[x509.Certificate] = ()) -> Verification:
    """Run every check of `reviewer verify` (no PDF): integrity, foreign keys, the chain, the
    lock triggers, the decision seals, the anchors, and the officers' signatures (against their
    registered certificates, and against `pinned` ones from outside when given). Returns the
    findings, first problem first.
    """
    findings: list[Finding] = [Finding("V-INTEGRITY", {"detail": p}) for p in store.integrity_problems(db)]
    findings += [
        Finding("V-FOREIGN-KEY", {"table": t, "rowid": r, "parent": p})
        for t, r, p in store.foreign_key_problems(db)
    ]
    broken, walked = check_chain(db)
    if broken is not None:
        findings.append(broken)
    findings += check_triggers(db)
    findings += check_seals(db)
    findings += check_anchors(db)
    findings += [Finding(f.code, f.params) for f in signing.check_signatures(db, pinned)]
    return Verification(tuple(findings), walked)
