"""All SQL for officers' certificates and the signatures of sign-offs (m006_officer_keys)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import sqlite_utils

_CERT_COLUMNS = (
    "fingerprint, officer_id, subject, not_before, not_after, pem, origin, registered_by, registered_at"
)


@dataclass(frozen=True)
class CertificateRow:
    fingerprint: str
    officer_id: str
    subject: str
    not_before: str
    not_after: str
    pem: str
    origin: str  # made (by `keys new`) or registered (an organisation's own)
    registered_by: str
    registered_at: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SignatureRow:
    decision_id: int
    fingerprint: str
    algorithm: str
    signature: str  # base64
    signed_at: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SignedDecision:
    """A signed decision as the signature check needs it: id, FY, officer, stored hash."""

    id: int
    fy: int
    signed_by: str | None
    sha256: str | None
    signed_at: str | None = None


def officer(db: sqlite_utils.Database, officer_id: str) -> tuple[str, str] | None:
    """(name, role) of an officer, None when there is none with that id."""
    row = db.execute("SELECT name, role FROM officer WHERE id = ?", [officer_id]).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def program_code(db: sqlite_utils.Database) -> str:
    row = db.execute("SELECT code FROM program WHERE id = 1").fetchone()
    return "" if row is None else str(row[0])


def certificate(db: sqlite_utils.Database, fingerprint: str) -> CertificateRow | None:
    row = db.execute(
        f"SELECT {_CERT_COLUMNS} FROM officer_certificate WHERE fingerprint = ?", [fingerprint]
    ).fetchone()
    return None if row is None else CertificateRow(*row)


def certificates(db: sqlite_utils.Database) -> list[CertificateRow]:
    """Every registered certificate, by officer then registration time."""
    rows = db.execute(
        f"SELECT {_CERT_COLUMNS} FROM officer_certificate ORDER BY officer_id, registered_at, fingerprint"
    )
    return [CertificateRow(*r) for r in rows]


def insert_certificate(db: sqlite_utils.Database, row: CertificateRow) -> None:
    db.execute(
        f"INSERT INTO officer_certificate ({_CERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        list(asdict(row).values()),
    )


def signature(db: sqlite_utils.Database, decision_id: int) -> SignatureRow | None:
    row = db.execute(
        "SELECT decision_id, fingerprint, algorithm, signature, signed_at FROM decision_signature"
        " WHERE decision_id = ?",
        [decision_id],
    ).fetchone()
    return None if row is None else SignatureRow(*row)


def insert_signature(db: sqlite_utils.Database, row: SignatureRow) -> None:
    db.execute(
        "INSERT INTO decision_signature (decision_id, fingerprint, algorithm, signature, signed_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [row.decision_id, row.fingerprint, row.algorithm, row.signature, row.signed_at],
    )


def signed_decisions(db: sqlite_utils.Database) -> list[SignedDecision]:
    """Every signed decision, oldest first."""
    rows = db.execute(
        "SELECT id, fy, signed_by, sha256, signed_at FROM decision WHERE signed_at IS NOT NULL ORDER BY id"
    )
    return [SignedDecision(*r) for r in rows]


def keys_since(db: sqlite_utils.Database) -> str | None:
    """When this database learnt officer keys (m006 applied), as ISO time; None when unknown."""
    row = db.execute(
        "SELECT applied_at FROM _sqlite_migrations"
        " WHERE migration_set = 'reviewer' AND name = 'm006_officer_keys'"
    ).fetchone()
    return None if row is None else str(row[0])


def current_signed_decision(db: sqlite_utils.Database, fy: int) -> SignedDecision | None:
    """The FY's newest signed decision (an amendment supersedes what it amends)."""
    row = db.execute(
        "SELECT id, fy, signed_by, sha256 FROM decision WHERE fy = ? AND signed_at IS NOT NULL"
        " ORDER BY id DESC LIMIT 1",
        [fy],
    ).fetchone()
    return None if row is None else SignedDecision(*row)
