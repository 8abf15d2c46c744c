"""What a file that fits no format lacks to fit the closest one (SPEC §4, near-miss messages).

Detection asks every sniffer and all say no. Before the user is told "fits no known format",
this looks once more at the file's header row (CSV, XLSX) or top-level keys (JSON): when one
format's signature is close (a CSV with a `model` column but no `metric`), the refusal names
that format and its missing and unknown columns or keys, as `--format NAME` would.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reviewer.core.normalize import fold
from reviewer.importers import jsonstrict
from reviewer.importers.tabular import Columns
from reviewer.importers.tabular_values import text
from reviewer.importers.tabular_xlsx import ZIP_MAGIC, xlsx_header

# Formats read from a header row, by module, in detection order.
_TABULAR = (
    ("assessment-sheet", "assessment_sheet"),
    ("benchmark-csv", "benchmark_csv"),
    ("fleet-report", "fleet_report"),
)
# JSON formats and the top-level keys that make their signature ("a|b": either one).
_JSON_KEYS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("inspect-log", ("version", "status", "eval", "results")),
    ("lm-eval", ("results", "configs|versions")),
    ("llm-jp-eval", ("scores", "outputs", "config")),
)


@dataclass(frozen=True)
class NearMiss:
    """The closest format, and what the file lacks (`missing`) or has besides (`unknown`)."""

    format: str
    missing: tuple[str, ...]
    unknown: tuple[str, ...]
    kind: str  # "columns" or "keys"


def closest(head: bytes, path: Path) -> NearMiss | None:
    """The format whose signature the file comes closest to, if any is close (never raises)."""
    try:
        data = jsonstrict.head_object(head)
        if data is not None:
            return _closest_json(list(data))
        header = _header(head, path)
        return None if header is None else _closest_table(header)
    except Exception:  # a hint only: whatever a broken file does here, detection's refusal stands
        return None


def _header(head: bytes, path: Path) -> list[str] | None:
    if head.startswith(ZIP_MAGIC):
        cells = xlsx_header(path)
        return None if cells is None else [text(cell).strip() for cell in cells]
    line = head.removeprefix(codecs.BOM_UTF8).split(b"\n", 1)[0].rstrip(b"\r")
    for encoding in ("utf-8", "cp932"):
        try:
            decoded = line.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in decoded or decoded.lstrip().startswith(("{", "[", "---")):
            return None
        try:
            row = next(csv.reader([decoded]), None)
        except csv.Error:
            return None
        return None if not row or len(row) < 2 else [cell.strip() for cell in row]
    return None


def _closest_table(header: Sequence[str]) -> NearMiss | None:
    import importlib

    best: tuple[int, NearMiss] | None = None
    for name, module_name in _TABULAR:
        columns: Columns = importlib.import_module(f"reviewer.importers.{module_name}").COLUMNS
        lookup = columns.lookup()
        known = {lookup[fold(cell)] for cell in header if fold(cell) in lookup}
        # close: at least one required column is there
        if not known & columns.required:
            continue
        missing = tuple(sorted(columns.required - known))
        unknown = tuple(cell for cell in header if cell and fold(cell) not in lookup)
        if not missing and not unknown:
            continue
        score = len(known)
        if best is None or score > best[0]:
            best = (score, NearMiss(name, missing, unknown, "columns"))
    return None if best is None else best[1]


def _closest_json(keys: Sequence[str]) -> NearMiss | None:
    present = {fold(key) for key in keys}
    best: tuple[int, NearMiss] | None = None
    for name, signature in _JSON_KEYS:
        found = [want for want in signature if any(fold(k) in present for k in want.split("|"))]
        if len(found) < 2 and not (len(signature) == 2 and found == [signature[0]]):
            continue
        missing = tuple(want.replace("|", " or ") for want in signature if want not in found)
        if not missing:
            continue
        if best is None or len(found) > best[0]:
            best = (len(found), NearMiss(name, missing, (), "keys"))
    return None if best is None else best[1]
