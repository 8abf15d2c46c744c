"""What every format module provides, and the context a parser reads its options from.

A format module has `NAME` (the `--format` name), `sniff(head, path) -> bool` (a cheap look at
the first bytes) and `parse(path, ctx) -> Iterator[record]`. A parser is pure: it touches no
database and no Qt. It yields records as it reads (so fleet files stream), collects every
problem in `ctx.problems`, and when it has read everything raises `InputRefused` if anything
was wrong. The caller writes nothing until the iterator is exhausted without an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from reviewer.core.errors import ProblemCollector
from reviewer.core.models import BenchmarkResultRecord, FleetRecord, ModelReleaseRecord, SheetRow

Record = ModelReleaseRecord | BenchmarkResultRecord | FleetRecord | SheetRow

# How many bytes `sniff` is shown.
HEAD_BYTES = 64 * 1024
MAX_LINE_BYTES = 1024 * 1024  # CSV and JSON Lines: per line
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024  # JSON, YAML, Markdown: whole file


@dataclass
class ParseContext:
    """Options and shared state for one parse.

    `display_name` is what errors name (the file's name as the user gave it).
    `resolve_industry` maps an industry text to the plan's industry code, or None if unknown.
    `known_reviewers` / `known_targets` let the assessment-sheet parser check ids (may be None).
    The parser sets `encoding` to the text encoding it used (`utf-8`, `utf-8-sig`, `cp932`).
    `bytes_read` is advanced by streaming parsers for progress.
    """

    display_name: str
    model: str | None = None
    effective_date: dt.date | None = None
    operator: str | None = None
    industry: str | None = None
    registry: Path | None = None
    resolve_industry: Callable[[str], str | None] = lambda _text: None
    encoding: str | None = None
    bytes_read: int = 0
    # A Parquet fleet report's checked rollup manifest (JSON), kept on its batch (SPEC §14).
    rollup_manifest: str | None = None
    problems: ProblemCollector = field(init=False)

    def __post_init__(self) -> None:
        self.problems = ProblemCollector(self.display_name)


class FormatModule(Protocol):
    NAME: str

    def sniff(self, head: bytes, path: Path) -> bool: ...

    def parse(self, path: Path, ctx: ParseContext) -> Iterator[Record]: ...
