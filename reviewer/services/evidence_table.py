"""Read-side use cases of the desktop: evidence windows by keyset, provenance, imports, dashboard figures.

The desktop never runs SQL; every screen reads through here (or the other services). A few
reads here (the plan, signed FYs, committed funding, an assessment's values) belong to other
services' families and move there once those services expose them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from reviewer.core.models import CommentKind, Plan
from reviewer.services import decisions, evaluation, sealing
from reviewer.store import decision_writes, snapshots
from reviewer.store import evidence_window as store
from reviewer.store import programs as programs_store
from reviewer.store.db import open_database
from reviewer.store.decision_writes import ConditionText, DecisionRow
from reviewer.store.evidence_window import (
    EvidenceDetail,
    EvidenceFilter,
    EvidenceRecord,
    EvidenceRow,
    FleetPoint,
    SortKey,
)

if TYPE_CHECKING:  # the assessment and import services load when those screens first need them
    from reviewer.services.assessments import TargetValues
    from reviewer.services.evidence import Cancelled, ImportOptions, ImportResult, Progress
    from reviewer.services.packages import Exported, Merged

__all__ = [
    "DecisionView",
    "EvidenceDetail",
    "EvidenceFilter",
    "EvidenceRecord",
    "EvidenceRow",
    "EvidenceWindows",
    "FleetPoint",
    "Funding",
    "FyFigures",
    "SortKey",
]


class EvidenceWindows:
    """Fixed-size windows of the evidence table over one connection, sorted and filtered in SQL.

    Windows are addressed by number; a window is read by keyset from the nearest window whose
    boundary is known (its last row's sort key and id), or counted from the end when that is
    nearer, so the end of a million rows costs what the start does. `statements` counts the
    queries issued (the desktop's tests and benches read it).
    """

    def __init__(self, db: sqlite_utils.Database, window_size: int = 200) -> None:
        self._db = db
        self.window_size = window_size
        self.statements = 0
        self.rows_fetched = 0
        self._filter = EvidenceFilter()
        self._sort = SortKey.ID
        self._descending = False
        self._count = 0
        # window number → keyset position of its last row: reused to reach the next window
        self._ends: dict[int, tuple[object, int]] = {}

    def configure(self, f: EvidenceFilter, sort: SortKey, descending: bool) -> int:
        """Set filter and order; returns the new row count (one COUNT(*))."""
        self._filter, self._sort, self._descending = f, sort, descending
        self._ends.clear()
        self.statements += 1
        self._count = store.count(self._db, f)
        return self._count

    @property
    def count(self) -> int:
        return self._count

    def read(self, number: int) -> list[EvidenceRow]:
        """The rows of window `number` (the last window may be short)."""
        return [store.evidence_row(r) for r in self.read_records(number)]

    def read_records(self, number: int) -> list[EvidenceRecord]:
        """Window `number` as records; `evidence_row` turns one into its EvidenceRow."""
        size = self.window_size
        first = number * size
        if first >= self._count:
            return []
        limit = min(size, self._count - first)
        known = [n for n in self._ends if n < number]
        nearest = max(known) if known else None
        forward_gap = first if nearest is None else first - (nearest + 1) * size
        backward_gap = self._count - (first + limit)
        self.statements += 1
        if backward_gap < forward_gap:
            rows = store.window_records(
                self._db,
                self._filter,
                self._sort,
                descending=self._descending,
                skip=backward_gap,
                limit=limit,
                from_end=True,
            )
        else:
            after = None if nearest is None else self._ends[nearest]
            rows = store.window_records(
                self._db,
                self._filter,
                self._sort,
                descending=self._descending,
                after=after,
                skip=forward_gap,
                limit=limit,
            )
        self.rows_fetched += len(rows)
        if rows:
            last = rows[-1]
            self._ends[number] = (last[store.RECORD_SORT_COLUMN[self._sort]], int(last[0]))  # type: ignore[call-overload]
        return rows


def evidence_row(record: EvidenceRecord) -> EvidenceRow:
    """The EvidenceRow of one record `EvidenceWindows.read_records` returned."""
    return store.evidence_row(record)


def windows(db: sqlite_utils.Database, window_size: int = 200) -> EvidenceWindows:
    """A window reader for the evidence table over `db`."""
    return EvidenceWindows(db, window_size)


def evidence_detail(db: sqlite_utils.Database, evidence_id: int) -> EvidenceDetail | None:
    """Provenance and raw record of one evidence row, or None."""
    return store.detail(db, evidence_id)


def rollup_provenance(found: EvidenceDetail, lang: str) -> str | None:
    """Where a Parquet fleet report's row came from (its batch's rollup manifest), or None."""
    from reviewer.services import rollup_provenance as provenance

    return provenance.describe(found.rollup_manifest, lang)


def fleet_series(db: sqlite_utils.Database) -> list[FleetPoint]:
    """Robots active per month and industry (current rows; report rows win over telemetry)."""
    return store.fleet_series(db)


def read_plan(db: sqlite_utils.Database, fy: int | None = None) -> Plan:
    """The program's plan as stored; with `fy` a signed FY, as its seal holds it (SPEC §7: a
    signed FY's screens read the sealed snapshot)."""
    live = programs_store.read_plan(db)
    return live if fy is None else sealing.plan_shown(db, fy, live)


def signed_fys(db: sqlite_utils.Database) -> set[int]:
    """FYs whose decision is signed (read-only in the desktop)."""
    return snapshots.signed_fys(db)


@dataclass(frozen=True)
class Funding:
    """Committed funding through an FY against the program's ceiling (SPEC §2 Money)."""

    fy: int
    committed_jpy: int
    ceiling_jpy: int
    installment_jpy: int

    @property
    def remaining_jpy(self) -> int:
        return self.ceiling_jpy - self.committed_jpy


def funding(db: sqlite_utils.Database, plan: Plan, fy: int) -> Funding:
    """Committed through `fy` (services.decisions.committed_through) against the ceiling."""
    installment = next((y.installment_jpy for y in plan.fiscal_years if y.fy == fy), 0)
    return Funding(fy, decisions.committed_through(db, fy), plan.program.ceiling_jpy, installment)


@dataclass(frozen=True)
class FyFigures:
    """An FY's figures as the dashboard and the decision screen show them."""

    fy: int
    status: dict[str, Any]  # services.evaluation.fy_status_json
    funding: Funding
    fleet: list[FleetPoint]  # empty unless asked for
    after_signoff: int | None  # evidence records added after the FY's sign-off; None: not signed
    stale_redactions: tuple[int, ...] = ()  # comments whose public text needs review (if asked)


def fy_figures(
    path: Path, fy: int, plan: Plan, *, fleet: bool = False, redactions: bool = False
) -> FyFigures:
    """FY `fy`'s figures on a read-only connection of the calling thread (the screens call this on
    a reader thread: over a million fleet rows the count of late records alone took 0.2 s).

    The plan comes from the screen's context (read once at open): a frozen value, safe to share.
    """
    db = open_program(path, readonly=True)
    try:
        stale: tuple[int, ...] = ()
        if redactions:
            from reviewer.services import lists  # the decision screen's: not on the start-up path

            stale = tuple(lists.stale_redactions(db, fy))
        return FyFigures(
            fy,
            evaluation.fy_status_json(db, fy),
            funding(db, plan, fy),
            fleet_series(db) if fleet else [],
            sealing.after_signoff_records(db, fy),
            stale,
        )
    finally:
        db.close()


@dataclass(frozen=True)
class DecisionView:
    """FY N's decision in force (signed, else the draft) with its conditions; None fields when absent."""

    row: DecisionRow | None
    conditions: tuple[ConditionText, ...]
    limit_jpy: int


def decision_of(db: sqlite_utils.Database, fy: int) -> DecisionView:
    """The decision the decision screen shows for FY `fy`, and the most FY `fy`+1 funding may be."""
    row = decision_writes.draft_decision(db, fy) or decision_writes.signed_decision(db, fy)
    conditions = () if row is None else tuple(decision_writes.conditions_of(db, row.id))
    return DecisionView(row, conditions, decisions.funding_limit(db, fy))


def assessment_values(db: sqlite_utils.Database, reviewer_id: str, fy: int) -> dict[str, TargetValues]:
    """A reviewer's saved values per target for an FY (empty when nothing is saved yet)."""
    from reviewer.services.assessments import TargetValues
    from reviewer.store import assessment_writes

    assessment = assessment_writes.assessment_id(db, reviewer_id, fy)
    if assessment is None:
        return {}
    items = assessment_writes.items(db, assessment)
    comments = assessment_writes.comments_of(db, assessment)
    targets = set(items) | {t for t, _ in comments}
    out: dict[str, TargetValues] = {}
    for target in targets:
        item = items.get(target)

        def text(kind: CommentKind, target: str = target) -> str:
            found = comments.get((target, kind.value))
            return "" if found is None else found.text

        out[target] = TargetValues(
            reviewer_id,
            fy,
            target,
            None if item is None else item.rating,
            text(CommentKind.POSITIVE),
            text(CommentKind.ISSUES),
            text(CommentKind.RECOMMENDATIONS),
        )
    return out


def carried_over_targets(db: sqlite_utils.Database, reviewer_id: str, fy: int) -> frozenset[str]:
    """The criteria whose rating was carried over from last year and is not confirmed yet."""
    from reviewer.store import assessment_writes

    return assessment_writes.carried_targets(db, reviewer_id, fy)


def quick_check(path: Path) -> str:
    """Run SQLite's quick_check on its own read-only connection; 'ok' when the file is sound."""
    db = open_database(path, readonly=True)
    try:
        return store.quick_check(db)
    finally:
        db.close()


def import_file_at(
    db_path: Path,
    path: Path,
    options: ImportOptions,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportResult:
    """`import_file` on a connection of its own (the desktop imports on a worker thread).

    Returns and raises what `services.evidence.import_file` does.
    """
    from reviewer.services.evidence import import_file

    db = open_database(db_path)
    try:
        return import_file(db, path, options, progress=progress, cancelled=cancelled)
    finally:
        db.close()


def export_package_at(db_path: Path, reviewer_id: str, output: Path) -> Exported:
    """`packages.export_package` (the FY: `packages.default_fy`) on a connection of its own."""
    from reviewer.services import packages

    db = open_database(db_path)
    try:
        return packages.export_package(db, reviewer_id, output)
    finally:
        db.close()


def merge_packages_at(db_path: Path, paths: list[Path]) -> list[Merged]:
    """`packages.merge_packages` on a connection of its own (the desktop merges on the writer thread)."""
    from reviewer.services import packages

    db = open_database(db_path)
    try:
        return packages.merge_packages(db, paths)
    finally:
        db.close()


def open_program(path: Path, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open a program database (or a reviewer package) for the desktop.

    Raises Refused E-NOT-OURS (not this product's file), E-NO-PROGRAM (no program in it),
    FileNotFoundError.
    """
    from reviewer.core.errors import Refused

    db = open_database(path, readonly=readonly)
    if not programs_store.has_program(db):
        db.close()
        raise Refused("E-NO-PROGRAM", path=str(path))
    return db


def is_package(db: sqlite_utils.Database) -> bool:
    """True for a reviewer package (SPEC §11), which opens in reviewer mode."""
    return programs_store.read_meta(db, "kind") == "package"
