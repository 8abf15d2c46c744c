"""Builds the report tests' program through the real services: plan, imports, assessments, decisions."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import sqlite_utils

from reviewer.core.models import Outcome
from reviewer.services import assessments, decisions, evidence, programs
from reviewer.services.committee import respond
from reviewer.store.db import open_database, write_transaction
from tests.officer_keys import officer_key
from tests.paths import SHAPES

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data" / "reports"
LM_EVAL = SHAPES / "lm_eval_legacy_arc.json"

# Values the public edition must never print (they come from confidential consortium evidence).
CONFIDENTIAL_VALUES = ("0.7319", "73.19", "2,198", "Hokuto", "Minato")  # 73.19: 0.7319 printed
REVIEWER_NAMES = ("渡辺 翔", "青木 一郎", "小川 花子", "佐藤 誠")
REVIEWER_IDS = ("R1", "R2", "R3", "R4")


def _import(db: sqlite_utils.Database, path: Path, **options: object) -> None:
    evidence.import_file(db, path, evidence.ImportOptions(**options))  # type: ignore[arg-type]


def _target(
    db: sqlite_utils.Database, reviewer: str, fy: int, target: str, rating: str | None, **text: str
) -> None:
    assessments.save_target(db, assessments.TargetValues(reviewer, fy, target, rating, **text))


def rewrite_r2_issues(db: sqlite_utils.Database, issues: str) -> None:
    """R2's FY2027 "outcomes" assessment as build_program writes it, with its issues rewritten
    (as the desktop saves an edit): a comment changed after whatever was set for it."""
    _target(
        db,
        "R2",
        2027,
        "outcomes",
        "A",
        positive="PickBench の成功率が目標を上回った。",
        issues=issues,
        recommendations="介入データを業種別に公開すること。",
    )


def build_program(folder: Path, *, hostile: str | None = None, sign_2026: bool = True) -> Path:
    """A database with FY2026 signed (unless told otherwise) and FY2027 decided but unsigned.

    `hostile` goes into every text field that reaches a report: comments, a response, the
    rationale and a condition, a milestone title, a model name in evidence, and a file name.
    """
    folder.mkdir(parents=True, exist_ok=True)
    plan = folder / "plan.yaml"
    text = (DATA / "plan.yaml").read_text(encoding="utf-8")
    if hostile is not None:
        quoted = hostile.replace("\\", "\\\\").replace('"', '\\"')
        text = text.replace("en: 2,000 robots active}", f'en: "2,000 robots active {quoted}"}}')
        text = text.replace("ja: 稼働 2,000台,", f'ja: "稼働 2,000台 {quoted}",')
    plan.write_text(text, encoding="utf-8")
    db_path = folder / "program.db"
    programs.init_database(db_path, plan)
    db = open_database(db_path)
    try:
        _import(db, LM_EVAL, model="kite/robo-0.5", effective_date=dt.date(2027, 2, 1))
        _import(db, DATA / "fleet_2026.csv")
        _assess_2026(db, hostile)
        decisions.decide(
            db,
            2026,
            decisions.DecisionInput(
                Outcome.CONTINUE_WITH_CONDITIONS,
                387_300_000_000,
                "成果は概ね計画どおり。Results broadly on plan.",
                conditions=(
                    ("安全性評価計画を提出すること / Submit a safety evaluation plan", dt.date(2027, 9, 30)),
                ),
            ),
        )
        if sign_2026:
            decisions.sign(db, 2026, "O1", officer_key(db, "O1"))
        _import(db, DATA / "fleet_2027.csv")
        bench = DATA / "bench.csv"
        if hostile is not None:
            bench = folder / '"><script>x{{ 7*7 }}.csv'
            rows = (DATA / "bench.csv").read_text(encoding="utf-8")
            name = hostile.replace('"', "'").replace(",", ";")
            bench.write_text(rows + f"{name},PickBench,success_rate,0.1,2027-11-01\n", encoding="utf-8")
        _import(db, bench)
        _import(db, DATA / "model_card.md", effective_date=dt.date(2028, 1, 15))
        _assess_2027(db, hostile)
        conditions: tuple[tuple[str, dt.date], ...] = (
            ("量産計画の提示 / Present a production plan", dt.date(2028, 9, 30)),
        )
        rationale = "導入が順調。Deployment on track."
        if hostile is not None:
            conditions += ((f"Condition {hostile}", dt.date(2028, 12, 31)),)
            rationale += " " + hostile
        decisions.decide(
            db,
            2027,
            decisions.DecisionInput(
                Outcome.CONTINUE_WITH_CONDITIONS, 110_000_000_000, rationale, conditions=conditions
            ),
        )
    finally:
        db.close()
    return db_path


def _assess_2026(db: sqlite_utils.Database, hostile: str | None) -> None:
    extra = f" {hostile}" if hostile else ""
    for reviewer, grades in (("R1", "ABBA"), ("R2", "BBCB"), ("R3", "AADB")):
        for code, grade in zip(
            ("positioning", "management", "outcomes", "commercialization"), grades, strict=True
        ):
            _target(db, reviewer, 2026, code, grade)
    _target(
        db,
        "R1",
        2026,
        "outcomes",
        "A",
        positive="初年度としては十分な成果。" + extra,
        issues="評価データの公開が遅れた。",
    )
    _target(
        db,
        "R2",
        2026,
        "overall",
        None,
        positive="Overall the first year went well.",
        recommendations="Publish data.",
    )


def _assess_2027(db: sqlite_utils.Database, hostile: str | None) -> None:
    extra = f" {hostile}" if hostile else ""
    for reviewer, grades in (("R1", "AAAB"), ("R2", "ABAB"), ("R3", "BBAC")):
        for code, grade in zip(
            ("positioning", "management", "outcomes", "commercialization"), grades, strict=True
        ):
            _target(db, reviewer, 2027, code, grade)
    _target(
        db,
        "R2",
        2027,
        "outcomes",
        "A",
        positive="PickBench の成功率が目標を上回った。" + extra,
        issues="Intervention rates in logistics remain high.",
        recommendations="介入データを業種別に公開すること。",
    )
    _target(db, "R3", 2027, "B2", "met", positive="稼働台数は計画を上回る。Fleet above plan.")
    _target(db, "R1", 2027, "overall", None, positive="Secret remark ZETA-CONFIDENTIAL-COMMENT.")
    with write_transaction(db):
        db.execute("UPDATE comment SET confidential = 1 WHERE text LIKE '%ZETA-CONFIDENTIAL%'")
    comment_id = db.execute("SELECT id FROM comment WHERE text LIKE 'PickBench%'").fetchone()[0]
    respond(db, 2027, comment_id, "業種別データを次期に公開します。" + extra)


def add_later_work(db_path: Path) -> None:
    """What happens after FY2026 is signed: more evidence, FY2028 assessments (R9)."""
    db = open_database(db_path)
    try:
        _import(db, DATA / "fleet_late.csv")
        _target(db, "R1", 2028, "outcomes", "B", positive="Later work that must not reach FY2026's report.")
    finally:
        db.close()


def copy_db(src: Path, dst: Path) -> Path:
    """A copy of a (checkpointed) database file."""
    db = open_database(src)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    shutil.copyfile(src, dst)
    return dst
