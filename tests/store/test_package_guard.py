"""The package guard's parts: the expected schema is the one export writes (derived, not kept by
hand), older migration levels still match, SQL is normalised only outside quotes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from reviewer import messages
from reviewer.core.errors import InputRefused
from reviewer.services import packages, programs
from reviewer.store import migrations, package_guard
from reviewer.store.db import open_database

PLAN = Path(__file__).resolve().parents[1] / "data" / "assessments" / "plan.yaml"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    programs.init_database(tmp_path / "p.db", PLAN)
    db = open_database(tmp_path / "p.db")
    done = packages.export_package(db, "R01", tmp_path / "R01.review", fy=2027)
    db.close()
    return done.path


def test_an_exported_package_has_exactly_the_expected_schema(package: Path) -> None:
    conn = package_guard.open_untrusted(package)
    assert package_guard.read_schema(conn) == package_guard.expected_levels()[-1].schema
    assert package_guard.matching_level(conn, "R01.review") is package_guard.expected_levels()[-1]
    package_guard.check_values(conn, "R01.review", package_guard.expected_levels()[-1])
    conn.close()


def test_every_migration_level_is_known_and_an_older_one_matches(tmp_path: Path) -> None:
    db = sqlite_utils.Database(sqlite3.connect(":memory:"))
    names = [m.name for m in migrations.MIGRATIONS.pending(db)]
    assert len(package_guard.expected_levels()) == len(names)
    older = tmp_path / "older.review"
    conn = sqlite3.connect(older)
    migrations.MIGRATIONS.apply(sqlite_utils.Database(conn), stop_before=names[-1])
    conn.close()
    conn = package_guard.open_untrusted(older)
    # (a migration that changes no table, such as m005_seal, gives two levels one schema)
    assert (
        package_guard.matching_level(conn, "older.review").schema
        == package_guard.expected_levels()[-2].schema
    )
    conn.close()


def test_sql_is_normalised_outside_quotes_only() -> None:
    assert package_guard.normalise_sql("CREATE  TABLE\n t (x TEXT)\n") == "CREATE TABLE t (x TEXT)"
    assert package_guard.normalise_sql("CHECK (x IN ('a  b'))") == "CHECK (x IN ('a  b'))"
    assert package_guard.normalise_sql('CREATE TABLE "a  b" (x)') == 'CREATE TABLE "a  b" (x)'
    assert package_guard.normalise_sql(None) == ""


def test_a_check_rule_changed_only_inside_its_quotes_is_a_difference(package: Path) -> None:
    conn = sqlite3.connect(package)
    (version,) = conn.execute("PRAGMA schema_version").fetchone()
    conn.execute("PRAGMA writable_schema = ON")
    changed = conn.execute(
        "UPDATE sqlite_schema SET sql = replace(sql, '''issues''', '''issues ''')"
        " WHERE type = 'table' AND name = 'comment' AND sql LIKE '%''issues''%'"
    ).rowcount
    conn.execute(f"PRAGMA schema_version = {version + 1}")
    conn.commit()
    conn.close()
    assert changed == 1
    conn = package_guard.open_untrusted(package)
    with pytest.raises(InputRefused) as refused:
        package_guard.matching_level(conn, "R01.review")
    conn.close()
    [problem] = refused.value.problems
    assert (problem.code, problem.params) == ("E-PACKAGE-SCHEMA", {"type": "table", "name": "comment"})


def test_the_connection_for_a_package_writes_nothing(package: Path) -> None:
    conn = package_guard.open_untrusted(package)
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM comment")
    assert conn.execute("PRAGMA trusted_schema").fetchone() == (0,)
    conn.close()


@pytest.mark.parametrize("code", ["E-PACKAGE-SCHEMA", "E-TOO-LONG", "E-PACKAGE-VALUE", "E-PACKAGE-REVIEWER"])
def test_every_refusal_reads_in_both_languages(code: str) -> None:
    params = {
        "type": "view",
        "name": "comment",
        "field": "text",
        "length": 10001,
        "limit": 10000,
        "found": "blob",
        "expected": "TEXT",
        "export_id": "0" * 32,
        "reviewer": "R01",
        "fy": 2027,
    }
    ja, en = messages.text(code, "ja", **params), messages.text(code, "en", **params)
    assert ja != en and code not in ja and code not in en
