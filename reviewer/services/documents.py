"""Documents attached to milestones (typed by content, hashed, opened from a read-only copy),
and evidence records typed in by hand."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from reviewer.core.errors import InputRefused, Problem, Refused
from reviewer.core.limits import TextKind, require_within
from reviewer.importers.base import require_regular
from reviewer.importers.tabular_values import CellError, parse_real
from reviewer.store import audit
from reviewer.store import documents as store
from reviewer.store.db import database_file, touches_database, write_transaction

MAX_DOCUMENT_BYTES = 200 * 1024 * 1024
TOKYO = dt.timezone(dt.timedelta(hours=9), "JST")


@dataclass(frozen=True)
class Attached:
    file_name: str
    evidence_id: int
    media_type: str
    skipped: bool


def document_type(path: Path) -> str | None:
    """The media type of a PDF, DOCX, XLSX, PNG or JPEG file judged by its content, else None.

    Office files are zip containers: the member names decide (word/document.xml, xl/workbook.xml),
    not the extension.
    """
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def attach(
    db: sqlite_utils.Database, milestone_code: str, path: Path, *, actor: str | None = None
) -> Attached:
    """Attach one document to a milestone as document evidence (one transaction, audited).

    The same bytes attached to the same milestone again are reported as skipped.
    Raises Refused E-NO-MILESTONE; InputRefused E-DOC-TYPE (not a PDF, DOCX, XLSX, PNG or JPEG),
    E-DOC-TOO-LARGE (over 200 MiB), E-FILE (unreadable).
    """
    found = store.milestone_id(db, milestone_code)
    if found is None:
        raise Refused("E-NO-MILESTONE", milestone=milestone_code)
    milestone, _fy = found
    name = path.name
    own = database_file(db)
    if own is not None and touches_database(own, path):
        raise Refused("E-IMPORT-SELF", path=str(path))
    require_regular(path, name)
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise InputRefused([Problem(name, "E-DOC-TOO-LARGE", params={"size": size})])
        media_type = document_type(path)
        if media_type is None:
            raise InputRefused([Problem(name, "E-DOC-TYPE")])
        content = path.read_bytes()
    except OSError as exc:
        raise InputRefused([Problem(name, "E-FILE", params={"reason": exc.strerror or str(exc)})]) from exc
    sha = hashlib.sha256(content).hexdigest()
    existing = store.find_document(db, milestone, sha)
    if existing is not None:
        return Attached(name, existing, media_type, skipped=True)
    op = audit.Operation(actor=actor or audit.os_user())
    with write_transaction(db):
        eid = store.insert_document(
            db,
            milestone=milestone,
            file_name=name,
            media_type=media_type,
            sha256=sha,
            content=content,
            effective_date=dt.datetime.now(TOKYO).date(),
            actor=op.actor,
            at=op.at,
        )
        audit.append(
            db,
            op,
            "document",
            eid,
            "insert",
            None,
            {"milestone": milestone_code, "file_name": name, "sha256": sha, "size": len(content)},
        )
    return Attached(name, eid, media_type, skipped=False)


def open_copy(db: sqlite_utils.Database, evidence_id: int) -> Path:
    """Write a document to a fresh temporary folder as a read-only file; returns its path.

    The stored bytes are never handed out for editing: whatever opens the copy cannot change
    the evidence. Raises Refused E-NO-DOCUMENT.
    """
    found = store.document_content(db, evidence_id)
    if found is None:
        raise Refused("E-NO-DOCUMENT", id=evidence_id)
    name, content = found
    folder = Path(tempfile.mkdtemp(prefix="reviewer-doc-"))
    _COPIES.append(folder)
    target = folder / Path(name).name
    target.write_bytes(content)
    os.chmod(target, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return target


# the folders of the copies this process handed out (confidential documents among them)
_COPIES: list[Path] = []


def remove_copies() -> int:
    """Delete every copy `open_copy` wrote in this process; returns how many folders went.

    The desktop calls it when its window closes: the copies were left in the temporary folder,
    one per document ever opened. A viewer that still shows one keeps what it has read.
    """
    removed = 0
    while _COPIES:
        folder = _COPIES.pop()
        for item in folder.glob("*"):
            try:
                os.chmod(item, stat.S_IRUSR | stat.S_IWUSR)  # Windows will not delete a read-only file
                item.unlink()
            except OSError:
                pass
        try:
            folder.rmdir()
            removed += 1
        except OSError:
            pass
    return removed


def add_manual(
    db: sqlite_utils.Database,
    milestone_code: str,
    *,
    value: str,
    unit: str,
    effective_date: dt.date,
    source: str,
    actor: str | None = None,
) -> int:
    """Record a manual evidence record, marked manual with who entered it; returns its id.

    Raises Refused E-NO-MILESTONE, E-MANUAL-VALUE (not a finite number), E-MANUAL-SOURCE (empty).
    """
    found = store.milestone_id(db, milestone_code)
    if found is None:
        raise Refused("E-NO-MILESTONE", milestone=milestone_code)
    try:  # read as a file's cell is: thousands separators only where they group thousands
        number = parse_real(value, "value")  # ("1,5" was 15), full-width digits; not 1e-400 or NaN
    except CellError:
        raise Refused("E-MANUAL-VALUE", value=value) from None
    if not source.strip() or not unit.strip():
        raise Refused("E-MANUAL-SOURCE")
    require_within(source, TextKind.LONG, "source")  # SPEC §10
    require_within(unit, TextKind.NAME, "unit")
    op = audit.Operation(actor=actor or audit.os_user())
    with write_transaction(db):
        eid = store.insert_manual(
            db,
            milestone=found[0],
            value=number,
            unit=unit.strip(),
            effective_date=effective_date,
            source=source.strip(),
            actor=op.actor,
            at=op.at,
        )
        audit.append(
            db,
            op,
            "manual_evidence",
            eid,
            "insert",
            None,
            {
                "milestone": milestone_code,
                "value": number,
                "unit": unit.strip(),
                "effective_date": effective_date.isoformat(),
                "source": source.strip(),
            },
        )
    return eid
