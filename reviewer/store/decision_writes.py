"""All SQL for writing decisions, conditions, condition statuses and snapshots, and what verify reads."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Any

import sqlite_utils

from reviewer.store import migrations

# Column order of `decision` as the domain sees it (sha256 is the seal, kept apart).
_DECISION_COLUMNS = (
    "id, fy, outcome, funding_jpy, rationale, override_reason, amends, amend_reason, decided_by,"
    " decided_at, signed_by, signed_at, signed_os_user, signed_host, sha256"
)


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
    decided_by: str
    decided_at: str
    signed_by: str | None
    signed_at: str | None
    signed_os_user: str | None
    signed_host: str | None
    sha256: str | None

    @property
    def signed(self) -> bool:
        return self.signed_at is not None

    def as_dict(self) -> dict[str, Any]:
        """Every column (the audit entry's value)."""
        return asdict(self)


@dataclass(frozen=True)
class ConditionText:
    id: int
    decision_id: int
    position: int
    text: str
    due: str


@dataclass(frozen=True)
class ProgramMoney:
    ceiling_jpy: int
    first_fy: int
    last_fy: int
    guaranteed_through_fy: int


@dataclass(frozen=True)
class AuditRow:
    id: int
    op_id: str
    actor: str
    at: str
    entity: str
    entity_key: str
    action: str
    old_json: str | None
    new_json: str | None
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class SnapshotRow:
    decision_id: int
    fy: int
    content_json: str
    chain_head: str
    chain_count: int
    created_at: str


@dataclass(frozen=True)
class Anchor:
    """A (head, count) pair recorded outside the chain: `source` is snapshot, report or backup."""

    source: str
    source_id: int
    chain_head: str
    chain_count: int


# --------------------------------------------------------------------------- reads


def decision(db: sqlite_utils.Database, decision_id: int) -> DecisionRow | None:
    row = db.execute(f"SELECT {_DECISION_COLUMNS} FROM decision WHERE id = ?", [decision_id]).fetchone()
    return None if row is None else DecisionRow(*row)


def draft_decision(db: sqlite_utils.Database, fy: int) -> DecisionRow | None:
    """The FY's unsigned decision (at most one: a unique index), if any."""
    row = db.execute(
        f"SELECT {_DECISION_COLUMNS} FROM decision WHERE fy = ? AND signed_at IS NULL", [fy]
    ).fetchone()
    return None if row is None else DecisionRow(*row)


def signed_decision(db: sqlite_utils.Database, fy: int) -> DecisionRow | None:
    """The FY's newest signed decision (an amendment once one is signed), if any."""
    row = db.execute(
        f"SELECT {_DECISION_COLUMNS} FROM decision WHERE fy = ? AND signed_at IS NOT NULL"
        " ORDER BY id DESC LIMIT 1",
        [fy],
    ).fetchone()
    return None if row is None else DecisionRow(*row)


def signed_decisions(db: sqlite_utils.Database) -> list[DecisionRow]:
    rows = db.execute(f"SELECT {_DECISION_COLUMNS} FROM decision WHERE signed_at IS NOT NULL ORDER BY id")
    return [DecisionRow(*r) for r in rows]


# A decision's conditions: its own rows and the ones an amendment carries (m012), at their
# positions in this decision. A carried condition keeps its id and the decision that set it.
_CONDITIONS_OF = (
    "SELECT id, decision_id, position, text, due FROM condition WHERE decision_id = :d"
    " UNION ALL SELECT c.id, c.decision_id, k.position, c.text, c.due FROM condition_carry k"
    " JOIN condition c ON c.id = k.condition_id WHERE k.decision_id = :d AND k.dropped = 0"
    " ORDER BY 3"
)


def conditions_of(db: sqlite_utils.Database, decision_id: int) -> list[ConditionText]:
    """The decision's conditions in force (own and carried), in its order."""
    return [ConditionText(*r) for r in db.execute(_CONDITIONS_OF, {"d": decision_id})]


@dataclass(frozen=True)
class CarryRow:
    """An amended decision's condition as an amendment took it: carried, or dropped (m012)."""

    decision_id: int
    condition_id: int
    position: int | None
    dropped: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def carry_rows(db: sqlite_utils.Database, decision_id: int) -> list[CarryRow]:
    rows = db.execute(
        "SELECT decision_id, condition_id, position, dropped FROM condition_carry WHERE decision_id = ?"
        " ORDER BY condition_id",
        [decision_id],
    )
    return [CarryRow(*r) for r in rows]


def insert_carry(db: sqlite_utils.Database, row: CarryRow) -> None:
    db.execute(
        "INSERT INTO condition_carry (decision_id, condition_id, position, dropped) VALUES (?, ?, ?, ?)",
        [row.decision_id, row.condition_id, row.position, row.dropped],
    )


def delete_carry(db: sqlite_utils.Database, row: CarryRow) -> None:
    db.execute(
        "DELETE FROM condition_carry WHERE decision_id = ? AND condition_id = ?",
        [row.decision_id, row.condition_id],
    )


def condition(db: sqlite_utils.Database, condition_id: int) -> ConditionText | None:
    row = db.execute(
        "SELECT id, decision_id, position, text, due FROM condition WHERE id = ?", [condition_id]
    ).fetchone()
    return None if row is None else ConditionText(*row)


def program_money(db: sqlite_utils.Database) -> ProgramMoney:
    """The program's ceiling and FY range. Raises LookupError without a program."""
    row = db.execute(
        "SELECT ceiling_jpy, first_fy, last_fy, guaranteed_through_fy FROM program WHERE id = 1"
    ).fetchone()
    if row is None:
        raise LookupError("no program")
    return ProgramMoney(int(row[0]), int(row[1]), int(row[2]), int(row[3]))


def installments(db: sqlite_utils.Database) -> dict[int, int]:
    """FY → planned installment (FYs the plan lists)."""
    return {int(fy): int(amount) for fy, amount in db.execute("SELECT fy, installment_jpy FROM fiscal_year")}


def signed_next_funding(db: sqlite_utils.Database) -> dict[int, int]:
    """FY N → the next-FY funding set by FY N's newest signed decision."""
    rows = db.execute(
        "SELECT d.fy, d.funding_jpy FROM decision d WHERE d.signed_at IS NOT NULL AND d.id ="
        " (SELECT max(e.id) FROM decision e WHERE e.fy = d.fy AND e.signed_at IS NOT NULL)"
    )
    return {int(fy): int(funding) for fy, funding in rows}


def officer_role(db: sqlite_utils.Database, officer_id: str) -> str | None:
    row = db.execute("SELECT role FROM officer WHERE id = ?", [officer_id]).fetchone()
    return None if row is None else str(row[0])


def snapshot(db: sqlite_utils.Database, decision_id: int) -> SnapshotRow | None:
    row = db.execute(
        "SELECT decision_id, fy, content_json, chain_head, chain_count, created_at FROM snapshot"
        " WHERE decision_id = ?",
        [decision_id],
    ).fetchone()
    return None if row is None else SnapshotRow(*row)


# --------------------------------------------------------------------------- writes


def insert_decision(db: sqlite_utils.Database, values: dict[str, Any]) -> DecisionRow:
    """Insert an unsigned decision; returns it as stored."""
    cols = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = db.execute(f"INSERT INTO decision ({cols}) VALUES ({marks})", list(values.values()))
    stored = decision(db, int(cursor.lastrowid or 0))
    assert stored is not None
    return stored


def update_decision(db: sqlite_utils.Database, decision_id: int, values: dict[str, Any]) -> DecisionRow:
    """Set `values` on a decision; returns it as stored afterwards."""
    sets = ", ".join(f"{k} = ?" for k in values)
    db.execute(f"UPDATE decision SET {sets} WHERE id = ?", [*values.values(), decision_id])
    stored = decision(db, decision_id)
    assert stored is not None
    return stored


def delete_condition(db: sqlite_utils.Database, condition_id: int) -> None:
    db.execute("DELETE FROM condition WHERE id = ?", [condition_id])


def insert_condition(db: sqlite_utils.Database, decision_id: int, position: int, text: str, due: str) -> int:
    cursor = db.execute(
        "INSERT INTO condition (decision_id, position, text, due) VALUES (?, ?, ?, ?)",
        [decision_id, position, text, due],
    )
    return int(cursor.lastrowid or 0)


def insert_condition_status(db: sqlite_utils.Database, values: dict[str, Any]) -> int:
    cols = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = db.execute(f"INSERT INTO condition_status ({cols}) VALUES ({marks})", list(values.values()))
    return int(cursor.lastrowid or 0)


def insert_snapshot(db: sqlite_utils.Database, row: SnapshotRow) -> None:
    db.execute(
        "INSERT INTO snapshot (decision_id, fy, content_json, chain_head, chain_count, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [row.decision_id, row.fy, row.content_json, row.chain_head, row.chain_count, row.created_at],
    )


def lock_message(exc: sqlite3.DatabaseError) -> str | None:
    """The lock trigger's message when `exc` came from one (`… of signed FY is locked: …`), else None."""
    text = str(exc)
    return text if " of signed FY is locked" in text else None


# --------------------------------------------------------------------------- what verify reads


def audit_rows(db: sqlite_utils.Database) -> Iterator[AuditRow]:
    """Every audit entry in id order (streamed: the log can be long)."""
    cursor = db.conn.execute(
        "SELECT id, op_id, actor, at, entity, entity_key, action, old_json, new_json, prev_hash, hash"
        " FROM audit_log ORDER BY id"
    )
    for row in cursor:
        yield AuditRow(*row)


def entry_at(db: sqlite_utils.Database, number: int) -> str | None:
    """The hash of the `number`-th entry (1-based, in id order), or None when there are fewer."""
    if number < 1:
        return None
    row = db.execute("SELECT hash FROM audit_log ORDER BY id LIMIT 1 OFFSET ?", [number - 1]).fetchone()
    return None if row is None else str(row[0])


def anchors(db: sqlite_utils.Database) -> list[Anchor]:
    """Every recorded chain anchor: signed snapshots, issued reports, verified backups."""
    out = [
        Anchor("snapshot", int(r[0]), r[1], int(r[2]))
        for r in db.execute("SELECT decision_id, chain_head, chain_count FROM snapshot ORDER BY decision_id")
    ]
    out += [
        Anchor("report", int(r[0]), r[1], int(r[2]))
        for r in db.execute("SELECT id, chain_head, chain_count FROM issued_report ORDER BY id")
    ]
    out += [
        Anchor("backup", int(r[0]), r[1], int(r[2]))
        for r in db.execute("SELECT id, chain_head, chain_count FROM backup WHERE verified = 1 ORDER BY id")
    ]
    return out


def triggers_in_schema(db: sqlite_utils.Database) -> dict[str, str]:
    """Trigger name → its SQL as stored in sqlite_schema."""
    return {
        str(n): str(s) for n, s in db.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'")
    }


def expected_triggers() -> dict[str, str]:
    """Trigger name → SQL, as the migration scripts (`sql/m*.sql`, in order) wrote them.

    m001 brings the audit log's append-only triggers, m002 the signed-FY locks; a later script
    that redefines a trigger wins.
    """
    out: dict[str, str] = {}
    scripts = resources.files("reviewer.store").joinpath("sql").iterdir()
    for name in sorted(f.name for f in scripts if re.fullmatch(r"m\d{3}_\w+\.sql", f.name)):
        for statement in migrations._split(migrations._sql(name)):
            words = statement.split(None, 3)
            if len(words) >= 3 and words[0].upper() == "CREATE" and words[1].upper() == "TRIGGER":
                out[words[2]] = statement
    return out


def integrity_problems(db: sqlite_utils.Database) -> list[str]:
    """`PRAGMA integrity_check` lines other than `ok`."""
    return [str(r[0]) for r in db.execute("PRAGMA integrity_check") if r[0] != "ok"]


def foreign_key_problems(db: sqlite_utils.Database) -> list[tuple[str, int, str]]:
    """(table, rowid, parent) for every row `PRAGMA foreign_key_check` reports."""
    return [(str(r[0]), int(r[1] or 0), str(r[2])) for r in db.execute("PRAGMA foreign_key_check")]
