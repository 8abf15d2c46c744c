"""All SQL for disclosure (SPEC §8): which batches and records an FY's public edition prints,
and each comment's public text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from reviewer.store import audit


@dataclass(frozen=True)
class Disclosed:
    """One disclosure row: a batch (`batch_id`) or one record (`evidence_id`) for FY `fy`."""

    fy: int
    batch_id: int | None
    evidence_id: int | None

    @property
    def key(self) -> str:
        """The audit entry's and the seal's key: `2026:batch:3`, `2026:evidence:11`."""
        if self.batch_id is not None:
            return f"{self.fy}:batch:{self.batch_id}"
        return f"{self.fy}:evidence:{self.evidence_id}"

    def record(self) -> dict[str, int]:
        """The row's values as its audit entry and the seal hold them."""
        if self.batch_id is not None:
            return {"fy": self.fy, "batch": self.batch_id}
        return {"fy": self.fy, "evidence": int(self.evidence_id or 0)}


def of_fy(db: sqlite_utils.Database, fy: int) -> list[Disclosed]:
    """FY `fy`'s disclosure rows, batches first, each in id order."""
    rows = db.execute(
        "SELECT fy, batch_id, evidence_id FROM disclosure WHERE fy = ?"
        " ORDER BY batch_id IS NULL, coalesce(batch_id, evidence_id)",
        [fy],
    )
    return [Disclosed(int(f), b, e) for f, b, e in rows]


def exists(db: sqlite_utils.Database, row: Disclosed) -> bool:
    column, value = (
        ("batch_id", row.batch_id) if row.batch_id is not None else ("evidence_id", row.evidence_id)
    )
    found = db.execute(f"SELECT 1 FROM disclosure WHERE fy = ? AND {column} = ?", [row.fy, value]).fetchone()
    return found is not None


def insert(db: sqlite_utils.Database, row: Disclosed, by: str, at: str) -> None:
    db.execute(
        "INSERT INTO disclosure (fy, batch_id, evidence_id, disclosed_by, disclosed_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [row.fy, row.batch_id, row.evidence_id, by, at],
    )


def delete(db: sqlite_utils.Database, row: Disclosed) -> None:
    column, value = (
        ("batch_id", row.batch_id) if row.batch_id is not None else ("evidence_id", row.evidence_id)
    )
    db.execute(f"DELETE FROM disclosure WHERE fy = ? AND {column} = ?", [row.fy, value])


def touching_batch(db: sqlite_utils.Database, batch_id: int) -> list[Disclosed]:
    """Every disclosure of the batch itself or of one of its records, in any FY."""
    rows = db.execute(
        "SELECT fy, batch_id, evidence_id FROM disclosure WHERE batch_id = ?"
        " UNION ALL SELECT d.fy, d.batch_id, d.evidence_id FROM disclosure d"
        " JOIN evidence e ON e.id = d.evidence_id WHERE e.batch_id = ?",
        [batch_id, batch_id],
    )
    return [Disclosed(int(f), b, e) for f, b, e in rows]


def evidence_kind(db: sqlite_utils.Database, evidence_id: int) -> str | None:
    """The record's kind, or None when there is no such record."""
    row = db.execute("SELECT kind FROM evidence WHERE id = ?", [evidence_id]).fetchone()
    return None if row is None else str(row[0])


def batch_exists(db: sqlite_utils.Database, batch_id: int) -> bool:
    return db.execute("SELECT 1 FROM import_batch WHERE id = ?", [batch_id]).fetchone() is not None


def disclosed_ids(db: sqlite_utils.Database, fy: int, ids: Iterable[int]) -> set[int]:
    """Those of `ids` that FY `fy`'s public edition may print: not confidential, or disclosed
    (the record itself, or its batch)."""
    wanted = sorted(set(ids))
    out: set[int] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        out.update(
            int(i)
            for (i,) in db.execute(
                f"SELECT e.id FROM evidence e WHERE e.id IN ({marks}) AND (e.confidential = 0"
                " OR EXISTS (SELECT 1 FROM disclosure d WHERE d.fy = ? AND d.evidence_id = e.id)"
                " OR EXISTS (SELECT 1 FROM disclosure d WHERE d.fy = ? AND d.batch_id = e.batch_id))",
                [*chunk, fy, fy],
            )
        )
    return out


def confidential_ids(db: sqlite_utils.Database, ids: Iterable[int]) -> set[int]:
    """Those of `ids` that are confidential (the public edition needs a disclosure to print them)."""
    wanted = sorted(set(ids))
    out: set[int] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT id FROM evidence WHERE id IN ({marks}) AND confidential = 1"
        out.update(int(i) for (i,) in db.execute(sql, chunk))
    return out


def batch_has_confidential(db: sqlite_utils.Database, batch_id: int) -> bool:
    found = db.execute("SELECT 1 FROM evidence WHERE batch_id = ? AND confidential = 1 LIMIT 1", [batch_id])
    return found.fetchone() is not None


def any_disclosed_of_batch(db: sqlite_utils.Database, fy: int, batch_id: int) -> bool:
    """Whether FY `fy` disclosed a record of the batch one by one."""
    found = db.execute(
        "SELECT 1 FROM disclosure d JOIN evidence e ON e.id = d.evidence_id WHERE d.fy = ? AND e.batch_id = ?"
        " LIMIT 1",
        [fy, batch_id],
    ).fetchone()
    return found is not None


def batches_touched(db: sqlite_utils.Database, fy: int) -> set[int]:
    """Batches FY `fy` disclosed at least one record of, one by one."""
    return {
        int(b)
        for (b,) in db.execute(
            "SELECT DISTINCT e.batch_id FROM disclosure d JOIN evidence e ON e.id = d.evidence_id"
            " WHERE d.fy = ? AND e.batch_id IS NOT NULL",
            [fy],
        )
    }


def disclosed_batches(db: sqlite_utils.Database, fy: int) -> set[int]:
    """Batches whose every record FY `fy`'s public edition may print (so their file name prints):
    disclosed as a batch, or each confidential record of it disclosed one by one."""
    out = {
        int(b)
        for (b,) in db.execute("SELECT batch_id FROM disclosure WHERE fy = ? AND batch_id IS NOT NULL", [fy])
    }
    for batch in sorted(batches_touched(db, fy)):
        if batch in out:
            continue
        withheld = db.execute(
            "SELECT 1 FROM evidence e WHERE e.batch_id = ? AND e.confidential = 1 AND NOT EXISTS"
            " (SELECT 1 FROM disclosure d WHERE d.fy = ? AND d.evidence_id = e.id) LIMIT 1",
            [batch, fy],
        ).fetchone()
        if withheld is None:
            out.add(batch)
    return out


@dataclass(frozen=True)
class DisclosureIndex:
    """Every disclosure row by what it discloses: record id → FYs, batch id → FYs. The rows are
    the secretariat's choices, a handful per FY, so one read serves a listing of any length."""

    by_evidence: dict[int, frozenset[int]]
    by_batch: dict[int, frozenset[int]]

    def of_record(self, evidence_id: int, batch_id: int | None) -> list[int]:
        """The FYs whose public edition prints the record by a disclosure (its own or its batch's)."""
        fys = self.by_evidence.get(evidence_id, frozenset())
        if batch_id is not None:
            fys = fys | self.by_batch.get(batch_id, frozenset())
        return sorted(fys)


def index(db: sqlite_utils.Database) -> DisclosureIndex:
    """All disclosure rows, indexed by record and by batch."""
    by_evidence: dict[int, set[int]] = {}
    by_batch: dict[int, set[int]] = {}
    for fy, batch_id, evidence_id in db.execute("SELECT fy, batch_id, evidence_id FROM disclosure"):
        if batch_id is not None:
            by_batch.setdefault(int(batch_id), set()).add(int(fy))
        else:
            by_evidence.setdefault(int(evidence_id), set()).add(int(fy))
    return DisclosureIndex(
        {k: frozenset(v) for k, v in by_evidence.items()}, {k: frozenset(v) for k, v in by_batch.items()}
    )


def fys_with_disclosures(db: sqlite_utils.Database) -> list[int]:
    """The FYs that disclosed anything, in order."""
    return [int(f) for (f,) in db.execute("SELECT DISTINCT fy FROM disclosure ORDER BY fy")]


# --------------------------------------------------------------------------- public text


@dataclass(frozen=True)
class CommentPlace:
    id: int
    fy: int
    text: str
    public_text: str | None
    public_basis: str | None = None  # the SHA-256 of the text the public text was set for (m016)


def comment(db: sqlite_utils.Database, comment_id: int) -> CommentPlace | None:
    row = db.execute(
        "SELECT c.id, a.fy, c.text, c.public_text, c.public_basis FROM comment c"
        " JOIN assessment a ON a.id = c.assessment_id WHERE c.id = ?",
        [comment_id],
    ).fetchone()
    return None if row is None else CommentPlace(int(row[0]), int(row[1]), str(row[2]), row[3], row[4])


def set_public_text(
    db: sqlite_utils.Database,
    op: audit.Operation,
    comment_id: int,
    before: tuple[str | None, str | None],
    public_text: str | None,
    basis: str | None,
) -> None:
    """Set a comment's public text and the basis it was written for, audited against `before`
    (the public text and basis it had): a redaction and a comment carried over both write so."""
    db.execute(
        "UPDATE comment SET public_text = ?, public_basis = ? WHERE id = ?", [public_text, basis, comment_id]
    )
    audit.append(
        db,
        op,
        "comment",
        comment_id,
        "update",
        {"public_text": before[0], "public_basis": before[1]},
        {"public_text": public_text, "public_basis": basis},
    )
