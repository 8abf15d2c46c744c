"""The public edition of SPEC §8 in the PDF itself: disclosed values print, withheld ones print
非公開 / "not disclosed" and are counted on the first page, comments print their public text,
operator names never print, and the embedded JSON holds only what is printed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from reviewer import messages
from reviewer.reports.context import UNDISCLOSED
from reviewer.services import disclosure, documents, evidence, reporting
from reviewer.services.report_context import build_context
from reviewer.store.db import open_database
from tests.reports import builders, pdfcheck

ORIGINAL = "Intervention rates in logistics remain high."
REDACTED = "Intervention rates are being reviewed with the operators."
DOCUMENT = "consortium-minutes.pdf"
SECRET_DOCUMENT = "board-secret.pdf"


def _pdf(path: Path) -> Path:
    """A small real PDF (the document importer checks the type by content)."""
    body = f"%PDF-1.4\n% {path.name}\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    path.write_bytes(body.encode("ascii"))
    return path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """FY2027 (unsigned) in the public edition before and after the secretariat's disclosure, in
    both languages, and the internal edition after it."""
    folder = tmp_path_factory.mktemp("public")
    db_path = builders.build_program(folder / "program")
    out: dict[str, Path] = {}
    db = open_database(db_path)
    try:
        shown = documents.attach(db, "B4", _pdf(folder / DOCUMENT))
        documents.attach(db, "B4", _pdf(folder / SECRET_DOCUMENT))
        for lang in ("ja", "en"):
            out[f"before-{lang}"] = folder / f"before-{lang}.pdf"
            reporting.render_report(db, 2027, lang, "public", out[f"before-{lang}"])
        disclosure.disclose(db, 2027, disclosure.Target(milestone="B1"))
        disclosure.disclose(db, 2027, disclosure.Target(document=shown.evidence_id))
        comment = db.execute("SELECT id FROM comment WHERE text = ?", [ORIGINAL]).fetchone()[0]
        disclosure.redact_comment(db, comment, REDACTED)
        for lang in ("ja", "en"):
            out[f"after-{lang}"] = folder / f"after-{lang}.pdf"
            reporting.render_report(db, 2027, lang, "public", out[f"after-{lang}"])
        out["internal"] = folder / "internal.pdf"
        reporting.render_report(db, 2027, "en", "internal", out["internal"])
        out["db"] = db_path
    finally:
        db.close()
    return out


def _first_page(path: Path) -> str:
    return PdfReader(str(path)).pages[0].extract_text() or ""


def _withheld_on_cover(path: Path, lang: str) -> int:
    label = messages.text("report-withheld", lang)
    text = _first_page(path)
    found = re.search(re.escape(label) + r"\s*([\d,]+)", text)
    assert found, f"no withheld count on the first page: {text}"
    return int(found.group(1).replace(",", ""))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_withheld_values_print_not_disclosed_and_are_counted_on_page_one(
    rendered: dict[str, Path], lang: str
) -> None:
    text = pdfcheck.text_of(rendered[f"before-{lang}"])
    # B1's value prints as a percentage (the readable report), B2's as a count of robots
    assert "73.19%" not in text and "0.7319" not in text and "2,198" not in text
    assert messages.text("report-not-disclosed", lang) in text
    db = open_database(rendered["db"])
    try:
        count = _withheld_on_cover(rendered[f"before-{lang}"], lang)
        assert count > 0
        data, _ = pdfcheck.attachment_of(rendered[f"before-{lang}"])
        assert data["withheld"]["total"] == count
        # the printed count is the number of values the page prints as not disclosed
        milestones = [m for m in data["milestones"] if m["value"] == "not disclosed"]
        assert data["withheld"]["milestones"] == len(milestones) >= 2  # B1 and B2 at least
        assert all(m["status"] == "not disclosed" for m in milestones)
    finally:
        db.close()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_disclosed_values_print_and_the_rest_stay_withheld(rendered: dict[str, Path], lang: str) -> None:
    before = _withheld_on_cover(rendered[f"before-{lang}"], lang)
    after = _withheld_on_cover(rendered[f"after-{lang}"], lang)
    text = pdfcheck.text_of(rendered[f"after-{lang}"])
    squashed = pdfcheck.squashed(text)
    # B1's deciding result and its status print; B2's fleet sum stays withheld
    assert "73.19%" in text  # the readable report prints a success rate as a percentage
    row = squashed[squashed.index("73.19%") :][:40]  # the milestone table's row: value, then status
    assert pdfcheck.squashed(messages.text("report-status-met", lang)) in row
    assert "2,198" not in text and messages.text("report-not-disclosed", lang) in text
    # the disclosed document prints, the other does not
    assert DOCUMENT in squashed and SECRET_DOCUMENT not in squashed
    # one milestone value and one document fewer withheld (the benchmark chart's result too)
    assert after < before
    data_before, _ = pdfcheck.attachment_of(rendered[f"before-{lang}"])
    data_after, _ = pdfcheck.attachment_of(rendered[f"after-{lang}"])
    assert data_after["withheld"]["milestones"] == data_before["withheld"]["milestones"] - 1
    assert data_after["withheld"]["documents"] == data_before["withheld"]["documents"] - 1
    assert data_after["withheld"]["total"] == after


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_operator_names_and_confidential_values_never_print(rendered: dict[str, Path], lang: str) -> None:
    for key in (f"before-{lang}", f"after-{lang}"):
        text = pdfcheck.text_of(rendered[key])
        dumped = str(pdfcheck.attachment_of(rendered[key])[0])
        for value in ("Hokuto", "Minato", "2,198", "2198", "ZETA-CONFIDENTIAL"):
            assert value not in text, (key, value)
            assert value not in dumped, (key, value)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_comments_print_their_public_text_unattributed(rendered: dict[str, Path], lang: str) -> None:
    before = pdfcheck.squashed(pdfcheck.text_of(rendered[f"before-{lang}"]))
    after = pdfcheck.squashed(pdfcheck.text_of(rendered[f"after-{lang}"]))
    assert pdfcheck.squashed(ORIGINAL) in before
    assert pdfcheck.squashed(REDACTED) in after and pdfcheck.squashed(ORIGINAL) not in after
    dumped = str(pdfcheck.attachment_of(rendered[f"after-{lang}"])[0])
    assert REDACTED in dumped and ORIGINAL not in dumped
    for name in (*builders.REVIEWER_IDS, *builders.REVIEWER_NAMES):
        assert f"{name}:" not in after  # no comment names its author
    internal = pdfcheck.squashed(pdfcheck.text_of(rendered["internal"]))
    assert pdfcheck.squashed(ORIGINAL) in internal and pdfcheck.squashed(REDACTED) not in internal


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_weighted_achievement_is_withheld_while_a_milestone_status_is(
    rendered: dict[str, Path], lang: str
) -> None:
    """The weighted achievement is a weighted sum of the statuses: printed beside the statuses the
    public edition does print, it tells which withheld statuses were met (adversarial review)."""
    internal, _ = pdfcheck.attachment_of(rendered["internal"])
    achieved = internal["weighted_achievement"]
    assert isinstance(achieved, float)
    printed = f"{achieved * 100:.1f}%"
    assert printed in pdfcheck.text_of(rendered["internal"])
    not_disclosed = pdfcheck.squashed(messages.text("report-not-disclosed", lang))
    label = pdfcheck.squashed(messages.text("report-weighted-achievement", lang))
    for key in (f"before-{lang}", f"after-{lang}"):  # B2's fleet sum stays withheld after too
        data, _ = pdfcheck.attachment_of(rendered[key])
        assert data["withheld"]["milestones"] >= 1
        assert (
            data["weighted_achievement"] == "not disclosed" and data["withheld"]["achievement"] == 2
        )  # last FY's too
        text = pdfcheck.squashed(pdfcheck.text_of(rendered[key]))
        assert "→" + printed not in text  # year over year: last FY's, then this FY's
        assert label + not_disclosed in text  # the summary's row
        assert _withheld_on_cover(rendered[key], lang) == data["withheld"]["total"]


def test_last_years_withheld_achievement_stays_withheld_in_this_years_public_edition(
    rendered: dict[str, Path], tmp_path: Path
) -> None:
    """FY2026 (signed) disclosed none of its milestones' deciding evidence, so its own public
    edition withholds its weighted achievement; FY2027's year-over-year row printed it anyway
    (adversarial review). Withheld there too, counted; the internal edition prints it."""
    db = open_database(builders.copy_db(rendered["db"], tmp_path / "copy.db"))
    try:
        last = build_context(db, 2026, "en", "public")
        assert last.weighted_achievement is UNDISCLOSED
        public = build_context(db, 2027, "en", "public")
        internal = build_context(db, 2027, "en", "internal")
    finally:
        db.close()
    assert public.year_over_year is not None and internal.year_over_year is not None
    assert isinstance(internal.year_over_year.previous_achievement, float)
    assert public.year_over_year.previous_achievement is UNDISCLOSED
    assert public.withheld is not None and public.withheld.achievement == 2  # this FY's and last FY's
    text = pdfcheck.squashed(pdfcheck.text_of(rendered["before-en"]))
    label = pdfcheck.squashed(messages.text("report-weighted-achievement", "en"))
    not_disclosed = pdfcheck.squashed(messages.text("report-not-disclosed", "en"))
    assert f"{label}{not_disclosed}→{not_disclosed}" in text  # the year-over-year row


def test_a_withheld_milestone_says_nothing_of_its_deciding_evidence_in_the_attachment(
    rendered: dict[str, Path],
) -> None:
    """Whether the deciding results were self-reported is a fact of that evidence: the page prints
    no mark for a withheld status, so the attachment, which holds only what prints, has none."""
    data, _ = pdfcheck.attachment_of(rendered["before-en"])
    withheld = [m for m in data["milestones"] if m["status"] == "not disclosed"]
    assert withheld
    assert all(m["self_reported"] == "not disclosed" for m in withheld), withheld
    internal, _ = pdfcheck.attachment_of(rendered["internal"])
    assert any(m["self_reported"] is True for m in internal["milestones"])


def test_the_internal_edition_counts_nothing_withheld(rendered: dict[str, Path]) -> None:
    assert messages.text("report-withheld", "en") not in _first_page(rendered["internal"])
    data, _ = pdfcheck.attachment_of(rendered["internal"])
    assert (
        data["withheld"] is None
        and "0.7319" in str(data)
        and "2,198" in pdfcheck.text_of(rendered["internal"])
    )


def test_disclosing_a_fleet_batch_prints_its_file_name_and_sums(
    rendered: dict[str, Path], tmp_path: Path
) -> None:
    """The context, without a render: a disclosed batch's file name and its rows' sum print."""
    db = open_database(builders.copy_db(rendered["db"], tmp_path / "copy.db"))
    try:
        batch = next(v.batch.id for v in evidence.batches(db) if v.batch.file_name == "fleet_2027.csv")
        ctx = build_context(db, 2027, "en", "public")
        assert "fleet_2027.csv" not in [f.file_name for f in ctx.evidence_files]
        disclosure.disclose(db, 2027, disclosure.Target(batch=batch))
        ctx = build_context(db, 2027, "en", "public")
        assert "fleet_2027.csv" in [f.file_name for f in ctx.evidence_files]
        b2 = next(m for m in ctx.milestones if m.code == "B2")
        assert b2.value == 2198 and b2.status != "no_evidence"
        points = {(s.label, p.x): p.y for s in ctx.fleet_chart.industries for p in s.points}
        assert points[("Logistics", "2028-03")] == 1437
    finally:
        db.close()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_demos_fy2026_public_edition_prints_its_disclosed_figures(
    tmp_path_factory: pytest.TempPathFactory, lang: str
) -> None:
    """Issue 16's done-when: the demo discloses FY2026's model, LIBERO-Long and fleet figures."""
    from reviewer.services.demo import build_demo

    folder = tmp_path_factory.mktemp(f"demo-{lang}")
    build_demo(folder / "demo.db")
    db = open_database(folder / "demo.db")
    try:
        pdf = folder / "public.pdf"
        reporting.render_report(db, 2026, lang, "public", pdf)
        internal = build_context(db, 2026, lang, "internal")
    finally:
        db.close()
    text = pdfcheck.text_of(pdf)
    squashed = pdfcheck.squashed(text)
    values = {m.code: m.value for m in internal.milestones}
    assert values["M26-B1"] == pytest.approx(0.534) and "53.4%" in text
    assert f"{values['M26-F1']:,.0f}" in text and f"{values['M26-F2']:,.0f}" in squashed
    assert "fleet_fy2026_h1.csv" in squashed and "fleet_fy2026_h2.xlsx" in squashed
    assert _withheld_on_cover(pdf, lang) > 0  # the rest of the year's evidence stays withheld
    data, _ = pdfcheck.attachment_of(pdf)
    assert data["withheld"]["milestones"] == 0 and data["signed"] is True


def test_a_committee_status_on_a_withheld_milestone_prints_neither_status_nor_reason(
    rendered: dict[str, Path], tmp_path: Path
) -> None:
    """The committee's status of a withheld milestone says what the withheld status is, and its
    reason may quote the withheld value: the public edition prints "not disclosed" for the
    status and leaves the reason out; the internal edition prints both."""
    from reviewer.core.models import Status
    from reviewer.services import committee

    reason = "The operators' own count of 2,198 robots was checked on site."
    db = open_database(builders.copy_db(rendered["db"], tmp_path / "copy.db"))
    try:
        committee.set_committee_status(db, "B2", Status.MET, reason)
        public = build_context(db, 2027, "en", "public")
        b2 = next(m for m in public.milestones if m.code == "B2")
        assert b2.status is UNDISCLOSED
        assert b2.committee_status is UNDISCLOSED and b2.committee_reason is None
        internal = build_context(db, 2027, "en", "internal")
        b2 = next(m for m in internal.milestones if m.code == "B2")
        assert b2.committee_status == "met" and b2.committee_reason == reason
        pdf = tmp_path / "public.pdf"
        reporting.render_report(db, 2027, "en", "public", pdf)
    finally:
        db.close()
    squashed = pdfcheck.squashed(pdfcheck.text_of(pdf))
    assert pdfcheck.squashed(reason) not in squashed and "2,198" not in squashed
    data, _ = pdfcheck.attachment_of(pdf)
    row = next(m for m in data["milestones"] if m["code"] == "B2")
    assert row["committee_status"] == "not disclosed" and row["committee_reason"] is None
