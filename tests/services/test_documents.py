"""Documents attached to milestones, and manual evidence records, on a real database file."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import zipfile
from pathlib import Path

import pytest

from reviewer.core.errors import InputRefused, Refused
from reviewer.services import documents

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # noqa: E501


def _docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return path


def test_attach_types_by_content_stores_bytes_and_audits(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "progress-report.bin"  # the extension says nothing; the content decides
    pdf.write_bytes(MINIMAL_PDF)
    done = documents.attach(db, "W1", pdf, actor="secretariat")
    assert not done.skipped and done.media_type == "application/pdf"
    row = db.execute(
        "SELECT d.file_name, d.sha256, d.size, d.content, e.kind, e.batch_id FROM document d"
        " JOIN evidence e ON e.id = d.evidence_id WHERE d.evidence_id = ?",
        [done.evidence_id],
    ).fetchone()
    assert row[:3] == ("progress-report.bin", hashlib.sha256(MINIMAL_PDF).hexdigest(), len(MINIMAL_PDF))
    assert bytes(row[3]) == MINIMAL_PDF and row[4] == "document" and row[5] is None
    entries = db.execute("SELECT entity, action, actor FROM audit_log WHERE entity = 'document'").fetchall()
    assert entries == [("document", "insert", "secretariat")]

    again = documents.attach(db, "W1", pdf)
    assert again.skipped and again.evidence_id == done.evidence_id
    assert db.execute("SELECT count(*) FROM document").fetchone()[0] == 1


def test_office_and_image_files_are_recognised(tmp_path: Path) -> None:
    assert documents.document_type(_docx(tmp_path / "minutes.docx")).endswith("wordprocessingml.document")
    png = tmp_path / "p.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    assert documents.document_type(png) == "image/png"
    jpeg = tmp_path / "p.jpg"
    jpeg.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 20)
    assert documents.document_type(jpeg) == "image/jpeg"


def test_a_text_file_named_pdf_is_refused_and_nothing_is_written(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fake = tmp_path / "certificate.pdf"
    fake.write_text("not a pdf", encoding="utf-8")
    with pytest.raises(InputRefused) as err:
        documents.attach(db, "W1", fake)
    assert err.value.problems[0].code == "E-DOC-TYPE"
    assert err.value.problems[0].file == "certificate.pdf"
    assert db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0


def test_unknown_milestone_is_refused(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(MINIMAL_PDF)
    with pytest.raises(Refused) as err:
        documents.attach(db, "NOPE", pdf)
    assert err.value.code == "E-NO-MILESTONE"


def test_documents_open_from_a_read_only_copy(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    docx = _docx(tmp_path / "minutes.docx")
    done = documents.attach(db, "W2", docx)
    copy = documents.open_copy(db, done.evidence_id)
    assert copy.read_bytes() == docx.read_bytes()
    assert copy != docx and copy.name == "minutes.docx"
    mode = copy.stat().st_mode
    assert not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    if os.geteuid() != 0:  # root ignores permission bits
        with pytest.raises(PermissionError):
            copy.write_bytes(b"changed")


def test_manual_evidence_is_marked_manual_with_who_entered_it(db) -> None:  # type: ignore[no-untyped-def]
    eid = documents.add_manual(
        db,
        "W2",
        value="1,250",
        unit="robots",
        effective_date=dt.date(2027, 5, 1),
        source="Site visit",
        actor="sec",
    )
    row = db.execute(
        "SELECT e.kind, e.effective_date, m.value, m.unit, m.source_description, m.entered_by"
        " FROM evidence e JOIN manual_evidence m ON m.evidence_id = e.id WHERE e.id = ?",
        [eid],
    ).fetchone()
    assert row == ("manual", "2027-05-01", 1250.0, "robots", "Site visit", "sec")
    for bad in ("NaN", "inf", "three"):
        with pytest.raises(Refused):
            documents.add_manual(
                db, "W2", value=bad, unit="u", effective_date=dt.date(2027, 5, 1), source="s"
            )
    assert db.execute("SELECT count(*) FROM manual_evidence").fetchone()[0] == 1
