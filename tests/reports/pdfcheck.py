"""Reading a rendered report back for the tests: text, fonts, PDF/A structure, the attachment, streams."""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def squashed(text: str) -> str:
    """Text without white space: extraction breaks long lines anywhere."""
    return re.sub(r"\s+", "", text)


def _resolve(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def fonts_of(path: Path) -> dict[str, bool]:
    """Every font on every page: base font name → whether its program is embedded."""
    found: dict[str, bool] = {}
    for page in PdfReader(str(path)).pages:
        resources = _resolve(page.get("/Resources")) or {}
        fonts = _resolve(resources.get("/Font")) or {}
        for ref in fonts.values():
            font = _resolve(ref)
            descendants = font.get("/DescendantFonts")
            target = _resolve(_resolve(descendants)[0]) if descendants else font
            descriptor = _resolve(target.get("/FontDescriptor")) or {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return found


def catalog(path: Path) -> DictionaryObject:
    return PdfReader(str(path)).trailer["/Root"].get_object()  # type: ignore[no-any-return]


def xmp_of(path: Path) -> str:
    return bytes(catalog(path)["/Metadata"].get_object().get_data()).decode("utf-8")


def attachment_of(path: Path) -> tuple[dict[str, Any], str]:
    """The embedded report-data.json and its AFRelationship, found through the catalog's /AF."""
    cat = catalog(path)
    spec = _resolve(cat["/AF"][0])
    data = _resolve(spec["/EF"]["/F"]).get_data()
    return json.loads(data), str(spec["/AFRelationship"])


def all_stream_bytes(path: Path) -> bytes:
    """The raw file plus every Flate stream inflated (object streams, fonts, images, content)."""
    raw = path.read_bytes()
    chunks = [raw]
    for match in re.finditer(rb"stream\r?\n", raw):
        start = match.end()
        end = raw.find(b"endstream", start)
        if end < 0:
            continue
        try:
            chunks.append(zlib.decompressobj().decompress(raw[start:end]))
        except zlib.error:
            continue
    return b"\n".join(chunks)
