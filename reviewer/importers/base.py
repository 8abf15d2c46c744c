"""What every format module provides, and the context a parser reads its options from.

A format module has `NAME` (the `--format` name), `sniff(head, path) -> bool` (a cheap look at
the first bytes) and `parse(path, ctx) -> Iterator[record]`. A parser is pure: it touches no
database and no Qt. It yields records as it reads (so fleet files stream), collects every
problem in `ctx.problems`, and when it has read everything raises `InputRefused` if anything
was wrong. The caller writes nothing until the iterator is exhausted without an error.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from reviewer.core.errors import InputRefused, ProblemCollector
from reviewer.core.files import not_regular
from reviewer.core.models import BenchmarkResultRecord, FleetRecord, ModelReleaseRecord, SheetRow

Record = ModelReleaseRecord | BenchmarkResultRecord | FleetRecord | SheetRow

# How many bytes `sniff` is shown.
HEAD_BYTES = 64 * 1024
MAX_LINE_BYTES = 1024 * 1024  # CSV and JSON Lines: per line
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024  # JSON, YAML, Markdown: whole file


def require_regular(path: Path, display_name: str, *, folder_ok: bool = False) -> None:
    """Refuse at once (E-NOT-A-FILE) anything but a regular file (or a folder where `folder_ok`).

    SPEC §4: a device (`/dev/zero`), a FIFO or a socket would block or never end; they are
    refused from their `stat` before a byte is read. A symbolic link given by the user is
    followed to what it names; inside a folder format links are refused (see hf_eval_results).
    Raises InputRefused E-FILE when there is nothing at `path`.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise InputRefused.one(display_name, "E-FILE", reason=exc.strerror or str(exc)) from None
    kind = not_regular(mode, folder_ok=folder_ok)
    if kind is None:
        return
    raise InputRefused.one(display_name, "E-NOT-A-FILE", kind=kind)


@dataclass
class ParseContext:
    """Options and shared state for one parse.

    `display_name` is what errors name (the file's name as the user gave it).
    `resolve_industry` maps an industry text to the plan's industry code, or None if unknown.
    `known_reviewers` / `known_targets` let the assessment-sheet parser check ids (may be None).
    `resolve_model` maps a model name to the plan's declared id; `model_aliases` collects the
    file's names for a model given by `--model` (SPEC §3).
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
    # SPEC §3: a model name -> the plan's declared id (None when undeclared); and the names a
    # file gave a model it was imported as by `--model`, to be recorded on the batch.
    resolve_model: Callable[[str], str | None] = lambda _name: None
    model_aliases: dict[str, str] = field(default_factory=dict)
    # What a file says about its run as a whole (llm-jp-eval's metainfo), kept on the batch.
    run: dict[str, object] = field(default_factory=dict)
    encoding: str | None = None
    # SPEC §4: `--encoding utf-8|cp932` names a text file's encoding instead of the decision;
    # `--sheet NAME` names the worksheet of a workbook with several visible ones.
    given_encoding: str | None = None
    sheet: str | None = None
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
