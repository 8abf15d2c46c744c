"""Importing evidence files: hash, skip or refuse, detect, parse, write all-or-nothing, audit."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, cast

import sqlite_utils

from reviewer import messages
from reviewer.core.errors import ImportCancelled, InputRefused, Problem, Refused
from reviewer.core.limits import TextKind, require_within
from reviewer.core.models import (
    BenchmarkResultRecord,
    EvidenceKind,
    FleetColumns,
    FleetRecord,
    ModelReleaseRecord,
    SheetRow,
)
from reviewer.core.normalize import fold
from reviewer.store import audit, disclosures
from reviewer.store import evidence as store
from reviewer.store import programs as programs_store
from reviewer.store.db import touches_database, write_transaction

if TYPE_CHECKING:  # imported where used: the desktop loads this module at start-up
    from reviewer.importers.base import ParseContext

IMPORTER_VERSION = "1"
TOKYO = dt.timezone(dt.timedelta(hours=9), "JST")

Progress = Callable[[int, int], None]  # (bytes read, total bytes)
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class ImportOptions:
    format: str | None = None
    model: str | None = None
    effective_date: dt.date | None = None
    operator: str | None = None
    industry: str | None = None
    registry: Path | None = None
    encoding: str | None = None  # SPEC §4 `--encoding utf-8|cp932`: None decides from the bytes
    sheet: str | None = None  # SPEC §4 `--sheet NAME`: the worksheet of a workbook to read

    def canonical(self, registry_sha: str | None) -> str:
        """The options as they decide what a file means (for 'same bytes, other options').

        `encoding` and `sheet` appear only when given, so a batch imported before they existed
        keeps its options: the same bytes without them are still skipped."""
        given = {"encoding": self.encoding, "sheet": self.sheet}
        return audit.canonical_json(
            {
                "format": self.format,
                "model": self.model,
                "effective_date": None if self.effective_date is None else self.effective_date.isoformat(),
                "operator": self.operator,
                "industry": self.industry,
                "registry_sha256": registry_sha,
            }
            | {key: value for key, value in given.items() if value is not None}
        )


class Outcome(StrEnum):
    IMPORTED = "imported"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class ImportResult:
    outcome: Outcome
    batch_id: int
    format: str
    records: int
    superseded: int = 0
    sheet_rows: tuple[SheetRow, ...] = field(default=(), compare=False)
    encoding: str | None = None  # the text encoding the file was read in (None: not text)


def today_in_japan() -> dt.date:
    return dt.datetime.now(TOKYO).date()


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, or of a folder's files (sorted relative names and their hashes)."""
    if path.is_dir():
        outer = hashlib.sha256()
        # Links are never followed (a folder format refuses them): one to /dev/zero would not end.
        for child in sorted(p for p in path.rglob("*") if not p.is_symlink() and p.is_file()):
            outer.update(str(child.relative_to(path)).encode("utf-8") + b"\0")
            outer.update(file_sha256(child).encode("ascii"))
        return outer.hexdigest()
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if not p.is_symlink() and p.is_file())
    return path.stat().st_size


def import_file(
    db: sqlite_utils.Database,
    path: Path,
    options: ImportOptions,
    *,
    actor: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    """Import one file (or folder) as one transaction: all of it or nothing.

    Returns the result (imported, or skipped for identical bytes and options).
    Raises InputRefused (every problem with its place), Refused (same bytes with other
    options: E-IMPORT-OPTIONS naming the batch), ImportCancelled, KeyboardInterrupt.
    """
    from reviewer import importers  # the registry imports every format module
    from reviewer.importers.base import require_regular
    from reviewer.services import backups

    if options.format is not None:
        importers.module_for(options.format)  # a format we do not know is named before anything else
    display = path.name
    if not path.exists():
        raise InputRefused(
            [Problem(str(path), "E-FILE", params={"reason": messages.phrase("reason-no-such-file")})]
        )
    # Before the hash: hashing /dev/zero or a FIFO would never end (SPEC §4, R16).
    require_regular(path, display, folder_ok=options.format in (None, *importers.FOLDER_FORMATS))
    # SPEC §10: option texts are names, held to the same limit on every path in.
    require_within(options.model, TextKind.NAME, "--model")
    require_within(options.operator, TextKind.NAME, "--operator")
    require_within(options.industry, TextKind.NAME, "--industry")
    if options.registry is not None:
        require_regular(options.registry, options.registry.name)
    own = backups.database_file(db)
    for given in (path, options.registry):
        if own is not None and given is not None and touches_database(own, given):
            raise Refused("E-IMPORT-SELF", path=str(given))
    sha = file_sha256(path)
    registry_sha = file_sha256(options.registry) if options.registry else None
    options_json = options.canonical(registry_sha)
    for earlier in store.batches_with_sha(db, sha):
        if earlier.options_json == options_json:
            return ImportResult(
                Outcome.SKIPPED, earlier.id, earlier.format, earlier.record_count, encoding=earlier.encoding
            )
    earlier_batches = store.batches_with_sha(db, sha)
    if earlier_batches:
        first = earlier_batches[0].id
        signed_fy = _signed_fy_using(db, first)
        if signed_fy is not None:  # it cannot be removed: do not advise it
            raise Refused(
                "E-IMPORT-OPTIONS", "E-IMPORT-OPTIONS-SIGNED", file=display, batch=first, fy=signed_fy
            )
        raise Refused("E-IMPORT-OPTIONS", file=display, batch=first)

    fmt = options.format or importers.detect(path, sheet=options.sheet)
    importers.check_options(path, display, fmt, options.encoding, options.sheet)
    module = importers.module_for(fmt)
    ctx = parse_context(db, display, options)
    total = _size(path)
    op = audit.Operation(actor=actor or audit.os_user())
    today = today_in_japan()
    backups.backup(db, "import")  # SPEC §11: a verified backup before every import
    with write_transaction(db):
        batch_id = store.insert_batch(
            db,
            file_name=display,
            sha256=sha,
            format=fmt,
            importer_version=f"{fmt}/{IMPORTER_VERSION}",
            options_json=options_json,
            imported_by=op.actor,
            imported_at=op.at,
        )
        fleet = store.FleetWriter(db, batch_id)
        others = 0
        sheet_rows: list[SheetRow] = []
        records = module.parse(path, ctx)
        try:
            for n, record in enumerate(records, start=1):
                if cancelled is not None and n % 1000 == 0 and cancelled():
                    raise ImportCancelled()
                if isinstance(record, FleetColumns):
                    # A Parquet fleet report yields nothing else: its chunks go in as columns.
                    fleet.consume_columns(
                        chain([record], cast(Iterator[FleetColumns], records)),
                        _between_chunks(ctx, total, progress, cancelled),
                    )
                    break
                if isinstance(record, FleetRecord):
                    # A fleet format yields nothing else: hand the rest of the stream over in
                    # chunks, checking cancel and progress once a chunk, not once a row.
                    fleet.add(record)
                    fleet.consume(
                        cast(Iterator[FleetRecord], records), _between_chunks(ctx, total, progress, cancelled)
                    )
                    break
                if isinstance(record, SheetRow):
                    sheet_rows.append(record)
                else:
                    _write_record(db, batch_id, record, options, today)
                    others += 1
                if progress is not None and n % 1000 == 0:
                    progress(ctx.bytes_read, total)
            fleet.flush()
        except InputRefused as exc:
            raise _with_duplicates(display, exc.problems, exc.total, fleet.duplicates) from None
        finally:
            fleet.close()
        if fleet.duplicates:
            raise _with_duplicates(display, [], 0, fleet.duplicates)
        superseded = fleet.superseded_ids()
        if sheet_rows:  # applied in this transaction: a refused sheet writes nothing, batch included
            from reviewer.services.assessments import apply_sheet

            apply_sheet(db, sheet_rows, file=display, actor=op.actor, op=op)
        count = fleet.count + others + len(sheet_rows)
        _record_aliases(db, op, batch_id, ctx.model_aliases)
        store.finish_batch(db, batch_id, count, ctx.encoding)
        if ctx.rollup_manifest is not None:
            store.set_rollup_manifest(db, batch_id, ctx.rollup_manifest)
        audit.append(
            db,
            op,
            "import_batch",
            batch_id,
            "insert",
            None,
            {
                "file_name": display,
                "sha256": sha,
                "format": fmt,
                "records": count,
                "superseded": superseded,
                **({"model_aliases": dict(ctx.model_aliases)} if ctx.model_aliases else {}),
                **({"run": dict(ctx.run)} if ctx.run else {}),
            },
        )
        if progress is not None:
            progress(total, total)
    return ImportResult(
        Outcome.IMPORTED, batch_id, fmt, count, len(superseded), tuple(sheet_rows), encoding=ctx.encoding
    )


def parse_context(db: sqlite_utils.Database, display: str, options: ImportOptions) -> ParseContext:
    """What a parser is told about a file: its name, the user's options, the plan's industries."""
    from reviewer.core.normalize import model_key
    from reviewer.importers.base import ParseContext
    from reviewer.store import model_names

    industries = store.industry_keys(db)
    models = model_names.model_lookup(db)
    return ParseContext(
        display_name=display,
        model=options.model,
        effective_date=options.effective_date,
        operator=options.operator,
        industry=options.industry,
        registry=options.registry,
        given_encoding=options.encoding,
        sheet=options.sheet,
        resolve_industry=lambda text: industries.get(fold(text)),
        resolve_model=lambda name: models.get(model_key(name)),
    )


def _record_aliases(
    db: sqlite_utils.Database, op: audit.Operation, batch_id: int, aliases: dict[str, str]
) -> None:
    """The names a file gave the model it was imported as (SPEC §3), on the batch, audited."""
    from reviewer.store import model_names

    for alias, model_id in aliases.items():
        model_names.insert_batch_alias(db, batch_id, alias, model_id)
        audit.append(
            db,
            op,
            "model_alias",
            alias,
            "insert",
            None,
            {"alias": alias, "model": model_id, "batch": batch_id},
        )


def _between_chunks(
    ctx: ParseContext, total: int, progress: Progress | None, cancelled: Cancelled | None
) -> Callable[[], None]:
    """What runs between two chunks of fleet rows: cancel (raises ImportCancelled) and progress."""

    def check() -> None:
        if cancelled is not None and cancelled():
            raise ImportCancelled()
        if progress is not None:
            progress(ctx.bytes_read, total)

    return check


def _with_duplicates(
    file: str, problems: list[Problem], total: int, duplicates: list[tuple[int, int]]
) -> InputRefused:
    """The parser's problems and the repeated fleet keys the database found, in line order."""
    repeated = [
        Problem(file, "E-DUPLICATE-ROW", line, params={"first_line": first, "second_line": line})
        for line, first in duplicates
    ]
    merged = sorted([*problems, *repeated], key=lambda p: (p.line or 0, p.column or 0))
    return InputRefused(merged, total + len(repeated))


def _write_record(
    db: sqlite_utils.Database,
    batch_id: int,
    record: BenchmarkResultRecord | ModelReleaseRecord,
    options: ImportOptions,
    today: dt.date,
) -> None:
    # SPEC §4: the file's own date; else --effective-date; else today, recorded as assumed.
    own = record.effective_date
    effective = own or options.effective_date or today
    assumed = own is None and options.effective_date is None
    if isinstance(record, BenchmarkResultRecord):
        eid = store.insert_evidence(
            db,
            batch_id,
            EvidenceKind.BENCHMARK_RESULT,
            effective,
            assumed,
            record.place,
            record.self_reported,
            _raw(record),
        )
        store.insert_benchmark_result(db, eid, record)
    else:
        eid = store.insert_evidence(
            db, batch_id, EvidenceKind.MODEL_RELEASE, effective, assumed, record.place, True, _raw(record)
        )
        store.insert_model_release(db, eid, record)


def _raw(record: BenchmarkResultRecord | ModelReleaseRecord) -> dict[str, object]:
    """The record as imported, for the 'raw source record' view."""
    out: dict[str, object] = {}
    for name, value in vars(record).items():
        if name == "place":
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


@dataclass(frozen=True)
class BatchView:
    """An import batch as the history shows it, with the signed FYs it arrived after.

    Evidence imported after an FY was signed is accepted and shown as "after sign-off": it
    changes nothing that FY's snapshot holds (SPEC §7).
    """

    batch: store.Batch
    after_signoff: tuple[int, ...]
    # FYs whose public edition prints every record of the batch (and its file name): the batch
    # disclosed, or each confidential record of it one by one (SPEC §8)
    disclosed: tuple[int, ...] = ()
    # FYs that disclosed some of its records one by one, not all of them
    disclosed_partly: tuple[int, ...] = ()


def batches(db: sqlite_utils.Database) -> list[BatchView]:
    """Every import batch, oldest first, each with the FYs signed before it was imported and
    the FYs that disclose it wholly or partly."""
    from reviewer.store import snapshots

    signed = snapshots.signing_times(db)
    whole: dict[int, list[int]] = {}
    partly: dict[int, list[int]] = {}
    for fy in disclosures.fys_with_disclosures(db):
        full = disclosures.disclosed_batches(db, fy)
        for batch_id in full:
            whole.setdefault(batch_id, []).append(fy)
        for batch_id in disclosures.batches_touched(db, fy) - full:
            partly.setdefault(batch_id, []).append(fy)
    return [
        BatchView(
            b,
            tuple(sorted(fy for fy, at in signed.items() if b.imported_at > at)),
            tuple(whole.get(b.id, ())),
            tuple(partly.get(b.id, ())),
        )
        for b in store.batches(db)
    ]


def remove_batch(db: sqlite_utils.Database, batch_id: int, *, actor: str | None = None) -> int:
    """Remove an import batch and its records (one transaction, audited); returns the count.

    Raises Refused E-NO-BATCH for an unknown batch, E-BATCH-SIGNED when a record of the batch
    is an evidence link of a signed FY's snapshot.
    """
    op = audit.Operation(actor=actor or audit.os_user())
    # checked under the write lock: a sign-off committed by another process meanwhile counts
    with write_transaction(db):
        found = store.batch(db, batch_id)
        if found is None:
            raise Refused("E-NO-BATCH", batch=batch_id)
        signed_fy = _signed_fy_using(db, batch_id)
        if signed_fy is not None:
            raise Refused("E-BATCH-SIGNED", batch=batch_id, fy=signed_fy)
        disclosed = disclosures.touching_batch(db, batch_id)
        signed = programs_store.signed_fys(db)
        sealed = sorted(r.fy for r in disclosed if r.fy in signed)
        if sealed:  # a signed FY's sealed public edition prints it
            raise Refused("E-BATCH-DISCLOSED", batch=batch_id, fy=sealed[0])
        for row in disclosed:  # an unsigned FY's disclosure goes with what it disclosed
            disclosures.delete(db, row)
            audit.append(db, op, "disclosure", row.key, "delete", row.record(), None)
        count = store.remove_batch(db, batch_id)
        audit.append(
            db,
            op,
            "import_batch",
            batch_id,
            "delete",
            {"file_name": found.file_name, "sha256": found.sha256, "records": found.record_count},
            None,
        )
    return count


def _signed_fy_using(db: sqlite_utils.Database, batch_id: int) -> int | None:
    """The signed FY whose snapshot links a record of this batch, if any."""
    ids = store.evidence_ids_of_batches(db, [batch_id])
    if not ids:
        return None
    from reviewer.store import snapshots

    for fy, linked in snapshots.signed_evidence_links(db):
        if ids & linked:
            return fy
    return None
