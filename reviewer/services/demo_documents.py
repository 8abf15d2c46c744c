"""The demo's documents (SPEC §13): small real PDF, PNG, DOCX and XLSX files, the same bytes every run."""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

_FIXED_TIME = (2027, 3, 1, 0, 0, 0)  # zip member times: the files' bytes never depend on the clock
_MONTHS = tuple(f"{2026 + (m > 12)}-{(m - 1) % 12 + 1:02d}" for m in range(4, 16))  # FY2026


# --------------------------------------------------------------------------- deterministic zips


def _write_zip(path: Path, members: list[tuple[str, bytes]]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)


def save_workbook(book: Any, path: Path) -> None:
    """Save an openpyxl workbook with pinned zip times and core-properties dates (same bytes every run)."""
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as zf:
        members = [(info.filename, zf.read(info)) for info in zf.infolist()]
    pinned = rb"\g<1>2027-03-01T00:00:00Z\g<3>"
    members = [
        (name, re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)", pinned, data))
        if name == "docProps/core.xml"
        else (name, data)
        for name, data in members
    ]
    _write_zip(path, members)


# --------------------------------------------------------------------------- documents


def _pdf_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def write_pdf(path: Path, lines: list[str]) -> Path:
    """A one-page PDF 1.4 in Helvetica (ASCII text), cross-reference offsets computed exactly."""
    stream = "BT /F1 12 Tf 72 770 Td 16 TL " + " ".join(f"({_pdf_text(t)}) '" for t in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"
        " /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Title (Demo document \\(fictional\\)) /Producer (reviewer demo) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode("ascii")
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode(
            "ascii"
        )
    )
    path.write_bytes(bytes(out))
    return path


def write_png(path: Path, values: list[int], width: int = 320, height: int = 200) -> Path:
    """A bar chart as an 8-bit RGB PNG: one bar per value on a white ground."""
    top = max(values)
    bar = width // len(values)
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")  # filter type: none
        for x in range(width):
            i = min(x // bar, len(values) - 1)
            inside = x % bar > 4 and height - 10 - y < values[i] * (height - 30) // top and y < height - 10
            row += b"\x1f\x5f\xa8" if inside else (b"\x80\x80\x80" if y == height - 10 else b"\xff\xff\xff")
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
    path.write_bytes(png + chunk(b"IEND", b""))
    return path


def write_docx(path: Path, paragraphs: list[str]) -> Path:
    """A minimal WordprocessingML document: content types, package relationships, the body."""
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{_xml(p)}</w:t></w:r></w:p>' for p in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    members = [("[Content_Types].xml", types), ("_rels/.rels", rels), ("word/document.xml", document)]
    _write_zip(path, [(name, text.encode("utf-8")) for name, text in members])
    return path


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_usage_xlsx(path: Path, rng: random.Random) -> Path:
    """The data-sharing platform's monthly usage (members uploading, hours of robot data)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "利用状況"
    sheet.append(["月", "データ提供社数", "ロボットデータ（時間）", "備考"])
    hours = 1200.0
    for n, period in enumerate(_MONTHS):
        hours *= rng.uniform(1.15, 1.35)
        sheet.append([period, 6 + n, round(hours, 1), "架空のデモ数値 / fictional"])
    save_workbook(book, path)
    return path
