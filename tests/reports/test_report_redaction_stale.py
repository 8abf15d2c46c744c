"""The public edition's PDF with a redaction out of date (SPEC §8, m016): the comment prints as a
note that it is withheld until the secretariat reviews its public text, in both languages; the
first page counts it among the withheld values; neither the old public text nor the rewritten
comment reaches the pages or the embedded JSON."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from reviewer import messages
from reviewer.services import disclosure, reporting
from reviewer.store.db import open_database
from tests.reports import builders, pdfcheck

ORIGINAL = "Intervention rates in logistics remain high."
REDACTED = "Intervention rates are being reviewed with the operators."
REWRITTEN = "Intervention rates in logistics: 12 per 1,000 h at Hokuto's sites."


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("stale")
    db = open_database(builders.build_program(folder / "program"))
    out: dict[str, Path] = {}
    try:
        (cid,) = db.execute("SELECT id FROM comment WHERE text = ?", [ORIGINAL]).fetchone()
        disclosure.redact_comment(db, int(cid), REDACTED)
        for lang in ("ja", "en"):
            out[f"before-{lang}"] = folder / f"before-{lang}.pdf"
            reporting.render_report(db, 2027, lang, "public", out[f"before-{lang}"])
        builders.rewrite_r2_issues(db, REWRITTEN)
        for lang in ("ja", "en"):
            out[lang] = folder / f"{lang}.pdf"
            reporting.render_report(db, 2027, lang, "public", out[lang])
    finally:
        db.close()
    return out


def _cover(path: Path) -> str:
    return PdfReader(str(path)).pages[0].extract_text() or ""


def _withheld_on_cover(path: Path, lang: str) -> int:
    text = _cover(path)
    found = re.search(re.escape(messages.text("report-withheld", lang)) + r"\s*([\d,]+)", text)
    assert found, text
    return int(found.group(1).replace(",", ""))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_out_of_date_comment_prints_as_a_note_counted_on_the_first_page(
    rendered: dict[str, Path], lang: str
) -> None:
    text = pdfcheck.squashed(pdfcheck.text_of(rendered[lang]))
    before = pdfcheck.squashed(pdfcheck.text_of(rendered[f"before-{lang}"]))
    assert pdfcheck.squashed(REDACTED) in before
    for value in (REDACTED, REWRITTEN, ORIGINAL):
        assert pdfcheck.squashed(value) not in text, value
    assert "Hokuto" not in text
    assert pdfcheck.squashed(messages.text("report-comment-awaiting-review", lang)) in text
    assert (
        _withheld_on_cover(rendered[lang], lang) == _withheld_on_cover(rendered[f"before-{lang}"], lang) + 1
    )
    cover = pdfcheck.squashed(_cover(rendered[lang]))
    assert pdfcheck.squashed(messages.counted("report-withheld-comments", lang, 1, count=1)) in cover
    data, _ = pdfcheck.attachment_of(rendered[lang])
    dumped = str(data)
    assert REDACTED not in dumped and REWRITTEN not in dumped
    assert data["withheld"]["comments"] == 1
    assert data["withheld"]["total"] == _withheld_on_cover(rendered[lang], lang)
    before_data, _ = pdfcheck.attachment_of(rendered[f"before-{lang}"])
    assert "comments" not in before_data["withheld"]
