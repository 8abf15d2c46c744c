"""Reviewer packages (SPEC §11): export one reviewer's FY into its own file, merge packages back.

Merge compares, per target and field (rating and the three comment groups), three values: the
base (what was exported, or what the last merge of that export settled; kept in the program
database, never taken from the package), here (the program database now) and the package. A
field changed only in the package applies; changed only here, it stays; changed on both sides
to different values, it is a conflict: reported and not applied. Changes are applied through
the assessment service, as a sheet row is, so recusal, signed-FY refusal, replacement and audit
are the same.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from reviewer.core.errors import InputRefused, Refused
from reviewer.core.models import Place, SheetRow
from reviewer.services import assessments, backups, evaluation
from reviewer.store import assessment_writes, audit
from reviewer.store import package_io as store
from reviewer.store import programs as programs_store
from reviewer.store.db import Kind, open_database, write_transaction
from reviewer.store.package_io import FIELDS, TargetState


@dataclass(frozen=True)
class Exported:
    """A written package: its file, export id, reviewer, FY and rows copied per table."""

    path: Path
    export_id: str
    reviewer: str
    fy: int
    rows: dict[str, int]


@dataclass(frozen=True)
class Conflict:
    """One field changed both here and in the package since the base."""

    file: str
    reviewer: str
    fy: int
    target: str
    field: str
    here: str | None
    package: str | None
    base: str | None

    def line(self) -> str:
        """`FILE: R04 2027/outcomes rating: here=D package=B base=C` (blank values shown as `-`)."""
        return (
            f"{self.file}: {self.reviewer} {self.fy}/{self.target} {self.field}:"
            f" here={_show(self.here)} package={_show(self.package)} base={_show(self.base)}"
        )


@dataclass(frozen=True)
class Merged:
    """The outcome of one package: what applied, the conflicts, or why it was refused."""

    file: str
    targets: int = 0
    items_changed: int = 0
    comments_changed: int = 0
    conflicts: tuple[Conflict, ...] = ()
    refused: Refused | InputRefused | None = field(default=None, compare=False)


def _show(value: str | None) -> str:
    if value is None or value == "":
        return "-"
    flat = " ".join(value.split())
    return flat if len(flat) <= 40 else flat[:39] + "…"


# --------------------------------------------------------------------------- export


def default_fy(db: sqlite_utils.Database) -> int:
    """The newest unsigned FY that has milestones. Raises Refused E-EXPORT-NO-FY when there is none."""
    signed = programs_store.signed_fys(db)
    plan = programs_store.read_plan(db)
    candidates = sorted({m.fy for m in plan.milestones} - signed)
    if not candidates:
        raise Refused("E-EXPORT-NO-FY")
    return candidates[-1]


def export_package(
    db: sqlite_utils.Database,
    reviewer_id: str,
    output: Path,
    *,
    fy: int | None = None,
    actor: str | None = None,
) -> Exported:
    """Write `reviewer_id`'s package for `fy` (default: `default_fy`) to `output`.

    The package holds the FY's plan and milestones, the evidence linked to them or effective in
    the FY, and that reviewer's own assessment; nothing of other reviewers, no audit entries. It
    is written to a temporary file beside `output` and renamed; the export is recorded here.
    Raises Refused E-NO-REVIEWER, E-RECUSED, E-NO-FY, E-FY-SIGNED, E-EXPORT-EXISTS, E-EXPORT-NO-FY.
    """
    plan = programs_store.read_plan(db)
    reviewer = next((r for r in plan.reviewers if r.id == reviewer_id), None)
    if reviewer is None:
        raise Refused("E-NO-REVIEWER", reviewer=reviewer_id)
    reason = assessments.recusal(plan, reviewer)
    if reason is not None:
        raise Refused("E-RECUSED", **reason.params())
    year = default_fy(db) if fy is None else fy
    if year not in {y.fy for y in plan.fiscal_years}:
        raise Refused("E-NO-FY", fy=year)
    if year in programs_store.signed_fys(db):
        raise Refused("E-FY-SIGNED", fy=year)
    if output.exists():
        raise Refused("E-EXPORT-EXISTS", path=str(output))
    source = backups.database_file(db)
    if source is None:
        raise Refused("E-EXPORT-EXISTS", path=":memory:")
    op = audit.Operation(actor=actor or audit.os_user())
    export_id = uuid.uuid4().hex
    base = store.assessment_states(db, reviewer_id, year)
    # the programme's own evaluation of the FY: the package shows the same figures (SPEC §9)
    status = evaluation.evaluate_fy(db, year, plan)
    deciding = [i for s in status.milestones for i in s.evaluation.evidence_ids]
    judged = {
        s.milestone.code: s.evaluation.status.value for s in status.milestones if s.milestone.rule is None
    }
    tmp = output.with_name(f".{output.name}.{os.getpid()}.tmp")
    backups._unlink_quietly(tmp)
    try:
        pkg = open_database(tmp, kind=Kind.PACKAGE, create=True)
        try:
            with store.attached(pkg, source), write_transaction(pkg):
                rows = store.copy_slice(pkg, source, reviewer_id, year, deciding)
                store.write_package_meta(
                    pkg,
                    {
                        "program_code": plan.program.code,
                        "export_id": export_id,
                        "reviewer_id": reviewer_id,
                        "fy": str(year),
                        "exported_at": op.at,
                        "exported_by": op.actor,
                        "base_json": store.base_json(base),
                        store.JUDGED_KEY: store.judged_json(judged),
                    },
                )
        finally:
            pkg.close()
        with write_transaction(db):
            store.record_export(db, export_id, reviewer_id, year, output.name, op.actor, op.at, base)
        if output.exists():
            raise Refused("E-EXPORT-EXISTS", path=str(output))
        os.replace(tmp, output)
    finally:
        backups._unlink_quietly(tmp)
    return Exported(output, export_id, reviewer_id, year, rows)


# --------------------------------------------------------------------------- merge


def _merge_target(
    base: TargetState, here: TargetState, package: TargetState
) -> tuple[TargetState, TargetState, list[tuple[str, str | None, str | None, str | None]]]:
    """Three-way merge of one target. Returns (values to hold here, the new base, conflicts)."""
    merged: dict[str, str | None] = {}
    new_base: dict[str, str | None] = {}
    conflicts = []
    for name in FIELDS:
        b, h, p = base.get(name), here.get(name), package.get(name)
        if p in (b, h):
            merged[name] = h
            new_base[name] = h if p == h else b
        elif h == b:
            merged[name] = p
            new_base[name] = p
        else:
            merged[name] = h
            new_base[name] = b  # unsettled: the same conflict shows again next time
            conflicts.append((name, h, p, b))
    return _state(merged), _state(new_base), conflicts


def _state(values: dict[str, str | None]) -> TargetState:
    return TargetState(
        values["rating"], values["positive"] or "", values["issues"] or "", values["recommendations"] or ""
    )


def merge_package(db: sqlite_utils.Database, path: Path, *, actor: str | None = None) -> Merged:
    """Merge one package into the program database, as one transaction.

    The package is untrusted input (SPEC §11): its schema and values are checked before any row is
    read, and it must be the package of the reviewer and FY this database recorded for its export
    id. Returns what applied and the conflicts (not applied). Raises Refused E-PACKAGE-UNREADABLE,
    E-PACKAGE-FOREIGN (not exported by this database, or another program), E-FY-SIGNED;
    InputRefused E-PACKAGE-SCHEMA, E-TOO-LONG, E-PACKAGE-VALUE, E-PACKAGE-REVIEWER, and those of
    the assessment service (E-RECUSED, E-SHEET-TARGET…).
    """
    name = path.name
    try:
        read = store.read_package(path)  # the schema and every value checked before a row is read
    except store.PackageUnreadable as exc:
        raise Refused("E-PACKAGE-UNREADABLE", file=name, reason=str(exc)) from exc
    plan = programs_store.read_plan(db)
    export = store.export_record(db, read.meta.get("export_id", ""))
    if export is None or read.meta.get("program_code") != plan.program.code:
        raise Refused("E-PACKAGE-FOREIGN", file=name, program=plan.program.code)
    # The export id is bound to the reviewer and FY recorded here when it was made: a package
    # claiming someone else's export (in its meta, or by the assessments it carries) is refused.
    claimed = (read.meta.get("reviewer_id", ""), read.meta.get("fy", ""))
    if claimed != (export.reviewer_id, str(export.fy)) or not read.owners <= {
        (export.reviewer_id, export.fy)
    }:
        others = sorted(({r for r, _fy in read.owners} | {claimed[0]}) - {export.reviewer_id})
        raise InputRefused.one(
            name,
            "E-PACKAGE-REVIEWER",
            export_id=export.export_id,
            reviewer=export.reviewer_id,
            fy=export.fy,
            found=", ".join(others) or claimed[0] or "-",
        )
    if export.fy in programs_store.signed_fys(db):
        raise Refused("E-FY-SIGNED", fy=export.fy)
    package = read.targets
    op = audit.Operation(actor=actor or audit.os_user())
    conflicts: list[Conflict] = []
    rows: list[SheetRow] = []
    with write_transaction(db):
        here = store.assessment_states(db, export.reviewer_id, export.fy)
        base = dict(export.base)
        for target in sorted(set(package) | set(base)):
            blank = TargetState()
            b, h, p = base.get(target, blank), here.get(target, blank), package.get(target, blank)
            merged, settled, found = _merge_target(b, h, p)
            base[target] = settled
            conflicts += [
                Conflict(name, export.reviewer_id, export.fy, target, f, fh, fp, fb)
                for f, fh, fp, fb in found
            ]
            if merged != h:
                rows.append(
                    SheetRow(
                        export.reviewer_id,
                        export.fy,
                        target,
                        merged.rating,
                        merged.positive,
                        merged.issues,
                        merged.recommendations,
                        Place(),
                    )
                )
        # Carried-over ratings (SPEC §6) count once confirmed: a package row that leaves one as it
        # was keeps it carried over here; one the reviewer confirmed in the package is confirmed.
        carried_here = assessment_writes.carried_targets(db, export.reviewer_id, export.fy)
        applied = (
            assessments.apply_sheet(db, rows, file=name, op=op, keep_carried_over=True) if rows else None
        )
        now = store.assessment_states(db, export.reviewer_id, export.fy)
        for target in sorted(carried_here - read.carried):
            confirmed, held = package.get(target), now.get(target)
            if confirmed is None or held is None or held.rating is None or confirmed.rating != held.rating:
                continue  # not the rating held here (a conflict, say): the reviewer confirmed something else
            assessments.confirm_item(db, export.reviewer_id, export.fy, target, op=op)
        store.update_base(db, export.export_id, base, op.at)
    return Merged(
        name,
        applied.targets if applied else 0,
        applied.items_changed if applied else 0,
        applied.comments_changed if applied else 0,
        tuple(conflicts),
    )


def merge_packages(
    db: sqlite_utils.Database, paths: Sequence[Path], *, actor: str | None = None
) -> list[Merged]:
    """Merge several packages, each in its own transaction, after one verified backup.

    A refused package is returned with `refused` set and changes nothing; the others go on.
    """
    backups.backup(db, "merge")
    out = []
    for path in paths:
        try:
            out.append(merge_package(db, path, actor=actor))
        except (Refused, InputRefused) as exc:
            out.append(Merged(path.name, refused=exc))
    return out
