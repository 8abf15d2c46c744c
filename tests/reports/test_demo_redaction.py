"""The demo redacts a FY2026 comment that quotes an undisclosed figure before FY2026 is signed
(SPEC §8 "Disclosure"): the public FY2026 PDF prints the redacted text and never the figure, in
its pages or its embedded JSON; the internal edition prints the comment as written; the sealed
redaction verifies."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from reviewer.cli import run
from reviewer.services import demo_steps, reporting
from reviewer.store.db import open_database
from tests.reports import pdfcheck

QUOTED = demo_steps.LIBERO_SPATIAL_QUOTED
REDACTED = demo_steps.LIBERO_SPATIAL_REDACTED


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from reviewer.services.demo import build_demo

    folder = tmp_path_factory.mktemp("demo-redaction")
    db_path = folder / "demo.db"
    build_demo(db_path)
    out = {"db": db_path}
    db = open_database(db_path)
    try:
        for edition in ("public", "internal"):
            out[edition] = folder / f"{edition}.pdf"
            reporting.render_report(db, 2026, "ja", edition, out[edition])
    finally:
        db.close()
    return out


def test_the_figure_quoted_is_one_fy2026_withholds(demo: dict[str, Path]) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run(["--db", str(demo["db"]), "evidence", "list", "--fy", "2026", "--json"], out, err) == 0
    spatial = [
        r
        for r in json.loads(out.getvalue())
        if r.get("benchmark") == "LIBERO-Spatial" and r["value"] == 0.812
    ]
    assert spatial and all(r["confidential"] and 2026 not in r["disclosed"] for r in spatial)
    assert "81.2%" in QUOTED and "81.2" not in REDACTED


def test_comments_lists_the_public_text_beside_the_comment(demo: dict[str, Path]) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run(["--db", str(demo["db"]), "comments", "--fy", "2026", "--json"], out, err) == 0
    (quoted,) = [c for c in json.loads(out.getvalue()) if QUOTED in c["text"]]
    assert REDACTED in quoted["public_text"] and QUOTED not in quoted["public_text"]


def test_public_pdf_prints_the_redacted_text_and_the_internal_one_the_original(demo: dict[str, Path]) -> None:
    public = pdfcheck.squashed(pdfcheck.text_of(demo["public"]))
    internal = pdfcheck.squashed(pdfcheck.text_of(demo["internal"]))
    assert pdfcheck.squashed(REDACTED) in public
    assert pdfcheck.squashed(QUOTED) not in public and "81.2%" not in public
    assert pdfcheck.squashed(QUOTED) in internal and pdfcheck.squashed(REDACTED) not in internal
    data, _ = pdfcheck.attachment_of(demo["public"])
    assert "81.2%" not in json.dumps(data, ensure_ascii=False) and data["signed"] is True
    data, _ = pdfcheck.attachment_of(demo["internal"])
    assert QUOTED in json.dumps(data, ensure_ascii=False)


def test_the_demo_with_its_redaction_verifies(demo: dict[str, Path]) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = run(["--lang", "en", "--db", str(demo["db"]), "verify"], out, err)
    assert code == 0, out.getvalue() + err.getvalue()
    out, err = io.StringIO(), io.StringIO()
    assert run(["--db", str(demo["db"]), "verify", str(demo["public"])], out, err) == 0, err.getvalue()
