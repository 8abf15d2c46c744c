"""The embedded demo program (SPEC §13): its plan, built in code, and the steps that build its database."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from reviewer.core.criteria import nedo_standard
from reviewer.core.models import (
    Area,
    BenchmarkRule,
    Conflict,
    ConflictCategory,
    FiscalYear,
    FleetMeasure,
    FleetRule,
    Industry,
    Milestone,
    ModelDecl,
    ModelRule,
    Names,
    Officer,
    OfficerRole,
    Op,
    Organization,
    OrgRole,
    Plan,
    Program,
    Reviewer,
    ReviewerRole,
    Rule,
    TrajectoryPoint,
)
from reviewer.services import demo_steps, programs
from reviewer.store import programs as store
from reviewer.store.db import refuse_new_database_at, write_transaction

SEED = 2026
DEMO_SOURCE = "demo (fictional)"
# meta key and value that mark a database as the fictional demo; the report's cover reads it.
DEMO_META_KEY = store.DEMO_META_KEY
DEMO_META_VALUE = store.DEMO_META_VALUE
OKU = 100_000_000  # 億円

_INDUSTRIES = (
    ("food_service", "飲食サービス", "Food service"),
    ("food_manufacturing", "食品製造", "Food manufacturing"),
    ("medical", "医療", "Medical care"),
    ("nursing_care", "介護", "Nursing care"),
    ("logistics_warehousing", "物流・倉庫", "Logistics and warehousing"),
    ("delivery", "配送", "Delivery"),
    ("retail", "小売", "Retail"),
    ("construction", "建設", "Construction"),
    ("agriculture", "農業", "Agriculture"),
    ("manufacturing_assembly", "製造（組立）", "Manufacturing assembly"),
    ("automotive", "自動車", "Automotive"),
    ("electronics", "電子機器", "Electronics"),
    ("chemicals", "化学", "Chemicals"),
    ("infrastructure_inspection", "インフラ点検", "Infrastructure inspection"),
    ("hospitality", "宿泊・観光", "Hospitality"),
    ("cleaning", "清掃", "Cleaning"),
    ("security", "警備", "Security"),
    ("household", "家事支援", "Household"),
)

_ORGANIZATIONS = (
    ("softbank", "ソフトバンク", "SoftBank", OrgRole.MEMBER),
    ("nec", "日本電気", "NEC", OrgRole.MEMBER),
    ("sony", "ソニーグループ", "Sony Group", OrgRole.MEMBER),
    ("honda", "本田技研工業", "Honda", OrgRole.MEMBER),
    ("aist", "産業技術総合研究所", "AIST", OrgRole.MEMBER),
    ("preferred_networks", "Preferred Networks", "Preferred Networks", OrgRole.MEMBER),
    ("fujitsu", "富士通", "Fujitsu", OrgRole.PROSPECTIVE),
    ("rakuten", "楽天グループ", "Rakuten Group", OrgRole.PROSPECTIVE),
    (
        "kanto_robot_assoc",
        "関東ロボット産業協会（架空）",
        "Kanto Robot Industry Association (fictional)",
        OrgRole.OTHER,
    ),
    (
        "tokai_univ_lab",
        "東海工科大学 ロボティクス研究室（架空）",
        "Tokai Institute of Technology robotics lab (fictional)",
        OrgRole.OTHER,
    ),
)


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _milestones() -> tuple[Milestone, ...]:
    fy26_due, fy27_due = _date("2027-03-31"), _date("2028-03-31")

    def m(
        code: str, fy: int, area: Area, criterion: str, weight: float, ja: str, en: str, rule: Rule | None
    ) -> Milestone:
        return Milestone(
            code, fy, area, criterion, weight, fy26_due if fy == 2026 else fy27_due, Names(ja, en), rule
        )

    return (
        # FY2026: the first model, first benchmarks, pilot fleets, the consortium set up
        m(
            "M26-M1",
            2026,
            Area.MODEL,
            "outcomes",
            2,
            "基盤モデル v0.5 公開",
            "Foundation model v0.5 released",
            ModelRule("noetra/pai-fm-0.5", ("LIBERO-Long", "arc_challenge")),
        ),
        m(
            "M26-B1",
            2026,
            Area.BENCHMARK,
            "outcomes",
            2,
            "LIBERO-Long 成功率 50%以上",
            "LIBERO-Long success rate of 50% or more",
            BenchmarkRule(("LIBERO-Long", "libero_10"), Op.GE, 0.50, metric="success_rate", partial=0.40),
        ),
        m(
            "M26-B2",
            2026,
            Area.BENCHMARK,
            "outcomes",
            1,
            "ARC-Challenge 正答率 45%以上",
            "ARC-Challenge accuracy of 45% or more",
            BenchmarkRule(("arc_challenge", "ARC-Challenge"), Op.GE, 0.45, metric="acc", partial=0.40),
        ),
        m(
            "M26-F1",
            2026,
            Area.FLEET,
            "commercialization",
            1,
            "実証稼働 1,000台（2027年3月）",
            "1,000 robots active in pilots (March 2027)",
            FleetRule(FleetMeasure.ROBOTS_ACTIVE, "2027-03", Op.GE, 1000, partial=700),
        ),
        m(
            "M26-F2",
            2026,
            Area.FLEET,
            "commercialization",
            1,
            "5業種以上で稼働",
            "Robots active in 5 or more industries",
            FleetRule(FleetMeasure.INDUSTRIES_ACTIVE, "2027-03", Op.GE, 5, min_robots=10, partial=3),
        ),
        m(
            "M26-C1",
            2026,
            Area.CONSORTIUM,
            "management",
            1,
            "コンソーシアム規約の締結とデータ共有基盤の運用開始",
            "Consortium agreement signed and data-sharing platform running",
            None,
        ),
        m(
            "M26-G1",
            2026,
            Area.MANAGEMENT,
            "management",
            1,
            "知財・データ管理方針の策定",
            "IP and data management policy adopted",
            None,
        ),
        # FY2027: scale-up
        m(
            "M27-M1",
            2027,
            Area.MODEL,
            "outcomes",
            2,
            "基盤モデル v1.0 公開",
            "Foundation model v1.0 released",
            ModelRule("noetra/pai-fm-1.0", ("LIBERO-Long",)),
        ),
        m(
            "M27-B1",
            2027,
            Area.BENCHMARK,
            "outcomes",
            2,
            "長期マニピュレーション成功率70%以上",
            "Long-horizon manipulation success of 70% or more",
            BenchmarkRule(("LIBERO-Long", "libero_10"), Op.GE, 0.70, metric="success_rate", partial=0.60),
        ),
        m(
            "M27-B2",
            2027,
            Area.BENCHMARK,
            "outcomes",
            1,
            "ARC-Challenge 正答率 55%以上",
            "ARC-Challenge accuracy of 55% or more",
            BenchmarkRule(("arc_challenge", "ARC-Challenge"), Op.GE, 0.55, metric="acc", partial=0.50),
        ),
        m(
            "M27-F1",
            2027,
            Area.FLEET,
            "commercialization",
            2,
            "稼働 20,000台（2028年3月）",
            "20,000 robots active (March 2028)",
            FleetRule(FleetMeasure.ROBOTS_ACTIVE, "2028-03", Op.GE, 20000, partial=15000),
        ),
        m(
            "M27-F2",
            2027,
            Area.FLEET,
            "outcomes",
            1,
            "介入 千時間あたり2回以下",
            "At most 2 interventions per 1,000 hours",
            FleetRule(FleetMeasure.INTERVENTIONS_PER_1000H, "2028-03", Op.LE, 2.0, partial=5.0),
        ),
        m(
            "M27-F3",
            2027,
            Area.FLEET,
            "commercialization",
            1,
            "12業種以上で稼働",
            "Robots active in 12 or more industries",
            FleetRule(FleetMeasure.INDUSTRIES_ACTIVE, "2028-03", Op.GE, 12, min_robots=100, partial=9),
        ),
        m(
            "M27-F4",
            2027,
            Area.FLEET,
            "commercialization",
            1,
            "介護で稼働 2,000台",
            "2,000 robots active in nursing care",
            FleetRule(
                FleetMeasure.ROBOTS_ACTIVE, "2028-03", Op.GE, 2000, industry="nursing_care", partial=1500
            ),
        ),
        m(
            "M27-C1",
            2027,
            Area.CONSORTIUM,
            "positioning",
            1,
            "参加企業 30社以上",
            "30 or more participating companies",
            None,
        ),
        m(
            "M27-G1",
            2027,
            Area.MANAGEMENT,
            "management",
            1,
            "安全性評価ガイドライン案の公表",
            "Draft safety evaluation guideline published",
            None,
        ),
    )


def demo_plan() -> Plan:
    """The demo program's plan: fictional, plausible figures (SPEC §13). Deterministic."""
    program = Program(
        code="PAI",
        names=Names("フィジカルAI基盤モデル開発事業", "Physical AI Foundation Model Program"),
        implementer="Noetra consortium",
        ceiling_jpy=1_000_000_000_000,
        first_fy=2026,
        last_fy=2030,
        guaranteed_through_fy=2027,
        baseline_models=("openvla/openvla-7b",),
        trajectory=tuple(
            TrajectoryPoint(y, n)
            for y, n in (
                (2027, 20_000),
                (2028, 80_000),
                (2030, 500_000),
                (2035, 3_000_000),
                (2040, 10_000_000),
            )
        ),
    )
    installments = ((2026, 3000), (2027, 3873), (2028, 1100), (2029, 1050), (2030, 977))
    gates = {
        2026: "2027-03-10",
        2027: "2028-03-09",
        2028: "2029-03-08",
        2029: "2030-03-07",
        2030: "2031-03-06",
    }
    fiscal_years = tuple(FiscalYear(fy, oku * OKU, _date(gates[fy])) for fy, oku in installments)
    reviewers = (
        Reviewer("R01", "山田 太郎", "やまだ たろう", "東京大学 大学院工学系研究科", ReviewerRole.CHAIR),
        Reviewer(
            "R02",
            "佐藤 花子",
            "さとう はなこ",
            "ソフトバンク総研（架空）",
            ReviewerRole.MEMBER,
            (Conflict("R02", "softbank", ConflictCategory.SAME_ORGANIZATION),),
        ),
        Reviewer("R03", "高橋 誠", "たかはし まこと", "京都大学 情報学研究科", ReviewerRole.VICE_CHAIR),
        Reviewer("R04", "伊藤 由美", "いとう ゆみ", "日本ロボット工業会（架空）", ReviewerRole.MEMBER),
        Reviewer(
            "R05", "渡辺 翔", "わたなべ しょう", "東北大学 未来科学技術共同研究センター", ReviewerRole.MEMBER
        ),
    )
    return Plan(
        program=program,
        criteria=nedo_standard(),
        officers=(
            Officer("O01", "鈴木 健一", OfficerRole.APPROVER),
            Officer("O02", "中村 美咲", OfficerRole.SECRETARIAT),
        ),
        fiscal_years=fiscal_years,
        industries=tuple(Industry(code, Names(ja, en)) for code, ja, en in _INDUSTRIES),
        organizations=tuple(Organization(*org) for org in _ORGANIZATIONS),
        reviewers=reviewers,
        milestones=_milestones(),
        source=DEMO_SOURCE,
        # SPEC §3: the other names files give the demo's models (a model card's bare name, the
        # evaluation cluster's checkpoint path, Inspect's provider-prefixed name)
        models=(
            ModelDecl(
                "noetra/pai-fm-1.0", ("PAI-FM-1.0", "/gpfs/noetra/ckpt/pai-fm-1.0", "hf/noetra/pai-fm-1.0")
            ),
            ModelDecl("noetra/pai-fm-0.5", ("PAI-FM-0.5",)),
        ),
    )


@dataclass
class DemoContext:
    """What each build step gets: the open database, the plan, a seeded random source, a work folder."""

    db_path: Path
    db: sqlite_utils.Database
    plan: Plan
    work_dir: Path
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))


DemoStep = Callable[[DemoContext], None]


def _mark_fictional(ctx: DemoContext) -> None:
    with write_transaction(ctx.db):
        store.set_meta(ctx.db, DEMO_META_KEY, DEMO_META_VALUE)


# Each step runs its own transactions through the services, in this order: the fictional marker,
# evidence in every format, documents, FY2026 assessments, the signed FY2026 decision, FY2027
# assessments in progress, imports after sign-off (services.demo_steps).
STEPS: list[DemoStep] = [_mark_fictional, *demo_steps.STEPS]


def is_demo(db: sqlite_utils.Database) -> bool:
    """True when the database is the fictional demo program."""
    return store.is_demo(db)


def build_demo(db_path: Path, actor: str | None = None) -> None:
    """`demo`: build the demo program into a new database at `db_path`.

    Creates it through init's code path with `demo_plan()`, then runs `STEPS` in order: evidence
    in every format (files generated into a temporary folder and imported), documents, FY2026
    assessments, the signed FY2026 decision, FY2027 assessments in progress, imports after
    sign-off. Deterministic: the same seed gives the same content apart from times and ids.
    Raises `Refused` (E-DB-NOT-EMPTY, E-DB-IS-LOG) and InputRefused E-NOT-A-FILE for a place a
    database cannot be made (`refuse_new_database_at`); if a step fails the
    file is removed and the error re-raised.
    """
    import tempfile

    refuse_new_database_at(db_path)
    existed = db_path.exists()
    db = programs.create_database(db_path, demo_plan(), actor)
    try:
        with tempfile.TemporaryDirectory(prefix="reviewer-demo-") as work:
            ctx = DemoContext(db_path, db, demo_plan(), Path(work))
            for step in STEPS:
                step(ctx)
    except BaseException:
        db.close()
        programs.remove_database_files(db_path, existed)
        raise
    db.close()
