"""The append-only, hash-chained audit log: entries written in the caller's transaction."""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import uuid
from dataclasses import dataclass, field

import sqlite_utils

from reviewer.core.seal import canonical_json

__all__ = [
    "GENESIS",
    "Operation",
    "append",
    "canonical_json",
    "entry_content",
    "entry_hash",
    "head",
    "now_utc",
    "os_user",
]

GENESIS = "0" * 64


def now_utc() -> str:
    """The current instant as ISO text in UTC, to the microsecond."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def os_user() -> str:
    """The operating-system account running this process (for provenance and audit)."""
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment: still record something honest
        return "unknown"


@dataclass
class Operation:
    """One user operation: every audit entry of one transaction shares its id and actor."""

    actor: str = field(default_factory=os_user)
    op_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    at: str = field(default_factory=now_utc)


def entry_hash(prev_hash: str, content: dict[str, object]) -> str:
    """The hash of one entry: SHA-256 over the previous hash and the entry's canonical JSON."""
    return hashlib.sha256((prev_hash + canonical_json(content)).encode("utf-8")).hexdigest()


def entry_content(
    op_id: str, actor: str, at: str, entity: str, key: str, action: str, old: str | None, new: str | None
) -> dict[str, object]:
    return {
        "op_id": op_id,
        "actor": actor,
        "at": at,
        "entity": entity,
        "key": key,
        "action": action,
        "old": old,
        "new": new,
    }


def head(db: sqlite_utils.Database) -> tuple[str, int]:
    """The chain head (hash of the newest entry, or the genesis hash) and the entry count."""
    row = db.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    count = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    return (row[0] if row else GENESIS), count


def append(
    db: sqlite_utils.Database,
    op: Operation,
    entity: str,
    key: str | int,
    action: str,
    old: object = None,
    new: object = None,
) -> str:
    """Append one entry inside the caller's open transaction; returns its hash."""
    if not db.conn.in_transaction:
        raise RuntimeError("audit entries are written only inside a write transaction")
    prev, _count = head(db)
    old_json = None if old is None else canonical_json(old)
    new_json = None if new is None else canonical_json(new)
    content = entry_content(op.op_id, op.actor, op.at, entity, str(key), action, old_json, new_json)
    digest = entry_hash(prev, content)
    db.execute(
        "INSERT INTO audit_log(op_id, actor, at, entity, entity_key, action, old_json, new_json,"
        " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [op.op_id, op.actor, op.at, entity, str(key), action, old_json, new_json, prev, digest],
    )
    return digest
