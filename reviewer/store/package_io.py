"""The SQL of reviewer packages: copying one reviewer's FY slice into a new file, reading a package
read-only, and the program database's record of exports (table `package_export`, m003).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from reviewer.core.files import not_regular
from reviewer.store import package_guard
from reviewer.store.db import APPLICATION_ID

# Which rows of each table a package holds, in foreign-key order. `:fy`, `:reviewer`, `:start` and
# `:end` (the FY's first and last day) are bound; `src` is the attached program database.
# Tables not listed (decisions, snapshots, audit log, responses, backups, other reviewers' work…)
# stay empty in a package.
_EVIDENCE = """
  SELECT e.id FROM src.evidence e WHERE
    e.id IN (SELECT d.evidence_id FROM src.document d JOIN src.milestone m ON m.id = d.milestone_id
             WHERE m.fy = :fy)
    OR e.id IN (SELECT x.evidence_id FROM src.manual_evidence x JOIN src.milestone m ON m.id = x.milestone_id
                WHERE m.fy = :fy)
    OR (e.kind IN ('model_release', 'benchmark_result') AND e.effective_date BETWEEN :start AND :end)
    OR e.id IN (SELECT f.evidence_id FROM src.fleet_observation f
                JOIN src.evidence fe ON fe.id = f.evidence_id
                WHERE f.superseded_by IS NULL AND fe.effective_date BETWEEN :start AND :end)
    OR (e.kind IN ('model_release', 'benchmark_result', 'fleet_observation')
        AND e.id IN (SELECT value FROM json_each(:deciding)))
"""
_ASSESSMENT = "SELECT id FROM src.assessment WHERE reviewer_id = :reviewer AND fy = :fy"
SLICE: tuple[tuple[str, str], ...] = (
    ("program", "1"),
    ("baseline_model", "1"),
    ("trajectory_point", "1"),
    ("officer", "1"),
    ("fiscal_year", "1"),
    ("criterion", "1"),
    ("criterion_grade", "1"),
    ("industry", "1"),
    ("organization", "1"),
    ("reviewer", "id = :reviewer"),
    ("conflict", "reviewer_id = :reviewer"),
    ("milestone", "fy = :fy"),
    ("committee_status", "milestone_id IN (SELECT id FROM src.milestone WHERE fy = :fy)"),
    ("import_batch", f"id IN (SELECT batch_id FROM src.evidence WHERE id IN ({_EVIDENCE}))"),
    ("evidence", f"id IN ({_EVIDENCE})"),
    ("model_release", f"evidence_id IN ({_EVIDENCE})"),
    ("benchmark_result", f"evidence_id IN ({_EVIDENCE})"),
    ("fleet_observation", f"evidence_id IN ({_EVIDENCE})"),
    ("document", f"evidence_id IN ({_EVIDENCE})"),
    ("manual_evidence", f"evidence_id IN ({_EVIDENCE})"),
    ("assessment", "reviewer_id = :reviewer AND fy = :fy"),
    ("assessment_item", f"assessment_id IN ({_ASSESSMENT})"),
    ("comment", f"assessment_id IN ({_ASSESSMENT})"),
)

FIELDS = ("rating", "positive", "issues", "recommendations")

# The programme's status of each rule-less milestone of the package's FY when it was exported: the
# majority of every counted reviewer's judgement, which a package (one reviewer's assessment
# alone) cannot recompute. Only the outcome travels, never another reviewer's rating.
JUDGED_KEY = "programme_judged"
_JUDGED_VALUES = frozenset({"met", "partially_met", "not_met", "no_evidence"})


@dataclass(frozen=True)
class TargetState:
    """One target of one reviewer's assessment as merge compares it: a rating and three comments."""

    rating: str | None = None
    positive: str = ""
    issues: str = ""
    recommendations: str = ""

    def get(self, name: str) -> str | None:
        value: str | None = getattr(self, name)
        return value

    def as_dict(self) -> dict[str, str | None]:
        return {name: self.get(name) for name in FIELDS}


@dataclass(frozen=True)
class ExportRecord:
    """An export as the program database recorded it."""

    export_id: str
    reviewer_id: str
    fy: int
    file_name: str
    exported_at: str
    base: dict[str, TargetState]


@dataclass(frozen=True)
class PackageContent:
    """What merge reads from a package: its meta and the assessment of its reviewer and FY."""

    meta: dict[str, str]
    targets: dict[str, TargetState]
    carried: frozenset[str] = frozenset()  # targets whose rating is carried over, not confirmed
    # (reviewer, FY) of every assessment and (reviewer, its FY) of every reviewer in the package:
    # an exported package holds its own reviewer's alone
    owners: frozenset[tuple[str, int]] = frozenset()


# --------------------------------------------------------------------------- assessments as states


def _states(conn: sqlite3.Connection, schema: str, reviewer: str, fy: int) -> dict[str, TargetState]:
    rows: dict[str, dict[str, str | None]] = {}
    aid = conn.execute(
        f"SELECT id FROM {schema}.assessment WHERE reviewer_id = ? AND fy = ?", [reviewer, fy]
    ).fetchone()
    if aid is None:
        return {}
    for target, rating in conn.execute(
        f"SELECT target, rating FROM {schema}.assessment_item WHERE assessment_id = ?", [aid[0]]
    ):
        rows.setdefault(str(target), {})["rating"] = rating
    for target, kind, text in conn.execute(
        f"SELECT target, kind, text FROM {schema}.comment WHERE assessment_id = ?", [aid[0]]
    ):
        if kind in FIELDS:
            rows.setdefault(str(target), {})[str(kind)] = str(text) if str(text).strip() else ""
    return {
        t: TargetState(
            v.get("rating"), v.get("positive") or "", v.get("issues") or "", v.get("recommendations") or ""
        )
        for t, v in rows.items()
    }


def _carried(conn: sqlite3.Connection, schema: str, reviewer: str, fy: int) -> frozenset[str]:
    return frozenset(
        str(target)
        for (target,) in conn.execute(
            f"SELECT i.target FROM {schema}.assessment_item i JOIN {schema}.assessment a"
            " ON a.id = i.assessment_id WHERE a.reviewer_id = ? AND a.fy = ? AND i.carried_over = 1",
            [reviewer, fy],
        )
    )


def assessment_states(db: sqlite_utils.Database, reviewer: str, fy: int) -> dict[str, TargetState]:
    """A reviewer's assessment for an FY, target → its rating and comments."""
    return _states(db.conn, "main", reviewer, fy)


def _encode(states: dict[str, TargetState]) -> dict[str, dict[str, str | None]]:
    return {t: s.as_dict() for t, s in sorted(states.items())}


def _decode(data: dict[str, dict[str, str | None]]) -> dict[str, TargetState]:
    return {
        t: TargetState(
            v.get("rating"), v.get("positive") or "", v.get("issues") or "", v.get("recommendations") or ""
        )
        for t, v in data.items()
    }


# --------------------------------------------------------------------------- writing a package


def copy_slice(
    pkg: sqlite_utils.Database, source: Path, reviewer: str, fy: int, deciding: Sequence[int] = ()
) -> dict[str, int]:
    """Copy one reviewer's FY slice of the program database at `source` into the package `pkg`
    (inside the caller's transaction on `pkg`). Returns rows copied per table.

    `deciding` are the evidence ids the programme's evaluation of the FY decided on: they travel
    even when effective outside the FY (an earlier benchmark result that meets a target), so the
    package evaluates its milestones on the same evidence.
    """
    params = {
        "fy": fy,
        "reviewer": reviewer,
        "start": f"{fy}-04-01",
        "end": f"{fy + 1}-03-31",
        "deciding": json.dumps(sorted({int(i) for i in deciding})),
    }
    counts: dict[str, int] = {}
    for table, where in SLICE:
        columns = ", ".join(f'"{r[1]}"' for r in pkg.execute(f"PRAGMA main.table_info({table})"))
        cursor = pkg.execute(
            f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM src.{table} WHERE {where}", params
        )
        counts[table] = cursor.rowcount
    return counts


@contextlib.contextmanager
def attached(pkg: sqlite_utils.Database, source: Path) -> Iterator[None]:
    """The program database attached to the package connection as `src` while copying."""
    pkg.execute("ATTACH DATABASE ? AS src", [str(source)])
    try:
        yield
    finally:
        pkg.execute("DETACH DATABASE src")


def write_package_meta(pkg: sqlite_utils.Database, values: dict[str, str]) -> None:
    for key, value in values.items():
        pkg.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


def judged_json(statuses: dict[str, str]) -> str:
    """The `programme_judged` meta value: milestone code → the programme's status."""
    return json.dumps(dict(sorted(statuses.items())), ensure_ascii=False, separators=(",", ":"))


def programme_judged(db: sqlite_utils.Database) -> dict[str, str]:
    """In a package, the programme's recorded status of each rule-less milestone (see JUDGED_KEY);
    empty in a program database, in an older package, or where the value is not what export
    writes (a package is untrusted input: a malformed entry is left out, never raised)."""
    rows = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('kind', ?)", [JUDGED_KEY]).fetchall())
    if rows.get("kind") != "package" or not isinstance(rows.get(JUDGED_KEY), str):
        return {}
    try:
        data = json.loads(rows[JUDGED_KEY])
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str) and v in _JUDGED_VALUES
    }


def base_json(states: dict[str, TargetState]) -> str:
    return json.dumps(_encode(states), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


# --------------------------------------------------------------------------- the export record


def record_export(
    db: sqlite_utils.Database,
    export_id: str,
    reviewer: str,
    fy: int,
    file_name: str,
    by: str,
    at: str,
    base: dict[str, TargetState],
) -> None:
    """Record an export in the program database (caller's transaction)."""
    db.execute(
        "INSERT INTO package_export(export_id, reviewer_id, fy, file_name, exported_by, exported_at,"
        " base_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [export_id, reviewer, fy, file_name, by, at, base_json(base)],
    )


def export_record(db: sqlite_utils.Database, export_id: str) -> ExportRecord | None:
    """The recorded export with this id, or None."""
    import json

    row = db.execute(
        "SELECT export_id, reviewer_id, fy, file_name, exported_at, base_json FROM package_export"
        " WHERE export_id = ?",
        [export_id],
    ).fetchone()
    if row is None:
        return None
    return ExportRecord(row[0], row[1], int(row[2]), row[3], row[4], _decode(json.loads(row[5])))


def update_base(db: sqlite_utils.Database, export_id: str, base: dict[str, TargetState], at: str) -> None:
    """Move an export's base forward to what merge settled (caller's transaction)."""
    db.execute(
        "UPDATE package_export SET base_json = ?, merged_at = ? WHERE export_id = ?",
        [base_json(base), at, export_id],
    )


# --------------------------------------------------------------------------- reading a package


class PackageUnreadable(Exception):
    """The file is not a readable package of this product (reason in the message)."""


def read_package(path: Path) -> PackageContent:
    """Check a package as untrusted input, then read its meta and its own reviewer's assessment.

    First `package_guard.check_package`: the whole schema equal to what `export` writes, every
    value type- and size-checked, before any row is read. Then, on the same read-only connection
    (`trusted_schema=OFF`, `query_only`), only `meta`, `reviewer`, `assessment`, `assessment_item`
    and `comment`. Raises InputRefused (E-PACKAGE-SCHEMA, E-TOO-LONG, E-PACKAGE-VALUE) and
    PackageUnreadable.
    """
    try:  # from its stat first: SQLite opening a FIFO waits for a writer for ever
        kind = not_regular(os.stat(path).st_mode)
    except OSError as exc:
        raise PackageUnreadable(exc.strerror or str(exc)) from exc
    if kind is not None:
        raise PackageUnreadable(f"not a regular file ({kind})")
    try:
        conn = package_guard.open_untrusted(path)
    except sqlite3.Error as exc:
        raise PackageUnreadable(str(exc)) from exc
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise PackageUnreadable("not a file of this product")
        conn.execute("BEGIN")  # one read transaction: what was checked is what is read
        package_guard.check_package(conn, path.name)
        # the schema's text is ours, but its root pages are the file's: a table or index pointed
        # at another one's pages reads wrong rows, which the full check (index against table) finds
        damage = conn.execute("PRAGMA integrity_check(1)").fetchone()[0]
        if damage != "ok":
            raise PackageUnreadable(str(damage))
        meta = {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM meta")}
        if meta.get("kind") != "package":
            raise PackageUnreadable("not a reviewer package")
        who = meta.get("reviewer_id", "")
        year = int(meta.get("fy", "0"))
        owners = frozenset(
            [(str(r), int(y)) for r, y in conn.execute("SELECT reviewer_id, fy FROM assessment")]
            + [(str(r), year) for (r,) in conn.execute("SELECT id FROM reviewer")]
        )
        return PackageContent(
            meta, _states(conn, "main", who, year), _carried(conn, "main", who, year), owners
        )
    except (sqlite3.DatabaseError, ValueError) as exc:
        raise PackageUnreadable(str(exc)) from exc
    finally:
        conn.close()
