"""The issued PDF itself: every part in both languages and editions, fonts, PDF/A, the attachment."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from reviewer import messages, resources
from reviewer.services import reporting
from reviewer.store.db import open_database
from tests.reports import builders, pdfcheck

VARIANTS = [(fy, lang, ed) for fy in (2026, 2027) for lang in ("ja", "en") for ed in ("internal", "public")]


@pytest.fixture(scope="module")
def no_system_fonts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fontconfig file with no font folders: a system fallback font cannot hide a broken bundled one."""
    folder = tmp_path_factory.mktemp("fontconfig")
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><cachedir>{folder / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    old = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(conf)
    yield conf
    if old is None:
        os.environ.pop("FONTCONFIG_FILE", None)
    else:
        os.environ["FONTCONFIG_FILE"] = old


@pytest.fixture(scope="module")
def rendered(
    tmp_path_factory: pytest.TempPathFactory, no_system_fonts: Path
) -> dict[tuple[int, str, str], Path]:
    """The eight reports (two FYs, two languages, two editions) of the test program, rendered once."""
    folder = tmp_path_factory.mktemp("reports")
    db_path = builders.build_program(folder / "program")
    db = open_database(db_path)
    out = {}
    try:
        for fy, lang, edition in VARIANTS:
            path = folder / f"r{fy}-{lang}-{edition}.pdf"
            reporting.render_report(db, fy, lang, edition, path)
            out[(fy, lang, edition)] = path
    finally:
        db.close()
    return out


def _words(lang: str, *keys: str) -> list[str]:
    return [messages.text(k, lang) for k in keys]


@pytest.mark.parametrize(("fy", "lang", "edition"), VARIANTS)
def test_every_part_is_in_the_text(
    rendered: dict[tuple[int, str, str], Path], fy: int, lang: str, edition: str
) -> None:
    path = rendered[(fy, lang, edition)]
    text = pdfcheck.squashed(pdfcheck.text_of(path))
    headings = _words(
        lang,
        "report-toc",
        "report-sec-summary",
        "report-sec-roster",
        "report-sec-criteria",
        "report-sec-milestones",
        "report-sec-charts",
        "report-sec-comments",
        "report-sec-yoy",
        "report-sec-appendix",
    )
    program = "報告書試験プログラム" if lang == "ja" else "Reporttestprogram"
    expected = [
        *headings,
        program,
        messages.text("report-edition-" + edition, lang),
        # cover: outcome and state; FY2026 is signed, FY2027 a draft with the watermark
        messages.text("report-outcome-continue_with_conditions", lang),
        messages.text("report-final" if fy == 2026 else "report-draft", lang),
        # roster with recusal, criteria names, milestone codes
        "青木一郎",
        "佐藤誠",
        messages.text("report-recused", lang),
        "研究開発成果" if lang == "ja" else "R&Doutcomes",
        *(("A1", "A2") if fy == 2026 else ("B1", "B2", "B3", "B4")),
        # summary money in the language's own form
        "3,873億円" if lang == "ja" else "¥387.3billion",
        # the versions (the chain anchor: signed reports only, below)
        "WeasyPrint",
    ]
    if fy == 2026:
        expected.append(messages.text("report-chain-head", lang).replace(" ", ""))
    if fy == 2027:
        expected += [
            "PickBench",
            "Interventionratesinlogisticsremainhigh.",
            "業種別データを次期に公開します。",
        ]
        expected += ["Submitasafetyevaluationplan"]  # last year's condition, in year over year
    else:
        expected += ["初年度としては十分な成果。"]
    missing = [e for e in expected if pdfcheck.squashed(e) not in text]
    assert not missing, f"not in the {fy} {lang} {edition} PDF: {missing}"
    watermark = messages.text("report-watermark", lang)
    assert (text.count(watermark) >= 8) == (fy == 2027), "DRAFT on every page until signed"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_public_edition_prints_no_confidential_value(
    rendered: dict[tuple[int, str, str], Path], lang: str
) -> None:
    internal = pdfcheck.text_of(rendered[(2027, lang, "internal")])
    public = pdfcheck.text_of(rendered[(2027, lang, "public")])
    for value in ("73.19%", "2,198", "ZETA-CONFIDENTIAL"):  # 0.7319 prints as a percentage
        assert value in internal
        assert value not in public
    for value in builders.CONFIDENTIAL_VALUES:
        assert value not in public
    assert messages.text("report-not-disclosed", lang) in public
    data, _ = pdfcheck.attachment_of(rendered[(2027, lang, "public")])
    dumped = str(data)
    for value in (*builders.CONFIDENTIAL_VALUES, "ZETA", "0.7319", "2198"):
        assert value not in dumped
    assert data["assessments"] == []


def test_fonts_are_embedded_and_the_only_one_is_ipaexgothic(
    rendered: dict[tuple[int, str, str], Path],
) -> None:
    cmap = TTFont(str(resources.assets_dir() / "fonts" / "ipaexfont" / "ipaexg.ttf")).getBestCmap()
    for key, path in rendered.items():
        fonts = pdfcheck.fonts_of(path)
        assert fonts, key
        for name, embedded in fonts.items():
            assert name.split("+")[-1] == "IPAexGothic", (key, name)
            assert embedded, (key, name)
        # every printed character has a glyph in the bundled font (no empty boxes)
        missing = {ch for ch in pdfcheck.text_of(path) if not ch.isspace() and ord(ch) not in cmap}
        assert not missing, (key, missing)


def test_pdfa_structure_and_attachment(rendered: dict[tuple[int, str, str], Path]) -> None:
    path = rendered[(2026, "ja", "internal")]
    xmp = pdfcheck.xmp_of(path)
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    cat = pdfcheck.catalog(path)
    intent = cat["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1" and "/DestOutputProfile" in intent
    # names outside the streams: compressed stream bytes may hold "/JS" by chance (they did)
    raw = re.sub(rb"stream\r?\n.*?endstream", b"", path.read_bytes(), flags=re.DOTALL)
    assert b"/Encrypt" not in raw and b"/JavaScript" not in raw and b"/JS" not in raw
    data, relationship = pdfcheck.attachment_of(path)
    assert relationship == "/Source"
    assert data["fy"] == 2026 and data["signed"] is True
    assert data["decision_sha256"] and len(data["decision_sha256"]) == 64
    pseudonyms = [a["pseudonym"] for a in data["assessments"]]
    assert pseudonyms == ["Reviewer A", "Reviewer B", "Reviewer C"]  # R4 is recused
    dumped = str(data)
    for name in builders.REVIEWER_NAMES:
        assert name not in dumped
    for rid in builders.REVIEWER_IDS:
        assert f"'{rid}'" not in dumped


def test_the_decision_hash_and_chain_anchor_are_printed(rendered: dict[tuple[int, str, str], Path]) -> None:
    path = rendered[(2026, "en", "internal")]
    data, _ = pdfcheck.attachment_of(path)
    text = pdfcheck.squashed(pdfcheck.text_of(path))
    assert data["decision_sha256"] in text
    assert data["audit_chain"]["head"] in text
    draft = pdfcheck.squashed(pdfcheck.text_of(rendered[(2027, "en", "internal")]))
    assert messages.text("report-no-hash", "en").replace(" ", "") in draft
    # a draft prints no chain anchor: issuing a report appends to the chain (SPEC §7)
    assert messages.text("report-chain-head", "en").replace(" ", "") not in draft
    assert pdfcheck.attachment_of(rendered[(2027, "en", "internal")])[0]["audit_chain"] is None
