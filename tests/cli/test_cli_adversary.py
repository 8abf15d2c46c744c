"""An adversarial pass over `reviewer` (round 2, last session): a clumsy or hostile user, a
second process and a file edited by plain sqlite3, each through the real command line.

Every case here failed on the code before it: a trigger planted by sqlite3 that silently
swallowed every audit entry while `verify` said all was well; a database of a newer version
opened and written; `status | head -1`, a folder given as a sheet's `-o`, a 100,000-character
file name and a symbolic-link loop each ended in E-INTERNAL; and `--fy abc` was answered in
English under `--lang ja`.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_runner import reviewer

REPO = Path(__file__).resolve().parents[2]
PLAN = REPO / "tests" / "data" / "plans" / "valid.yaml"
FLEET = REPO / "tests" / "data" / "tabular" / "fleet_utf8.csv"
LANGS = ("ja", "en")


@pytest.fixture
def program(valid_program: Path) -> Path:
    return valid_program


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _no_traceback(code: int, err: str) -> None:
    assert code != 70 and "E-INTERNAL" not in err and "Traceback" not in err, (code, err)


# --------------------------------------------------------------------------- a planted trigger


@pytest.mark.parametrize("lang", LANGS)
def test_verify_names_a_trigger_planted_by_sqlite3_that_swallows_the_audit_log(
    program: Path, lang: str
) -> None:
    conn = sqlite3.connect(program)
    conn.execute("CREATE TRIGGER mute BEFORE INSERT ON audit_log BEGIN SELECT RAISE(IGNORE); END")
    conn.commit()
    conn.close()
    entries = _rows(program, "SELECT count(*) FROM audit_log")
    code, _out, _err = reviewer(
        "--db", str(program), "override", "--milestone", "M27-B1", "--status", "met", "--reason", "seen"
    )
    assert code == 0
    assert _rows(program, "SELECT count(*) FROM audit_log") == entries  # the write went unaudited
    code, out, err = reviewer("--db", str(program), "--lang", lang, "verify")
    _no_traceback(code, err)
    assert code == 1, out + err
    assert "V-TRIGGER-EXTRA" in out + err and "mute" in out + err
    word = "トリガー" if lang == "ja" else "trigger"
    assert word in out + err


def test_verify_of_an_untouched_database_still_says_all_is_well(program: Path) -> None:
    code, out, err = reviewer("--db", str(program), "--lang", "en", "verify")
    assert code == 0, out + err


# --------------------------------------------------------------------------- a newer version's file


def _from_a_newer_version(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations(migration_set, name, applied_at)"
        " VALUES ('reviewer', 'm099_from_the_future', '2031-04-01')"
    )
    conn.execute("CREATE TABLE future_thing(id INTEGER PRIMARY KEY, what TEXT)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "command",
    [
        ["override", "--milestone", "M27-B1", "--status", "met", "--reason", "seen"],
        ["import", str(FLEET)],
        ["status", "--fy", "2027"],
        ["verify"],
    ],
)
def test_a_database_of_a_newer_version_is_refused_by_name_and_left_as_it_is(
    program: Path, command: list[str], lang: str
) -> None:
    _from_a_newer_version(program)
    before = _sha(program)
    code, out, err = reviewer("--db", str(program), "--lang", lang, *command)
    _no_traceback(code, err)
    assert code == 1, out + err
    assert "E-SCHEMA-NEWER" in err and "m099_from_the_future" in err and str(program) in err
    assert ("新しい" if lang == "ja" else "newer") in err
    assert _sha(program) == before
    assert _rows(program, "SELECT count(*) FROM committee_status") == [(0,)]


# --------------------------------------------------------------------------- a reader that goes away


@pytest.mark.parametrize("command", [["status", "--fy", "2027"], ["imports"]])
def test_a_reader_that_goes_away_is_no_internal_error(program: Path, command: list[str]) -> None:
    """`reviewer status | head -1`: the pipe's reader has gone before the output is written."""
    child = subprocess.Popen(
        [sys.executable, "-m", "reviewer", "--db", str(program), "--lang", "en", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader is gone before the child has printed a byte
    err = child.stderr.read().decode("utf-8", "replace")
    code = child.wait(timeout=60)
    _no_traceback(code, err)
    assert "BrokenPipe" not in err and "Exception ignored" not in err, err
    assert code == 141, (code, err)  # as a shell reports a command ended by SIGPIPE (128 + 13)


# --------------------------------------------------------------------------- paths that cannot be used


@pytest.mark.parametrize("lang", LANGS)
def test_a_folder_as_the_sheet_output_is_refused_by_name(program: Path, tmp_path: Path, lang: str) -> None:
    folder = tmp_path / "sheets"
    folder.mkdir()
    code, out, err = reviewer(
        "--db", str(program), "--lang", lang, "sheet", "--reviewer", "R01", "--fy", "2027", "-o", str(folder)
    )
    _no_traceback(code, err)
    assert code == 1 and "E-SHEET-OUTPUT" in err and str(folder) in err, out + err
    assert ("フォルダー" if lang == "ja" else "folder") in err
    assert list(folder.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["prog", "sheets"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_sheet_output_under_a_file_is_refused_by_name(program: Path, tmp_path: Path, lang: str) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine", encoding="utf-8")
    target = blocker / "s.xlsx"
    code, out, err = reviewer(
        "--db", str(program), "--lang", lang, "sheet", "--reviewer", "R01", "--fy", "2027", "-o", str(target)
    )
    _no_traceback(code, err)
    assert code == 1 and "E-SHEET-OUTPUT" in err and str(target) in err, out + err
    assert blocker.read_text(encoding="utf-8") == "mine"


def _symlink_loop(tmp_path: Path) -> Path:
    (tmp_path / "loop-a").symlink_to(tmp_path / "loop-b")
    (tmp_path / "loop-b").symlink_to(tmp_path / "loop-a")
    return tmp_path / "loop-a"


LONG_NAME = "n" * 100_000


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "command",
    [
        ["import", LONG_NAME],
        ["restore", LONG_NAME],
        ["report", "--fy", "2027", "-o", LONG_NAME],
        ["merge", "{loop}"],
    ],
    ids=["import-long", "restore-long", "report-long", "merge-loop"],
)
def test_a_path_that_cannot_be_used_is_named_not_an_internal_error(
    program: Path, tmp_path: Path, command: list[str], lang: str
) -> None:
    loop = _symlink_loop(tmp_path)
    named = {"{loop}": str(loop), LONG_NAME: str(tmp_path / LONG_NAME)}
    command = [named.get(part, part) for part in command]
    before = _sha(program)
    entries = _rows(program, "SELECT count(*) FROM audit_log")
    code, out, err = reviewer("--db", str(program), "--lang", lang, *command)
    _no_traceback(code, err)
    assert code == 1, out + err
    assert _rows(program, "SELECT count(*) FROM audit_log") == entries
    if command[0] != "merge":  # a merge takes its backup (SPEC §11) before it reads the package
        assert _sha(program) == before


@pytest.mark.parametrize("lang", LANGS)
def test_a_database_name_too_long_for_the_file_system_is_named(tmp_path: Path, lang: str) -> None:
    code, out, err = reviewer(
        "--db", str(tmp_path / LONG_NAME[:5000]), "--lang", lang, "status", "--fy", "2027"
    )
    _no_traceback(code, err)
    assert code == 1 and "E-PATH" in err, out + err
    assert ("長すぎ" if lang == "ja" else "too long") in err


# --------------------------------------------------------------------------- numbers in the chosen language


@pytest.mark.parametrize(
    "command",
    [["status"], ["decide", "--outcome", "stop", "--funding-jpy", "0", "--rationale", "r"], ["comments"]],
    ids=["status", "decide", "comments"],
)
@pytest.mark.parametrize("value", ["abc", "", "99999999999999999999999"])
def test_a_number_that_is_not_one_is_a_usage_error_in_the_chosen_language(
    program: Path, command: list[str], value: str
) -> None:
    said = {}
    for lang in LANGS:
        code, out, err = reviewer("--db", str(program), "--lang", lang, *command, "--fy", value)
        _no_traceback(code, err)
        assert code == 2, (lang, out + err)
        said[lang] = err
    assert "--fy" in said["ja"] and "--fy" in said["en"]
    assert "invalid" not in said["ja"] and "too large" not in said["ja"], said["ja"]
    too_large = value.isdigit()
    assert ("大きすぎ" if too_large else "整数ではありません") in said["ja"], said["ja"]
    assert ("too large" if too_large else "whole number") in said["en"], said["en"]


# --------------------------------------------------------------------------- an output that is not a file


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def _folder(tmp_path: Path) -> Path:
    path = tmp_path / "out"
    path.mkdir()
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("make", [_fifo, _folder], ids=["fifo", "folder"])
@pytest.mark.parametrize(
    "command",
    [["report", "--fy", "2027", "-o"], ["sheet", "--reviewer", "R01", "--fy", "2027", "-o"]],
    ids=["report", "sheet"],
)
def test_an_output_that_is_not_a_regular_file_is_refused_and_stays_what_it_was(
    program: Path, tmp_path: Path, command: list[str], make: object, lang: str
) -> None:
    """`-o /dev/null` as root replaced the system's /dev/null with a PDF: a device, a FIFO or a
    folder at the output path is refused and left as it is (a FIFO here: no root needed)."""
    assert callable(make)
    target: Path = make(tmp_path)
    kind = os.lstat(target).st_mode
    code, out, err = reviewer("--db", str(program), "--lang", lang, *command, str(target))
    _no_traceback(code, err)
    assert code == 1 and str(target) in err, out + err
    assert "E-REPORT-OUTPUT" in err or "E-SHEET-OUTPUT" in err, err
    assert os.lstat(target).st_mode == kind  # still a FIFO or a folder, not replaced by a file
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["prog", target.name])


# --------------------------------------------------------------------------- init: the plan and the place


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("what", ["fifo", "dev-zero"])
@pytest.mark.parametrize("command", ["init", "plan"])
def test_a_plan_that_is_a_fifo_or_a_device_is_refused_at_once(
    program: Path, tmp_path: Path, what: str, command: str, lang: str
) -> None:
    """`init --plan FIFO` waited for a writer for ever; `/dev/zero` would be read without end."""
    plan = _fifo(tmp_path) if what == "fifo" else Path("/dev/zero")
    db = tmp_path / "new.db" if command == "init" else program
    args = ["init", "--plan", str(plan)] if command == "init" else ["plan", str(plan)]
    before = _sha(program)
    child = subprocess.run(
        [sys.executable, "-m", "reviewer", "--db", str(db), "--lang", lang, *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    _no_traceback(child.returncode, child.stderr)
    assert child.returncode == 1 and "E-NOT-A-FILE" in child.stderr and str(plan) in child.stderr
    assert not (tmp_path / "new.db").exists() and _sha(program) == before


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_init_never_makes_a_database_out_of_another_ones_log(program: Path, suffix: str, lang: str) -> None:
    """`init --db program.db-wal` made a database where program.db's log goes: the next command
    on program.db found a foreign -wal and moved the good database aside as damaged."""
    log = Path(str(program) + suffix)
    log.write_bytes(b"")  # an empty log, as SQLite can leave one
    before = _sha(program)
    code, out, err = reviewer("--db", str(log), "--lang", lang, "init", "--plan", str(PLAN))
    _no_traceback(code, err)
    assert code == 1 and str(log) in err and "E-DB-IS-LOG" in err, out + err
    assert log.read_bytes() == b""
    code, out, err = reviewer("--db", str(program), "--lang", lang, "status", "--fy", "2027")
    assert code == 0, out + err
    assert program.exists() and _sha(program) == before
    assert not list(program.parent.glob("*damaged*"))


@pytest.mark.parametrize("lang", LANGS)
def test_init_at_a_folder_says_it_is_a_folder(tmp_path: Path, lang: str) -> None:
    folder = _folder(tmp_path)
    code, out, err = reviewer("--db", str(folder), "--lang", lang, "init", "--plan", str(PLAN))
    _no_traceback(code, err)
    assert code == 1 and "E-NOT-A-FILE" in err and "E-DB-NOT-EMPTY" not in err, out + err
    assert list(folder.iterdir()) == []


# --------------------------------------------------------------------------- a typed-in value


def _manual(program: Path, lang: str, value: str) -> tuple[int, str]:
    code, out, err = reviewer(
        "--db", str(program), "--lang", lang, "evidence", "add", "--milestone", "M27-F1",
        f"--value={value}", "--unit", "robots", "--effective-date", "2027-12-01", "--source", "phone call",
    )  # fmt: skip
    _no_traceback(code, err)
    return code, out + err


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("value", ["1,5", "12,34", ",5", "1,2,3", "1_000"])
def test_a_manual_value_with_a_comma_that_groups_no_thousands_is_refused(
    program: Path, value: str, lang: str
) -> None:
    """`--value 1,5` (a decimal comma) was stored as 15: every comma was dropped. Only thousands
    separators are read, as in every file (SPEC §4: "1,250")."""
    code, text = _manual(program, lang, value)
    assert code == 1 and "E-MANUAL-VALUE" in text and value in text, text
    assert _rows(program, "SELECT count(*) FROM manual_evidence") == [(0,)]


@pytest.mark.parametrize(
    "value, stored", [("1,250", 1250.0), ("1,250.5", 1250.5), ("０.５", 0.5), (" 5 ", 5.0)]
)
def test_a_manual_value_as_files_write_it_is_read_as_meant(program: Path, value: str, stored: float) -> None:
    code, text = _manual(program, "en", value)
    assert code == 0, text
    assert _rows(program, "SELECT value FROM manual_evidence") == [(stored,)]


# --------------------------------------------------------------------------- inputs that never end


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev/zero are POSIX")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "command, what", [("verify", "fifo"), ("verify", "dev-zero"), ("merge", "fifo")]
)  # (merge /dev/zero was refused at once already: SQLite reads a header of zeros)
def test_a_pdf_or_package_that_is_a_fifo_or_a_device_is_refused_at_once(
    program: Path, tmp_path: Path, what: str, command: str, lang: str
) -> None:
    """`verify FIFO` and `merge FIFO` waited for a writer for ever; `verify /dev/zero` read
    without end (R16: refused from its stat, never opened)."""
    given = _fifo(tmp_path) if what == "fifo" else Path("/dev/zero")
    entries = _rows(program, "SELECT count(*) FROM audit_log")
    child = subprocess.run(
        [sys.executable, "-m", "reviewer", "--db", str(program), "--lang", lang, command, str(given)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    _no_traceback(child.returncode, child.stderr)
    assert child.returncode == 1 and str(given.name) in child.stderr, child.stderr
    assert ("FIFO" if what == "fifo" else "device") in child.stderr
    assert _rows(program, "SELECT count(*) FROM audit_log") == entries


# --------------------------------------------------------------------------- the remembered database


@pytest.mark.parametrize("content", [b"\xff\xfe\x00not text", b"/tmp/a\x00b.db"], ids=["not-utf8", "nul"])
def test_an_unreadable_memory_of_the_last_database_is_as_if_none_were_remembered(content: bytes) -> None:
    """A damaged last-database.txt (a crash while it was written) ended every command without
    --db in E-INTERNAL (UnicodeDecodeError, 'embedded null byte')."""
    from reviewer import resources

    state = resources.state_file()
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_bytes(content)
    for lang in LANGS:
        code, out, err = reviewer("--lang", lang, "status", "--fy", "2027")
        _no_traceback(code, err)
        assert code == 2 and "--db" in err, (lang, out + err)


# --------------------------------------------------------------------------- a missing folder, in words


def test_an_output_in_a_missing_folder_is_said_in_japanese_under_lang_ja(
    program: Path, tmp_path: Path
) -> None:
    """The report's and the key's refusal carried the English clause "no such folder" inside
    the Japanese message."""
    secret = tmp_path / "pass.txt"
    secret.write_text("correct horse battery staple\n", encoding="utf-8")
    for command in (
        ["report", "--fy", "2027", "-o", str(tmp_path / "missing" / "r.pdf")],
        [
            "keys",
            "new",
            "--officer",
            "O01",
            "-o",
            str(tmp_path / "missing" / "k.p12"),
            "--passphrase-file",
            str(secret),
        ],
    ):
        code, out, err = reviewer("--db", str(program), "--lang", "ja", *command)
        _no_traceback(code, err)
        assert code == 1 and "フォルダー" in err and "no such folder" not in err, out + err
        code, out, err = reviewer("--db", str(program), "--lang", "en", *command)
        assert code == 1 and "no such folder" in err, out + err
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize("lang", LANGS)
def test_a_sheet_is_never_written_over_an_existing_file(program: Path, tmp_path: Path, lang: str) -> None:
    """A sheet comes back filled in by its reviewer; a second `sheet -o` to the same name replaced
    it silently. Refused like export, backup and keys, the file left byte for byte."""
    target = tmp_path / "R01-2027.xlsx"
    code, out, err = reviewer(
        "--db", str(program), "--lang", lang, "sheet", "--reviewer", "R01", "--fy", "2027", "-o", str(target)
    )
    assert code == 0, out + err
    filled = target.read_bytes() + b"the reviewer's work"
    target.write_bytes(filled)
    code, out, err = reviewer(
        "--db", str(program), "--lang", lang, "sheet", "--reviewer", "R01", "--fy", "2027", "-o", str(target)
    )
    _no_traceback(code, err)
    assert code == 1 and "E-SHEET-EXISTS" in err and str(target) in err, out + err
    assert ("既にあります" if lang == "ja" else "already exists") in err
    assert target.read_bytes() == filled


def _on_a_terminal(*args: str) -> bytes:
    """What `reviewer ARGS` writes to a terminal (a pseudo-terminal: stdout and stderr)."""
    import pty

    primary, secondary = pty.openpty()
    try:
        child = subprocess.run(
            [sys.executable, "-m", "reviewer", "--lang", "en", *args],
            stdout=secondary,
            stderr=secondary,
            timeout=120,
        )
        os.close(secondary)
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the terminal's other end has closed: all was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(primary)
    assert child.returncode == 0, shown
    return shown


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_control_characters_from_a_file_are_shown_not_obeyed_by_a_terminal(
    program: Path, tmp_path: Path
) -> None:
    """A file name (or any text from a file or package) with ESC sequences or a bidi override:
    printed raw, a terminal clears its screen, retitles itself or shows the text reordered."""
    hostile = tmp_path / "bench\x1b[2J\x1b]0;owned\x07\u202egpj.csv"
    hostile.write_bytes((Path(__file__).parents[1] / "data" / "tabular" / "benchmark.csv").read_bytes())
    imported = _on_a_terminal("--db", str(program), "import", str(hostile))
    listed = _on_a_terminal("--db", str(program), "imports")
    for shown in (imported, listed):
        assert b"\x1b" not in shown and b"\x07" not in shown and "\u202e".encode() not in shown, shown
        assert b"bench\\x1b[2J\\x1b]0;owned\\x07\\u202egpj.csv" in shown, shown
    assert b"100%\r" in imported  # the progress line still redraws itself
    # to a pipe or a file the text stays as stored (what a script reads is the file's name)
    code, out, err = reviewer("--db", str(program), "--lang", "en", "imports", "--json")
    assert code == 0, err
    assert [b["file_name"] for b in json.loads(out)] == [hostile.name]
