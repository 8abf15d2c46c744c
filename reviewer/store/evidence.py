"""All SQL for evidence: import batches, records of each kind, superseding, reading for the rules."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import count, islice

import sqlite_utils

from reviewer.core.errors import InputRefused
from reviewer.core.models import (
    BenchmarkResultRecord,
    Evidence,
    EvidenceKind,
    FleetColumns,
    FleetRecord,
    FleetSource,
    ModelReleaseRecord,
    Place,
)
from reviewer.core.normalize import fold, model_key
from reviewer.store.audit import canonical_json

FLEET_CHUNK = 5_000
# Page cache while fleet rows are written: the unique index on current rows is updated at
# scattered places, and SQLite's default 2 MiB cache made a million-row import 1.5x slower.
IMPORT_CACHE_KIB = 64 * 1024


@dataclass(frozen=True)
class Batch:
    id: int
    file_name: str
    sha256: str
    format: str
    importer_version: str
    options_json: str
    encoding: str | None
    imported_by: str
    imported_at: str
    record_count: int


# The fleet writer numbers its rows itself (their ids are known before the insert): past the
# highest id ever given, which AUTOINCREMENT keeps in sqlite_sequence (m011), so none is reused.
_NEXT_EVIDENCE_ID = (
    "SELECT max(coalesce((SELECT max(id) FROM evidence), 0),"
    " coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'evidence'), 0)) + 1"
)


def _batch(row: Sequence[object]) -> Batch:
    return Batch(*row)  # type: ignore[arg-type]


_BATCH_COLUMNS = (
    "id, file_name, sha256, format, importer_version, options_json, encoding, imported_by,"
    " imported_at, record_count"
)


def batches(db: sqlite_utils.Database) -> list[Batch]:
    """Every import batch, oldest first."""
    return [_batch(r) for r in db.execute(f"SELECT {_BATCH_COLUMNS} FROM import_batch ORDER BY id")]


def batch(db: sqlite_utils.Database, batch_id: int) -> Batch | None:
    row = db.execute(f"SELECT {_BATCH_COLUMNS} FROM import_batch WHERE id = ?", [batch_id]).fetchone()
    return _batch(row) if row else None


def batches_with_sha(db: sqlite_utils.Database, sha256: str) -> list[Batch]:
    rows = db.execute(f"SELECT {_BATCH_COLUMNS} FROM import_batch WHERE sha256 = ?", [sha256])
    return [_batch(r) for r in rows]


def insert_batch(
    db: sqlite_utils.Database,
    *,
    file_name: str,
    sha256: str,
    format: str,
    importer_version: str,
    options_json: str,
    imported_by: str,
    imported_at: str,
) -> int:
    """Insert a batch (its count and encoding are set by `finish_batch`); returns its id."""
    cur = db.execute(
        "INSERT INTO import_batch(file_name, sha256, format, importer_version, options_json,"
        " imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [file_name, sha256, format, importer_version, options_json, imported_by, imported_at],
    )
    return int(cur.lastrowid or 0)


def finish_batch(db: sqlite_utils.Database, batch_id: int, record_count: int, encoding: str | None) -> None:
    db.execute(
        "UPDATE import_batch SET record_count = ?, encoding = ? WHERE id = ?",
        [record_count, encoding, batch_id],
    )


def set_rollup_manifest(db: sqlite_utils.Database, batch_id: int, manifest_json: str) -> None:
    """Keep a Parquet fleet report's checked rollup manifest on its batch (m008, SPEC §14)."""
    db.execute("UPDATE import_batch SET rollup_manifest = ? WHERE id = ?", [manifest_json, batch_id])


def month_end(period: str) -> dt.date:
    """The last day of a YYYY-MM month: a fleet row's effective date."""
    year, month = int(period[:4]), int(period[5:7])
    # the day before the next month's first (calendar.monthrange would import locale at start-up)
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def _place_text(place: Place) -> str:
    return place.describe()


def insert_evidence(
    db: sqlite_utils.Database,
    batch_id: int,
    kind: EvidenceKind,
    effective_date: dt.date,
    date_assumed: bool,
    place: Place,
    self_reported: bool,
    raw: object | None,
) -> int:
    cur = db.execute(
        "INSERT INTO evidence(kind, batch_id, effective_date, date_assumed, line, place, self_reported,"
        " confidential, raw_json) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)",
        [
            kind.value,
            batch_id,
            effective_date.isoformat(),
            int(date_assumed),
            place.line,
            _place_text(place),
            int(self_reported),
            None if raw is None else canonical_json(raw),
        ],
    )
    return int(cur.lastrowid or 0)


def insert_model_release(db: sqlite_utils.Database, evidence_id: int, rec: ModelReleaseRecord) -> None:
    db.execute(
        "INSERT INTO model_release(evidence_id, name, name_key, license, base_model_json, pipeline_tag,"
        " languages_json, datasets_json, tags_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            evidence_id,
            rec.name,
            model_key(rec.name),
            rec.license,
            json.dumps(list(rec.base_model), ensure_ascii=False),
            rec.pipeline_tag,
            json.dumps(list(rec.languages), ensure_ascii=False),
            json.dumps(list(rec.datasets), ensure_ascii=False),
            json.dumps(list(rec.tags), ensure_ascii=False),
        ],
    )


def insert_benchmark_result(db: sqlite_utils.Database, evidence_id: int, rec: BenchmarkResultRecord) -> None:
    db.execute(
        "INSERT INTO benchmark_result(evidence_id, model, model_key, names_json, metric, filter, task,"
        " value, stderr, n, higher_is_better, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            evidence_id,
            rec.model,
            model_key(rec.model),
            json.dumps(list(rec.names), ensure_ascii=False),
            rec.metric,
            rec.filter,
            rec.task,
            rec.value,
            rec.stderr,
            rec.n,
            None if rec.higher_is_better is None else int(rec.higher_is_better),
            rec.source,
        ],
    )


class FleetWriter:
    """Writes fleet rows in chunks, one `executemany` per chunk, superseding earlier current rows.

    Ids are assigned here so a chunk goes in with one statement. A key repeated within the file
    is caught by the unique index on current rows (`fleet_current_key`): the chunk is then
    written row by row to name each repeated row and the line it repeats (`duplicates`); the
    caller refuses the file. The caller's transaction holds everything.
    """

    def __init__(self, db: sqlite_utils.Database, batch_id: int) -> None:
        self.db = db
        self.batch_id = batch_id
        self.first_id = int(db.execute(_NEXT_EVIDENCE_ID).fetchone()[0])
        self.next_id = self.first_id
        self.count = 0
        self.superseded_count = 0
        self.duplicates: list[tuple[int, int]] = []  # (line, the line it repeats)
        self._pending: list[FleetRecord] = []
        self._earlier: dict[str, bool] = {}
        # A report row names its industry as the file wrote it (code, ja or en name); the
        # stored row holds the plan's code. Parsers have already refused unknown industries.
        self._codes: dict[str, str] = {}
        self._keys = industry_keys(db)
        self._month_ends: dict[str, str] = {}
        self._operator_keys: dict[str, str] = {}
        self._cache_before = int(db.execute("PRAGMA cache_size").fetchone()[0])
        db.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")

    def close(self) -> None:
        """Give back the import's page cache (the connection lives on)."""
        self.db.execute(f"PRAGMA cache_size = {self._cache_before}")

    def _code(self, text: str) -> str:
        code = self._codes.get(text)
        if code is None:
            code = self._codes[text] = self._keys.get(fold(text), text)
        return code

    def _operator_key(self, text: str) -> str:
        key = self._operator_keys.get(text)
        if key is None:
            key = fold(text)
            if len(self._operator_keys) < 100_000:  # a cache, not a second copy of the file
                self._operator_keys[text] = key
        return key

    def _effective(self, period: str) -> str:
        date = self._month_ends.get(period)
        if date is None:
            date = self._month_ends[period] = month_end(period).isoformat()
        return date

    def add(self, rec: FleetRecord) -> None:
        self._pending.append(rec)
        if len(self._pending) >= FLEET_CHUNK:
            self.flush()

    def consume(self, records: Iterator[FleetRecord], between_chunks: Callable[[], None]) -> None:
        """Write every record of `records`, calling `between_chunks` after each chunk.

        Python's cyclic collector is paused meanwhile: records and rows are tuples of strings and
        numbers, with no cycles for it to find, yet each of its passes walked the thousands of
        rows waiting in a chunk (about 0.5 s of a million-row import, bench/README.md).
        Reference counting still frees every row once written.
        """
        with _collector_paused():
            while True:
                chunk: list[FleetRecord] = []
                try:
                    chunk.extend(islice(records, FLEET_CHUNK - len(self._pending)))  # iterated in C
                except InputRefused:
                    # The parser refused the file once it had read it all: the rows it gave in
                    # this last chunk are still checked for repeated keys, so that the refusal
                    # names those too, in the same pass (SPEC §4). Nothing is kept: the
                    # caller's transaction rolls back.
                    self._pending.extend(chunk)
                    self.flush()
                    raise
                if not chunk:
                    break
                self._pending.extend(chunk)
                self.flush()
                between_chunks()

    def _earlier_rows_exist(self, source: str) -> bool:
        if source not in self._earlier:
            row = self.db.execute(
                "SELECT 1 FROM evidence WHERE source = ? AND superseded_by IS NULL AND batch_id <> ? LIMIT 1",
                [source, self.batch_id],
            ).fetchone()
            self._earlier[source] = row is not None
        return self._earlier[source]

    def flush(self) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        first_id, self.next_id = self.next_id, self.next_id + len(pending)
        batch = self.batch_id
        codes, month_ends, operator_keys = self._codes, self._month_ends, self._operator_keys
        # One tuple per row, built with dictionary look-ups only (the caches fill on a miss).
        rows = [
            (
                eid,
                batch,
                month_ends.get(period) or self._effective(period),
                line,
                _SOURCE_TEXT[source],
                period,
                codes.get(industry) or self._code(industry),
                operator,
                operator_keys.get(operator) or self._operator_key(operator),
                deployed,
                active,
                hours,
                interventions,
                incidents,
                first,
                last,
                messages,
            )
            for eid, (
                period,
                industry,
                operator,
                deployed,
                active,
                hours,
                interventions,
                incidents,
                (line, _column, _path, first, last, messages),
                source,
            ) in zip(count(first_id), pending)
        ]
        conn = self.db.conn
        sources = {str(row[4]) for row in rows}
        if any(self._earlier_rows_exist(source) for source in sources):
            # A later import of the same key and source supersedes the earlier current row.
            cur = conn.executemany(
                "UPDATE evidence SET superseded_by = ? WHERE period = ? AND industry = ? AND operator_key = ?"
                " AND source = ? AND superseded_by IS NULL AND batch_id <> ?",
                ((r[0], r[5], r[6], r[8], r[4], self.batch_id) for r in rows),
            )
            self.superseded_count += max(cur.rowcount, 0)
        try:
            conn.executemany(_INSERT_FLEET, rows)
        except sqlite3.IntegrityError:
            written = conn.execute(
                "SELECT count(*) FROM evidence WHERE id BETWEEN ? AND ?", [rows[0][0], rows[-1][0]]
            ).fetchone()[0]
            self._insert_one_by_one(rows[written:])
        self.count += len(rows)

    def consume_columns(self, chunks: Iterator[FleetColumns], between_chunks: Callable[[], None]) -> None:
        """Write every chunk of `chunks` (and any records added before), one statement a chunk.

        Each chunk is bound once into a temporary staging table and moved into `evidence` by one
        `INSERT … SELECT`: per row, SQLite then does only the work the schema asks (its checks,
        foreign keys and the unique index on current rows), and the statement runs without
        Python's lock, so the reader can prepare the next chunk meanwhile (bench/README.md).
        """
        self.flush()
        conn = self.db.conn
        conn.execute(_CREATE_STAGE)
        try:
            with _collector_paused():
                for chunk in chunks:
                    self._write_columns(conn, chunk)
                    between_chunks()
        finally:
            conn.execute("DROP TABLE IF EXISTS temp.fleet_stage")

    def _write_columns(self, conn: sqlite3.Connection, chunk: FleetColumns) -> None:
        n = len(chunk.period)
        if not n:
            return
        first_id, self.next_id = self.next_id, self.next_id + n
        codes, month_ends, operator_keys = self._codes, self._month_ends, self._operator_keys
        # dictionary look-ups only (the caches fill on a miss): few distinct values in a chunk
        industry = [codes.get(text) or self._code(text) for text in chunk.industry]
        keys = [operator_keys.get(text) or self._operator_key(text) for text in chunk.operator]
        effective = [month_ends.get(period) or self._effective(period) for period in chunk.period]
        conn.execute("DELETE FROM temp.fleet_stage")  # rowids start at 1 again in an empty table
        columns = [
            effective,
            chunk.period,
            industry,
            chunk.operator,
            keys,
            chunk.robots_deployed,
            chunk.robots_active,
            chunk.operating_hours,
            chunk.interventions,
            chunk.incidents,
        ]
        if chunk.first_message is not None:  # rollup provenance; else the columns stay NULL
            columns += [
                chunk.first_message,
                chunk.last_message or [None] * n,
                chunk.message_count or [None] * n,
            ]
        names = ", ".join(_STAGE_COLUMNS_LIST[: len(columns)])
        marks = ", ".join("?" * len(columns))
        # a parameter costs about a third of a microsecond to bind: only the columns there are
        conn.executemany(
            f"INSERT INTO temp.fleet_stage ({names}) VALUES ({marks})", zip(*columns, strict=True)
        )
        source = _SOURCE_TEXT[chunk.source]
        params = {
            "id0": first_id - 1,
            "line0": chunk.first_line - 1,
            "batch": self.batch_id,
            "source": source,
        }
        if self._earlier_rows_exist(source):
            # A later import of the same key and source supersedes the earlier current row.
            cur = conn.executemany(
                "UPDATE evidence SET superseded_by = ? WHERE period = ? AND industry = ? AND operator_key = ?"
                " AND source = ? AND superseded_by IS NULL AND batch_id <> ?",
                zip(count(first_id), chunk.period, industry, keys, (source,) * n, (self.batch_id,) * n),
            )
            self.superseded_count += max(cur.rowcount, 0)
        try:
            conn.execute(_MOVE_STAGE, params)
        except sqlite3.IntegrityError:
            # a key repeated within the file (the statement wrote nothing): name each repeat
            rows = conn.execute(_STAGED_ROWS, params).fetchall()
            self._insert_one_by_one(rows)
        self.count += n

    def _insert_one_by_one(self, rows: Sequence[tuple[object, ...]]) -> None:
        conn = self.db.conn
        for row in rows:
            try:
                conn.execute(_INSERT_FLEET, row)
            except sqlite3.IntegrityError:
                first = conn.execute(
                    "SELECT line FROM evidence WHERE period = ? AND industry = ? AND operator_key = ?"
                    " AND source = ? AND superseded_by IS NULL AND batch_id = ?",
                    [row[5], row[6], row[8], row[4], self.batch_id],
                ).fetchone()
                if first is None:
                    raise  # not a repeated key: a constraint the parser should have caught
                self.duplicates.append((int(str(row[3] or 0)), int(first[0])))

    def superseded_ids(self) -> list[int]:
        """Ids of earlier rows this import superseded (read once, at the end)."""
        if not self.superseded_count:
            return []
        return [
            int(r[0])
            for r in self.db.execute("SELECT id FROM evidence WHERE superseded_by >= ?", [self.first_id])
        ]


# sqlite3 binds an exact str directly but sends a str subclass (the enum) through its adapter
# look-up: plain text saves a third of a microsecond a row.
_SOURCE_TEXT: dict[FleetSource, str] = {source: source.value for source in FleetSource}


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_INSERT_FLEET = (
    "INSERT INTO evidence(id, kind, batch_id, effective_date, date_assumed, line, self_reported,"
    " confidential, source, period, industry, operator, operator_key, robots_deployed, robots_active,"
    " operating_hours, interventions, incidents, first_message, last_message, message_count)"
    " VALUES (?, 'fleet_observation', ?, ?, 0, ?, 0, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


# The staging table of consume_columns, in the connection's temporary schema.
_STAGE_COLUMNS_LIST = (
    "effective_date",
    "period",
    "industry",
    "operator",
    "operator_key",
    "robots_deployed",
    "robots_active",
    "operating_hours",
    "interventions",
    "incidents",
    "first_message",
    "last_message",
    "message_count",
)
_CREATE_STAGE = f"CREATE TEMP TABLE IF NOT EXISTS fleet_stage ({', '.join(_STAGE_COLUMNS_LIST)})"
# The staged rows as _INSERT_FLEET binds them (row n of the stage is id id0 + n, line line0 + n).
_STAGED_ROWS = (
    "SELECT :id0 + rowid, :batch, effective_date, :line0 + rowid, :source, period, industry, operator,"
    " operator_key, robots_deployed, robots_active, operating_hours, interventions, incidents,"
    " first_message, last_message, message_count FROM temp.fleet_stage ORDER BY rowid"
)
_MOVE_STAGE = (
    "INSERT INTO evidence(id, kind, batch_id, effective_date, date_assumed, line, self_reported,"
    " confidential, source, period, industry, operator, operator_key, robots_deployed, robots_active,"
    " operating_hours, interventions, incidents, first_message, last_message, message_count)"
    " SELECT :id0 + rowid, 'fleet_observation', :batch, effective_date, 0, :line0 + rowid, 0, 1, :source,"
    " period, industry, operator, operator_key, robots_deployed, robots_active, operating_hours,"
    " interventions, incidents, first_message, last_message, message_count"
    " FROM temp.fleet_stage ORDER BY rowid"
)


def remove_batch(db: sqlite_utils.Database, batch_id: int) -> int:
    """Delete a batch and its records; rows it superseded become current again. Returns the count."""
    first_last = db.execute("SELECT min(id), max(id) FROM evidence WHERE batch_id = ?", [batch_id]).fetchone()
    count = db.execute("DELETE FROM evidence WHERE batch_id = ?", [batch_id]).rowcount
    if first_last[0] is not None:
        # after the delete, so the restored rows are the only current ones for their keys
        db.execute(
            "UPDATE evidence SET superseded_by = NULL WHERE superseded_by BETWEEN ? AND ?", list(first_last)
        )
    db.execute("DELETE FROM import_batch WHERE id = ?", [batch_id])
    return int(count)


# --------------------------------------------------------------------------- reading for the rules


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def benchmark_results(db: sqlite_utils.Database) -> list[Evidence]:
    """Every benchmark result as core Evidence (the rules filter by name, model and date)."""
    rows = db.execute(
        "SELECT e.id, e.effective_date, e.date_assumed, e.batch_id, e.self_reported, e.place,"
        " b.model, b.names_json, b.metric, b.filter, b.task, b.value, b.stderr, b.n, b.higher_is_better,"
        " b.source FROM benchmark_result b JOIN evidence e ON e.id = b.evidence_id ORDER BY e.id"
    )
    out = []
    for r in rows:
        rec = BenchmarkResultRecord(
            model=r[6],
            names=tuple(json.loads(r[7])),
            metric=r[8],
            value=r[11],
            place=Place(),
            filter=r[9],
            task=r[10],
            stderr=r[12],
            n=r[13],
            higher_is_better=None if r[14] is None else bool(r[14]),
            effective_date=_date(r[1]),
            self_reported=bool(r[4]),
            source=r[15],
        )
        out.append(Evidence(r[0], EvidenceKind.BENCHMARK_RESULT, _date(r[1]), bool(r[2]), r[3], rec))
    return out


def model_releases(db: sqlite_utils.Database) -> list[Evidence]:
    rows = db.execute(
        "SELECT e.id, e.effective_date, e.date_assumed, e.batch_id, m.name, m.license, m.pipeline_tag"
        " FROM model_release m JOIN evidence e ON e.id = m.evidence_id ORDER BY e.id"
    )
    return [
        Evidence(
            r[0],
            EvidenceKind.MODEL_RELEASE,
            _date(r[1]),
            bool(r[2]),
            r[3],
            ModelReleaseRecord(
                name=r[4], place=Place(), effective_date=_date(r[1]), license=r[5], pipeline_tag=r[6]
            ),
        )
        for r in rows
    ]


def current_fleet_rows(db: sqlite_utils.Database, period: str) -> list[Evidence]:
    """Current (not superseded) fleet observations of one month, reports and telemetry alike."""
    rows = db.execute(
        "SELECT id, effective_date, batch_id, source, period, industry, operator, robots_deployed,"
        " robots_active, operating_hours, interventions, incidents FROM evidence"
        " WHERE period = ? AND superseded_by IS NULL ORDER BY id",
        [period],
    )
    return [
        Evidence(
            r[0],
            EvidenceKind.FLEET_OBSERVATION,
            _date(r[1]),
            False,
            r[2],
            FleetRecord(
                period=r[4],
                industry=r[5],
                operator=r[6],
                robots_deployed=r[7],
                robots_active=r[8],
                operating_hours=r[9],
                interventions=r[10],
                incidents=r[11],
                place=Place(),
                source=FleetSource(r[3]),
            ),
        )
        for r in rows
    ]


def industry_keys(db: sqlite_utils.Database) -> dict[str, str]:
    """Folded code, ja and en name of every industry → its code (SPEC §4 comparison)."""
    out: dict[str, str] = {}
    for code, ja, en in db.execute("SELECT code, name_ja, name_en FROM industry"):
        for text in (code, ja, en):
            out[fold(text)] = code
    return out


def evidence_ids_of_batches(db: sqlite_utils.Database, batch_ids: Iterable[int]) -> set[int]:
    ids = list(batch_ids)
    if not ids:
        return set()
    marks = ",".join("?" * len(ids))
    return {r[0] for r in db.execute(f"SELECT id FROM evidence WHERE batch_id IN ({marks})", ids)}
