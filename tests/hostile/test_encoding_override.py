"""`--encoding utf-8|cp932` (SPEC §4 "Encodings, decided once per file"): it overrides the
decision, never the strictness. A byte the named encoding does not hold is refused at its
place, never replaced; the batch records the encoding used and the import line names it.

Each case runs the command line on a real database, or the preview service the desktop uses."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import Workbook

from reviewer.services import import_preview
from reviewer.services.evidence import ImportOptions
from reviewer.store.db import open_database
from tests.hostile.test_bytes_in import DATA, HEADER, cli, evidence_count, refused

# `ﾃｽﾄ` in CP932 is C3 BD C4: C3 BD is also UTF-8 (`ý`), so the automatic decision reads UTF-8
# when the rest of the line allows it. A person who knows the file is CP932 says so.
KATAKANA_AS_UTF8 = "ﾃｽ".encode("cp932")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    code, text = cli("--db", str(path), "init", "--plan", str(DATA / "plans" / "valid.yaml"))
    assert code == 0, text
    return path


def _operators(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT operator FROM fleet_observation ORDER BY evidence_id")]


def _batch_encodings(db: Path) -> list[str | None]:
    code, text = cli("--db", str(db), "imports", "--json")
    assert code == 0, text
    return [batch["encoding"] for batch in json.loads(text)]


def _fleet(path: Path, operator: bytes) -> Path:
    path.write_bytes(HEADER.encode() + b"2027-04,medical," + operator + b",10,8,1\n")
    return path


def test_cp932_bytes_that_are_also_utf8_read_as_utf8_unless_cp932_is_named(db: Path, tmp_path: Path) -> None:
    path = _fleet(tmp_path / "f.csv", KATAKANA_AS_UTF8)
    code, text = cli("--db", str(db), "import", str(path), "--encoding", "cp932")
    assert code == 0, text
    assert "encoding: cp932" in text
    assert _operators(db) == ["ﾃｽ"]
    assert _batch_encodings(db) == ["cp932"]


def test_without_the_flag_the_same_bytes_read_as_utf8_and_the_line_says_so(db: Path, tmp_path: Path) -> None:
    path = _fleet(tmp_path / "f.csv", KATAKANA_AS_UTF8)
    code, text = cli("--db", str(db), "import", str(path))
    assert code == 0 and "encoding: utf-8" in text, text
    assert _operators(db) == ["ý"]


def test_a_cp932_name_the_decision_refuses_imports_when_cp932_is_named(db: Path, tmp_path: Path) -> None:
    # half-width katakana touching a Latin letter is the mark of misread bytes, so the automatic
    # decision refuses it; the person who knows the file names its encoding
    path = _fleet(tmp_path / "f.csv", "Acmeｶﾅ".encode("cp932"))
    assert "f.csv:2:21: E-ENCODING" in refused(db, path)
    code, text = cli("--db", str(db), "import", str(path), "--encoding", "cp932")
    assert code == 0 and "encoding: cp932" in text, text
    assert _operators(db) == ["Acmeｶﾅ"]


def test_utf8_named_for_a_cp932_file_is_refused_at_the_first_bad_byte(db: Path, tmp_path: Path) -> None:
    path = _fleet(tmp_path / "f.csv", "髙橋".encode("cp932"))
    text = refused(db, path, "--encoding", "utf-8")
    assert "f.csv:2:17: E-ENCODING-GIVEN" in text
    assert f"byte offset {len(HEADER) + 16}" in text and "utf-8" in text


@pytest.mark.parametrize("bad", [b"\x80", b"\xa0", b"\xfd", b"\x81\x20"])
def test_a_byte_cp932_does_not_hold_is_refused_at_its_place_never_replaced(
    db: Path, tmp_path: Path, bad: bytes
) -> None:
    path = _fleet(tmp_path / "f.csv", b"AB" + bad + b"C")
    text = refused(db, path, "--encoding", "cp932")
    assert "f.csv:2:19: E-ENCODING-GIVEN" in text, text
    assert "cp932" in text


def test_a_bom_with_utf8_named_is_read_as_utf8(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + "2027-04,medical,Café,10,8,1\n").encode())
    code, text = cli("--db", str(db), "import", str(path), "--encoding", "utf-8")
    assert code == 0 and "encoding: utf-8-sig" in text, text
    assert _operators(db) == ["Café"]


def test_an_unknown_encoding_is_a_usage_error(db: Path, tmp_path: Path) -> None:
    path = _fleet(tmp_path / "f.csv", b"A")
    code, text = cli("--db", str(db), "import", str(path), "--encoding", "latin-1")
    assert code == 2 and "--encoding" in text and "Traceback" not in text, text
    assert evidence_count(db) == 0


def test_the_same_bytes_with_another_encoding_are_other_options(db: Path, tmp_path: Path) -> None:
    path = _fleet(tmp_path / "f.csv", KATAKANA_AS_UTF8)
    assert cli("--db", str(db), "import", str(path))[0] == 0
    code, text = cli("--db", str(db), "import", str(path), "--encoding", "cp932")
    assert code == 1 and "E-IMPORT-OPTIONS" in text, text
    # and the same bytes with the same (automatic) choice are skipped, as before the flag
    code, text = cli("--db", str(db), "import", str(path))
    assert code == 0 and "skipped" in text.lower(), text


def test_a_workbook_is_not_text_and_an_encoding_for_it_is_refused(db: Path, tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(HEADER.strip().split(","))
    book.active.append(["2027-04", "medical", "A", 10, 8, 1])
    path = tmp_path / "f.xlsx"
    book.save(path)
    text = refused(db, path, "--encoding", "cp932")
    assert "f.xlsx: E-ENCODING-NOT-TEXT" in text


# --------------------------------------------------------------------------- whole documents


def _card(tmp_path: Path, name: str, encoding: str) -> Path:
    card = (DATA / "json" / "model_card.md").read_text(encoding="utf-8")
    path = tmp_path / "README.md"
    path.write_bytes(card.replace("base_model: acme/robo-base", f"base_model: acme/{name}").encode(encoding))
    return path


def test_a_cp932_model_card_is_read_as_cp932_and_utf8_named_refuses_it_at_its_line(
    db: Path, tmp_path: Path
) -> None:
    path = _card(tmp_path, "ロボ髙", "cp932")
    text = refused(db, path, "--encoding", "utf-8")
    assert "README.md:6:18: E-ENCODING-GIVEN" in text, text
    code, text = cli("--db", str(db), "import", str(path))
    assert code == 0 and "encoding: cp932" in text, text
    assert _batch_encodings(db) == ["cp932"]


def test_a_json_file_named_cp932_reads_its_katakana_as_written(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    body = (
        '{"results": {"ﾃｽ": {"alias": "ﾃｽ", "acc,none": 0.5, "acc_stderr,none": 0.01}},\n'
        ' "versions": {"ﾃｽ": 1}, "config": {"model_args": "pretrained=acme/robo"}}'
    )
    path.write_bytes(body.encode("cp932"))
    code, text = cli("--db", str(db), "import", str(path), "--encoding", "cp932")
    assert code == 0 and "encoding: cp932" in text, text
    with sqlite3.connect(db) as conn:
        assert "ﾃｽ" in conn.execute("SELECT names_json FROM benchmark_result").fetchone()[0]


def test_a_json_lines_telemetry_file_follows_the_flag(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "state.jsonl"
    path.write_bytes(b'{"headerId": 1, "manufacturer": "\x80"}\n')
    text = refused(
        db,
        path,
        "--encoding",
        "cp932",
        "--format",
        "vda5050-state",
        "--operator",
        "A",
        "--industry",
        "medical",
    )
    assert "state.jsonl:1:34: E-ENCODING-GIVEN" in text, text


# --------------------------------------------------------------------------- the preview


def test_the_preview_reads_with_the_encoding_named(db: Path, tmp_path: Path) -> None:
    path = _fleet(tmp_path / "f.csv", KATAKANA_AS_UTF8)
    database = open_database(db)
    try:
        auto = import_preview.preview_file(database, path, ImportOptions())
        named = import_preview.preview_file(database, path, ImportOptions(encoding="cp932"))
        wrong = import_preview.preview_file(
            database, _fleet(tmp_path / "g.csv", b"\x82\xa0"), ImportOptions(encoding="utf-8")
        )
    finally:
        database.close()
    assert (auto.encoding, [r.operator for r in auto.records]) == ("utf-8", ["ý"])  # type: ignore[attr-defined]
    assert (named.encoding, [r.operator for r in named.records]) == ("cp932", ["ﾃｽ"])  # type: ignore[attr-defined]
    assert [(p.code, p.line, p.column) for p in wrong.problems] == [("E-ENCODING-GIVEN", 2, 17)]
