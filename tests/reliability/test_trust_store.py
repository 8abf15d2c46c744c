"""Issue 11, the store: R16 (anything given as --db), R18 (restore), and SPEC §10's error classes.

Each case here failed on round 1's code: files were renamed to *.damaged-…, restore replaced a
file an import was writing, took another programme's backup or a package, and raw SQLite and
OS errors reached the user as tracebacks.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer.cli import run
from reviewer.services import backups, programs
from reviewer.store.db import open_database

REPO = Path(__file__).resolve().parents[2]
PLAN = REPO / "tests" / "data" / "plans" / "valid.yaml"
FLEET = REPO / "tests" / "data" / "tabular" / "fleet_utf8.csv"


def _cli(*args: str) -> tuple[int, str]:
    import io

    out, err = io.StringIO(), io.StringIO()
    code = run(["--lang", "en", *args], out, err)
    return code, out.getvalue() + err.getvalue()


def _siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


@pytest.fixture
def program(valid_program: Path) -> Path:
    return valid_program


def _make_fifo(tmp_path: Path) -> Path:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    return fifo


NOT_DATABASES = {
    "plan": (lambda t: shutil.copyfile(PLAN, t / "plan.yaml") and t / "plan.yaml", "E-NOT-A-DATABASE"),
    "csv": (lambda t: shutil.copyfile(FLEET, t / "fleet.csv") and t / "fleet.csv", "E-NOT-A-DATABASE"),
    "pdf": (
        lambda t: (t / "r.pdf").write_bytes(b"%PDF-1.7\n" + b"x" * 5000) and t / "r.pdf",
        "E-NOT-A-DATABASE",
    ),
    "folder": (lambda t: (t / "dir").mkdir() or t / "dir", "E-NOT-A-FILE"),
    "fifo": (_make_fifo, "E-NOT-A-FILE"),
    "dev-zero": (lambda t: Path("/dev/zero"), "E-NOT-A-FILE"),
}


@pytest.mark.parametrize("what", sorted(NOT_DATABASES))
@pytest.mark.parametrize("command", [["status", "--fy", "2027"], ["verify"], ["imports"]])
def test_r16_anything_that_is_not_a_database_is_refused_and_left_where_it_is(
    what: str, command: list[str], tmp_path: Path
) -> None:
    make, code = NOT_DATABASES[what]
    target = make(tmp_path)
    before = _siblings(target)
    content = target.read_bytes() if target.is_file() else None
    started = time.monotonic()
    status, text = _cli("--db", str(target), *command)
    assert time.monotonic() - started < 10  # a FIFO or /dev/zero is never read
    assert status == 1 and code in text, text
    assert "Traceback" not in text
    assert _siblings(target) == before  # nothing renamed, nothing created beside it
    if content is not None:
        assert target.read_bytes() == content


@contextlib.contextmanager
def _held_open(path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process with the database open through the product, as a running import has it."""
    code = (
        "import sys, time\n"
        "from reviewer.store.db import open_database\n"
        "db = open_database(sys.argv[1])\n"
        "db.execute('SELECT count(*) FROM audit_log').fetchone()\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
        "db.close()\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        yield child
    finally:
        if child.stdin is not None:
            child.stdin.close()
        child.wait(timeout=30)


def test_r18_restore_while_another_process_has_the_file_open_is_busy(program: Path) -> None:
    made = backups.backup_path(program, "test")
    assert made is not None
    with _held_open(program):
        inode = program.stat().st_ino
        status, text = _cli("--db", str(program), "restore", str(made.path))
        assert status == 1 and "E-BUSY" in text, text
        assert program.stat().st_ino == inode  # the same file, not replaced
        assert not [p for p in program.parent.iterdir() if ".replaced-" in p.name]
    status, text = _cli("--db", str(program), "restore", str(made.path))
    assert status == 0, text


def test_r18_a_running_import_finishes_into_the_file_it_names(program: Path, tmp_path: Path) -> None:
    """An import in another process while restore is asked for: restore refuses, the rows land."""
    made = backups.backup_path(program, "test")
    assert made is not None
    big = tmp_path / "fleet-big.csv"
    header = "period,industry,operator,robots_deployed,robots_active,operating_hours,interventions,incidents"
    rows = [f"2027-{m:02d},medical,op{k},10,8,120.5,1,0" for k in range(20000) for m in (4,)]
    big.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, "-m", "reviewer", "--db", str(program), "--lang", "en", "import", str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    refused = 0
    while child.poll() is None:
        status, text = _cli("--db", str(program), "restore", str(made.path))
        if status == 0:
            break  # the import had not opened the file yet, or had finished: see below
        assert "E-BUSY" in text, text
        refused += 1
    _out, err = child.communicate(timeout=300)
    assert child.returncode == 0, err
    db = open_database(program, readonly=True)
    count = db.execute("SELECT count(*) FROM fleet_observation").fetchone()[0]
    db.close()
    if refused and status != 0:
        assert count == 20000  # refused every time: the import's rows are in the file it named
    assert refused or count in (0, 20000)


def _other_programme(tmp_path: Path) -> Path:
    other = tmp_path / "other" / "other.db"
    other.parent.mkdir()
    text = PLAN.read_text(encoding="utf-8")
    (tmp_path / "other.yaml").write_text(text.replace("code: ", "code: X", 1), encoding="utf-8")
    programs.init_database(other, tmp_path / "other.yaml")
    made = backups.backup_path(other, "test")
    assert made is not None
    return made.path


def _package(program: Path, tmp_path: Path) -> Path:
    status, text = _cli("--db", str(program), "export", "--reviewer", "R01", "-o", str(tmp_path / "r.review"))
    assert status == 0, text
    return tmp_path / "r.review"


def _redefined(sql: str) -> object:
    """A verified backup of this programme, then edited with plain sqlite3 (`{index}`: its first index)."""

    def make(program: Path, tmp_path: Path) -> Path:
        made = backups.backup_path(program, "test")
        assert made is not None
        copy = tmp_path / "evil.db"
        shutil.copyfile(made.path, copy)
        conn = sqlite3.connect(copy)
        (index,) = conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
        ).fetchone()
        conn.executescript(sql.format(index=index))
        conn.close()
        return copy

    return make


RESTORE_REFUSALS = {
    "other-programme": (lambda p, t: _other_programme(t), "E-RESTORE-OTHER-PROGRAM"),
    "package": (_package, "E-RESTORE-NOT-PROGRAM"),
    "redefined-index": (
        _redefined("DROP INDEX {index}; CREATE INDEX {index} ON program(code);"),
        "E-RESTORE-SCHEMA",
    ),
    "planted-view": (_redefined("CREATE VIEW audit_head AS SELECT 1;"), "E-RESTORE-SCHEMA"),
    "planted-trigger": (
        _redefined("CREATE TRIGGER t AFTER INSERT ON meta BEGIN DELETE FROM meta; END;"),
        "E-RESTORE-SCHEMA",
    ),
}


@pytest.mark.parametrize("case", sorted(RESTORE_REFUSALS))
def test_r18_restore_refuses_what_is_not_a_backup_of_this_programme(
    case: str, program: Path, tmp_path: Path
) -> None:
    make, code = RESTORE_REFUSALS[case]
    source = make(program, tmp_path)  # type: ignore[operator]
    inode, before = program.stat().st_ino, _siblings(program)
    status, text = _cli("--db", str(program), "restore", str(source))
    assert status == 1 and code in text, text
    sqlite_own = {"backups", "program.db-wal", "program.db-shm"}
    assert program.stat().st_ino == inode and _siblings(program) - sqlite_own == before - sqlite_own


def test_r18_a_corrupted_backup_is_refused_in_words(program: Path, tmp_path: Path) -> None:
    made = backups.backup_path(program, "test")
    assert made is not None
    bad = tmp_path / "corrupt.db"
    data = bytearray(made.path.read_bytes())
    for page in range(2, len(data) // 4096, 3):  # every third page after the header's
        data[page * 4096 + 200 : page * 4096 + 400] = b"\xff" * 200
    bad.write_bytes(bytes(data))
    inode = program.stat().st_ino
    status, text = _cli("--db", str(program), "restore", str(bad))
    assert status == 1 and "Traceback" not in text and "E-INTERNAL" not in text, text
    assert "E-RESTORE" in text or "E-BACKUP-CHECK" in text, text
    assert program.stat().st_ino == inode


@pytest.mark.parametrize("command", [["init", "--plan", str(PLAN)], ["demo"]])
def test_a_database_in_a_missing_folder_is_named_not_a_traceback(command: list[str], tmp_path: Path) -> None:
    status, text = _cli("--db", str(tmp_path / "no-such-folder" / "p.db"), *command)
    assert status == 1 and "E-NO-FOLDER" in text and "no-such-folder" in text, text
    assert not (tmp_path / "no-such-folder").exists()


@pytest.mark.parametrize(
    "command",
    [["sheet", "--reviewer", "R01", "--fy", "2027", "-o"], ["report", "--fy", "2027", "-o"]],
    ids=["sheet", "report"],
)
def test_an_output_file_is_never_the_database(command: list[str], program: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.pdf"
    link.symlink_to(program)
    for target in (program, link):
        before = program.read_bytes()
        status, text = _cli("--db", str(program), *command, str(target))
        assert status == 1 and "E-OUTPUT-IS-DATABASE" in text, text
        assert program.read_bytes() == before


def _page_one_from_the_wal(db: Path, wal: Path) -> None:
    """Put the newest page 1 of the -wal into the file, as a checkpoint killed after its first write
    leaves it: the header then counts pages the file does not have yet."""
    data = wal.read_bytes()
    page_size = int.from_bytes(data[8:12], "big")
    frame, newest = 32, None
    while frame + 24 + page_size <= len(data):
        if int.from_bytes(data[frame : frame + 4], "big") == 1:
            newest = data[frame + 24 : frame + 24 + page_size]
        frame += 24 + page_size
    assert newest is not None
    with db.open("r+b") as fh:
        fh.write(newest)


def test_a_checkpoint_killed_after_page_one_is_not_damage(program: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(program)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE scratch(x)")
    conn.executemany("INSERT INTO scratch VALUES (?)", [("x" * 3000,) for _ in range(200)])
    conn.commit()
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    shutil.copyfile(program, crashed / "program.db")
    shutil.copyfile(str(program) + "-wal", crashed / "program.db-wal")
    conn.close()
    db = crashed / "program.db"
    _page_one_from_the_wal(db, crashed / "program.db-wal")
    pages = int.from_bytes(db.read_bytes()[28:32], "big")
    assert pages * 4096 > db.stat().st_size  # what round 2's first gate called "truncated"
    from reviewer.services import startup

    health = startup.check_database(db)
    assert health.ok and not health.moved_to, health
    check = sqlite3.connect(db)
    assert check.execute("SELECT count(*) FROM scratch").fetchone()[0] == 200
    check.close()


def test_a_database_with_two_names_is_refused(program: Path, tmp_path: Path) -> None:
    other = tmp_path / "second-name.db"
    os.link(program, other)
    for name in (program, other):
        status, text = _cli("--db", str(name), "status", "--fy", "2027")
        assert status == 1 and "E-HARD-LINK" in text, text
    assert program.exists() and other.exists()


def test_a_symbolic_link_to_the_database_works_as_the_database(program: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.db"
    link.symlink_to(program)
    status, text = _cli("--db", str(link), "status", "--fy", "2027")
    assert status == 0, text
    made = backups.backup_path(program, "test")
    assert made is not None
    status, text = _cli("--db", str(link), "restore", str(made.path))
    assert status == 0, text
    assert link.is_symlink() and program.is_file()


def test_the_database_is_never_read_as_an_input(program: Path, tmp_path: Path) -> None:
    folder = tmp_path / "results"
    folder.mkdir()
    os.symlink(program, folder / "x.json")
    cases = [
        ["import", str(program)],
        ["import", str(FLEET), "--registry", str(program)],
        ["import", str(folder)],
        ["attach", "--milestone", "M27-B1", str(program)],
    ]
    for args in cases:
        status, text = _cli("--db", str(program), *args)
        assert status == 1 and "E-IMPORT-SELF" in text, (args, text)


def test_an_empty_db_argument_names_no_file(program: Path) -> None:
    status, text = _cli("--db", "", "status", "--fy", "2027")
    assert status == 1 and "E-NOT-A-FILE" in text, text
