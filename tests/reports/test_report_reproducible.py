"""R9 and issuing: a signed FY renders to the same bytes after later work; verify FILE.pdf; the CLI."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from reviewer.cli import run
from reviewer.services import reporting
from reviewer.store.db import open_database
from tests.reports import builders


def _render(db_path: Path, out: Path, fy: int = 2026, *, reproducible: bool = True) -> str:
    db = open_database(db_path)
    try:
        return reporting.render_report(db, fy, "ja", "internal", out, reproducible=reproducible).sha256
    finally:
        db.close()


def test_signed_fy_renders_byte_for_byte_after_later_work(tmp_path: Path) -> None:
    db_path = builders.build_program(tmp_path / "p")
    first = _render(db_path, tmp_path / "a.pdf")
    builders.add_later_work(db_path)  # more evidence, next-FY assessments
    builders.copy_db(db_path, tmp_path / "backup.db")
    second = _render(db_path, tmp_path / "b.pdf")  # each render is a new child process
    assert first == second
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_negative_control_without_pinned_dates_renders_differ(tmp_path: Path) -> None:
    # Without SOURCE_DATE_EPOCH and the pinned dcterms/attachment dates, the same FY renders
    # differently a second later (with HarfBuzz-Subset installed, the font subsets no longer carry
    # a time stamp, so it is the pinned dates that make the difference; with fontTools, both do).
    db_path = builders.build_program(tmp_path / "p")
    first = _render(db_path, tmp_path / "a.pdf", reproducible=False)
    time.sleep(1.1)  # PDF dates are to the second
    second = _render(db_path, tmp_path / "b.pdf", reproducible=False)
    assert first != second


def test_draft_rerendered_with_nothing_changed_is_identical(tmp_path: Path) -> None:
    db_path = builders.build_program(tmp_path / "p")
    first = _render(db_path, tmp_path / "a.pdf", fy=2027)
    second = _render(db_path, tmp_path / "b.pdf", fy=2027)  # issuing the first changed nothing printed
    assert first == second


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("issued")
    db_path = builders.build_program(folder / "p")
    signed = folder / "signed.pdf"
    draft = folder / "draft.pdf"
    err = io.StringIO()
    assert (
        run(["--db", str(db_path), "--lang", "en", "report", "--fy", "2026", "-o", str(signed)], err=err) == 0
    ), err
    assert (
        run(["--db", str(db_path), "report", "--fy", "2027", "--lang", "ja", "-o", str(draft)], err=err) == 0
    )
    return db_path, signed, draft


def test_verify_answers_from_the_issue_record(issued: tuple[Path, Path, Path], tmp_path: Path) -> None:
    db_path, signed, draft = issued
    db = open_database(db_path)
    try:
        found = reporting.verify_pdf(db, signed)
        assert found.issued is not None and found.issued.fy == 2026 and found.issued.signed
        assert found.issued.lang == "en" and found.decision == "ok" and found.good
        found = reporting.verify_pdf(db, draft)
        assert found.issued is not None and not found.issued.signed and found.decision == "draft"
        tampered = tmp_path / "tampered.pdf"
        data = bytearray(signed.read_bytes())
        data[200] ^= 0x01
        tampered.write_bytes(bytes(data))
        found = reporting.verify_pdf(db, tampered)
        assert found.issued is None and not found.good
        assert found.claimed["fy"] == "2026" and found.decision == "ok"  # it still says what it claims
        count = db.execute("SELECT count(*) FROM issued_report").fetchone()[0]
    finally:
        db.close()
    assert count == 2


def test_verify_pdf_command(issued: tuple[Path, Path, Path], tmp_path: Path) -> None:
    import argparse

    from reviewer.cli import Console
    from reviewer.cli.cmd_report import verify_pdf_command

    db_path, signed, _draft = issued
    out = io.StringIO()
    args = argparse.Namespace(db=str(db_path), pdf=signed)
    assert verify_pdf_command(args, Console("en", out, io.StringIO())) == 0
    assert "issued by this database on" in out.getvalue() and "FY2026" in out.getvalue()
    out = io.StringIO()  # the same through the command line's own `verify FILE.pdf`
    assert run(["--lang", "en", "--db", str(db_path), "verify", str(signed)], out=out) == 0
    assert "issued by this database on" in out.getvalue()
    stranger = tmp_path / "stranger.pdf"
    stranger.write_bytes(b"%PDF-1.7\n%%EOF\n")
    out = io.StringIO()
    args = argparse.Namespace(db=str(db_path), pdf=stranger)
    assert verify_pdf_command(args, Console("ja", out, io.StringIO())) == 1
    assert "発行した報告書ではありません" in out.getvalue()


def test_report_command_failure_leaves_nothing(issued: tuple[Path, Path, Path], tmp_path: Path) -> None:
    db_path, _signed, _draft = issued
    out = tmp_path / "nope.pdf"
    err = io.StringIO()
    assert run(["--db", str(db_path), "report", "--fy", "2099", "-o", str(out)], err=err) == 1
    assert "E-NO-FY" in err.getvalue()
    assert not out.exists() and list(tmp_path.iterdir()) == []
