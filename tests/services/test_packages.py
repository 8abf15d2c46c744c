"""Reviewer packages: what an export holds, that it works on its own, and three-way merge back."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from reviewer.cli import run
from reviewer.core.errors import InputRefused, Refused
from reviewer.core.models import Outcome
from reviewer.services import assessments, decisions, evidence, packages, programs
from reviewer.store.db import open_database
from reviewer.store.package_io import TargetState
from tests.officer_keys import officer_key
from tests.paths import EXAMPLE as EXAMPLE_DIR

DATA = Path(__file__).resolve().parents[1] / "data" / "assessments"
PLAN = DATA / "plan.yaml"
HEADER = "reviewer,fy,target,rating,positive,issues,recommendations"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "program.db"
    programs.init_database(path, PLAN)
    db = open_database(path)
    evidence.import_file(db, DATA / "r01_2027.csv", evidence.ImportOptions(), actor="secretariat")
    other = sheet(tmp_path / "r03.csv", "R03,2027,outcomes,A,他の評価者,,", "R03,2026,outcomes,C,,,")
    evidence.import_file(db, other, evidence.ImportOptions(), actor="secretariat")
    db.close()
    return path


@pytest.fixture
def db(db_path: Path) -> Iterator[sqlite_utils.Database]:
    opened = open_database(db_path)
    yield opened
    opened.close()


def sheet(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def rating(db: sqlite_utils.Database, reviewer: str, fy: int, target: str) -> str | None:
    row = db.execute(
        "SELECT i.rating FROM assessment_item i JOIN assessment a ON a.id = i.assessment_id"
        " WHERE a.reviewer_id = ? AND a.fy = ? AND i.target = ?",
        [reviewer, fy, target],
    ).fetchone()
    return None if row is None else row[0]


def audit_count(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def edit_package(pkg: Path, tmp_path: Path, *rows: str) -> None:
    """The reviewer's own work on the package, through the command line as they would do it."""
    assert run(["--lang", "en", "--db", str(pkg), "import", str(sheet(tmp_path / "mine.csv", *rows))]) == 0


# --------------------------------------------------------------------------- export


def test_a_package_holds_the_fy_and_only_that_reviewers_work(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    out = tmp_path / "r01.review"
    done = packages.export_package(db, "R01", out)
    assert done.fy == 2027  # the newest unsigned FY with milestones
    pkg = sqlite3.connect(out)
    meta = dict(pkg.execute("SELECT key, value FROM meta"))
    assert meta["kind"] == "package" and meta["reviewer_id"] == "R01" and meta["fy"] == "2027"
    assert meta["export_id"] == done.export_id and meta["program_code"] == "ASM"
    assert pkg.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert [r[0] for r in pkg.execute("SELECT DISTINCT reviewer_id FROM assessment")] == ["R01"]
    assert [r[0] for r in pkg.execute("SELECT id FROM reviewer")] == ["R01"]
    assert {r[0] for r in pkg.execute("SELECT fy FROM milestone")} == {2027}
    assert pkg.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0
    assert pkg.execute("SELECT count(*) FROM decision").fetchone()[0] == 0
    assert pkg.execute("SELECT rating FROM assessment_item WHERE target = 'outcomes'").fetchone()[0] == "B"
    pkg.close()
    assert not list(tmp_path.glob(".r01.review*"))
    recorded = db.execute("SELECT reviewer_id, fy, file_name FROM package_export").fetchall()
    assert recorded == [("R01", 2027, "r01.review")]


def test_export_refuses_a_recused_reviewer_and_an_existing_file(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    with pytest.raises(Refused) as refused:
        packages.export_package(db, "R02", tmp_path / "r02.review")
    assert refused.value.code == "E-RECUSED" and not (tmp_path / "r02.review").exists()
    (tmp_path / "there.review").write_bytes(b"mine")
    with pytest.raises(Refused) as exists:
        packages.export_package(db, "R01", tmp_path / "there.review")
    assert exists.value.code == "E-EXPORT-EXISTS"
    assert (tmp_path / "there.review").read_bytes() == b"mine"


def test_a_package_works_on_its_own_on_the_command_line(db: sqlite_utils.Database, tmp_path: Path) -> None:
    out = tmp_path / "r01.review"
    packages.export_package(db, "R01", out)
    edit_package(out, tmp_path, "R01,2027,outcomes,C,,,")
    assert run(["--lang", "en", "--db", str(out), "status", "--fy", "2027"]) == 0
    with sqlite3.connect(out) as pkg:
        assert (
            pkg.execute("SELECT rating FROM assessment_item WHERE target = 'outcomes'").fetchone()[0] == "C"
        )
        assert pkg.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


# --------------------------------------------------------------------------- merge


def test_changed_only_in_the_package_applies_and_twice_changes_nothing(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    out = tmp_path / "r01.review"
    packages.export_package(db, "R01", out)
    edit_package(out, tmp_path, "R01,2027,outcomes,A,良い,,", "R01,2027,M27-B1,not_met,,,")
    [merged] = packages.merge_packages(db, [out])
    assert merged.refused is None and merged.conflicts == ()
    assert rating(db, "R01", 2027, "outcomes") == "A" and rating(db, "R01", 2027, "M27-B1") == "not_met"
    after_first = audit_count(db)
    [again] = packages.merge_packages(db, [out])
    assert again.items_changed == again.comments_changed == 0 and again.conflicts == ()
    assert audit_count(db) == after_first


def test_a_field_changed_on_both_sides_is_a_conflict_and_is_not_applied(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(db_path)
    out = tmp_path / "r01.review"
    packages.export_package(db, "R01", out)
    db.close()
    # base: outcomes B; the package says C (and changes positioning), the secretariat here says D
    edit_package(
        out, tmp_path, "R01,2027,outcomes,C,,評価データが少ない,第三者評価を", "R01,2027,positioning,B,,,"
    )
    here = sheet(tmp_path / "here.csv", "R01,2027,outcomes,D,,評価データが少ない,第三者評価を")
    assert run(["--lang", "en", "--db", str(db_path), "import", str(here)]) == 0
    capsys.readouterr()
    assert run(["--lang", "en", "--db", str(db_path), "merge", str(out)]) == 3
    lines = capsys.readouterr().out.splitlines()
    assert "r01.review: R01 2027/outcomes rating: here=D package=C base=B" in lines
    assert lines[-1] == "1 conflict not applied"
    db = open_database(db_path)
    assert rating(db, "R01", 2027, "outcomes") == "D"  # not overwritten
    assert rating(db, "R01", 2027, "positioning") == "B"  # changed only in the package: applied
    db.close()


def test_merge_refuses_a_package_this_database_did_not_export(
    db: sqlite_utils.Database, db_path: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other" / "program.db"
    other.parent.mkdir()
    programs.init_database(other, PLAN)  # same plan, same program code, another database
    odb = open_database(other)
    foreign = tmp_path / "foreign.review"
    packages.export_package(odb, "R01", foreign)
    odb.close()
    before = audit_count(db)
    [merged] = packages.merge_packages(db, [foreign])
    assert isinstance(merged.refused, Refused) and merged.refused.code == "E-PACKAGE-FOREIGN"
    assert audit_count(db) == before
    db.close()
    assert run(["--lang", "en", "--db", str(db_path), "merge", str(foreign)]) == 1


def test_nothing_merges_into_a_signed_fy(db: sqlite_utils.Database, tmp_path: Path) -> None:
    out = tmp_path / "r01.review"
    packages.export_package(db, "R01", out)
    edit_package(out, tmp_path, "R01,2027,outcomes,A,,,")
    decisions.decide(db, 2027, decisions.DecisionInput(Outcome.CONTINUE, 1, "ok"))
    decisions.sign(db, 2027, "O01", officer_key(db, "O01"))
    [merged] = packages.merge_packages(db, [out])
    assert isinstance(merged.refused, Refused) and merged.refused.code == "E-FY-SIGNED"
    assert rating(db, "R01", 2027, "outcomes") == "B"


def test_a_reviewer_recused_after_export_is_refused_by_the_assessment_service(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    out = tmp_path / "r01.review"
    packages.export_package(db, "R01", out)
    edit_package(out, tmp_path, "R01,2027,outcomes,A,,,")
    db.execute("INSERT INTO conflict VALUES ('R01', 'softbank', 'relative', '2027-05-01')")
    [merged] = packages.merge_packages(db, [out])
    assert isinstance(merged.refused, InputRefused)
    assert merged.refused.problems[0].code == "E-RECUSED"
    assert rating(db, "R01", 2027, "outcomes") == "B"


@pytest.mark.parametrize(
    ("base", "here", "package", "held", "conflicts"),
    [
        ("B", "B", "C", "C", 0),  # changed only in the package
        ("B", "D", "B", "D", 0),  # changed only here
        ("B", "D", "D", "D", 0),  # the same change on both sides
        ("B", "D", "C", "D", 1),  # a conflict keeps here
        (None, None, "A", "A", 0),  # new in the package
        ("B", "B", None, None, 0),  # blanked in the package: a blank is a value too
    ],
)
def test_three_way_merge_of_one_field(
    base: str | None, here: str | None, package: str | None, held: str | None, conflicts: int
) -> None:
    merged, _settled, found = packages._merge_target(
        TargetState(base), TargetState(here), TargetState(package)
    )
    assert merged.rating == held and len(found) == conflicts


def test_evidence_effective_in_the_fy_travels_with_the_package_and_status_agrees(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = EXAMPLE_DIR
    path = tmp_path / "example.db"
    programs.init_database(path, example / "plan.yaml")
    db = open_database(path)
    evidence.import_file(db, example / "fleet.csv", evidence.ImportOptions(), actor="secretariat")
    out = tmp_path / "r1.review"
    packages.export_package(db, "R1", out, fy=2027)
    db.close()
    with sqlite3.connect(out) as pkg:
        assert pkg.execute("SELECT count(*) FROM fleet_observation").fetchone()[0] == 2
        assert pkg.execute("SELECT record_count FROM import_batch").fetchall() == [(2,)]
    capsys.readouterr()
    assert run(["--lang", "en", "--db", str(path), "status", "--fy", "2027", "--json"]) == 0
    here = capsys.readouterr().out
    assert run(["--lang", "en", "--db", str(out), "status", "--fy", "2027", "--json"]) == 0
    assert capsys.readouterr().out == here  # the package decides the FY's milestones as the database does


def carried(db: sqlite_utils.Database, reviewer: str, fy: int) -> dict[str, int]:
    return {
        str(t): int(c)
        for t, c in db.execute(
            "SELECT i.target, i.carried_over FROM assessment_item i"
            " JOIN assessment a ON a.id = i.assessment_id WHERE a.reviewer_id = ? AND a.fy = ?",
            [reviewer, fy],
        )
    }


def test_a_merge_keeps_carried_over_ratings_unconfirmed_unless_the_package_confirmed_them(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    evidence.import_file(
        db,
        sheet(tmp_path / "r04.csv", "R04,2026,outcomes,B,,,", "R04,2026,management,C,,,"),
        evidence.ImportOptions(),
    )
    assert assessments.carry_over(db, "R04", 2026, 2027) == 2
    out = tmp_path / "r04.review"
    packages.export_package(db, "R04", out)
    pkg = open_database(out)
    assessments.confirm_item(pkg, "R04", 2027, "outcomes")  # the reviewer confirms one rating
    values = assessments.TargetValues("R04", 2027, "management", "C", issues="体制が手薄")
    assessments.save_target(pkg, values, keep_carried_over=True)  # and comments beside the other
    pkg.close()
    [merged] = packages.merge_packages(db, [out])
    assert merged.refused is None and merged.conflicts == ()
    assert carried(db, "R04", 2027) == {"outcomes": 0, "management": 1}
    issues = db.execute("SELECT text FROM comment WHERE target = 'management' AND kind = 'issues'").fetchall()
    assert ("体制が手薄",) in issues
