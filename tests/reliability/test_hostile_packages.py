"""R19: hostile packages. Each is a real package written by `export`, then altered with plain
sqlite3 the way an adversary would; each must be refused before any of its SQL runs, with the
programme database unchanged and in bounded time.

The commands run in a child process with a timeout, so a package that hangs the product (a
recursive view) fails the test instead of hanging the suite.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from reviewer.cli import run
from reviewer.services import programs

DATA = Path(__file__).resolve().parents[1] / "data" / "assessments"
HEADER = "reviewer,fy,target,rating,positive,issues,recommendations"
ROOT = Path(__file__).resolve().parents[2]
# A refusal reads the schema and a few column checks: far below this even on a loaded machine.
BOUND_S = 20.0


@dataclass(frozen=True)
class World:
    db: Path
    r01: Path
    r04: Path


def _sheet(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _cli(db: Path, *args: str) -> int:
    return run(["--lang", "en", "--db", str(db), *args])


@pytest.fixture(scope="module")
def _template(tmp_path_factory: pytest.TempPathFactory) -> World:
    """A programme database where R01 and R04 rated and commented, and each one's package."""
    folder = tmp_path_factory.mktemp("hostile")
    db = folder / "program.db"
    programs.init_database(db, DATA / "plan.yaml")
    start = _sheet(
        folder / "start.csv",
        "R01,2027,outcomes,B,r01 positive,r01 issues,r01 recommendations",
        "R01,2027,management,C,,r01 management issues,",
        "R04,2027,outcomes,A,r04 positive,r04 issues,",
    )
    assert _cli(db, "import", str(start)) == 0
    r01, r04 = folder / "r01.review", folder / "r04.review"
    assert _cli(db, "export", "--reviewer", "R01", "--fy", "2027", "-o", str(r01)) == 0
    assert _cli(db, "export", "--reviewer", "R04", "--fy", "2027", "-o", str(r04)) == 0
    assert not Path(f"{db}-wal").exists()  # every connection closed: the .db alone is whole
    return World(db, r01, r04)


@pytest.fixture
def world(_template: World, tmp_path: Path) -> World:
    out = []
    for path in (_template.db, _template.r01, _template.r04):
        target = tmp_path / path.name
        shutil.copyfile(path, target)
        out.append(target)
    return World(*out)


def _alter(package: Path, *statements: str) -> None:
    conn = sqlite3.connect(package)
    conn.execute("PRAGMA journal_mode = OFF")  # a 300 MB value needs no rollback journal
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA ignore_check_constraints = ON")  # an adversary's file keeps no rules
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def _past_strict(package: Path, table: str, statement: str) -> None:
    """Run `statement` on a STRICT `table` as if it were not STRICT (a value of the wrong type
    written the way a hex editor would), then put the table's definition back as it was.
    """

    def edit_schema(conn: sqlite3.Connection, sql: str) -> None:
        (version,) = conn.execute("PRAGMA schema_version").fetchone()
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = ?", [sql, table])
        conn.execute(f"PRAGMA schema_version = {version + 1}")
        conn.commit()

    conn = sqlite3.connect(package)
    (strict,) = conn.execute(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?", [table]
    ).fetchone()
    assert strict.endswith(") STRICT")
    edit_schema(conn, strict.removesuffix(" STRICT"))
    conn.close()
    _alter(package, statement)
    conn = sqlite3.connect(package)
    edit_schema(conn, strict)
    conn.close()


def _dump(db: Path) -> list[tuple[object, ...]]:
    """The programme database's assessment tables, export records and audit chain, row by row."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    rows: list[tuple[object, ...]] = []
    for table in ("assessment", "assessment_item", "comment", "package_export", "audit_log"):
        rows += [(table, *r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY rowid")]
    conn.close()
    return rows


def _child(db: Path, *args: str, timeout: float = 30.0) -> tuple[int, str, float]:
    """Run `reviewer --lang en --db DB ARGS` in a child process; (exit, stderr+stdout, seconds)."""
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "reviewer", "--lang", "en", "--db", str(db), *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`{' '.join(args)}` did not finish in {timeout} s (a planted view ran?)")
    return done.returncode, done.stderr + done.stdout, time.monotonic() - started


def _merge_is_refused(world: World, package: Path, code: str) -> str:
    before = _dump(world.db)
    status, output, seconds = _child(world.db, "merge", str(package))
    assert status == 1, output
    assert seconds < BOUND_S  # the whole command, a new process included
    assert any(
        line.startswith(f"{package.name}: ") and f" {code} " in line for line in output.splitlines()
    ), output
    assert "Traceback" not in output
    assert _dump(world.db) == before
    return output


# --------------------------------------------------------------------------- the schema


RECURSIVE = (
    "CREATE VIEW comment AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)"
    " SELECT i AS id, 1 AS assessment_id, 'outcomes' AS target, 'issues' AS kind,"
    " 'planted ' || i AS text, 0 AS confidential FROM n WHERE i < 0"
)


def test_a_recursive_view_named_like_ours_never_runs(world: World) -> None:
    _alter(world.r01, "DROP TABLE comment", RECURSIVE)
    output = _merge_is_refused(world, world.r01, "E-PACKAGE-SCHEMA")
    assert "comment" in output


def test_a_planted_view_yielding_a_huge_comment_is_refused(world: World) -> None:
    _alter(
        world.r01,
        "DROP TABLE comment",
        "CREATE VIEW comment AS SELECT 1 AS id, a.id AS assessment_id, 'outcomes' AS target,"
        " 'issues' AS kind, printf('%.*c', 300000000, 'x') AS text, 0 AS confidential FROM assessment a",
    )
    started = time.monotonic()
    output = _merge_is_refused(world, world.r01, "E-PACKAGE-SCHEMA")
    assert time.monotonic() - started < BOUND_S
    assert "comment" in output


def test_an_extra_table_is_refused(world: World) -> None:
    _alter(world.r01, "CREATE TABLE extra (x TEXT)", "INSERT INTO extra VALUES ('x')")
    output = _merge_is_refused(world, world.r01, "E-PACKAGE-SCHEMA")
    assert "extra" in output


def test_an_extra_index_is_refused(world: World) -> None:
    _alter(world.r01, "CREATE INDEX comment_text ON comment(text)")
    assert "comment_text" in _merge_is_refused(world, world.r01, "E-PACKAGE-SCHEMA")


def test_a_changed_table_definition_is_refused(world: World) -> None:
    # the same name and columns, but the comment table loses its constraints
    _alter(
        world.r01,
        "PRAGMA writable_schema = ON",
        "UPDATE sqlite_schema SET sql = replace(sql, 'NOT NULL', '')"
        " WHERE type = 'table' AND name = 'comment'",
    )
    assert "comment" in _merge_is_refused(world, world.r01, "E-PACKAGE-SCHEMA")


TRIGGER = (
    "CREATE TRIGGER planted AFTER {event} ON {table} BEGIN"
    " INSERT INTO meta(key, value) VALUES ('canary', 'fired') ON CONFLICT(key) DO NOTHING;"
    " DELETE FROM comment; END"
)


def _canary(package: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"{package.resolve().as_uri()}?mode=ro", uri=True)
    rows = conn.execute("SELECT value FROM meta WHERE key = 'canary'").fetchall()
    planted = conn.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'planted'").fetchone()
    conn.close()
    assert planted == (1,)  # the planted trigger is still there: it was refused, not removed
    return rows


def test_a_planted_trigger_is_refused_on_merge(world: World) -> None:
    _alter(world.r01, TRIGGER.format(event="INSERT", table="assessment_item"))
    assert "planted" in _merge_is_refused(world, world.r01, "E-PACKAGE-SCHEMA")
    assert _canary(world.r01) == []


@pytest.mark.parametrize("event", ["INSERT", "UPDATE", "DELETE"])
def test_a_planted_trigger_never_fires_on_a_sheet_imported_into_the_package(
    world: World, tmp_path: Path, event: str
) -> None:
    _alter(world.r01, TRIGGER.format(event=event, table="assessment_item"))
    before = world.r01.read_bytes()
    sheet = _sheet(tmp_path / "r01.csv", "R01,2027,outcomes,A,,,", "R01,2027,management,,,,")
    status, output, _s = _child(world.r01, "import", str(sheet))
    assert status == 1, output
    assert f"{world.r01.name}: E-PACKAGE-SCHEMA" in output and "planted" in output
    assert "Traceback" not in output
    assert _canary(world.r01) == []
    assert world.r01.read_bytes() == before


@pytest.mark.parametrize("command", [("status", "--fy", "2027"), ("imports",)])
def test_a_package_with_a_planted_trigger_does_not_open_on_the_command_line(
    world: World, command: tuple[str, ...]
) -> None:
    _alter(world.r01, TRIGGER.format(event="UPDATE", table="meta"))
    before = world.r01.read_bytes()
    status, output, _s = _child(world.r01, *command)
    assert status == 1, output
    assert f"{world.r01.name}: E-PACKAGE-SCHEMA" in output and "Traceback" not in output
    assert world.r01.read_bytes() == before


def test_a_package_whose_meta_is_a_view_is_refused(world: World) -> None:
    _alter(
        world.r01,
        "CREATE TABLE meta_real AS SELECT * FROM meta",
        "DROP TABLE meta",
        "ALTER TABLE meta_real RENAME TO meta_hidden",
        "CREATE VIEW meta AS SELECT key, value FROM meta_hidden",
    )
    before = world.r01.read_bytes()
    status, output, _s = _child(world.r01, "status", "--fy", "2027")
    assert status == 1 and "Traceback" not in output, output
    assert "E-PACKAGE-SCHEMA" in output or "E-NOT-OURS" in output, output
    assert world.r01.read_bytes() == before


# --------------------------------------------------------------------------- the values


def _comment_id(package: Path, text: str) -> int:
    conn = sqlite3.connect(package)
    (row,) = conn.execute("SELECT id FROM comment WHERE text = ?", [text]).fetchall()
    conn.close()
    return int(row[0])


def test_a_blob_in_a_text_column_is_refused(world: World) -> None:
    cid = _comment_id(world.r01, "r01 issues")
    _past_strict(world.r01, "comment", f"UPDATE comment SET text = X'FFFE00FF' WHERE id = {cid}")
    output = _merge_is_refused(world, world.r01, "E-PACKAGE-VALUE")
    assert f"comment row {cid}: E-PACKAGE-VALUE text: a value of type blob" in output


def test_text_where_a_number_belongs_is_refused(world: World) -> None:
    _past_strict(world.r01, "assessment_item", "UPDATE assessment_item SET carried_over = 'yes'")
    output = _merge_is_refused(world, world.r01, "E-PACKAGE-VALUE")
    assert "assessment_item row 1: E-PACKAGE-VALUE carried_over: a value of type text" in output


def test_a_300_million_character_comment_is_refused_in_bounded_time(world: World) -> None:
    cid = _comment_id(world.r01, "r01 issues")
    _alter(
        world.r01,
        "UPDATE comment SET text = replace(CAST(zeroblob(300000000) AS TEXT), char(0), 'x')"
        f" WHERE id = {cid}",
    )
    started = time.monotonic()
    output = _merge_is_refused(world, world.r01, "E-TOO-LONG")
    assert time.monotonic() - started < BOUND_S
    assert f"comment row {cid}: E-TOO-LONG text: 300000000 characters" in output
    assert "limit of 10000" in output


def test_a_comment_one_character_over_the_limit_is_refused_and_one_at_it_merges(world: World) -> None:
    cid = _comment_id(world.r01, "r01 issues")
    _alter(world.r01, f"UPDATE comment SET text = printf('%.*c', 10001, '審') WHERE id = {cid}")
    output = _merge_is_refused(world, world.r01, "E-TOO-LONG")
    assert f"comment row {cid}: E-TOO-LONG text: 10001 characters" in output
    _alter(world.r01, f"UPDATE comment SET text = printf('%.*c', 10000, '審') WHERE id = {cid}")
    assert _cli(world.db, "merge", str(world.r01)) == 0
    conn = sqlite3.connect(world.db)
    texts = [r[0] for r in conn.execute("SELECT text FROM comment")]
    conn.close()
    assert "審" * 10000 in texts


# --------------------------------------------------------------------------- the reviewer


def _export_id(package: Path) -> str:
    conn = sqlite3.connect(package)
    (value,) = conn.execute("SELECT value FROM meta WHERE key = 'export_id'").fetchone()
    conn.close()
    return str(value)


def test_another_reviewers_export_id_is_refused(world: World) -> None:
    stolen = _export_id(world.r01)
    _alter(world.r04, f"UPDATE meta SET value = '{stolen}' WHERE key = 'export_id'")
    output = _merge_is_refused(world, world.r04, "E-PACKAGE-REVIEWER")
    assert "R01" in output and "R04" in output


def test_another_reviewers_export_id_and_name_are_refused(world: World) -> None:
    # the whole meta claims R01's export; the assessment in it is still R04's
    stolen = _export_id(world.r01)
    _alter(
        world.r04,
        f"UPDATE meta SET value = '{stolen}' WHERE key = 'export_id'",
        "UPDATE meta SET value = 'R01' WHERE key = 'reviewer_id'",
    )
    _merge_is_refused(world, world.r04, "E-PACKAGE-REVIEWER")


def test_a_package_claiming_another_fy_of_its_export_is_refused(world: World) -> None:
    _alter(world.r01, "UPDATE meta SET value = '2026' WHERE key = 'fy'")
    assert "R01's FY2027" in _merge_is_refused(world, world.r01, "E-PACKAGE-REVIEWER")


def test_the_untouched_packages_still_merge(world: World, tmp_path: Path) -> None:
    sheet = _sheet(tmp_path / "r01.csv", "R01,2027,outcomes,A,,,")
    assert _cli(world.r01, "import", str(sheet)) == 0
    assert _cli(world.db, "merge", str(world.r01), str(world.r04)) == 0
    conn = sqlite3.connect(world.db)
    rating = conn.execute(
        "SELECT i.rating FROM assessment_item i JOIN assessment a ON a.id = i.assessment_id"
        " WHERE a.reviewer_id = 'R01' AND i.target = 'outcomes'"
    ).fetchone()
    conn.close()
    assert rating == ("A",)


def test_an_index_pointed_at_another_ones_pages_is_refused(world: World) -> None:
    # the schema's text stays as export wrote it; only where two indexes live is swapped
    conn = sqlite3.connect(world.r01)
    pages = dict(
        conn.execute(
            "SELECT name, rootpage FROM sqlite_schema"
            " WHERE name IN ('sqlite_autoindex_assessment_1', 'sqlite_autoindex_comment_1')"
        ).fetchall()
    )
    conn.close()
    a, c = pages["sqlite_autoindex_assessment_1"], pages["sqlite_autoindex_comment_1"]
    _alter(
        world.r01,
        "PRAGMA writable_schema = ON",
        f"UPDATE sqlite_schema SET rootpage = {c} WHERE name = 'sqlite_autoindex_assessment_1'",
        f"UPDATE sqlite_schema SET rootpage = {a} WHERE name = 'sqlite_autoindex_comment_1'",
    )
    before = _dump(world.db)
    status, output, _seconds = _child(world.db, "merge", str(world.r01))
    assert status == 1 and "Traceback" not in output, output
    assert "E-PACKAGE-UNREADABLE r01.review" in output
    # SQLite names the first of the two it checks (m011 rebuilt `comment`, changing the order)
    assert "sqlite_autoindex_assessment_1" in output or "sqlite_autoindex_comment_1" in output
    assert _dump(world.db) == before


def test_a_second_schema_row_of_one_name_is_refused(world: World) -> None:
    _alter(
        world.r01,
        "PRAGMA writable_schema = ON",
        "INSERT INTO sqlite_schema SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema"
        " WHERE name = 'lock_comment_delete'",
    )
    before = _dump(world.db)
    status, output, _seconds = _child(world.db, "merge", str(world.r01))
    assert status == 1 and "Traceback" not in output, output
    assert "r01.review: E-PACKAGE-SCHEMA" in output or "E-PACKAGE-UNREADABLE r01.review" in output
    assert _dump(world.db) == before


# --------------------------------------------------------------------------- secretariat's rows


def test_a_package_carrying_disclosures_public_texts_and_condition_carries_changes_none_of_them(
    world: World,
) -> None:
    """Only the secretariat discloses, redacts and drops conditions (SPEC §8, §10): rows of those
    tables in a reviewer's package are never read, while its assessment still merges."""
    cid = _comment_id(world.r01, "r01 issues")
    _alter(
        world.r01,
        "INSERT INTO disclosure (fy, batch_id, evidence_id, disclosed_by, disclosed_at)"
        " VALUES (2027, NULL, 1, 'R01', '2027-01-01T00:00:00+00:00')",
        "INSERT INTO condition_carry (decision_id, condition_id, position, dropped) VALUES (1, 1, NULL, 1)",
        f"UPDATE comment SET public_text = 'softened by R01', text = 'r01 issues, edited' WHERE id = {cid}",
    )
    assert _cli(world.db, "merge", str(world.r01)) == 0
    conn = sqlite3.connect(world.db)
    try:
        assert conn.execute("SELECT count(*) FROM disclosure").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM condition_carry").fetchone() == (0,)
        texts = conn.execute("SELECT text, public_text FROM comment WHERE text LIKE 'r01 issues%'").fetchall()
    finally:
        conn.close()
    assert texts == [("r01 issues, edited", None)]


def test_a_public_text_over_the_comment_limit_is_refused(world: World) -> None:
    """A public text is a comment's text (SPEC §10's limit), in a package too."""
    cid = _comment_id(world.r01, "r01 issues")
    _alter(world.r01, f"UPDATE comment SET public_text = printf('%.*c', 10001, '審') WHERE id = {cid}")
    output = _merge_is_refused(world, world.r01, "E-TOO-LONG")
    assert f"comment row {cid}: E-TOO-LONG public_text: 10001 characters" in output
