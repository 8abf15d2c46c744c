"""Fleet reports through the import service: repeated keys, superseding, all-or-nothing."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from reviewer.core.errors import InputRefused
from reviewer.services import evidence

HEADER = "period,industry,operator,robots_deployed,robots_active,operating_hours,interventions,incidents\n"


def _csv(tmp_path: Path, name: str, *rows: str) -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def _rows(db) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return db.execute(
        "SELECT f.period, f.industry, f.operator, f.robots_active, f.superseded_by IS NULL, e.line"
        " FROM fleet_observation f JOIN evidence e ON e.id = f.evidence_id ORDER BY e.id"
    ).fetchall()


def test_a_key_repeated_within_a_file_names_both_lines_and_writes_nothing(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _csv(
        tmp_path,
        "fleet.csv",
        "2027-04,medical,Acme Corp,10,5,1,0,0",
        "2027-05,medical,Acme Corp,10,5,1,0,0",
        "2027/04,医療,  ＡＣＭＥ   corp ,3,2,1,0,0",  # the same month, industry and operator, spelt otherwise
        "2027-04,logistics,Acme Corp,10,5,1,0,0",
        "2027-05,Medical care,acme corp,1,1,1,0,0",
    )
    with pytest.raises(InputRefused) as caught:
        evidence.import_file(db, path, evidence.ImportOptions())
    found = [(p.code, p.line, dict(p.params)) for p in caught.value.problems]
    assert found == [
        ("E-DUPLICATE-ROW", 4, {"first_line": 2, "second_line": 4}),
        ("E-DUPLICATE-ROW", 6, {"first_line": 3, "second_line": 6}),
    ]
    assert db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM import_batch").fetchone()[0] == 0


def test_a_repeated_key_among_thousands_is_found_in_a_later_chunk(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [f"2027-{m:02d},medical,op{i},5,5,1,0,0" for i in range(700) for m in range(1, 13)]
    rows.append("2027-03,medical,OP17,5,5,1,0,0")  # repeats the row of op17 in March
    path = _csv(tmp_path, "big.csv", *rows)
    with pytest.raises(InputRefused) as caught:
        evidence.import_file(db, path, evidence.ImportOptions())
    [problem] = caught.value.problems
    assert (problem.line, problem.params["first_line"]) == (len(rows) + 1, 17 * 12 + 3 + 1)
    assert db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0


def test_a_later_report_supersedes_the_earlier_row_and_removal_restores_it(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = _csv(tmp_path, "april.csv", "2027-04,medical,A,80,70,1000,3,0", "2027-04,medical,B,50,45,500,1,0")
    evidence.import_file(db, first, evidence.ImportOptions())
    second = _csv(tmp_path, "april-corrected.csv", "2027-04,医療,a,90,88,1100,2,0")
    result = evidence.import_file(db, second, evidence.ImportOptions())
    assert result.superseded == 1
    assert _rows(db) == [
        ("2027-04", "medical", "A", 70, 0, 2),
        ("2027-04", "medical", "B", 45, 1, 3),
        ("2027-04", "medical", "a", 88, 1, 2),
    ]
    audit = db.execute("SELECT new_json FROM audit_log WHERE entity = 'import_batch' ORDER BY id").fetchall()
    assert '"superseded":[1]' in audit[-1][0]
    evidence.remove_batch(db, result.batch_id)
    assert _rows(db) == [("2027-04", "medical", "A", 70, 1, 2), ("2027-04", "medical", "B", 45, 1, 3)]


def test_a_value_error_on_the_last_row_leaves_nothing(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """R2: a failure at row N names line N and writes none of the rows before it."""
    rows = [f"2027-{m:02d},medical,op{i},5,5,1,0,0" for i in range(1000) for m in range(1, 13)]
    rows.append("2027-04,medical,late,three hundred,5,1,0,0")
    path = _csv(tmp_path, "r2.csv", *rows)
    with pytest.raises(InputRefused) as caught:
        evidence.import_file(db, path, evidence.ImportOptions())
    [problem] = caught.value.problems
    assert (problem.code, problem.line) == ("E-NUMBER", len(rows) + 1)
    assert db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0
    # negative control: the same file without the bad row imports every row
    good = _csv(tmp_path, "r2-good.csv", *rows[:-1])
    assert evidence.import_file(db, good, evidence.ImportOptions()).records == len(rows) - 1
    assert db.execute("SELECT count(*) FROM evidence").fetchone()[0] == len(rows) - 1


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_left_as_the_import_found_it(db, tmp_path: Path, enabled: bool) -> None:  # type: ignore[no-untyped-def]
    """Fleet rows stream in with Python's cyclic collector paused; afterwards it is as before."""
    rows = [f"2027-{m:02d},medical,op{i},5,5,1,0,0" for i in range(50) for m in (4, 5)]
    path = _csv(tmp_path, "fleet.csv", *rows)
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        result = evidence.import_file(db, path, evidence.ImportOptions())
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
    assert result.records == 100 and len(_rows(db)) == 100
