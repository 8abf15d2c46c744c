"""The demo's build steps after its plan (SPEC §13): evidence, documents, assessments, the FY2026 decision."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer.core.errors import InputRefused
from reviewer.core.models import ConditionStatus, Outcome, Status
from reviewer.services import (
    committee,
    decisions,
    disclosure,
    documents,
    evaluation,
    evidence,
    lists,
    sheets,
    signing,
)
from reviewer.services import demo_documents as docs
from reviewer.services import demo_files as files
from reviewer.services import demo_fleet as fleet
from reviewer.services.demo_files import DemoImport
from reviewer.services.evidence import ImportOptions

if TYPE_CHECKING:
    import sqlite_utils

    from reviewer.services.demo import DemoContext

APPROVER = "O01"
SECRETARIAT = "中村 美咲（O02, 架空）"  # the demo's writes are the secretariat's, whoever runs it

# target -> (rating, positive, issues, recommendations); the rating is as the sheet writes it.
Fill = dict[str, tuple[str | None, str, str, str]]

# R03 quotes v0.5's LIBERO-Spatial success rate, a figure FY2026 does not disclose: before
# sign-off the secretariat redacts the comment, so the public edition prints REDACTED_FY2026
# where the internal one prints the comment as written (SPEC §8 "Disclosure").
LIBERO_SPATIAL_QUOTED = "LIBERO-Spatial でも成功率81.2%に達した。"
LIBERO_SPATIAL_REDACTED = "LIBERO-Spatial でも高い成功率に達した。"

FY2026_SHEETS: dict[str, Fill] = {
    "R01": {
        "positioning": (
            "A",
            "国の成長戦略と整合し、基盤モデルを国内に持つ意義は大きい。",
            "",
            "国際標準化との連携方針を示すこと。",
        ),
        "management": (
            "B",
            "6社・2研究機関の役割分担が明確で、月次の進捗管理が機能している。",
            "知財・データ管理方針の策定が遅れている。",
            "データ提供企業への還元策を早期に示すこと。",
        ),
        "outcomes": (
            "B",
            "LIBERO-Long で成功率50%を超え、初年度として妥当な水準にある。",
            "ARC-Challenge の評価結果が期限内に提出されなかった。",
            "評価結果の提出手順を定め、第三者評価を組み込むこと。",
        ),
        "commercialization": (
            "B",
            "7業種で実証稼働が始まっている。",
            "稼働台数が目標の1,000台に届いていない。",
            "介護・物流の導入計画を事業者ごとに示すこと。",
        ),
        "M26-C1": ("達成", "規約締結とデータ共有基盤の運用開始を確認した。", "", ""),
        "M26-G1": ("未達成", "", "方針は素案の段階にとどまる。", "2027年度上期中の策定を求める。"),
        "overall": (None, "初年度として概ね計画どおり。条件を付して継続することが適当である。", "", ""),
    },
    "R03": {
        "positioning": ("A", "労働力不足への対応として社会的要請が高い。", "", ""),
        "management": (
            "B",
            "コンソーシアム運営の体制は整った。",
            "参加企業の拡大が想定より遅い。",
            "富士通・楽天の参画判断を支援する窓口を設けること。",
        ),
        "outcomes": (
            "A",
            "v0.5 の公開と長期マニピュレーション性能は国際水準に近い。" + LIBERO_SPATIAL_QUOTED,
            "",
            "日本語指示への追従性を定量評価すること。",
        ),
        "commercialization": (
            "A",
            "物流・清掃での実運用に近い実証は高く評価できる。",
            "",
            "2040年目標への中間指標を設けること。",
        ),
        "M26-C1": ("met", "データ共有基盤に6社が提供を開始した。", "", ""),
        "M26-G1": ("partially_met", "素案はよく検討されている。", "正式な承認に至っていない。", ""),
        "overall": (None, "技術面の進捗は順調。運営面の遅れに条件を付けるべき。", "", ""),
    },
    "R04": {
        "positioning": ("A", "産業界の期待が大きく、事業の必要性は明確である。", "", ""),
        "management": (
            "C",
            "",
            "安全性評価と知財方針の遅れが事業全体のリスクになっている。",
            "安全性ガイドラインの検討体制を明確にすること。",
        ),
        "outcomes": (
            "B",
            "ベンチマーク結果は公開形式で再現可能である。",
            "評価の多くが自己申告である。",
            "独立した評価機関による検証を受けること。",
        ),
        "commercialization": (
            "C",
            "",
            "実証先の多くが試行段階で、事業化の道筋が見えにくい。",
            "業種別の収益モデルを示すこと。",
        ),
        "M26-C1": ("partially_met", "規約は締結済み。", "データ共有基盤の利用社数がまだ少ない。", ""),
        "M26-G1": ("not_met", "", "期限までに策定されていない。", ""),
        "overall": (None, "成果は認めるが、事業化と安全性の計画を早急に具体化すべきである。", "", ""),
    },
    "R05": {
        "positioning": (
            "B",
            "基盤モデル開発の方向性は妥当。",
            "海外の先行事例との差別化が十分に説明されていない。",
            "日本の現場データの強みを明確にすること。",
        ),
        "management": ("B", "会議体の運営は適切である。", "", "進捗報告に稼働データの品質指標を含めること。"),
        "outcomes": ("B", "モデル公開までの工程管理は良好。", "言語系の評価が不足している。", ""),
        "commercialization": (
            "B",
            "介護分野での導入意欲が高い。",
            "稼働時間あたりの介入回数がまだ多い。",
            "介入削減の目標値を設定すること。",
        ),
        "M26-C1": ("met", "", "", ""),
        "M26-G1": ("not_met", "", "方針案の公表が遅れている。", "早期に公表すること。"),
        "overall": (None, "全体として継続が妥当。データ管理方針の早期策定を条件とすべき。", "", ""),
    },
}

# The recused reviewer (R02, same organization as the member SoftBank) sends a sheet anyway.
RECUSED_SHEET: Fill = {
    "outcomes": ("A", "成果は十分である。", "", ""),
    "overall": (None, "継続を支持する。", "", ""),
}

# FY2027, mid-year: a few targets rated, the rest still blank (None with no text).
FY2027_SHEETS: dict[str, Fill] = {
    "R01": {
        "positioning": ("A", "v1.0 の公開で国内基盤としての位置付けが明確になった。", "", ""),
        "outcomes": ("B", "LIBERO-Long は66%まで向上した。", "目標の70%には届いていない。", ""),
        "M27-C1": ("一部達成", "参加企業は31社に増えた。", "", ""),
        "management": (None, "", "", ""),
        "commercialization": (None, "", "", ""),
    },
    "R03": {
        "outcomes": ("A", "ARC-Challenge で目標を上回った。", "", ""),
        "commercialization": ("B", "稼働台数は5,000台を超えた。", "年度末の20,000台は挑戦的である。", ""),
        "M27-G1": (None, "", "", ""),
    },
    "R05": {"positioning": ("B", "", "", ""), "M27-C1": ("met", "", "", "")},
}

CONDITIONS = (
    (
        "ARC-Challenge を含む言語系評価の結果を、第三者による再現手順とともに提出すること。",
        dt.date(2027, 6, 30),
    ),
    ("知財・データ管理方針を策定し、コンソーシアム運営委員会の承認を得ること。", dt.date(2027, 9, 30)),
    ("業種別の事業化計画（導入台数・収益モデル）を示すこと。", dt.date(2027, 12, 28)),
)
RATIONALE = (
    "基盤モデル v0.5 の公開と長期マニピュレーション性能は計画を上回る水準にあり、7業種で実証稼働が始まった。"
    "一方、言語系評価の未提出、知財・データ管理方針の未策定、稼働台数の目標未達がある。"
    "2027年度は保証期間内であることを踏まえ、計画額どおりの資金で条件付き継続とする。"
)
RESPONSES = {
    "outcomes": "2027年6月末までに ARC-Challenge を含む評価結果を、再現手順とともに提出します。",
    "management": "2027年9月の運営委員会で知財・データ管理方針の承認を得る計画です。",
    "commercialization": "介護・物流の主要事業者と導入計画を詰め、2027年12月に業種別計画を提出します。",
}


def _import(ctx: DemoContext, item: DemoImport) -> None:
    evidence.import_file(ctx.db, item.path, item.options, actor=SECRETARIAT)


# --------------------------------------------------------------------------- 1. evidence and documents


def import_evidence(ctx: DemoContext) -> None:
    """Evidence in every source format, generated as files and fed through the real importers."""
    folder = ctx.work_dir / "evidence"
    folder.mkdir()
    rng = ctx.rng
    industries = ctx.plan.industries
    rows = fleet.fleet_rows(rng, [i.code for i in industries])
    h1 = [r for r in rows if r.period <= "2026-09"]
    h2 = [r for r in rows if "2026-10" <= r.period <= "2027-03"]
    fy27 = [r for r in rows if r.period >= "2027-04"]
    items = [
        *files.write_model_cards(folder),
        files.write_lerobot(folder, files.FY26_MODEL, 0.534, dt.date(2027, 2, 18)),
        files.write_lerobot(folder, files.FY27_MODEL, 0.664, dt.date(2027, 9, 20)),
        files.write_lm_eval_v10(folder / "lm_eval_pai-fm-1.0.json"),
        files.write_inspect_eval(folder / "inspect_jcommonsenseqa_pai-fm-1.0.eval"),
        files.write_llm_jp_eval(folder),
        files.write_eval_results(folder),
        files.write_benchmark_csv(folder / "benchmarks_2026.csv", rng),
        DemoImport(fleet.write_fleet_csv(folder / "fleet_fy2026_h1.csv", h1), ImportOptions()),
        DemoImport(
            fleet.write_fleet_xlsx(
                folder / "fleet_fy2026_h2.xlsx", h2, {i.code: i.names.en for i in industries}
            ),
            ImportOptions(),
        ),
        DemoImport(
            fleet.write_fleet_cp932(
                folder / "fleet_fy2027_h1_cp932.csv", fy27, {i.code: i.names.ja for i in industries}
            ),
            ImportOptions(),
        ),
        # Five operators re-report March 2027 with late-registered robots: their rows supersede.
        DemoImport(
            fleet.write_fleet_csv(
                folder / "fleet_2027-03_corrected.csv", fleet.corrected_rows(rng, rows), encoding="utf-8-sig"
            ),
            ImportOptions(),
        ),
        fleet.write_vda5050(folder / "vda5050_state_2027-06.jsonl", rng),
        fleet.write_open_rmf(folder, rng),
    ]
    for item in items:
        _import(ctx, item)


def attach_documents(ctx: DemoContext) -> None:
    """Documents of four media types on the consortium and management milestones, one manual record."""
    folder = ctx.work_dir / "documents"
    folder.mkdir()
    attached = {
        "M26-C1": [
            docs.write_pdf(
                folder / "consortium_agreement_2026.pdf",
                [
                    "Noetra consortium agreement (fictional demo document)",
                    "Signed 2026-06-30 by 6 member companies and 2 research institutes.",
                    "Data-sharing platform in operation since 2026-10-01.",
                ],
            ),
            docs.write_usage_xlsx(folder / "data_platform_usage_fy2026.xlsx", ctx.rng),
        ],
        "M26-G1": [
            docs.write_docx(
                folder / "ip_data_policy_draft.docx",
                [
                    "知財・データ管理方針（素案）— 架空のデモ文書",
                    "1. 学習データの提供者は、提供データの利用範囲を選択できる。",
                    "2. 基盤モデルの重みはコンソーシアム内で共有し、公開版は別途定める。",
                    "IP and data management policy, draft (fictional demo document).",
                ],
            )
        ],
        "M27-C1": [docs.write_png(folder / "members_by_quarter.png", [8, 12, 17, 22, 27, 31])],
    }
    for milestone, paths in attached.items():
        for path in paths:
            documents.attach(ctx.db, milestone, path, actor=SECRETARIAT)
    documents.add_manual(
        ctx.db,
        "M27-C1",
        value="31",
        unit="社",
        effective_date=dt.date(2027, 9, 30),
        source="コンソーシアム事務局 参加企業名簿（2027年9月末、架空）",
        actor=SECRETARIAT,
    )


# --------------------------------------------------------------------------- 2. FY2026 assessments


def _write_csv(path: Path, reviewer: str, fy: int, fill: Fill, *, japanese: bool, encoding: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow(sheets.HEADERS["ja" if japanese else "en"])
        for target, (rating, *comments) in fill.items():
            out.writerow([reviewer, fy, target, rating or "", *comments])
    return path


def _filled_xlsx(ctx: DemoContext, path: Path, reviewer: str, fy: int, fill: Fill) -> Path:
    """The sheet `sheet --reviewer` hands out, filled in as a reviewer would and saved."""
    from openpyxl import load_workbook

    sheets.write_sheet(ctx.db, reviewer, fy, path, lang="ja")
    book = load_workbook(path)
    sheet = book.worksheets[0]
    for row in sheet.iter_rows(min_row=2):
        values = fill.get(str(row[2].value))
        if values is not None:
            for cell, value in zip(row[3:7], values, strict=True):
                cell.value = value or None
    docs.save_workbook(book, path)
    return path


def assess_fy2026(ctx: DemoContext) -> None:
    """Four reviewers' sheets (XLSX, CSV, CP932 CSV); the recused one's is refused; consensus opened."""
    folder = ctx.work_dir / "sheets"
    folder.mkdir()
    sheet_files = [
        _filled_xlsx(ctx, folder / "R01_2026.xlsx", "R01", 2026, FY2026_SHEETS["R01"]),
        _write_csv(
            folder / "R03_2026.csv", "R03", 2026, FY2026_SHEETS["R03"], japanese=False, encoding="utf-8"
        ),
        _write_csv(
            folder / "R04_2026.csv", "R04", 2026, FY2026_SHEETS["R04"], japanese=True, encoding="cp932"
        ),
        _write_csv(
            folder / "R05_2026.csv", "R05", 2026, FY2026_SHEETS["R05"], japanese=True, encoding="utf-8-sig"
        ),
    ]
    for path in sheet_files:
        _import(ctx, DemoImport(path, ImportOptions()))
    recused = _write_csv(folder / "R02_2026.csv", "R02", 2026, RECUSED_SHEET, japanese=True, encoding="utf-8")
    try:
        _import(ctx, DemoImport(recused, ImportOptions()))
    except InputRefused as refused:
        if not all(p.code == "E-RECUSED" for p in refused.problems):
            raise
    else:
        raise RuntimeError("demo: the recused reviewer's sheet was accepted")
    committee.open_consensus(ctx.db, 2026, actor=SECRETARIAT)
    committee.set_committee_status(
        ctx.db,
        "M26-B2",
        Status.NOT_MET,
        "期限（2027年3月31日）までに ARC-Challenge の評価結果が提出されなかったため、未達成と判断した。",
        actor=SECRETARIAT,
    )
    answered: set[str] = set()
    for comment in evaluation.fy_status_json(ctx.db, 2026)["comments"]:
        target = comment["target"]
        if comment["kind"] == "issues" and target in RESPONSES and target not in answered:
            committee.respond(ctx.db, 2026, comment["id"], RESPONSES[target], actor=SECRETARIAT)
            answered.add(target)


# --------------------------------------------------------------------------- 3. the signed FY2026 decision

# What the secretariat discloses in FY2026's public edition before sign-off (SPEC §8): the first
# model release, the LIBERO-Long result and the pilot fleets' counts (M26-F2 reads the same rows),
# and the two FY2026 fleet reports whole, so the fleet chart shows the year.
DISCLOSED_MILESTONES = ("M26-M1", "M26-B1", "M26-F1")
DISCLOSED_FILES = ("fleet_fy2026_h1.csv", "fleet_fy2026_h2.xlsx")


def disclose_fy2026(ctx: DemoContext) -> None:
    """Disclose DISCLOSED_MILESTONES' deciding evidence and DISCLOSED_FILES in FY2026's public edition."""
    for code in DISCLOSED_MILESTONES:
        disclosure.disclose(ctx.db, 2026, disclosure.Target(milestone=code), actor=SECRETARIAT)
    for view in evidence.batches(ctx.db):
        if view.batch.file_name in DISCLOSED_FILES:
            disclosure.disclose(ctx.db, 2026, disclosure.Target(batch=view.batch.id), actor=SECRETARIAT)


def redact_fy2026(ctx: DemoContext) -> None:
    """Give R03's comment that quotes the undisclosed LIBERO-Spatial rate a public text without it."""
    (comment,) = [c for c in lists.comments(ctx.db, 2026) if LIBERO_SPATIAL_QUOTED in c["text"]]
    public = str(comment["text"]).replace(LIBERO_SPATIAL_QUOTED, LIBERO_SPATIAL_REDACTED)
    disclosure.redact_comment(ctx.db, int(comment["id"]), public, actor=SECRETARIAT)


def decide_fy2026(ctx: DemoContext) -> None:
    """Continue with conditions, FY2027 funded at its planned installment (within the ceiling), signed."""
    installment = next(y.installment_jpy for y in ctx.plan.fiscal_years if y.fy == 2027)
    funding = min(installment, decisions.funding_limit(ctx.db, 2026))
    given = decisions.DecisionInput(Outcome.CONTINUE_WITH_CONDITIONS, funding, RATIONALE, CONDITIONS)
    decisions.decide(ctx.db, 2026, given, actor=SECRETARIAT)
    key = demo_officer_key(ctx.db, ctx.db_path)
    decisions.sign(ctx.db, 2026, APPROVER, key, actor="鈴木 健一（O01, 架空）")


# The fictional approver's key lives in the demo's data folder, next to its database; its
# passphrase sits beside it in plain text, which only a fictional demo may do (the demo says so).
DEMO_PASSPHRASE = "demo-only-fictional-passphrase"


def demo_key_files(db_path: Path) -> tuple[Path, Path]:
    """The demo officer's PKCS#12 file and passphrase file, next to the demo database."""
    return (
        db_path.with_name(f"{db_path.stem}-officer-{APPROVER}.p12"),
        db_path.with_name(f"{db_path.stem}-officer-{APPROVER}.passphrase.txt"),
    )


def demo_officer_key(db: sqlite_utils.Database, db_path: Path) -> signing.OfficerKey:
    """The demo approver's key: made (and registered) next to the database, or, when an earlier
    demo left one there, that one registered again."""
    key_file, passphrase_file = demo_key_files(db_path)
    if key_file.exists():
        key = signing.load_key(key_file, DEMO_PASSPHRASE)
        cert = key_file.with_suffix(".pem")
        cert.write_text(key.info.pem, encoding="ascii")
        signing.register_certificate(db, APPROVER, cert, actor=SECRETARIAT)
    else:
        signing.new_key(db, APPROVER, key_file, DEMO_PASSPHRASE, actor=SECRETARIAT)
        key = signing.load_key(key_file, DEMO_PASSPHRASE)
        key_file.with_suffix(".pem").write_text(key.info.pem, encoding="ascii")
    passphrase_file.write_text(DEMO_PASSPHRASE + "\n", encoding="utf-8")
    return key


# --------------------------------------------------------------------------- 4. FY2027 in progress


def assess_fy2027(ctx: DemoContext) -> None:
    """Partial sheets of three reviewers, consensus still hidden; one FY2026 condition partly met."""
    folder = ctx.work_dir / "sheets"
    sheet_files = [
        _write_csv(
            folder / "R01_2027.csv", "R01", 2027, FY2027_SHEETS["R01"], japanese=True, encoding="utf-8"
        ),
        _filled_xlsx(ctx, folder / "R03_2027.xlsx", "R03", 2027, FY2027_SHEETS["R03"]),
        _write_csv(
            folder / "R05_2027.csv", "R05", 2027, FY2027_SHEETS["R05"], japanese=False, encoding="utf-8"
        ),
    ]
    for path in sheet_files:
        _import(ctx, DemoImport(path, ImportOptions()))
    policy = next(c for c in evaluation.fy_status_json(ctx.db, 2027)["conditions"] if "知財" in c["text"])
    decisions.set_condition_status(
        ctx.db,
        2026,
        policy["id"],
        ConditionStatus.PARTIALLY_MET,
        "方針案は策定済み。運営委員会の承認は2027年10月の予定。",
        actor=SECRETARIAT,
    )


# --------------------------------------------------------------------------- 5. after sign-off


def import_after_sign_off(ctx: DemoContext) -> None:
    """v0.5's ARC-Challenge result arrives late; baseline results without a date (date assumed: import)."""
    folder = ctx.work_dir / "late"
    folder.mkdir()
    _import(ctx, files.write_lm_eval_v05_late(folder / "lm_eval_pai-fm-0.5.json"))
    _import(ctx, files.write_benchmark_csv(folder / "baseline_simplerenv.csv", ctx.rng, dated=False))


STEPS = [
    import_evidence,
    attach_documents,
    assess_fy2026,
    disclose_fy2026,
    redact_fy2026,
    decide_fy2026,
    assess_fy2027,
    import_after_sign_off,
]
