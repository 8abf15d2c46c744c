"""`reviewer verify` of the database: the audit chain, decision seals, lock triggers, anchors (SPEC §7)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import sqlite_utils
from cryptography import x509

from reviewer.core import seal
from reviewer.services import sealing, signing
from reviewer.store import decision_writes as store
from reviewer.store import report_queries as rq
from reviewer.store import seal_checks
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
    unsealed: tuple[int, ...] = ()  # FYs signed before the full seal: only their status is sealed
    before_keys: tuple[int, ...] = ()  # FYs signed before officer keys: no key signature to check

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
    """Every lock and append-only trigger exists with the SQL its migration wrote, and no other
    trigger is there: one added by sqlite3 runs inside the product's own writes (a `RAISE(IGNORE)`
    before each audit insert left every later change unaudited, and the chain still verified)."""
    present = store.triggers_in_schema(db)
    expected = store.expected_triggers()
    out = []
    for name, sql in expected.items():
        if name not in present:
            out.append(Finding("V-TRIGGER-MISSING", {"name": name}))
        elif _normalized_sql(present[name]) != _normalized_sql(sql):
            out.append(Finding("V-TRIGGER-CHANGED", {"name": name}))
    for name in sorted(set(present) - set(expected)):
        out.append(Finding("V-TRIGGER-EXTRA", {"name": name}))
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
        conditions = [asdict(c) for c in store.conditions_of(db, row.id)]
        if seal.decision_hash(row.as_dict(), conditions, content) != row.sha256:
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


# Plan loads audit a criterion's change as the list of fields renamed: the seal's fields in each.
_CRITERION_FIELDS = {"name_ja": "names", "name_en": "names", "grades": "grades"}


def _entry_explains(d: seal.Difference, action: str, new: dict[str, object] | None) -> bool | None:
    """Whether one audit entry's new values account for the difference's current value; None
    when the entry says nothing about that field (a plan load's summary, say)."""
    if new is None:
        return action == "delete" and d.now == seal.MISSING
    if not d.field:
        return action == "insert" and d.now == seal.PRESENT
    if d.field in new:
        return seal.canonical_json(new[d.field]) == seal.canonical_json(d.now)
    fields = new.get("fields")
    family = _CRITERION_FIELDS.get(d.field, d.field)
    if isinstance(fields, list) and (family in fields or (family == "grades" and "points" in fields)):
        return True
    return None


def _plan_load_lists(db: sqlite_utils.Database, label: str, signed_at: str) -> bool:
    """Whether a plan load after sign-off lists `label` among its changes ("industry robotics"
    names that entry; "trajectory" any trajectory point)."""
    for _action, new in seal_checks.entries_after(db, "program", None, signed_at):
        if not isinstance(new, dict):
            continue
        for kind in ("added", "renamed", "changed"):
            entries = new.get(kind, [])
            names = [str(e).split(" (")[0] for e in entries] if isinstance(entries, list) else []
            if any(n == label or n.startswith(label + " ") for n in names):
                return True
    return False


def _batch_removed(db: sqlite_utils.Database, batch: str | None, signed_at: str) -> bool:
    """Whether `imports remove` took out that batch (any batch, for None) after sign-off."""
    return any(a == "delete" for a, _new in seal_checks.entries_after(db, "import_batch", batch, signed_at))


def _month_removed(db: sqlite_utils.Database, key: str, sealed: dict[str, Any], signed_at: str) -> bool:
    """Whether `imports remove` took out, after sign-off, a sealed batch with records in the month
    of a fleet series point (`PERIOD:INDUSTRY`): only such a removal changes that month's sums
    (its own, or those it had superseded), so another month's difference stays unexplained."""
    period = key.split(":", 1)[0]
    for batch in seal_checks.keys_removed_after(db, "import_batch", signed_at):
        held = sealed["import_batch"].get(batch, {})
        first, last = str(held.get("first_date") or ""), str(held.get("last_date") or "")
        if first and first[:7] <= period <= last[:7]:
            return True
    return False


def _explained(db: sqlite_utils.Database, d: seal.Difference, sealed: dict[str, Any], signed_at: str) -> bool:
    """Whether an audit entry made after sign-off explains a difference: the newest entry for
    that row holds the current value (SPEC §7: a rename through `plan`, a batch removed through
    `imports remove` are audited; later imports and supersessions are read away by the cutoff)."""
    if d.section == "previous":
        if d.field == "achievement_withheld" and d.sealed == seal.MISSING:
            return True  # sealed before the public edition withheld it (or a flag flipped to hide more)
        # last year's figures are sealed as they stood; an unsigned last year may move on
        return not sealed["previous"].get(d.key, {}).get("signed", False)
    if d.section == "fleet_series":
        return _month_removed(db, d.key, sealed, signed_at)
    if d.section == "evidence":
        batch = sealed["evidence"].get(d.key, {}).get("batch_id")
        if batch is not None and _batch_removed(db, str(batch), signed_at):
            return True
    if d.section == "program" and d.field in ("trajectory", "baseline_models"):
        return _plan_load_lists(db, "trajectory" if d.field == "trajectory" else "baseline_model", signed_at)
    if not d.field and d.now == seal.PRESENT and _plan_load_lists(db, f"{d.section} {d.key}", signed_at):
        return True  # a plan load added it (plan loads audit additions in their summary)
    for action, new in seal_checks.entries_after(db, d.section, d.key, signed_at):
        verdict = _entry_explains(d, action, new)  # the newest entry that speaks of it decides
        if verdict is not None:
            return verdict
    return False


def check_seal_values(db: sqlite_utils.Database) -> tuple[list[Finding], tuple[int, ...]]:
    """Re-derive every sealed value of each signed FY from the live tables (read as of its signing
    time) and name each difference no audit entry explains (V-SEAL); and each response or
    condition status (they may be added after sign-off) without an audit entry holding its
    values (V-UNAUDITED).

    Returns the findings and the FYs whose snapshot predates the full seal (nothing to compare).
    """
    out: list[Finding] = []
    unsealed: list[int] = []
    for row in store.signed_decisions(db):
        current = rq.decision(db, row.fy)
        snap = store.snapshot(db, row.id)
        if current is None or current.id != row.id or snap is None or row.signed_at is None:
            continue  # amended (the amendment is checked) or reported by check_seals
        content = json.loads(snap.content_json)
        if not seal.has_seal(content):
            unsealed.append(row.fy)
            continue
        sealed = content["seal"]
        # an amendment sealed before amendments named what they amend is read as it was sealed
        named = sealing.amended_in(sealed) is not None
        live = sealing.live_seal(db, row.fy, row.signed_at, content["status"], row.id, amendment=named)
        for d in seal.differences(sealed, live):
            if not _explained(db, d, sealed, row.signed_at):
                out.append(Finding("V-SEAL", _seal_params(row.fy, d)))
    for entity, key, fy in seal_checks.unaudited_versions(db):
        out.append(Finding("V-UNAUDITED", {"fy": fy, "where": f"{entity} {key}"}))
    return out, tuple(sorted(set(unsealed)))


def _seal_params(fy: int, d: seal.Difference) -> dict[str, object]:
    where = f"{d.section} {d.key}" + (f" {d.field}" if d.field else "")
    return {"fy": fy, "where": where, "sealed": seal.shown(d.sealed), "now": seal.shown(d.now)}


def check_issued(db: sqlite_utils.Database) -> list[Finding]:
    """Each issued report's record has its audit entry (a row inserted by raw SQL has none)."""
    return [
        Finding("V-ISSUED", {"id": issue_id, "fy": fy})
        for issue_id, fy in rq.issue_ids(db)
        if not rq.issue_is_audited(db, issue_id)
    ]


def verify_database(db: sqlite_utils.Database, pinned: Sequence[x509.Certificate] = ()) -> Verification:
    """Run every check of `reviewer verify` (no PDF): integrity, foreign keys, the chain, the
    lock triggers, the decision seals, the anchors, every sealed value against the live tables
    (V-SEAL), every issued report against the chain (V-ISSUED), and the officers' signatures
    (against their registered certificates, and against `pinned` ones from outside when given).
    Returns the findings, first problem first.
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
    values, unsealed = check_seal_values(db)
    findings += values
    findings += check_issued(db)
    findings += [Finding(f.code, f.params) for f in signing.check_signatures(db, pinned)]
    return Verification(tuple(findings), walked, unsealed, signing.signed_before_keys(db))
