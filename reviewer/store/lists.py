"""All SQL for the read-only listings of SPEC §10: `comments`, `evidence list`, `conditions`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from reviewer.store.decisions import MEMBERS


@dataclass(frozen=True)
class ListedComment:
    id: int
    target: str
    kind: str
    text: str
    public_text: str | None  # the secretariat's own public text, None for none
    public_basis: str | None  # the SHA-256 of the comment text it was set for (m016)
    response: str | None


def comments(db: sqlite_utils.Database, fy: int) -> list[ListedComment]:
    """FY `fy`'s comments with their newest response, without authors, recused reviewers' too."""
    rows = db.execute(
        "SELECT c.id, c.target, c.kind, c.text, c.public_text, c.public_basis,"
        " (SELECT r.text FROM response r WHERE r.comment_id = c.id ORDER BY r.id DESC LIMIT 1)"
        " FROM comment c JOIN assessment a ON a.id = c.assessment_id"
        " WHERE a.fy = ? AND length(c.text) > 0 ORDER BY c.id",
        [fy],
    )
    return [ListedComment(*r) for r in rows]


@dataclass(frozen=True)
class StatusEntry:
    status: str
    note: str
    set_by: str
    set_at: str


@dataclass(frozen=True)
class ListedCondition:
    id: int
    decision_id: int  # the decision that set it (an amendment may carry it)
    text: str
    due: str
    history: tuple[StatusEntry, ...]
    dropped_by: int | None = None  # the amendment that left it behind

    @property
    def status(self) -> str:
        return self.history[-1].status if self.history else "open"

    @property
    def note(self) -> str:
        return self.history[-1].note if self.history else ""


def conditions(db: sqlite_utils.Database, decision_id: int) -> list[ListedCondition]:
    """The conditions of one decision, each once with every status set on it, oldest first: those
    in force (its own and the ones it carries, in its order), then those an amendment in its
    line (it and the decisions it amends) dropped."""
    rows = db.execute(
        "SELECT c.id, c.decision_id, c.text, c.due, NULL FROM"
        f" ({MEMBERS}) m JOIN condition c ON c.id = m.id ORDER BY m.position",
        {"d": decision_id},
    ).fetchall()
    line = []
    current: int | None = decision_id
    while current is not None and current not in line:
        line.append(current)
        found = db.execute("SELECT amends FROM decision WHERE id = ?", [current]).fetchone()
        current = None if found is None else found[0]
    marks = ",".join("?" * len(line))
    rows += db.execute(
        "SELECT c.id, c.decision_id, c.text, c.due, min(k.decision_id) FROM condition_carry k"
        f" JOIN condition c ON c.id = k.condition_id WHERE k.dropped = 1 AND k.decision_id IN ({marks})"
        " GROUP BY c.id ORDER BY c.id",
        line,
    ).fetchall()
    ids = [r[0] for r in rows]
    history: dict[int, list[StatusEntry]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for cid, status, note, by, at in db.execute(
            "SELECT condition_id, status, note, set_by, set_at FROM condition_status"
            f" WHERE condition_id IN ({','.join('?' * len(chunk))}) ORDER BY id",
            chunk,
        ):
            history.setdefault(cid, []).append(StatusEntry(status, note, by, at))
    return [ListedCondition(r[0], r[1], r[2], r[3], tuple(history.get(r[0], ())), r[4]) for r in rows]


# --------------------------------------------------------------------------- evidence records

_COLUMNS = (
    "e.id, e.kind, e.batch_id, e.effective_date, e.date_assumed, e.self_reported, e.confidential,"
    " e.superseded_by,"
    " coalesce(r.name, b.model), b.names_json, b.metric, b.filter, coalesce(b.value, x.value),"
    " b.stderr, b.n,"
    " e.period, e.industry, e.operator, e.robots_deployed, e.robots_active, e.operating_hours,"
    " e.interventions, e.incidents, e.first_message, e.last_message, e.message_count,"
    " x.unit, x.source_description, d.sha256, d.media_type, d.file_name, r.name"
)
_JOINS = (
    " FROM evidence e"
    " LEFT JOIN benchmark_result b ON b.evidence_id = e.id"
    " LEFT JOIN model_release r ON r.evidence_id = e.id"
    " LEFT JOIN manual_evidence x ON x.evidence_id = e.id"
    " LEFT JOIN document d ON d.evidence_id = e.id"
)
_KIND_FIELDS = {
    "benchmark_result": ("model", "benchmark", "metric", "filter", "value", "stderr", "n"),
    "model_release": ("model",),
    "fleet_observation": (
        "period",
        "industry",
        "operator",
        "robots_deployed",
        "robots_active",
        "operating_hours",
        "interventions",
        "incidents",
        "first_message",
        "last_message",
        "message_count",
    ),
    "manual": ("value", "unit", "source"),
    "document": ("file_name", "sha256", "media_type"),
}


def _record(r: tuple[Any, ...]) -> dict[str, Any]:
    import json

    all_fields = {
        "model": r[8],
        "benchmark": json.loads(r[9])[0] if r[9] and json.loads(r[9]) else None,
        "metric": r[10],
        "filter": r[11],
        "value": r[12],
        "stderr": r[13],
        "n": r[14],
        "period": r[15],
        "industry": r[16],
        "operator": r[17],
        "robots_deployed": r[18],
        "robots_active": r[19],
        "operating_hours": r[20],
        "interventions": r[21],
        "incidents": r[22],
        "first_message": r[23],
        "last_message": r[24],
        "message_count": r[25],
        "unit": r[26],
        "source": r[27],
        "sha256": r[28],
        "media_type": r[29],
        "file_name": r[30],
    }
    out: dict[str, Any] = {
        "id": r[0],
        "kind": r[1],
        "batch": r[2],
        "effective_date": r[3],
        "date_assumed": bool(r[4]),
        "self_reported": bool(r[5]),
        "confidential": bool(r[6]),
        "superseded_by": r[7],
    }
    for name in _KIND_FIELDS.get(r[1], ()):
        out[name] = all_fields[name]
    return out


def records_by_id(db: sqlite_utils.Database, ids: Iterable[int]) -> Iterator[dict[str, Any]]:
    """The listed records of the given ids, in id order (asked for 500 ids at a time)."""
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for r in db.execute(f"SELECT {_COLUMNS}{_JOINS} WHERE e.id IN ({marks}) ORDER BY e.id", chunk):
            yield _record(r)


def records_effective(db: sqlite_utils.Database, first: str, last: str) -> Iterator[int]:
    """Ids of the records effective between two ISO dates (inclusive)."""
    for (eid,) in db.execute(
        "SELECT id FROM evidence WHERE effective_date BETWEEN ? AND ? ORDER BY id", [first, last]
    ):
        yield int(eid)


def records_linked_to(db: sqlite_utils.Database, milestone_codes: Iterable[str]) -> set[int]:
    """Ids of the documents and manual records attached to the given milestones."""
    codes = list(milestone_codes)
    if not codes:
        return set()
    marks = ",".join("?" * len(codes))
    rows = db.execute(
        f"SELECT d.evidence_id FROM document d JOIN milestone m ON m.id = d.milestone_id"
        f" WHERE m.code IN ({marks})"
        f" UNION SELECT x.evidence_id FROM manual_evidence x JOIN milestone m ON m.id = x.milestone_id"
        f" WHERE m.code IN ({marks})",
        codes + codes,
    )
    return {int(r[0]) for r in rows}


def all_ids(db: sqlite_utils.Database) -> Iterator[int]:
    for (eid,) in db.execute("SELECT id FROM evidence ORDER BY id"):
        yield int(eid)
