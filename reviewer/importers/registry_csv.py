"""The robot registry CSV (`--registry`): which operator runs each robot, and in which industry.

Columns (header names compared after NFKC and case folding; Japanese headers accepted):
`manufacturer` (メーカー), `serialNumber` (シリアル番号), `operator` (事業者), `industry` (業種).
For Open-RMF a robot is keyed by fleet name + robot name: `manufacturer` holds the fleet name
and `serialNumber` the robot name; the headers `fleet` (フリート) and `robot` (ロボット) are
accepted as synonyms. Robot keys match exactly after trimming (they are identifiers, so no case
folding); each robot appears once. The file is UTF-8 (a BOM allowed) or CP932.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reviewer import messages
from reviewer.core.errors import InputRefused, ProblemCollector
from reviewer.core.normalize import fold
from reviewer.importers.base import MAX_DOCUMENT_BYTES, require_regular
from reviewer.importers.textenc import CP932_STRAYS, WIDE_SAMPLE, looks_misread, refuse_wide

COLUMNS = ("manufacturer", "serialNumber", "operator", "industry")
_HEADERS: dict[str, str] = {
    fold(name): column
    for column, names in {
        "manufacturer": ("manufacturer", "fleet", "メーカー", "フリート"),
        "serialNumber": ("serialNumber", "robot", "シリアル番号", "ロボット"),
        "operator": ("operator", "事業者"),
        "industry": ("industry", "業種"),
    }.items()
    for name in names
}


@dataclass(frozen=True)
class RegistryEntry:
    """One robot's operator and its industry: the plan's code when resolved, else the text."""

    operator: str
    industry: str
    line: int


def _decode(data: bytes, file: str) -> str:
    """Decode as UTF-8 (with or without BOM), else CP932; never a lossy fallback."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        text = data.decode("cp932")
    except UnicodeDecodeError:
        text = None
    if text is not None and not CP932_STRAYS.search(text) and looks_misread(text) is None:
        return text
    line = data.count(b"\n", 0, first_bad) + 1
    column = first_bad - data.rfind(b"\n", 0, first_bad)
    raise InputRefused.one(file, "E-ENCODING", line, column, encoding="UTF-8", offset=first_bad) from None


def load_registry(
    path: Path, resolve_industry: Callable[[str], str | None]
) -> dict[tuple[str, str], RegistryEntry]:
    """Read the registry: (manufacturer, serialNumber) -> entry.

    Raises InputRefused naming the registry file: E-TOO-LARGE, E-NUL, E-ENCODING, E-NO-DATA,
    E-REGISTRY-COLUMN (an unknown or repeated column), E-REGISTRY-MISSING-COLUMN,
    E-REGISTRY-ROW (wrong number of fields or a broken quote), E-REGISTRY-FIELD (an empty
    value), E-REGISTRY-DUPLICATE (a robot twice), E-INDUSTRY (an industry the plan lacks).
    """
    file = path.name
    require_regular(path, file)
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise InputRefused.one(file, "E-TOO-LARGE", size=size, limit=MAX_DOCUMENT_BYTES)
    data = path.read_bytes()
    refuse_wide(data[:WIDE_SAMPLE], file)  # before E-NUL: a UTF-16 file is refused as such
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputRefused.one(file, "E-NUL", data.count(b"\n", 0, nul) + 1)
    text = _decode(data, file)
    problems = ProblemCollector(file)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    entries: dict[tuple[str, str], RegistryEntry] = {}
    try:
        header = next(reader, None)
        while header is not None and not any(cell.strip() for cell in header):
            header = next(reader, None)
        if header is None:
            raise InputRefused.one(file, "E-NO-DATA", 1)
        positions = _columns(header, reader.line_num, problems)
        problems.raise_if_any()
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            _read_row(row, reader.line_num, len(header), positions, resolve_industry, entries, problems)
    except csv.Error as exc:
        problems.add("E-REGISTRY-ROW", reader.line_num, reason=str(exc))
    if not entries and not problems:
        problems.add("E-NO-DATA", reader.line_num)
    problems.raise_if_any()
    return entries


def _columns(header: list[str], line: int, problems: ProblemCollector) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        column = _HEADERS.get(fold(name))
        if column is None or column in positions:
            problems.add("E-REGISTRY-COLUMN", line, index + 1, name=name, expected=", ".join(COLUMNS))
            continue
        positions[column] = index
    for column in COLUMNS:
        if column not in positions:
            problems.add("E-REGISTRY-MISSING-COLUMN", line, name=column, expected=", ".join(COLUMNS))
    return positions


def _read_row(
    row: list[str],
    line: int,
    width: int,
    positions: dict[str, int],
    resolve_industry: Callable[[str], str | None],
    entries: dict[tuple[str, str], RegistryEntry],
    problems: ProblemCollector,
) -> None:
    if len(row) != width:
        problems.add(
            "E-REGISTRY-ROW",
            line,
            reason=messages.phrase("reason-registry-fields", fields=len(row), width=width),
        )
        return
    values = {column: row[index].strip() for column, index in positions.items()}
    empty = [column for column in COLUMNS if not values[column]]
    for column in empty:
        problems.add("E-REGISTRY-FIELD", line, positions[column] + 1, field=column)
    if empty:
        return
    industry = resolve_industry(values["industry"])
    if industry is None:
        problems.add("E-INDUSTRY", line, positions["industry"] + 1, value=values["industry"])
    key = (values["manufacturer"], values["serialNumber"])
    earlier = entries.get(key)
    if earlier is not None:
        problems.add("E-REGISTRY-DUPLICATE", line, robot=" / ".join(key), first_line=earlier.line)
        return
    entries[key] = RegistryEntry(values["operator"], industry or values["industry"], line)
