"""Every byte in is read as meant or refused at its place (issue 13; SPEC §4 "Files",
"Encodings, decided once per file", the numbers paragraph; §10 text limits; R11, R16, R20).

Each case goes through the command line on a real database: the exit status, the error line
(`FILE[:LINE[:COL]]: CODE`) and that nothing was written are checked."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from reviewer.cli import run

DATA = Path(__file__).resolve().parents[1] / "data"
PLAN = DATA / "plans" / "valid.yaml"
HEADER = "period,industry,operator,robots_deployed,robots_active,operating_hours\n"


def cli(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["--lang", "en", *argv], out, err)
    return code, out.getvalue() + err.getvalue()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    code, text = cli("--db", str(path), "init", "--plan", str(PLAN))
    assert code == 0, text
    return path


def evidence_count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM evidence").fetchone()[0])


def refused(db: Path, path: Path, *options: str) -> str:
    code, text = cli("--db", str(db), "import", str(path), *options)
    assert code == 1, text
    assert "Traceback" not in text
    assert evidence_count(db) == 0
    return text


# --------------------------------------------------------------------------- encodings


def test_utf8_lines_then_cp932_lines_are_refused_at_the_first_cp932_line(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    utf8 = (HEADER + "2027-04,医療,Café,10,8,1\n").encode()
    path.write_bytes(utf8 + "2027-05,医療,カフェ,10,8,1\n".encode("cp932"))
    text = refused(db, path)
    assert "mixed.csv:3:9: E-ENCODING" in text
    assert f"byte offset {len(utf8) + 8}" in text


def test_latin1_is_refused_with_its_place_and_reason_not_as_an_unknown_format(
    db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "2027-04,medical,Sociétés Réunies,10,8,1\n").encode("latin-1"))
    text = refused(db, path)
    assert "latin1.csv:2:21: E-ENCODING" in text and "E-UNKNOWN-FORMAT" not in text
    assert "UTF-8 throughout or CP932 throughout" in text


def test_invalid_utf8_c0_af_beside_a_letter_is_refused(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "c0af.csv"
    path.write_bytes(HEADER.encode() + b"2027-04,medical,A\xc0\xafB,10,8,1\n")
    assert "c0af.csv:2:18: E-ENCODING" in refused(db, path)


def test_a_real_cp932_file_imports_and_the_line_names_the_encoding(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "cp932.csv"
    path.write_bytes((HEADER + "2027-04,医療,ｻｸﾗﾀﾞｲﾆﾝｸﾞ 髙橋①,10,8,1\n").encode("cp932"))
    code, text = cli("--db", str(db), "import", str(path))
    assert code == 0, text
    assert "encoding: cp932" in text
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT operator FROM fleet_observation").fetchone()[0] == "ｻｸﾗﾀﾞｲﾆﾝｸﾞ 髙橋①"


def test_a_utf8_file_says_utf8(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_text(HEADER + "2027-04,医療,Café,10,8,1\n", encoding="utf-8")
    code, text = cli("--db", str(db), "import", str(path))
    assert code == 0 and "encoding: utf-8" in text, text


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("row", "code", "column"),
    [
        ("2027-04,医療,A,99999999999999999999,8,1", "E-NUMBER-RANGE", 4),
        ("2027-04,医療,A,10,8,1e-400", "E-NUMBER-UNDERFLOW", 6),
        ("2027-04,医療,A,10,8,123456789012345678901234567890", "E-NUMBER-PRECISION", 6),
        ("2027-04,医療,A,10,8.5,1", "E-NOT-WHOLE", 5),
    ],
)
def test_numbers_the_store_cannot_hold_are_refused_at_their_cell(
    db: Path, tmp_path: Path, row: str, code: str, column: int
) -> None:
    path = tmp_path / "n.csv"
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    assert f"n.csv:2:{column}: {code}" in refused(db, path)


def test_every_bad_number_of_a_file_is_listed_in_one_pass(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "n.csv"
    rows = ["2027-04,医療,A,99999999999999999999,8,1", "2027-05,医療,B,10,8,1e-400", "2027-06,医療,C,x,8,1"]
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    text = refused(db, path)
    assert "n.csv:2:4: E-NUMBER-RANGE" in text and "n.csv:3:6: E-NUMBER-UNDERFLOW" in text
    assert "n.csv:4:4: E-NUMBER " in text


def test_a_lm_eval_value_of_1e_minus_400_is_refused_not_stored_as_zero(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text(
        '{"results": {"arc": {"alias": "arc", "acc,none": 1e-400, "acc_stderr,none": 0.01}},'
        ' "versions": {"arc": 1}, "config": {"model_args": "pretrained=acme/robo"}}',
        encoding="utf-8",
    )
    assert "E-NUMBER-UNDERFLOW" in refused(db, path)


def test_a_plan_ceiling_of_ten_to_the_23_is_refused_at_its_line(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN.read_text().replace("ceiling_jpy: 1000000000000", "ceiling_jpy: " + "1" + "0" * 23))
    code, text = cli("--db", str(tmp_path / "x.db"), "init", "--plan", str(plan))
    assert code == 1 and "plan.yaml:6: E-NUMBER-RANGE" in text, text


# --------------------------------------------------------------------------- surrogates


def test_a_lone_surrogate_in_lm_eval_json_is_refused_at_its_place(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text(
        '{"results": {"arc": {"alias": "arc\\ud800", "acc,none": 0.5}},\n'
        ' "versions": {"arc": 1}, "config": {"model_args": "pretrained=acme/robo"}}',
        encoding="utf-8",
    )
    assert "results.json:1:31: E-SURROGATE" in refused(db, path)


def test_a_lone_surrogate_in_a_model_card_is_refused_at_its_line(db: Path, tmp_path: Path) -> None:
    card = (DATA / "json" / "model_card.md").read_text(encoding="utf-8")
    path = tmp_path / "README.md"
    path.write_text(
        card.replace("base_model: acme/robo-base", 'base_model: "acme/robo\\udfff"'), encoding="utf-8"
    )
    assert "README.md:6:13: E-SURROGATE" in refused(db, path)


def test_a_lone_surrogate_in_a_plan_is_refused_and_a_valid_escaped_pair_is_read(tmp_path: Path) -> None:
    lone = tmp_path / "lone.yaml"
    lone.write_text(PLAN.read_text().replace("implementer: Noetra consortium", 'implementer: "N \\ud800"'))
    code, text = cli("--db", str(tmp_path / "a.db"), "init", "--plan", str(lone))
    assert code == 1 and "lone.yaml:5:16: E-SURROGATE" in text, text
    pair = tmp_path / "pair.yaml"
    pair.write_text(
        PLAN.read_text().replace("implementer: Noetra consortium", 'implementer: "N \\ud83e\\udd16"')
    )
    code, text = cli("--db", str(tmp_path / "b.db"), "init", "--plan", str(pair))
    assert code == 0, text
    with sqlite3.connect(tmp_path / "b.db") as conn:
        assert conn.execute("SELECT implementer FROM program").fetchone()[0] == "N 🤖"


def test_a_10000_character_programme_code_is_refused_at_its_line(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN.read_text().replace("code: PAI", "code: " + "P" * 10_000))
    code, text = cli("--db", str(tmp_path / "x.db"), "init", "--plan", str(plan))
    assert code == 1 and "plan.yaml:3: E-TOO-LONG program.code: 10000 characters" in text, text


# --------------------------------------------------------------------------- files


def _refused_at_once(db: Path, path: Path) -> str:
    started = time.monotonic()
    code, text = cli("--db", str(db), "import", str(path))
    assert time.monotonic() - started < 10
    assert code == 1 and "E-NOT-A-FILE" in text, text
    return text


def test_dev_zero_is_not_a_file(db: Path) -> None:
    assert "device" in _refused_at_once(db, Path("/dev/zero"))


def test_a_fifo_is_refused_at_once_without_opening_it(db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    # A reader that opened it would block for ever; a writer on a thread would unblock it.
    done = threading.Event()
    worker = threading.Thread(target=lambda: (_refused_at_once(db, fifo), done.set()), daemon=True)
    worker.start()
    worker.join(15)
    assert done.is_set(), "the import blocked on the FIFO"
    assert fifo.exists()


def test_a_folder_no_folder_format_reads_is_not_a_file(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "x.csv").write_text(HEADER, encoding="utf-8")
    assert "folder" in _refused_at_once(db, folder)


def test_a_folder_with_a_named_file_format_is_not_a_file(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    code, text = cli("--db", str(db), "import", str(folder), "--format", "fleet-report")
    assert code == 1 and "E-NOT-A-FILE" in text, text


def test_a_symlink_inside_eval_results_is_refused_at_its_path_and_not_followed(
    db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / ".eval_results"
    folder.mkdir()
    shutil.copy(
        DATA / "json" / ".eval_results" / next(iter(os.listdir(DATA / "json" / ".eval_results"))),
        folder / "a.yaml",
    )
    outside = tmp_path / "outside.yaml"
    outside.write_text("- dataset: {id: secret/data, task_id: t}\n  value: 0.99\n", encoding="utf-8")
    (folder / "b.yaml").symlink_to(outside)
    code, text = cli("--db", str(db), "import", str(folder), "--model", "acme/robo")
    assert code == 1, text
    assert ".eval_results/b.yaml: E-SYMLINK" in text
    assert evidence_count(db) == 0


def test_nul_in_a_csv_row_is_refused_at_its_line(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(HEADER.encode() + b"2027-04,medical,A\x00B,10,8,1\n")
    assert "nul.csv:2:18: E-NUL" in refused(db, path)


def test_a_10000_character_operator_is_refused_at_its_cell(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(HEADER + "2027-04,medical," + "o" * 10_000 + ",10,8,1\n", encoding="utf-8")
    assert "long.csv:2:3: E-TOO-LONG" in refused(db, path)


def test_a_comment_over_the_limit_is_refused_on_the_command_line(db: Path) -> None:
    code, text = cli(
        "--db", str(db), "decide", "--fy", "2026", "--outcome", "continue", "--funding-jpy", "387300000000",
        "--rationale", "r" * 10_001,
    )  # fmt: skip
    assert code == 1 and "E-TOO-LONG" in text and "10001" in text, text


def test_a_desktop_comment_over_the_limit_is_refused_and_one_at_the_limit_is_kept(db: Path) -> None:
    from reviewer.core.errors import InputRefused
    from reviewer.services import assessments
    from reviewer.store.db import open_database

    database = open_database(db)
    try:
        with pytest.raises(InputRefused) as caught:
            assessments.save_target(
                database, assessments.TargetValues("R01", 2027, "overall", None, issues="i" * 10_001)
            )
        [problem] = caught.value.problems
        assert (problem.code, problem.params["field"], problem.params["length"]) == (
            "E-TOO-LONG",
            "issues",
            10_001,
        )
        assessments.save_target(
            database, assessments.TargetValues("R01", 2027, "overall", None, issues="i" * 10_000)
        )
    finally:
        database.close()


def test_a_manual_value_of_1e_minus_400_is_refused(db: Path) -> None:
    code, text = cli(
        "--db", str(db), "evidence", "add", "--milestone", "M27-F1", "--value", "1e-400", "--unit", "robots",
        "--effective-date", "2027-05-01", "--source", "phone call",
    )  # fmt: skip
    assert code == 1 and "E-MANUAL-VALUE" in text, text


def test_a_yaml_value_of_1e_minus_400_in_eval_results_is_refused_at_its_line(
    db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "gpqa.yaml"
    path.write_text(
        "- dataset:\n    id: Idavidrein/gpqa\n    task_id: diamond\n  value: 1e-400\n  date: '2025-01-01'\n",
        encoding="utf-8",
    )
    assert "gpqa.yaml:4: E-NUMBER-UNDERFLOW" in refused(db, path, "--model", "acme/robo")
