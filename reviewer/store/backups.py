"""The SQL of the backup table: each verified backup with its audit-chain anchor (SPEC §7, §11)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from reviewer.store.db import write_transaction


@dataclass(frozen=True)
class BackupRow:
    """One recorded backup: its file name in the backups folder, when, and the chain it holds."""

    id: int
    file_name: str
    created_at: str
    verified: bool
    chain_head: str
    chain_count: int


def record(
    db: sqlite_utils.Database, file_name: str, created_at: str, chain_head: str, chain_count: int
) -> int:
    """Record a verified backup in its own small transaction; returns its id."""
    with write_transaction(db):
        cursor = db.execute(
            "INSERT INTO backup(file_name, created_at, verified, chain_head, chain_count)"
            " VALUES (?, ?, 1, ?, ?)",
            [file_name, created_at, chain_head, chain_count],
        )
    return int(cursor.lastrowid or 0)


def newest_verified(db: sqlite_utils.Database) -> BackupRow | None:
    """The newest verified backup recorded, or None."""
    row = db.execute(
        "SELECT id, file_name, created_at, verified, chain_head, chain_count FROM backup"
        " WHERE verified = 1 ORDER BY created_at DESC, id DESC LIMIT 1"
    ).fetchone()
    return None if row is None else BackupRow(int(row[0]), row[1], row[2], bool(row[3]), row[4], int(row[5]))
