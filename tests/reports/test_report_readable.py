"""SPEC §8 "Readable by a person": no code reaches a page where a person expects words.

The demo's reports (FY2026 signed, FY2027 a draft) and the worked example's (SPEC §5, with a
committee status and a decision) are rendered in both languages and both editions; the text of
EACH page is read back and searched for the codes of the product's own code lists and the
plan's (fleet measures and benchmark metrics, industries, areas, rule kinds, statuses, outcomes,
formats, criteria, comment and evidence kinds, roles, conflict categories, reviewer and officer
ids). The lists come from the enums, `importers.FORMATS` and the plans themselves, so a new code
is checked too.

What may print: milestone codes (M26-B1, W1) are the plan's identifiers and print in the code
column and where a note names a milestone; the program code prints beside its name on the cover;
benchmark and model names are the outside world's names (ARC-Challenge, noetra/pai-fm-0.5).
A code that is part of its own words (the format `llm-jp-eval`, whose name is "llm-jp-eval 結果")
is not searched for.

Codes with `_`, `-` or a digit (robots_active, partially_met, hf-model-card, nursing_care, R01)
are never a word in either language: every page of every report is searched for them. Codes that
are ordinary English words (met, model, logistics, outcomes) are searched for on the Japanese
pages, where no English word of ours belongs.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from reviewer import messages
from reviewer.core.models import (
    Area,
    BenchmarkRule,
    CommentKind,
    ConditionStatus,
    ConflictCategory,
    EvidenceKind,
    FleetMeasure,
    Outcome,
    ReviewerRole,
    RuleKind,
    Status,
)
from reviewer.importers import FORMATS
from reviewer.services import committee, decisions, demo, evidence, programs, reporting, sealing
from reviewer.store.db import open_database
from tests.paths import EXAMPLE, SHAPES

LANGS = ("ja", "en")
EDITIONS = ("internal", "public")
_TOKEN = re.compile(r"[A-Za-z0-9_@.-]+")


def _changed_plan(folder: Path) -> Path:
    """The example's plan with W2 moved to another area and criterion and its target raised,
    and W4's English title changed: the year-over-year page lists plan changes."""
    text = (EXAMPLE / "plan.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "area: fleet, criterion: commercialization", "area: consortium, criterion: management"
    )
    text = text.replace('period: 2027-04, op: ">=", target: 100}', 'period: 2027-04, op: ">=", target: 120}')
    text = text.replace("en: Model 1.0 released", "en: Model 1.0 public")
    assert text.count("target: 120") == 1 and "Model 1.0 public" in text
    path = folder / "plan-changed.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _example(folder: Path) -> Path:
    """SPEC §5's worked example, imported, with a committee status (and its reason), a decision
    and a plan change."""
    path = folder / "example.db"
    programs.init_database(path, EXAMPLE / "plan.yaml")
    db = open_database(path)
    try:
        programs.load_plan(db, _changed_plan(folder))
        evidence.import_file(
            db,
            SHAPES / "lm_eval_legacy_arc.json",
            evidence.ImportOptions(model="acme/robo-1", effective_date=dt.date(2027, 6, 1)),
        )
        evidence.import_file(db, EXAMPLE / "fleet.csv", evidence.ImportOptions())
        evidence.import_file(
            db, EXAMPLE / "README.md", evidence.ImportOptions(effective_date=dt.date(2028, 1, 5))
        )
        committee.set_committee_status(db, "W3", Status.NOT_MET, "介入の多い月が続いたため。")
        decisions.decide(
            db,
            2027,
            decisions.DecisionInput(
                Outcome.CONTINUE_WITH_CONDITIONS,
                1,
                "ok",
                conditions=(("安全性評価 / Safety evaluation", dt.date(2028, 9, 30)),),
            ),
        )
    finally:
        db.close()
    return path


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[tuple[str, int, str, str], Path]]:
    """Every report of the demo (FY2026, FY2027) and the worked example (FY2027), by (which, FY,
    language, edition)."""
    folder = tmp_path_factory.mktemp("readable")
    demo_db = folder / "demo.db"
    demo.build_demo(demo_db)
    out: dict[tuple[str, int, str, str], Path] = {}
    for which, path, years in (("demo", demo_db, (2026, 2027)), ("example", _example(folder), (2027,))):
        db = open_database(path)
        try:
            for fy in years:
                for lang in LANGS:
                    for edition in EDITIONS:
                        pdf = folder / f"{which}-{fy}-{lang}-{edition}.pdf"
                        reporting.render_report(db, fy, lang, edition, pdf)
                        out[(which, fy, lang, edition)] = pdf
        finally:
            db.close()
    yield out
    shutil.rmtree(folder, ignore_errors=True)


def _plan_codes(path: Path) -> tuple[set[str], str]:
    """The plan's codes, and its implementer (a name: "Noetra consortium" is no Area code)."""
    db = open_database(path, readonly=True)
    try:
        plan = sealing.plan_of(sealing.sealed_fy(db, 2027).seal)
    finally:
        db.close()
    codes = {i.code for i in plan.industries} | {c.code for c in plan.criteria}
    codes |= {r.id for r in plan.reviewers} | {o.id for o in plan.officers}
    codes |= {m.rule.metric for m in plan.milestones if isinstance(m.rule, BenchmarkRule) and m.rule.metric}
    return codes, plan.program.implementer


def _product_codes() -> set[str]:
    enums = (Area, RuleKind, FleetMeasure, Status, ConditionStatus, Outcome, CommentKind, EvidenceKind)
    codes = {member.value for enum in enums for member in enum}
    codes |= {r.value for r in ReviewerRole} | {c.value for c in ConflictCategory}
    return codes | set(FORMATS)


def _own_words(code: str) -> bool:
    """True when the code is part of its own label (a tool's name: llm-jp-eval)."""
    key = f"format-name-{code}"
    return messages.has(key) and all(code in messages.text(key, lang) for lang in LANGS)


def _pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def _found(codes: set[str], page: str) -> set[str]:
    """Codes that stand as a whole token on the page, or (with `_`) anywhere once line breaks,
    which a narrow table cell may put inside a code, are taken out."""
    tokens = {t.strip(".") for t in _TOKEN.findall(page)}
    hits = codes & tokens
    squashed = re.sub(r"\s+", "", page)
    hits |= {
        c
        for c in codes
        if "_" in c and re.search(rf"(?<![A-Za-z0-9_]){re.escape(c)}(?![A-Za-z0-9_])", squashed)
    }
    return hits


def test_no_code_reaches_a_page(reports: dict[tuple[str, int, str, str], Path]) -> None:
    folder = next(iter(reports.values())).parent
    demo_codes, demo_implementer = _plan_codes(folder / "demo.db")
    example_codes, example_implementer = _plan_codes(folder / "example.db")
    codes = _product_codes() | demo_codes | example_codes
    codes = {c for c in codes if not _own_words(c)}
    marked = {c for c in codes if re.search(r"[_\-0-9@]", c)}
    plain = {c for c in codes if c.isascii() and c not in marked}
    assert {
        "robots_active",
        "interventions_per_1000h",
        "partially_met",
        "hf-model-card",
        "nursing_care",
    } <= marked
    assert {"met", "logistics", "outcomes", "benchmark", "acc"} <= plain
    leaks = []
    for (which, fy, lang, edition), path in sorted(reports.items()):
        for number, page in enumerate(_pages(path), start=1):
            page = page.replace(demo_implementer, "").replace(example_implementer, "")
            hits = _found(marked | plain if lang == "ja" else marked, page)
            if hits:
                leaks.append(f"{which} FY{fy} {lang} {edition} page {number}: {sorted(hits)}")
    assert not leaks, "\n".join(leaks)


def _squashed_text(path: Path) -> str:
    return re.sub(r"\s+", "", "".join(_pages(path)))


def test_targets_values_and_reasons_read_as_words(reports: dict[tuple[str, int, str, str], Path]) -> None:
    ja = _squashed_text(reports[("example", 2027, "ja", "internal")])
    en = _squashed_text(reports[("example", 2027, "en", "internal")])
    for text, words in (
        (
            ja,
            (
                "稼働台数（医療）2027年4月≧100台",  # SPEC §8's own example, in the example's industry
                "介入頻度2027年4月≦2回/1,000時間",
                "ARC-Challenge正答率≧30%",
                "26.62%",  # W1's measured accuracy, as a percentage
                "115台",  # W2's robots, with their unit
                "2.667回/1,000時間",  # W3's rate, with its unit
                "acme/robo-1の公開（ARC-Challengeの結果とともに）",
                "介入の多い月が続いたため",  # the committee's reason
                "lm-evaluation-harness結果",  # a format by its name
                "分野:導入・稼働→コンソーシアム",  # a plan change, field by field, in words
                "評価項目:実用化・事業化の見通し→研究開発マネジメント",
                "目標:稼働台数（医療）2027年4月≧100台→稼働台数（医療）2027年4月≧120台",
                "マイルストーン（英語）:Model1.0released→Model1.0public",
            ),
        ),
        (
            en,
            (
                "Robotsactive(Medicalcare),Apr2027≧100robots",
                "Interventionrate,Apr2027≦2interventionsper1,000h",
                "ARC-Challengeaccuracy≧30%",
                "115robots",
                "2.667interventionsper1,000h",
                "acme/robo-1released,withresultsforARC-Challenge",
                "WhythecommitteesetW3toNotmet:",
                "Hugging Facemodelcard".replace(" ", ""),
                "Area:Fleet→Consortium",
                "Criterion:Prospectsforpracticaluse→R&Dmanagement",
                "Target:Robotsactive(Medicalcare),Apr2027≧100robots→Robotsactive(Medicalcare),Apr2027≧120robots",
                "Milestone:Model1.0released→Model1.0public",
            ),
        ),
    ):
        missing = [w for w in words if w not in text]
        assert not missing, missing


def test_the_demos_baseline_is_named_in_table_and_note(
    reports: dict[tuple[str, int, str, str], Path],
) -> None:
    ja = _squashed_text(reports[("demo", 2026, "ja", "internal")])
    en = _squashed_text(reports[("demo", 2026, "en", "internal")])
    assert "openvla/openvla-7b（ベースライン）" in ja and "ベースラインは比較のために" in ja
    assert "openvla/openvla-7b(baseline)" in en and "Abaselineisanoutsidemodel" in en
    assert "計画の軌道（2040年度まで）" in ja and "Theplan'strajectorytoFY2040" in en
