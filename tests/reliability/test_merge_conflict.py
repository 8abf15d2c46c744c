"""R14: two reviewers' packages change the same item the secretariat changed too: shown, never overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.cli import run
from reviewer.services import programs
from reviewer.store.db import open_database

DATA = Path(__file__).resolve().parents[1] / "data" / "assessments"
HEADER = "reviewer,fy,target,rating,positive,issues,recommendations"


def sheet(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def cli(db: Path, *args: str) -> int:
    return run(["--lang", "en", "--db", str(db), *args])


def test_both_conflicts_are_shown_and_nothing_is_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = tmp_path / "program.db"
    programs.init_database(db_path, DATA / "plan.yaml")
    start = sheet(tmp_path / "start.csv", "R01,2027,outcomes,C,,,", "R04,2027,outcomes,C,,,")
    assert cli(db_path, "import", str(start)) == 0
    r01, r04 = tmp_path / "r01.review", tmp_path / "r04.review"
    assert cli(db_path, "export", "--reviewer", "R01", "-o", str(r01)) == 0
    assert cli(db_path, "export", "--reviewer", "R04", "-o", str(r04)) == 0
    assert cli(r01, "import", str(sheet(tmp_path / "a.csv", "R01,2027,outcomes,B,,,"))) == 0
    assert cli(r04, "import", str(sheet(tmp_path / "b.csv", "R04,2027,outcomes,A,,,"))) == 0
    # meanwhile the secretariat changed both reviewers' item here
    assert (
        cli(
            db_path,
            "import",
            str(sheet(tmp_path / "c.csv", "R01,2027,outcomes,D,,,", "R04,2027,outcomes,D,,,")),
        )
        == 0
    )
    db = open_database(db_path)
    audit_before = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    db.close()
    capsys.readouterr()
    assert cli(db_path, "merge", str(r01), str(r04)) == 3
    out = capsys.readouterr().out.splitlines()
    assert "r01.review: R01 2027/outcomes rating: here=D package=B base=C" in out
    assert "r04.review: R04 2027/outcomes rating: here=D package=A base=C" in out
    assert out.count("1 conflict not applied") == 2
    db = open_database(db_path)
    ratings = db.execute(
        "SELECT a.reviewer_id, i.rating FROM assessment_item i JOIN assessment a ON a.id = i.assessment_id"
        " WHERE i.target = 'outcomes' ORDER BY a.reviewer_id"
    ).fetchall()
    assert ratings == [("R01", "D"), ("R04", "D")]
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_before
    db.close()
    # merged again: the same conflicts, still nothing written
    assert cli(db_path, "merge", str(r01), str(r04)) == 3
    db = open_database(db_path)
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_before
    db.close()
