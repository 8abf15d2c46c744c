"""An amended, signed FY's report (SPEC §8 "Readable by a person", last sentences; issue 16).

It names the decision it amends (number, date, outcome in words) on the cover and in the
summary, in both languages and editions; its fleet chart and evidence appendix come from the
seal only, so evidence imported after the first sign-off never enters them (the milestone table,
from the snapshot, never took it either); screens and `status` count such records, the report
does not; `verify` still holds and a re-render after later work is byte-identical.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from reviewer.cli import run
from reviewer.core.models import Outcome
from reviewer.services import audit_check, decisions, reporting
from reviewer.services.report_context import build_context, japan_date
from reviewer.store.db import open_database
from tests.officer_keys import officer_key
from tests.reports import builders
from tests.reports.pdfcheck import squashed

LATE_FILES = ("fleet_2027.csv", "bench.csv", "model_card.md", "fleet_late.csv")


def _pages(path: Path) -> list[str]:
    return [squashed(page.extract_text() or "") for page in PdfReader(str(path)).pages]


@pytest.fixture(scope="module")
def amended(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """FY2026 signed, evidence imported after (builders), then amended and the amendment signed.

    Returns the database and what FY2026's first signed report read (context parts).
    """
    folder = tmp_path_factory.mktemp("amended")
    db_path = builders.build_program(folder / "p")  # FY2026 signed; fleet_2027, bench, card after
    db = open_database(db_path)
    try:
        before = {edition: build_context(db, 2026, "en", edition) for edition in ("internal", "public")}
        first = decisions.store.signed_decision(db, 2026)
        assert first is not None and first.signed_at is not None
        decisions.amend(
            db,
            2026,
            decisions.DecisionInput(
                Outcome.SCALE_BACK,
                300_000_000_000,
                "予算削減。Budget cut.",
                override_reason="国の補正予算 / the national budget was cut",
            ),
            "補正予算 / supplementary budget",
        )
        decisions.sign(db, 2026, "O1", officer_key(db, "O1"))
    finally:
        db.close()
    return db_path, {
        "before": before,
        "first_id": first.id,
        "first_date": japan_date(first.signed_at),
    }


def test_seal_keeps_later_evidence_out_of_the_amended_chart_and_appendix(
    amended: tuple[Path, dict[str, object]],
) -> None:
    db_path, was = amended
    before = was["before"]
    assert isinstance(before, dict)
    db = open_database(db_path)
    try:
        for edition in ("internal", "public"):
            now = build_context(db, 2026, "en", edition)
            assert now.signed and now.decision is not None and now.decision.outcome == "scale_back"
            assert now.fleet_chart == before[edition].fleet_chart
            assert now.evidence_files == before[edition].evidence_files
            assert now.documents == before[edition].documents
            assert now.benchmark_charts == before[edition].benchmark_charts  # bench.csv came later
            assert now.milestones == before[edition].milestones
            names = {f.file_name for f in now.evidence_files}
            assert not names & set(LATE_FILES)
        # the amendment's seal records what it amends and the evidence cut-off of the first sign-off
        row = decisions.store.signed_decision(db, 2026)
        assert row is not None
        snap = decisions.store.snapshot(db, row.id)
        assert snap is not None
        sealed = json.loads(snap.content_json)["seal"]
        periods = {key.split(":")[0] for key in sealed["fleet_series"]}
        assert periods and max(periods) < "2027-04"  # fleet_2027.csv's September rows stay out
        meta = sealed["meta"]["report"]
        first = decisions.store.decision(db, int(str(was["first_id"])))
        assert first is not None
        assert meta["amends"] == {"id": first.id, "outcome": first.outcome, "signed_at": first.signed_at}
        assert meta["evidence_as_of"] == first.signed_at
        assert audit_check.verify_database(db).ok
    finally:
        db.close()


@pytest.mark.parametrize(
    ("lang", "edition", "words"),
    [
        ("en", "internal", ("Amendsdecision{id}of{date}(Continuewithconditions)",)),
        ("en", "public", ("Amendsdecision{id}of{date}(Continuewithconditions)",)),
        ("ja", "internal", ("修正元の判断判断{id}（{date}、条件付き継続）",)),
        ("ja", "public", ("修正元の判断判断{id}（{date}、条件付き継続）",)),
    ],
)
def test_amended_report_names_the_decision_it_amends_on_cover_and_summary(
    amended: tuple[Path, dict[str, object]], tmp_path: Path, lang: str, edition: str, words: tuple[str, ...]
) -> None:
    db_path, was = amended
    first_date = was["first_date"]
    assert isinstance(first_date, dt.date)
    shown = (
        f"{first_date.year}年{first_date.month}月{first_date.day}日"
        if lang == "ja"
        else f"{first_date.day}{first_date.strftime('%B')}{first_date.year}"
    )
    out = tmp_path / f"{lang}-{edition}.pdf"
    db = open_database(db_path)
    try:
        reporting.render_report(db, 2026, lang, edition, out)
    finally:
        db.close()
    pages = _pages(out)
    wanted = [w.format(id=was["first_id"], date=shown) for w in words]
    cover = pages[0]
    summary = next(p for p in pages[1:] if ("Summary" if lang == "en" else "概要") in p and "予算削減" in p)
    for w in wanted:
        assert w in cover, cover
        assert w in summary, summary
    text = "".join(pages)
    for name in LATE_FILES:
        assert name not in text
    # the report never counts what came after sign-off: that is for screens and `status`
    assert "aftersign-off" not in text and "署名後" not in text


def test_status_and_screens_count_records_added_after_sign_off(
    amended: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    db_path, _was = amended
    out, err = io.StringIO(), io.StringIO()
    assert run(["--lang", "en", "--db", str(db_path), "status", "--fy", "2026", "--json"], out, err) == 0
    data = json.loads(out.getvalue())
    db = open_database(db_path)
    try:
        (late,) = db.execute(
            "SELECT count(*) FROM evidence e JOIN import_batch b ON b.id = e.batch_id"
            " WHERE b.imported_at > (SELECT min(signed_at) FROM decision WHERE fy = 2026)"
        ).fetchone()
    finally:
        db.close()
    assert late > 0 and data["after_signoff_records"] == late
    out = io.StringIO()
    assert run(["--lang", "en", "--db", str(db_path), "status", "--fy", "2026"], out, err) == 0
    assert f"{late} evidence records added after FY2026's sign-off" in out.getvalue()
    out = io.StringIO()
    assert run(["--lang", "ja", "--db", str(db_path), "status", "--fy", "2026"], out, err) == 0
    assert f"2026年度の署名後に追加された証拠 {late} 件" in out.getvalue()
    # an unsigned FY has no sign-off to count from
    out = io.StringIO()
    assert run(["--db", str(db_path), "status", "--fy", "2027", "--json"], out, err) == 0
    assert "after_signoff_records" not in json.loads(out.getvalue())


def test_amended_fy_rerenders_byte_identical_after_later_work(
    amended: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    db_path, _was = amended
    copy = builders.copy_db(db_path, tmp_path / "copy.db")
    db = open_database(copy)
    try:
        first = reporting.render_report(db, 2026, "en", "internal", tmp_path / "a.pdf").sha256
    finally:
        db.close()
    builders.add_later_work(copy)
    db = open_database(copy)
    try:
        second = reporting.render_report(db, 2026, "en", "internal", tmp_path / "b.pdf").sha256
        assert audit_check.verify_database(db).ok
    finally:
        db.close()
    assert first == second
