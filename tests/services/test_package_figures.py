"""A reviewer package evaluates its FY as the programme database does (issue 15: 80.0 % in the
package against 75.0 % in the programme, a judged milestone 'without evidence'), and the value
that makes it so is read as untrusted input."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from reviewer.services import demo, evaluation, evidence_table, packages
from reviewer.store import package_io


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    demo.build_demo(path)
    return path


def _status(path: Path, fy: int) -> dict[str, object]:
    db = evidence_table.open_program(path, readonly=True)
    try:
        return evaluation.fy_status_json(db, fy)
    finally:
        db.close()


def _export(demo_path: Path, tmp_path: Path, reviewer: str) -> packages.Exported:
    db = evidence_table.open_program(demo_path)
    try:
        return packages.export_package(db, reviewer, tmp_path / f"{reviewer}.review")
    finally:
        db.close()


@pytest.mark.parametrize("reviewer", ["R01", "R03", "R05"])
def test_every_reviewers_package_shows_the_programmes_statuses(
    demo_path: Path, tmp_path: Path, reviewer: str
) -> None:
    done = _export(demo_path, tmp_path, reviewer)
    here, there = _status(demo_path, done.fy), _status(done.path, done.fy)
    assert there["weighted_achievement"] == here["weighted_achievement"]
    keys = ("code", "status", "committee_status", "value", "evidence")
    assert [{k: m[k] for k in keys} for m in there["milestones"]] == [  # type: ignore[attr-defined]
        {k: m[k] for k in keys}
        for m in here["milestones"]  # type: ignore[attr-defined]
    ]
    judged = [m for m in here["milestones"] if m["rule"] is None]  # type: ignore[attr-defined]
    assert judged and any(m["status"] != "no_evidence" for m in judged)  # the case that differed


@pytest.mark.parametrize(
    "planted",
    ['{"M27-C1": "exceeded"}', "[1, 2]", "not json", '{"M27-C1": 3}', '{"M27-C1": "met", "X": "met"}'],
)
def test_a_malformed_recorded_status_is_left_out_never_raised(
    demo_path: Path, tmp_path: Path, planted: str
) -> None:
    done = _export(demo_path, tmp_path, "R03")
    conn = sqlite3.connect(done.path)
    conn.execute("UPDATE meta SET value = ? WHERE key = ?", [planted, package_io.JUDGED_KEY])
    conn.commit()
    conn.close()
    status = _status(done.path, done.fy)
    [judged] = [m for m in status["milestones"] if m["code"] == "M27-C1"]  # type: ignore[attr-defined]
    # what the package's own judgements give (R03 judged nothing there), or the planted valid value
    assert judged["status"] == ("met" if planted.startswith('{"M27-C1": "met"') else "no_evidence")


def test_a_program_database_ignores_a_recorded_status(demo_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "program.db"
    source = sqlite3.connect(demo_path)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.execute("INSERT INTO meta(key, value) VALUES (?, ?)", [package_io.JUDGED_KEY, '{"M27-C1": "met"}'])
    target.commit()
    target.close()
    assert _status(copy, 2027) == _status(demo_path, 2027)
