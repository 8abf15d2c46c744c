"""The start-up gate (R4) and the network-drive refusal: damaged files are moved aside untouched."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from reviewer.cli import run
from reviewer.core.errors import Refused
from reviewer.services import backups, evidence, programs, startup
from reviewer.store.db import open_database
from tests.paths import EXAMPLE as EXAMPLE_DIR

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = EXAMPLE_DIR


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A program database with evidence in it and one verified backup."""
    path = tmp_path / "program.db"
    programs.init_database(path, EXAMPLE / "plan.yaml")
    db = open_database(path)
    evidence.import_file(db, EXAMPLE / "fleet.csv", evidence.ImportOptions(), actor="t")
    made = backups.backup(db, "test", force=True)
    assert made is not None
    db.close()
    return path


def _overwrite_page(path: Path, page: int) -> None:
    size = 4096
    data = bytearray(path.read_bytes())
    assert len(data) > page * size
    data[page * size : (page + 1) * size] = b"\xa5" * size
    path.write_bytes(bytes(data))


def _foreign_wal(path: Path, tmp_path: Path) -> None:
    """Put the -wal of another database (of ours, with other content) beside `path`."""
    other = tmp_path / "other" / "other.db"
    other.parent.mkdir()
    programs.init_database(other, EXAMPLE / "plan.yaml")
    db = open_database(other)
    db.execute("PRAGMA wal_autocheckpoint = 0")
    evidence.import_file(db, EXAMPLE / "fleet.csv", evidence.ImportOptions(), actor="someone else")
    shutil.copyfile(str(other) + "-wal", str(path) + "-wal")
    db.close()


DAMAGES = {
    "truncated": lambda p, t: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2 + 100]),
    "overwritten-page": lambda p, t: _overwrite_page(p, 3),
    "foreign-wal": _foreign_wal,
}


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_file_is_detected_left_untouched_moved_aside_and_the_backup_named(
    damage: str, db_path: Path, tmp_path: Path
) -> None:
    DAMAGES[damage](db_path, tmp_path)
    before = db_path.read_bytes()
    wal = Path(str(db_path) + "-wal")
    wal_before = wal.read_bytes() if wal.exists() else None
    health = startup.check_database(db_path)
    assert not health.ok, damage
    assert not db_path.exists()
    moved = health.moved_to[0]
    assert moved.name.startswith("program.db.damaged-")
    assert moved.read_bytes() == before  # byte for byte as it was
    if wal_before is not None:
        assert Path(str(moved) + "-wal").read_bytes() == wal_before
    assert health.backup is not None and health.backup.parent == tmp_path / "backups"
    assert backups.check_copy(health.backup).ok


def test_a_whole_file_passes_the_gate_unchanged(db_path: Path) -> None:
    before = db_path.read_bytes()
    assert startup.check_database(db_path).ok
    assert db_path.read_bytes() == before
    wal = Path(str(db_path) + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # a reader writes no log


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04 this is a zip file, not a database" * 50, b"\0" * 100 + b"x" * 8000],
    ids=["zip", "zeroed-header"],
)
def test_a_file_without_an_sqlite_header_is_refused_and_never_moved(content: bytes, db_path: Path) -> None:
    db_path.write_bytes(content)
    health = startup.check_database(db_path)
    assert health.reason == "not-sqlite" and not health.moved_to
    assert db_path.read_bytes() == content  # still there, unchanged
    with pytest.raises(Refused) as refused:
        startup.refuse_damaged(health)
    assert refused.value.code == "E-NOT-A-DATABASE"


def test_an_unclean_shutdown_with_a_good_wal_passes(db_path: Path, tmp_path: Path) -> None:
    # a crashed writer leaves its own -wal: copy the pair as a crash would leave them
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT INTO meta(key, value) VALUES ('note', 'x')")
    conn.commit()
    shutil.copyfile(db_path, crashed / "program.db")
    shutil.copyfile(str(db_path) + "-wal", crashed / "program.db-wal")
    conn.close()
    assert startup.check_database(crashed / "program.db").ok


def test_the_command_line_names_the_backup_and_exits_1(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _overwrite_page(db_path, 3)
    newest = backups.newest_verified_backup(db_path)
    assert newest is not None
    assert run(["--lang", "en", "--db", str(db_path), "status", "--fy", "2027"]) == 1
    err = capsys.readouterr().err
    assert "E-DB-DAMAGED" in err and str(newest) in err and "moved aside" in err
    assert run(["--lang", "en", "--db", str(db_path), "restore", str(newest)]) == 0
    assert run(["--lang", "en", "--db", str(db_path), "status", "--fy", "2027"]) == 0


# --------------------------------------------------------------------------- network drives


def test_the_probe_reads_the_real_mount_table(tmp_path: Path) -> None:
    kind = startup.filesystem_type(tmp_path)
    assert kind and kind != "unknown"
    assert kind.lower() not in startup.NETWORK_FILESYSTEMS


@pytest.mark.parametrize("fstype", ["nfs4", "cifs", "fuse.sshfs", "smb3"])
def test_a_database_on_a_network_drive_is_not_opened_for_writing(
    fstype: str, db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(startup, "filesystem_type", lambda path: fstype)
    with pytest.raises(Refused) as refused:
        startup.open_program(db_path)
    assert refused.value.code == "E-NETWORK-DRIVE" and refused.value.params["fstype"] == fstype
    assert run(["--lang", "en", "--db", str(db_path), "status", "--fy", "2027"]) == 1
    err = capsys.readouterr().err
    assert "network drive" in err and "local copy" in err
    # reading stays possible
    startup.open_program(db_path, readonly=True).close()


def test_make_local_copy_gives_a_verified_writable_copy(db_path: Path, tmp_path: Path) -> None:
    copy = startup.make_local_copy(db_path, tmp_path / "local")
    assert backups.check_copy(copy).ok
    db = startup.open_program(copy)
    assert db.execute("SELECT count(*) FROM import_batch").fetchone()[0] == 1
    db.close()
    with pytest.raises(Refused) as refused:
        startup.make_local_copy(db_path, tmp_path / "local")
    assert refused.value.code == "E-LOCAL-COPY-EXISTS"


def test_pending_migrations_are_preceded_by_a_backup(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TABLE package_export")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm003_exports'")
    conn.commit()
    conn.close()
    before = len(backups.backups_of(db_path))
    db = startup.open_program(db_path)
    assert db.execute("SELECT count(*) FROM package_export").fetchone()[0] == 0
    db.close()
    assert len(backups.backups_of(db_path)) == before + 1


def test_a_package_left_with_a_hot_journal_is_rolled_back_not_refused(tmp_path: Path) -> None:
    """A reviewer package (rollback-journal mode) whose writer died mid-transaction."""
    import subprocess
    import sys

    from reviewer.store.db import Kind

    pkg = tmp_path / "r.review"
    db = open_database(pkg, kind=Kind.PACKAGE, create=True)
    db.close()
    code = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1])\n"
        "c.execute('PRAGMA cache_size = 5')\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "c.executemany('INSERT INTO meta(key, value) VALUES (?, ?)',"
        " [(f'k{i}', 'x' * 1000) for i in range(3000)])\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(pkg)], check=True)
    assert Path(str(pkg) + "-journal").exists()  # hot: the dead writer's pages are in the file
    assert startup.check_database(pkg).ok
    conn = sqlite3.connect(pkg)
    assert conn.execute("SELECT count(*) FROM meta WHERE key GLOB 'k[0-9]*'").fetchone()[0] == 0
    conn.close()


def test_a_recursive_view_named_meta_does_not_hang_the_gate(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.executescript(
        "PRAGMA foreign_keys = OFF; ALTER TABLE meta RENAME TO meta_old;"
        " CREATE VIEW meta(key, value) AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)"
        " SELECT 'k', i FROM n;"
    )
    conn.close()
    before = db_path.read_bytes()
    health = startup.check_database(db_path)  # returns at once: the view is never read
    assert health.reason == "not-ours" and not health.moved_to
    assert db_path.read_bytes() == before
