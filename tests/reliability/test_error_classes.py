"""SPEC §10's error classes: every command against a read-only file, a read-only folder and a
database another process holds for writing. No traceback, no E-INTERNAL, never E-NOT-OURS.

Round 1 answered E-NOT-OURS for every command in a read-only folder and let `database is
locked` and `attempt to write a readonly database` reach the user as tracebacks. As root,
permissions do not stop writes, so the tests make read-only places the way root cannot write
to either: an immutable file (`chattr +i`) and a read-only bind mount.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from reviewer.cli import run
from reviewer.services import backups, diagnosis, programs
from reviewer.store import db as store_db

REPO = Path(__file__).resolve().parents[2]
PLAN = REPO / "tests" / "data" / "plans" / "valid.yaml"
FLEET = REPO / "tests" / "data" / "tabular" / "fleet_utf8.csv"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="read-only mounts and chmod are POSIX")


def _commands(out: Path, backup: Path) -> dict[str, list[str]]:
    return {
        "plan": ["plan", str(PLAN)],
        "import": ["import", str(FLEET)],
        "imports": ["imports"],
        "imports-remove": ["imports", "remove", "1"],
        "attach": ["attach", "--milestone", "M27-B1", str(out / "doc.pdf")],
        "evidence-add": [
            "evidence", "add", "--milestone", "M27-F1", "--value", "5", "--unit", "robots",
            "--effective-date", "2027-12-01", "--source", "call",
        ],
        "status": ["status", "--fy", "2027"],
        "sheet": ["sheet", "--reviewer", "R01", "--fy", "2027", "-o", str(out / "s.xlsx")],
        "consensus": ["consensus", "open", "--fy", "2027"],
        "override": ["override", "--milestone", "M27-B1", "--status", "met", "--reason", "seen"],
        "respond": ["respond", "--fy", "2027", "--comment", "1", "--text", "ok"],
        "decide": [
            "decide", "--fy", "2027", "--outcome", "continue", "--funding-jpy", "1", "--rationale", "r",
        ],
        "sign": ["sign", "--fy", "2027", "--by", "O01"],
        "condition": ["condition", "--fy", "2026", "--id", "1", "--status", "met"],
        "export": ["export", "--reviewer", "R01", "-o", str(out / "r.review")],
        "merge": ["merge", str(out / "none.review")],
        "verify": ["verify"],
        "backup": ["backup"],
        "restore": ["restore", str(backup)],
    }  # fmt: skip


@pytest.fixture
def place(tmp_path: Path) -> Iterator[tuple[Path, Path, Path]]:
    """(database, a writable folder for outputs, a verified backup) in a folder of its own."""
    folder = tmp_path / "place"
    folder.mkdir()
    db = folder / "program.db"
    programs.init_database(db, PLAN)
    made = backups.backup_path(db, "test")
    assert made is not None
    keep = tmp_path / "keep.db"
    shutil.copyfile(made.path, keep)
    out = tmp_path / "out"
    out.mkdir()
    (out / "doc.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    yield db, out, keep


@contextlib.contextmanager
def _read_only_file(db: Path) -> Iterator[None]:
    if os.geteuid() != 0:
        db.chmod(0o444)
        try:
            yield
        finally:
            db.chmod(0o644)
        return
    subprocess.run(["chattr", "+i", str(db)], check=True)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)


@contextlib.contextmanager
def _read_only_folder(db: Path) -> Iterator[None]:
    folder = db.parent
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@contextlib.contextmanager
def _held_for_writing(db: Path) -> Iterator[None]:
    code = (
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
        "c.execute('ROLLBACK')\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    try:
        yield
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=30)


CONDITIONS = {
    "read-only-file": _read_only_file,
    "read-only-folder": _read_only_folder,
    "locked": _held_for_writing,
}
EXPECTED = {"read-only-file": "E-READ-ONLY", "read-only-folder": "E-READ-ONLY", "locked": "E-BUSY"}
WRITES = {"import", "evidence-add", "override", "decide", "backup", "restore"}


@pytest.mark.parametrize("condition", sorted(CONDITIONS))
def test_every_command_answers_in_words_never_a_traceback(
    condition: str, place: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    db, out, backup = place
    # a short busy timeout, so a held database answers in a second rather than ten
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 300)
    monkeypatch.setattr(diagnosis, "BUSY_TIMEOUT_MS", 300)
    answers: dict[str, tuple[int, str]] = {}
    with CONDITIONS[condition](db):
        for name, args in _commands(out, backup).items():
            o, e = io.StringIO(), io.StringIO()
            code = run(["--db", str(db), "--lang", "en", *args], o, e)
            answers[name] = (code, o.getvalue() + e.getvalue())
    for name, (code, text) in answers.items():
        assert code != 70 and "E-INTERNAL" not in text, (name, text)
        assert "Traceback" not in text and "E-NOT-OURS" not in text, (name, text)
    for name in WRITES:
        code, text = answers[name]
        assert code == 1 and EXPECTED[condition] in text, (name, text)
    assert answers["status"][0] == 0, answers["status"]  # reading still works in every case


def test_a_number_sqlite_cannot_hold_is_a_usage_error(tmp_path: Path) -> None:
    err = io.StringIO()
    code = run(
        ["--db", str(tmp_path / "x.db"), "status", "--fy", "99999999999999999999999"], io.StringIO(), err
    )
    assert code == 2 and "too large" in err.getvalue() and "Traceback" not in err.getvalue()
