"""Read-side SQL of the desktop's evidence screens: keyset windows, counts, details, chart series."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from enum import StrEnum

import sqlite_utils


class SortKey(StrEnum):
    """The orders the evidence table offers; each is a column of `evidence` plus `id` as tie-break."""

    ID = "id"
    DATE = "effective_date"
    KIND = "kind"


@dataclass(frozen=True)
class EvidenceFilter:
    """What the evidence table shows; every field narrows it, None means 'any'."""

    kind: str | None = None
    batch_id: int | None = None
    date_from: str | None = None  # ISO dates, inclusive
    date_to: str | None = None
    file_text: str | None = None  # part of the source file name


@dataclass(frozen=True)
class EvidenceRow:
    """One row of the evidence table, already joined with its kind's record and its batch."""

    id: int
    kind: str
    effective_date: str
    date_assumed: bool
    file_name: str | None
    place: str
    self_reported: bool
    confidential: bool
    subject: str | None  # model, operator, document or manual source
    detail: str | None  # benchmark/metric, period/industry, unit
    value: float | None
    superseded: bool

    def sort_value(self, key: SortKey) -> object:
        """The value of this row's sort column (the first half of its keyset position)."""
        return {SortKey.ID: self.id, SortKey.DATE: self.effective_date, SortKey.KIND: self.kind}[key]


@dataclass(frozen=True)
class EvidenceDetail:
    """Provenance and the raw record of one evidence row."""

    row: EvidenceRow
    sha256: str | None
    format: str | None
    importer_version: str | None
    imported_by: str | None
    imported_at: str | None
    encoding: str | None
    raw: dict[str, object]
    rollup_manifest: str | None = None  # a Parquet fleet report's manifest summary (SPEC §14)


@dataclass(frozen=True)
class FleetPoint:
    period: str
    industry: str
    robots_active: int


def _where(f: EvidenceFilter) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if f.kind is not None:
        clauses.append("e.kind = ?")
        params.append(f.kind)
    if f.batch_id is not None:
        clauses.append("e.batch_id = ?")
        params.append(f.batch_id)
    if f.date_from is not None:
        clauses.append("e.effective_date >= ?")
        params.append(f.date_from)
    if f.date_to is not None:
        clauses.append("e.effective_date <= ?")
        params.append(f.date_to)
    if f.file_text:
        # import_batch is small: resolve the file-name match there, not per evidence row
        clauses.append(
            "e.batch_id IN (SELECT id FROM import_batch WHERE instr(lower(file_name), lower(?)) > 0)"
        )
        params.append(f.file_text)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def count(db: sqlite_utils.Database, f: EvidenceFilter) -> int:
    """How many evidence rows the filter lets through (one COUNT(*))."""
    where, params = _where(f)
    return int(db.execute(f"SELECT count(*) FROM evidence e{where}", params).fetchone()[0])


_ROW_SQL = """
SELECT w.id, w.kind, w.effective_date, w.date_assumed, b.file_name, w.place, w.self_reported,
  w.confidential,
  coalesce(mr.name, br.model, fo.operator, doc.file_name, me.source_description),
  coalesce(json_extract(br.names_json, '$[0]') || coalesce(' / ' || br.metric, '')
           -- llm-jp-eval: the run's split and sample cap beside the value ("dev, 100 samples");
           -- lm-eval: a --limit run's count ("--limit 100/2376"); inspect-log: samples the
           -- scorer could not score ("scored_samples 196/198")
           || CASE WHEN b.format IN ('llm-jp-eval', 'lm-eval', 'inspect-log') AND br.source IS NOT NULL
                   THEN ' (' || br.source || ')' ELSE '' END,
           fo.period || ' ' || fo.industry, me.unit, doc.media_type),
  coalesce(br.value, fo.robots_active, me.value),
  fo.superseded_by IS NOT NULL
FROM ({inner}) w
LEFT JOIN import_batch b ON b.id = w.batch_id
LEFT JOIN model_release mr ON mr.evidence_id = w.id
LEFT JOIN benchmark_result br ON br.evidence_id = w.id
LEFT JOIN fleet_observation fo ON fo.evidence_id = w.id
LEFT JOIN document doc ON doc.evidence_id = w.id
LEFT JOIN manual_evidence me ON me.evidence_id = w.id
ORDER BY {outer_order}
"""


# one row of `_ROW_SQL` as SQLite returns it, before it becomes an EvidenceRow: the desktop's table
# keeps a window as records and builds a row only when it is shown or asked for (a window is 200
# rows, a screen shows about 25, and building a frozen row costs about 2 µs)
EvidenceRecord = tuple[object, ...]
# where each sort key's value sits in a record (the first half of its keyset position)
RECORD_SORT_COLUMN = {SortKey.ID: 0, SortKey.KIND: 1, SortKey.DATE: 2}


def evidence_row(r: EvidenceRecord) -> EvidenceRow:
    """The EvidenceRow of one record `window_records` returned."""
    value = r[10]
    return EvidenceRow(
        id=int(r[0]),  # type: ignore[call-overload]
        kind=str(r[1]),
        effective_date=str(r[2]),
        date_assumed=bool(r[3]),
        file_name=None if r[4] is None else str(r[4]),
        place=str(r[5]),
        self_reported=bool(r[6]),
        confidential=bool(r[7]),
        subject=None if r[8] is None else str(r[8]),
        detail=None if r[9] is None else str(r[9]),
        value=None if value is None else float(value),  # type: ignore[arg-type]
        superseded=bool(r[11]),
    )


def window_records(
    db: sqlite_utils.Database,
    f: EvidenceFilter,
    sort: SortKey,
    *,
    descending: bool = False,
    after: tuple[object, int] | None = None,
    skip: int = 0,
    limit: int = 200,
    from_end: bool = False,
) -> list[EvidenceRecord]:
    """Up to `limit` records in (sort, id) order, starting after the keyset position `after`.

    `skip` rows past that position are passed over first (used only for short hops from a
    known position, so it never walks far). With `from_end`, the window is counted from the
    last row backwards (the end is as cheap as the start) and still returned in display order.
    """
    where, params = _where(f)
    col = f"e.{sort.value}"
    forward = descending == from_end  # whether the SQL scan runs in ascending order
    direction = "ASC" if forward else "DESC"
    if after is not None:
        cmp = ">" if forward else "<"
        keyset = f"({col}, e.id) {cmp} (?, ?)" if sort is not SortKey.ID else f"e.id {cmp} ?"
        where = (where + " AND " if where else " WHERE ") + keyset
        params += list(after) if sort is not SortKey.ID else [after[1]]
    order = f"e.id {direction}" if sort is SortKey.ID else f"{col} {direction}, e.id {direction}"
    inner = (
        "SELECT e.id, e.kind, e.effective_date, e.date_assumed, e.batch_id, e.place, e.self_reported,"
        f" e.confidential FROM evidence e{where} ORDER BY {order} LIMIT ? OFFSET ?"
    )
    outer_order = order.replace("e.", "w.")
    sql = _ROW_SQL.format(inner=inner, outer_order=outer_order)
    rows: list[EvidenceRecord] = db.execute(sql, [*params, limit, skip]).fetchall()
    if from_end:
        rows.reverse()
    return rows


def detail(db: sqlite_utils.Database, evidence_id: int) -> EvidenceDetail | None:
    """One record's provenance and raw source record, or None when it does not exist."""
    inner = (
        "SELECT e.id, e.kind, e.effective_date, e.date_assumed, e.batch_id, e.place, e.self_reported,"
        " e.confidential FROM evidence e WHERE e.id = ?"
    )
    found = db.execute(_ROW_SQL.format(inner=inner, outer_order="w.id"), [evidence_id]).fetchone()
    if found is None:
        return None
    row = evidence_row(found)
    # A document and a manual record come from no import batch: their own table says which file
    # (and its hash) or who entered them, and when (the detail pane showed "—" for all of it).
    prov = db.execute(
        "SELECT coalesce(b.sha256, d.sha256),"
        " coalesce(b.format, CASE WHEN d.evidence_id IS NOT NULL THEN 'document' END), b.importer_version,"
        " coalesce(b.imported_by, d.added_by, me.entered_by),"
        " coalesce(b.imported_at, d.added_at, me.entered_at),"
        " b.encoding, e.raw_json, b.rollup_manifest, d.file_name"
        " FROM evidence e LEFT JOIN import_batch b ON b.id = e.batch_id"
        " LEFT JOIN document d ON d.evidence_id = e.id LEFT JOIN manual_evidence me ON me.evidence_id = e.id"
        " WHERE e.id = ?",
        [evidence_id],
    ).fetchone()
    if row.file_name is None and prov[8] is not None:
        row = replace(row, file_name=str(prov[8]))
    raw: dict[str, object] = json.loads(prov[6]) if prov[6] else {}
    if row.kind == "fleet_observation":
        cur = db.execute("SELECT * FROM fleet_observation WHERE evidence_id = ?", [evidence_id])
        names = [d[0] for d in cur.description]
        raw = dict(zip(names, cur.fetchone(), strict=True))
    return EvidenceDetail(row, prov[0], prov[1], prov[2], prov[3], prov[4], prov[5], raw, prov[7])


def document_content(db: sqlite_utils.Database, evidence_id: int) -> tuple[str, bytes] | None:
    """A document's file name and bytes (the desktop opens them from a read-only temporary copy)."""
    found = db.execute(
        "SELECT file_name, content FROM document WHERE evidence_id = ?", [evidence_id]
    ).fetchone()
    return None if found is None else (str(found[0]), bytes(found[1]))


def fleet_series(db: sqlite_utils.Database) -> list[FleetPoint]:
    """Robots active per period and industry from current rows; report rows win over telemetry.

    Rows of different source kinds for one key are never summed (SPEC §4): a telemetry row counts
    only where no current report row has the same period, industry and operator.
    """
    rows = db.execute(
        "SELECT f.period, f.industry, sum(f.robots_active) FROM fleet_observation f"
        " WHERE f.superseded_by IS NULL AND (f.source = 'report' OR NOT EXISTS ("
        "   SELECT 1 FROM fleet_observation r WHERE r.source = 'report' AND r.superseded_by IS NULL"
        "   AND r.period = f.period AND r.industry = f.industry AND r.operator_key = f.operator_key))"
        " GROUP BY f.period, f.industry ORDER BY f.period, f.industry"
    )
    return [FleetPoint(str(p), str(i), int(n)) for p, i, n in rows]


def quick_check(db: sqlite_utils.Database) -> str:
    """SQLite's `PRAGMA quick_check`: 'ok' for a sound file, else its first complaint."""
    return str(db.execute("PRAGMA quick_check").fetchone()[0])
