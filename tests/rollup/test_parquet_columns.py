"""Parquet fleet reports written a record batch at a time (columns checked by pyarrow, moved into
the database by one statement a batch): the same rows, refusals and guarantees as row by row.

Record batches are made three rows long here, so a file of a few rows crosses several batches
exactly as a national report crosses thousands.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest
import sqlite_utils
from pyarrow import parquet

from reviewer.core.errors import InputRefused
from reviewer.importers import fleet_parquet
from reviewer.services import evidence, programs
from reviewer.store.db import open_database

PLAN = Path(__file__).resolve().parents[1] / "data" / "plans" / "valid.yaml"
HEADER = "period,industry,operator,robots_deployed,robots_active,operating_hours,interventions,incidents\n"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[sqlite_utils.Database]:
    monkeypatch.setattr(fleet_parquet, "_BATCH_ROWS", 3)
    path = tmp_path / "p.db"
    programs.init_database(path, PLAN)
    database = open_database(path)
    yield database
    database.close()


def _rows(n: int, **changes: dict[int, object]) -> dict[str, list[object]]:
    """n good rows as columns; `changes` replaces single cells: column -> {row index: value}."""
    columns: dict[str, list[object]] = {
        "period": [f"2027-{1 + i % 12:02d}" for i in range(n)],
        "industry": ["medical" if i % 2 else "医療" for i in range(n)],
        "operator": [f"Operator {i // 12}" for i in range(n)],
        "robots_deployed": [10 + i for i in range(n)],
        "robots_active": [5 + i for i in range(n)],
        "operating_hours": [1.5 * i for i in range(n)],
        "interventions": [i % 3 for i in range(n)],
        "incidents": [i % 2 for i in range(n)],
    }
    for column, cells in changes.items():
        for index, value in cells.items():
            columns[column][index] = value
    return columns


def _write(path: Path, columns: dict[str, list[object]], schema: pa.Schema | None = None) -> Path:
    parquet.write_table(pa.table(columns, schema=schema), path)
    return path


def _stored(db: sqlite_utils.Database) -> list[tuple[object, ...]]:
    return db.execute(
        "SELECT e.line, f.period, f.industry, f.operator, f.operator_key, f.robots_deployed, f.robots_active,"
        " f.operating_hours, f.interventions, f.incidents, e.effective_date, f.superseded_by IS NULL"
        " FROM fleet_observation f JOIN evidence e ON e.id = f.evidence_id ORDER BY e.id"
    ).fetchall()


def _csv(path: Path, columns: dict[str, list[object]]) -> Path:
    names = list(columns)
    lines = (",".join(str(columns[c][i]) for c in names) + "\n" for i in range(len(columns["period"])))
    path.write_text(",".join(names) + "\n" + "".join(lines), encoding="utf-8")
    return path


def test_batches_give_the_rows_the_csv_path_gives(db: sqlite_utils.Database, tmp_path: Path) -> None:
    columns = _rows(10, operator={4: "  Operator 0  "})  # trimmed, and folded into its key
    evidence.import_file(db, _write(tmp_path / "r.parquet", columns), evidence.ImportOptions())
    from_parquet = _stored(db)
    other = tmp_path / "other.db"
    programs.init_database(other, PLAN)
    again = open_database(other)
    evidence.import_file(again, _csv(tmp_path / "r.csv", columns), evidence.ImportOptions())
    from_csv = _stored(again)
    again.close()
    assert len(from_parquet) == 10
    assert [row[1:] for row in from_parquet] == [row[1:] for row in from_csv]  # CSV lines count the header
    assert from_parquet[4][3:5] == ("Operator 0", "operator 0")
    assert [row[0] for row in from_parquet] == list(range(1, 11))  # lines across batches


def test_a_batch_of_unusual_but_right_cells_is_read_row_by_row(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    # counts as whole floats (not the plain integer type): the exact checks accept them
    columns = _rows(7)
    counts = ("robots_deployed", "robots_active", "interventions", "incidents")
    table = pa.table(
        {c: pa.array(v, pa.float64()) if c in counts else pa.array(v) for c, v in columns.items()}
    )
    parquet.write_table(table, tmp_path / "f.parquet")
    evidence.import_file(db, tmp_path / "f.parquet", evidence.ImportOptions())
    stored = _stored(db)
    assert [row[5:10] for row in stored] == [(10 + i, 5 + i, 1.5 * i, i % 3, i % 2) for i in range(7)]
    assert all(type(row[5]) is int for row in stored)


def test_a_key_repeated_in_a_later_batch_names_both_lines_and_writes_nothing(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    columns = _rows(9)
    # row 8 (line 8, third batch) repeats row 1's key (2027-01, 医療 = medical, Operator 0)
    for column in ("period", "industry", "operator"):
        columns[column][7] = columns[column][0]
    with pytest.raises(InputRefused) as caught:
        evidence.import_file(db, _write(tmp_path / "dup.parquet", columns), evidence.ImportOptions())
    assert [(p.code, p.line) for p in caught.value.problems] == [("E-DUPLICATE-ROW", 8)]
    assert "1" in str(caught.value.problems[0].params)
    assert db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM import_batch").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("change", "code", "line"),
    [
        ({"robots_active": {7: 99}}, "E-ACTIVE-GT-DEPLOYED", 8),
        ({"operating_hours": {8: float("inf")}}, "E-NUMBER", 9),
        ({"period": {6: "2027-13"}}, "E-PERIOD", 7),
        ({"industry": {7: "mining"}}, "E-INDUSTRY", 8),
        ({"operator": {8: "   "}}, "E-REQUIRED", 9),
        ({"robots_deployed": {6: -1}}, "E-NEGATIVE", 7),
        ({"interventions": {8: None}}, "E-REQUIRED", 9),
    ],
)
def test_a_bad_cell_after_written_batches_leaves_nothing(
    db: sqlite_utils.Database, tmp_path: Path, change: dict[str, dict[int, object]], code: str, line: int
) -> None:
    """Two batches have gone into the import's transaction when the third is refused."""
    with pytest.raises(InputRefused) as caught:
        evidence.import_file(
            db, _write(tmp_path / "bad.parquet", _rows(9, **change)), evidence.ImportOptions()
        )
    assert [(p.code, p.line) for p in caught.value.problems] == [(code, line)]
    assert db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM import_batch").fetchone()[0] == 0


def test_every_bad_row_of_every_batch_is_named(db: sqlite_utils.Database, tmp_path: Path) -> None:
    columns = _rows(9, robots_active={1: 99, 8: 99}, period={4: "spring"})
    with pytest.raises(InputRefused) as caught:
        evidence.import_file(db, _write(tmp_path / "bad.parquet", columns), evidence.ImportOptions())
    assert sorted(p.line for p in caught.value.problems) == [2, 5, 9]


def test_a_later_parquet_report_supersedes_and_removal_restores(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    first = evidence.import_file(db, _write(tmp_path / "a.parquet", _rows(8)), evidence.ImportOptions())
    second = evidence.import_file(
        db, _write(tmp_path / "b.parquet", _rows(5, robots_active={0: 1})), evidence.ImportOptions()
    )
    assert second.superseded == 5
    current = db.execute("SELECT count(*) FROM fleet_observation WHERE superseded_by IS NULL").fetchone()[0]
    assert current == 8
    evidence.remove_batch(db, second.batch_id)
    assert [row[6] for row in _stored(db)] == [5 + i for i in range(8)]
    assert all(row[11] for row in _stored(db))
    assert first.batch_id != second.batch_id


def test_a_count_beyond_sqlite_integers_is_refused_at_its_row(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    """An unsigned 64-bit column can hold what SQLite cannot store: refused as the CSV path does."""
    columns = _rows(5)
    table = pa.table(
        {
            **{c: pa.array(v) for c, v in columns.items() if c != "interventions"},
            "interventions": pa.array([1, 2, 2**63, 0, 2**64 - 1], pa.uint64()),
        }
    )
    parquet.write_table(table, tmp_path / "big.parquet")
    with pytest.raises(InputRefused) as caught:
        evidence.import_file(db, tmp_path / "big.parquet", evidence.ImportOptions())
    assert [(p.code, p.line) for p in caught.value.problems] == [("E-NUMBER-RANGE", 3), ("E-NUMBER-RANGE", 5)]
    assert db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0
