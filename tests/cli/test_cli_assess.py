"""`sheet`, `consensus open`, `override`, `respond` and assessment-sheet imports, end to end on files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_runner import reviewer

DATA = Path(__file__).resolve().parents[1] / "data" / "assessments"


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "program.db"
    code, _out, err = reviewer("--db", str(path), "init", "--plan", str(DATA / "plan.yaml"))
    assert code == 0, err
    return str(path)


def status(db: str) -> dict[str, object]:
    code, out, err = reviewer("--db", db, "status", "--fy", "2027", "--json")
    assert code == 0, err
    data: dict[str, object] = json.loads(out)
    return data


def test_sheets_import_and_score_in_status_json(db: str) -> None:
    code, out, err = reviewer("--lang", "en", "--db", db, "import", str(DATA / "three_raters.csv"))
    assert code == 0, err
    assert "three_raters.csv" in out
    criteria = status(db)["criteria"]
    assert isinstance(criteria, list)
    outcomes = next(c for c in criteria if c["code"] == "outcomes")
    assert outcomes["mean"] == pytest.approx(2.3333333333)
    assert (outcomes["n"], outcomes["spread"], outcomes["flagged"]) == (3, 2, True)
    assert outcomes["counts"] == {"A": 2, "B": 0, "C": 1, "D": 0}


def test_a_refused_sheet_names_file_line_and_code_and_exits_1(db: str) -> None:
    code, _out, err = reviewer("--lang", "en", "--db", db, "import", str(DATA / "recused.csv"))
    assert code == 1
    assert "recused.csv:2: E-RECUSED reviewer R02 is recused" in err
    assert "softbank ソフトバンク" in err
    code, _out, err = reviewer("--lang", "ja", "--db", db, "import", str(DATA / "bad_rows.csv"))
    assert code == 1
    assert "bad_rows.csv:4: E-SHEET-TARGET" in err and "M26-C1" in err


def test_sheet_writes_an_xlsx_that_imports_back(db: str, tmp_path: Path) -> None:
    reviewer("--db", db, "import", str(DATA / "r01_2027.csv"))
    out = tmp_path / "R01.xlsx"
    code, stdout, err = reviewer(
        "--lang", "en", "--db", db, "sheet", "--reviewer", "R01", "--fy", "2027", "-o", str(out)
    )
    assert code == 0, err
    assert "7 rows" in stdout and out.exists()
    before = status(db)
    code, _out, err = reviewer("--db", db, "import", str(out))
    assert code == 0, err
    assert status(db) == before


def test_sheet_for_a_recused_reviewer_is_refused(db: str, tmp_path: Path) -> None:
    out = tmp_path / "R02.xlsx"
    code, _out, err = reviewer(
        "--lang", "en", "--db", db, "sheet", "--reviewer", "R02", "--fy", "2027", "-o", str(out)
    )
    assert code == 1
    assert err.startswith("E-RECUSED") and "same_organization" in err
    assert not out.exists()


def test_consensus_open_twice_says_so(db: str) -> None:
    code, out, _err = reviewer("--lang", "en", "--db", db, "consensus", "open", "--fy", "2027")
    assert (code, out.strip()) == (0, "Opened FY2027's consensus to the committee (this cannot be undone).")
    code, out, _err = reviewer("--lang", "en", "--db", db, "consensus", "open", "--fy", "2027")
    assert code == 0 and "already open" in out
    code, _out, err = reviewer("--lang", "en", "--db", db, "consensus", "open", "--fy", "2040")
    assert code == 1 and "E-NO-FY" in err


def test_override_sets_committee_status(db: str) -> None:
    argv = ("--lang", "en", "--db", db, "override", "--milestone", "M27-B1")
    code, out, err = reviewer(*argv, "--status", "met", "--reason", "verified by NEDO")
    assert code == 0, err
    assert "M27-B1" in out
    milestones = status(db)["milestones"]
    assert isinstance(milestones, list)
    assert next(m for m in milestones if m["code"] == "M27-B1")["committee_status"] == "met"
    code, _out, err = reviewer(*argv, "--status", "great", "--reason", "x")
    assert code == 2 and "great" in err
    code, _out, err = reviewer(
        "--lang", "en", "--db", db, "override", "--milestone", "NOPE", "--status", "met", "--reason", "x"
    )
    assert code == 1 and err.startswith("E-NO-MILESTONE")


def test_respond_to_a_comment_shown_in_status(db: str) -> None:
    reviewer("--db", db, "import", str(DATA / "r01_2027.csv"))
    comments = status(db)["comments"]
    assert isinstance(comments, list)
    target = next(c for c in comments if c["target"] == "outcomes" and c["kind"] == "issues")
    code, out, err = reviewer(
        "--lang",
        "en",
        "--db",
        db,
        "respond",
        "--fy",
        "2027",
        "--comment",
        str(target["id"]),
        "--text",
        "対応します",
    )
    assert code == 0, err
    assert f"comment {target['id']}" in out
    comments = status(db)["comments"]
    assert isinstance(comments, list)
    assert next(c for c in comments if c["id"] == target["id"])["response"] == "対応します"
    code, _out, err = reviewer(
        "--lang", "en", "--db", db, "respond", "--fy", "2026", "--comment", str(target["id"]), "--text", "x"
    )
    assert code == 1 and err.startswith("E-NO-COMMENT")
