"""What a file would import, before it is imported: its format, its first records, their problems."""

from __future__ import annotations

import tempfile
from collections.abc import Generator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import sqlite_utils

from reviewer.core.errors import InputRefused, Problem, Refused
from reviewer.core.models import FleetColumns
from reviewer.importers import open_rmf
from reviewer.importers.tabular_xlsx import ZIP_MAGIC, visible_sheets
from reviewer.importers.textenc import choose_encoding
from reviewer.services.evidence import ImportOptions, parse_context
from reviewer.store.db import database_file, touches_database

PREVIEW_RECORDS = 20
# Formats read line by line from text. A large file of one of them is previewed from its first
# MiB (cut at a line break), so a preview never reads a million rows; an XLSX (a zip archive)
# is read as it is and stopped after the first records.
_LINE_FORMATS = frozenset(
    {"fleet-report", "benchmark-csv", "assessment-sheet", "vda5050-state", "open-rmf-fleet-state"}
)
_PREVIEW_BYTES = 1 << 20


@dataclass(frozen=True)
class FilePreview:
    """A file as the importer reads it, without writing anything.

    `format` is None when the file was refused before its records were read (empty, no format
    fits, an unsafe archive). `records` are the first records the importer yields, as it yields
    them; `problems` are those found in what was read (at most MAX_PROBLEMS, `total_problems` in
    all). `partial` says the preview read only the file's first MiB: telemetry rollups, which
    summarise whole months, are then rollups of that part only.
    """

    path: Path
    format: str | None
    records: tuple[object, ...]
    problems: tuple[Problem, ...]
    total_problems: int
    partial: bool = False
    encoding: str | None = None
    sheets: tuple[str, ...] = ()  # a workbook's visible worksheets, for choosing one (`--sheet`)


def preview_file(
    db: sqlite_utils.Database, path: Path, options: ImportOptions, limit: int = PREVIEW_RECORDS
) -> FilePreview:
    """Detect `path`'s format (unless `options` names one) and read its first `limit` records.

    Reads the database only for the plan's industries; writes nothing anywhere but a temporary
    folder. Raises UsageError for a format name we do not know, OSError when the file cannot
    be read.
    """
    from reviewer import importers
    from reviewer.importers.base import require_regular

    own = database_file(db)
    if own is not None and touches_database(own, path):
        raise Refused("E-IMPORT-SELF", path=str(path))
    sheets = _visible_sheets(path)
    try:
        require_regular(path, path.name, folder_ok=options.format in (None, *importers.FOLDER_FORMATS))
        fmt = options.format or importers.detect(path, sheet=options.sheet)
        importers.check_options(path, path.name, fmt, options.encoding, options.sheet)
    except InputRefused as exc:
        return FilePreview(path, None, (), tuple(exc.problems), exc.total, sheets=sheets)
    module = importers.module_for(fmt)
    ctx = parse_context(db, path.name, options)
    records: list[object] = []
    with tempfile.TemporaryDirectory(prefix="reviewer-preview-") as tmp:
        source, partial = _head_of(path, fmt, Path(tmp))
        stream = module.parse(source, ctx)
        try:
            for record in stream:
                if isinstance(record, FleetColumns):  # a Parquet fleet report's rows, as columns
                    records.extend(islice(record.records(), limit - len(records)))
                else:
                    records.append(record)
                if len(records) == limit:
                    break
        except InputRefused as exc:  # raised by the parser once it has read everything
            found, total = exc.problems, exc.total
        else:
            found, total = ctx.problems.problems, ctx.problems.total
        finally:
            if isinstance(stream, Generator):
                stream.close()  # stopped early: let the parser close its file
    encoding = ctx.encoding
    if partial and encoding is not None:
        # the encoding of the whole file, as the import will judge it (a CP932 file may begin
        # with a MiB of plain ASCII, which reads the same as UTF-8)
        encoding = choose_encoding(path, options.encoding)
    return FilePreview(path, fmt, tuple(records), tuple(found), total, partial, encoding, sheets)


def _visible_sheets(path: Path) -> tuple[str, ...]:
    """A workbook's visible worksheets when it has several (a choice to offer), else ()."""
    if not path.is_file():
        return ()
    with path.open("rb") as stream:
        if stream.read(len(ZIP_MAGIC)) != ZIP_MAGIC:
            return ()
    sheets = visible_sheets(path)
    return sheets if len(sheets) > 1 else ()


def _head_of(path: Path, fmt: str, folder: Path) -> tuple[Path, bool]:
    """`path` itself, or a copy of its first MiB of whole lines (same name) and True."""
    if fmt not in _LINE_FORMATS or path.is_dir() or path.stat().st_size <= _PREVIEW_BYTES:
        return path, False
    if fmt == "open-rmf-fleet-state" and not open_rmf.is_json_lines(path):
        return path, False  # one JSON document (or an array): cut, it would not parse
    with path.open("rb") as source:
        if source.read(len(ZIP_MAGIC)) == ZIP_MAGIC:
            return path, False
        source.seek(0)
        if source.read(4) == b"PAR1":
            return path, False  # Parquet keeps its schema at the end: read as it is, in record batches
        source.seek(0)
        head = source.read(_PREVIEW_BYTES)
    cut = head.rfind(b"\n")
    if cut < 0:  # one line longer than a MiB: the importer refuses it, so let it see the file
        return path, False
    copy = folder / path.name
    copy.write_bytes(head[: cut + 1])
    return copy, True
