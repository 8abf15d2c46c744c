"""Verified backups: the copy is checked, skipped when nothing changed, kept by age, restored safely."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from reviewer.cli import run
from reviewer.core.errors import Refused
from reviewer.services import backups, evidence, programs
from reviewer.store.db import open_database
from tests.paths import EXAMPLE as EXAMPLE_DIR

REPO = Path(__file__).resolve().parents[2]
PLAN = EXAMPLE_DIR / "plan.yaml"
FLEET = EXAMPLE_DIR / "fleet.csv"
T0 = dt.datetime(2027, 6, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "program.db"
    programs.init_database(path, PLAN)
    return path


@pytest.fixture
def db(db_path: Path) -> Iterator[sqlite_utils.Database]:
    opened = open_database(db_path)
    yield opened
    opened.close()


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return list(conn.execute(sql))


def test_a_backup_is_a_checked_complete_copy_recorded_with_its_anchor(
    db: sqlite_utils.Database, db_path: Path
) -> None:
    made = backups.backup(db, "test", now=T0)
    assert made is not None and not made.skipped
    assert made.path == db_path.parent / "backups" / "program-20270601T120000Z.db"
    assert backups.check_copy(made.path).ok
    # a file of its own: no -wal beside it, and it holds the program
    assert not Path(str(made.path) + "-wal").exists()
    assert rows(made.path, "PRAGMA journal_mode") == [("delete",)]
    assert rows(made.path, "SELECT code FROM program") == [("WEX",)]
    recorded = db.execute("SELECT file_name, verified, chain_head, chain_count FROM backup").fetchall()
    count = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    head = db.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert recorded == [(made.path.name, 1, head, count)]
    assert not list((db_path.parent / "backups").glob(".*tmp"))


def test_skipped_when_recent_and_unchanged_taken_again_after_a_write_or_ten_minutes(
    db: sqlite_utils.Database,
) -> None:
    first = backups.backup(db, "test", now=T0)
    again = backups.backup(db, "test", now=T0 + dt.timedelta(minutes=9))
    assert first is not None and again is not None
    assert again.skipped and again.path == first.path
    later = backups.backup(db, "test", now=T0 + dt.timedelta(minutes=11))
    assert later is not None and not later.skipped
    evidence.import_file(db, FLEET, evidence.ImportOptions(), actor="t")  # moves the chain
    after_write = backups.backup(db, "test", now=T0 + dt.timedelta(minutes=12))
    assert after_write is not None and not after_write.skipped
    assert after_write.chain_count > later.chain_count


def test_import_takes_a_backup_first(db: sqlite_utils.Database, db_path: Path) -> None:
    before = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    evidence.import_file(db, FLEET, evidence.ImportOptions(), actor="t")
    files = list((db_path.parent / "backups").glob("program-*.db"))
    assert len(files) == 1
    # the backup holds the state before the import
    assert rows(files[0], "SELECT count(*) FROM audit_log") == [(before,)]
    assert rows(files[0], "SELECT count(*) FROM import_batch") == [(0,)]


def test_a_copy_failing_its_check_is_deleted_and_never_displaces_a_good_one(
    db: sqlite_utils.Database, db_path: Path
) -> None:
    good = backups.backup(db, "test", now=T0)
    assert good is not None
    # tamper with the audit chain behind the triggers' back
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 1")
    with pytest.raises(Refused) as refused:
        backups.backup(db, "test", force=True, now=T0 + dt.timedelta(days=40))
    assert refused.value.code == "E-BACKUP-CHECK"
    assert [p.name for p in (db_path.parent / "backups").iterdir()] == [good.path.name]
    assert backups.newest_verified_backup(db_path) == good.path


def test_output_writes_a_second_verified_copy_and_never_overwrites(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    out = tmp_path / "elsewhere.db"
    made = backups.backup(db, "test", output=out, now=T0)
    assert made is not None and backups.check_copy(out).ok
    with pytest.raises(Refused) as refused:
        backups.backup(db, "test", output=out, now=T0)
    assert refused.value.code == "E-BACKUP-EXISTS"


def _t(days: float = 0, hours: float = 0) -> dt.datetime:
    return T0 - dt.timedelta(days=days, hours=hours)


def test_retention_keeps_a_day_then_daily_weekly_monthly() -> None:
    within_day = [_t(hours=h) for h in (0.1, 5, 23)]
    two_on_one_day = [_t(days=2, hours=1), _t(days=2, hours=3)]  # newest of that day stays
    weeks_ago = [_t(days=20), _t(days=20, hours=2)]
    months_ago = [_t(days=200), _t(days=201)]
    too_old = [_t(days=400)]
    times = within_day + two_on_one_day + weeks_ago + months_ago + too_old
    kept = backups.keep(times, T0)
    assert set(within_day) <= kept
    assert _t(days=2, hours=1) in kept and _t(days=2, hours=3) not in kept
    assert _t(days=20) in kept and _t(days=20, hours=2) not in kept
    assert _t(days=200) in kept and _t(days=201) not in kept  # same month: only the newest
    assert _t(days=400) not in kept


def test_prune_deletes_only_what_retention_drops(db: sqlite_utils.Database, db_path: Path) -> None:
    old = backups.backup(db, "test", now=T0 - dt.timedelta(days=400))
    recent = backups.backup(db, "test", force=True, now=T0)
    assert old is not None and recent is not None
    assert not old.path.exists() and recent.path.exists()
    assert old.path in recent.removed
    # the anchor of the pruned backup is still recorded
    assert db.execute("SELECT count(*) FROM backup").fetchone()[0] == 2


def test_restore_moves_the_current_file_aside_and_puts_the_backup_in_place(
    db: sqlite_utils.Database, db_path: Path
) -> None:
    made = backups.backup(db, "test", now=T0)
    assert made is not None
    evidence.import_file(db, FLEET, evidence.ImportOptions(), actor="t")
    db.close()
    done = backups.restore(made.path, db_path)
    aside = done.moved_aside[0]
    assert aside.name.startswith("program.db.replaced-")
    # the replaced file kept everything, including the record of the backup taken just before
    assert rows(aside, "SELECT count(*) FROM backup") == [(2,)]
    assert rows(db_path, "SELECT count(*) FROM import_batch") == [(0,)]
    assert rows(db_path, "PRAGMA journal_mode") == [("wal",)]
    assert rows(aside, "SELECT count(*) FROM import_batch") == [(1,)]
    assert done.safety_backup is not None and backups.check_copy(done.safety_backup).ok


def test_restore_refuses_a_backup_that_does_not_verify(db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all" * 100)
    before = db_path.read_bytes()
    with pytest.raises(Refused) as refused:
        backups.restore(bad, db_path)
    assert refused.value.code == "E-NOT-A-DATABASE"
    assert db_path.read_bytes() == before


def test_backup_and_restore_commands(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "copy.db"
    assert run(["--lang", "en", "--db", str(db_path), "backup", "-o", str(out)]) == 0
    assert backups.check_copy(out).ok
    made = backups.backups_of(db_path)[0][1]
    assert run(["--lang", "en", "--db", str(db_path), "restore", str(made)]) == 0
    text = capsys.readouterr().out
    assert "Restored" in text and "moved to" in text
    assert any(p.name.startswith("program.db.replaced-") for p in tmp_path.iterdir())
