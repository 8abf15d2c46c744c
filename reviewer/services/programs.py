"""Program use cases: create a database from a plan, and load a changed plan into one (SPEC §3)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from reviewer import messages
from reviewer.core.criteria import template_name
from reviewer.core.errors import ProblemCollector
from reviewer.core.models import Milestone, Plan
from reviewer.core.normalize import fold
from reviewer.importers.plan import parse_plan
from reviewer.store import audit
from reviewer.store import programs as store
from reviewer.store.db import open_database, refuse_new_database_at, write_transaction


@dataclass(frozen=True)
class Change:
    """One entry of a plan load: its kind (`milestone`, `industry`, ...), key and the fields touched."""

    entity: str
    key: str
    fields: tuple[str, ...] = ()

    def label(self) -> str:
        out = f"{self.entity} {self.key}"
        return out + (f" ({', '.join(self.fields)})" if self.fields else "")


@dataclass(frozen=True)
class PlanChanges:
    """What loading a plan did: added, renamed (names, titles), changed (values), kept (not in the file)."""

    added: tuple[Change, ...] = ()
    renamed: tuple[Change, ...] = ()
    changed: tuple[Change, ...] = ()
    kept: tuple[Change, ...] = ()

    @property
    def unchanged(self) -> bool:
        """True when the load wrote nothing."""
        return not (self.added or self.renamed or self.changed)


def remove_database_files(path: Path, existed_empty: bool) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(path) + suffix).unlink()
    if existed_empty:
        path.write_bytes(b"")
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def create_database(db_path: Path, plan: Plan, actor: str | None = None) -> sqlite_utils.Database:
    """Create a new database at an empty path holding `plan`, in one transaction; returns it open.

    Raises `Refused` (E-DB-NOT-EMPTY) for an existing non-empty file. If writing fails, the file
    is removed again (or left empty, if it was an empty file before) and the error re-raised.
    """
    existed_empty = db_path.exists()
    db = open_database(db_path, create=True)
    try:
        with write_transaction(db):
            store.write_plan(db, plan, audit.Operation(actor=actor or audit.os_user()))
    except BaseException:
        db.close()
        remove_database_files(db_path, existed_empty)
        raise
    return db


def init_database(db_path: Path, plan_path: Path, actor: str | None = None) -> Plan:
    """`init --plan`: parse the plan, then create the database at `db_path` holding it.

    Returns the plan. Raises `Refused` (E-DB-NOT-EMPTY, E-DB-IS-LOG) and `InputRefused`
    (E-NOT-A-FILE) for a place a database cannot be made, `InputRefused` for a refused plan; in
    each case no file is created.
    """
    refuse_new_database_at(db_path)
    plan = parse_plan(plan_path)
    create_database(db_path, plan, actor).close()
    return plan


def load_plan(db: sqlite_utils.Database, plan_path: Path, actor: str | None = None) -> PlanChanges:
    """`plan PLAN.yaml`: load a changed plan into an existing database (SPEC §3), in one transaction.

    Adds new entries, updates names and titles, changes values of unsigned FYs (each change
    audited with its old and new values), never deletes (missing entries come back as kept).
    Raises `InputRefused` (E-PLAN-SIGNED, E-PLAN-PROGRAM, E-PLAN-FY, E-PLAN-DUPLICATE, naming the
    plan's lines) for any change touching a signed FY, another program, or clashes with kept
    entries; then nothing is written.
    """
    plan = parse_plan(plan_path)
    op = audit.Operation(actor=actor or audit.os_user())
    with write_transaction(db):
        loader = _Loader(db, op, plan, store.read_plan(db), store.signed_fys(db))
        try:
            changes = loader.run()
        except sqlite3.IntegrityError:
            # a write that a collected problem already explains (the database's own locks agree)
            loader.problems.raise_if_any()
            raise
        loader.problems.raise_if_any()
        if not changes.unchanged:
            summary = {
                "source": plan.source,
                **{
                    k: [c.label() for c in getattr(changes, k)]
                    for k in ("added", "renamed", "changed", "kept")
                },
            }
            audit.append(db, op, "program", plan.program.code, "update", None, summary)
            store.set_meta(db, store.PLAN_SOURCE_KEY, plan.source)
    return changes


def describe_changes(changes: PlanChanges, lang: str) -> list[str]:
    """One line per entry of a plan load, in `lang`, for the command line."""
    if changes.unchanged and not changes.kept:
        return [messages.text("plan-unchanged", lang)]
    out: list[str] = []
    for key in ("added", "renamed", "changed", "kept"):
        word = messages.text(f"plan-{key}", lang)
        out.extend(f"{word}: {c.label()}" for c in getattr(changes, key))
    return out


class _Loader:
    """Compares the stored plan with the new one entity by entity and applies what is allowed."""

    def __init__(
        self, db: sqlite_utils.Database, op: audit.Operation, new: Plan, old: Plan, signed: set[int]
    ) -> None:
        self.db, self.op, self.new, self.old, self.signed = db, op, new, old, signed
        self.problems = ProblemCollector(new.source)
        self.added: list[Change] = []
        self.renamed: list[Change] = []
        self.changed: list[Change] = []
        self.kept: list[Change] = []

    def line(self, key: str) -> int | None:
        return self.new.lines.get(key)

    def refuse_signed(self, fy: int, entry: str, line_key: str) -> None:
        self.problems.add("E-PLAN-SIGNED", self.line(line_key), fy=fy, entry=entry)

    def update(
        self, table: str, entity: str, key: dict[str, Any], label: str, values: dict[str, Any]
    ) -> None:
        """Update one row and audit its old and new values."""
        old = store.update_row(self.db, table, key, values)
        if old != values:
            audit.append(self.db, self.op, entity, label, "update", old, values)

    def sort(self, entity: str, key: str, renamed: list[str], changed: list[str]) -> None:
        if changed:
            self.changed.append(Change(entity, key, tuple(renamed + changed)))
        elif renamed:
            self.renamed.append(Change(entity, key, tuple(renamed)))

    def run(self) -> PlanChanges:
        for step in (
            self._program,
            self._criteria,
            self._officers,
            self._fiscal_years,
            self._industries,
            self._organizations,
            self._reviewers,
            self._milestones,
            self._models,
        ):
            step()
        return PlanChanges(tuple(self.added), tuple(self.renamed), tuple(self.changed), tuple(self.kept))

    def _diff(self, old: object, new: object, fields: tuple[str, ...]) -> list[str]:
        return [f for f in fields if getattr(old, f) != getattr(new, f)]

    def _keyed(
        self,
        entity: str,
        old_items: tuple[Any, ...],
        new_items: tuple[Any, ...],
        key: Callable[[Any], str],
        add: Callable[[Any], None],
        both: Callable[[Any, Any], None],
    ) -> None:
        old_by = {key(o): o for o in old_items}
        new_keys = {key(n) for n in new_items}
        for item in new_items:
            if key(item) in old_by:
                both(old_by[key(item)], item)
            else:
                add(item)
                self.added.append(Change(entity, key(item)))
        self.kept.extend(Change(entity, k) for k in old_by if k not in new_keys)

    # -- entities

    def _program(self) -> None:
        old, new = self.old.program, self.new.program
        if old.code != new.code:
            self.problems.add("E-PLAN-PROGRAM", self.line("program"), old=old.code, new=new.code)
            return
        renamed = self._diff(old, new, ("names", "implementer"))
        changed = self._diff(old, new, ("ceiling_jpy", "first_fy", "last_fy", "guaranteed_through_fy"))
        if changed and self.signed:
            self.refuse_signed(min(self.signed), "program." + ", program.".join(changed), "program")
        for y in self.old.fiscal_years:
            if not new.first_fy <= y.fy <= new.last_fy:
                self.problems.add(
                    "E-PLAN-FY", self.line("program"), fy=y.fy, first=new.first_fy, last=new.last_fy
                )
        if template_name(self.new.criteria) != template_name(self.old.criteria):
            changed.append("criteria_template")
        self.sort("program", new.code, renamed, changed)
        if renamed or changed:
            self.update(
                "program",
                "program",
                {"id": 1},
                new.code,
                store.program_row(new, template_name(self.new.criteria)),
            )
        old_models = set(old.baseline_models)
        for name in new.baseline_models:
            if name not in old_models:
                store.insert_baseline_model(self.db, name)
                self.added.append(Change("baseline_model", name))
        self.kept.extend(
            Change("baseline_model", n) for n in old.baseline_models if n not in new.baseline_models
        )
        old_points = {p.year: p.robots_active for p in old.trajectory}
        for p in new.trajectory:
            if p.year not in old_points:
                store.insert_trajectory_point(self.db, p)
                self.added.append(Change("trajectory", str(p.year)))
            elif old_points[p.year] != p.robots_active:
                self.update(
                    "trajectory_point",
                    "trajectory",
                    {"year": p.year},
                    str(p.year),
                    {"robots_active": p.robots_active},
                )
                self.changed.append(Change("trajectory", str(p.year), ("robots_active",)))
        new_years = {p.year for p in new.trajectory}
        self.kept.extend(Change("trajectory", str(y)) for y in old_points if y not in new_years)

    def _models(self) -> None:
        """`models:` (SPEC §3): new models and new aliases are added (audited); an alias the
        database already gives another model is refused at its line; nothing is removed."""
        from reviewer.core.normalize import model_key
        from reviewer.store import model_names

        owner = model_names.model_lookup(self.db)
        old_ids = {m.id for m in self.old.models}
        for model in self.new.models:
            line = self.line(f"model:{model.id}")
            key = model_key(model.id)
            if key in owner and owner[key] != model.id:
                self.problems.add(
                    "E-PLAN-ALIAS-STORED", line, alias=model.id, model=owner[key], other=model.id
                )
                continue
            if model.id not in old_ids:
                self.db.execute("INSERT INTO model_decl(id, key) VALUES (?, ?)", [model.id, key])
                owner[key] = model.id
                self.added.append(Change("model", model.id))
                audit.append(self.db, self.op, "model", model.id, "insert", None, {"id": model.id})
            for alias in model.aliases:
                alias_key = model_key(alias)
                if alias_key in owner:
                    if owner[alias_key] != model.id:
                        self.problems.add(
                            "E-PLAN-ALIAS-STORED", line, alias=alias, model=owner[alias_key], other=model.id
                        )
                    continue
                model_names.insert_plan_alias(self.db, alias, model.id)
                owner[alias_key] = model.id
                self.added.append(Change("model_alias", alias))
                audit.append(
                    self.db,
                    self.op,
                    "model_alias",
                    alias,
                    "insert",
                    None,
                    {"alias": alias, "model": model.id},
                )
        new_ids = {m.id for m in self.new.models}
        self.kept.extend(Change("model", m.id) for m in self.old.models if m.id not in new_ids)

    def _criteria(self) -> None:
        def both(old: Any, new: Any) -> None:
            renamed = self._diff(old, new, ("names", "questions", "sub_items"))
            old_points = [g.points for g in old.grades]
            new_points = [g.points for g in new.grades]
            if [(g.ja, g.en) for g in old.grades] != [(g.ja, g.en) for g in new.grades]:
                renamed.append("grades")
            changed = ["points"] if old_points != new_points else []
            if changed and self.signed:
                self.refuse_signed(min(self.signed), f"criterion {new.code} points", f"criterion:{new.code}")
            self.sort("criterion", new.code, renamed, changed)
            if renamed or changed:
                store.update_criterion(self.db, new)
                audit.append(
                    self.db, self.op, "criterion", new.code, "update", None, {"fields": renamed + changed}
                )

        def add(c: Any) -> None:
            store.insert_criterion(self.db, c, store.next_criterion_position(self.db))

        self._keyed("criterion", self.old.criteria, self.new.criteria, lambda c: c.code, add, both)

    def _officers(self) -> None:
        def both(old: Any, new: Any) -> None:
            renamed, changed = self._diff(old, new, ("name",)), self._diff(old, new, ("role",))
            self.sort("officer", new.id, renamed, changed)
            if renamed or changed:
                self.update(
                    "officer", "officer", {"id": new.id}, new.id, {"name": new.name, "role": new.role.value}
                )

        self._keyed(
            "officer",
            self.old.officers,
            self.new.officers,
            lambda o: o.id,
            lambda o: store.insert_officer(self.db, o),
            both,
        )

    def _fiscal_years(self) -> None:
        def both(old: Any, new: Any) -> None:
            changed = self._diff(old, new, ("installment_jpy", "gate_date"))
            if changed and new.fy in self.signed:
                self.refuse_signed(new.fy, f"fiscal_years {new.fy} ({', '.join(changed)})", f"fy:{new.fy}")
            self.sort("fiscal_year", str(new.fy), [], changed)
            if changed:
                self.update(
                    "fiscal_year", "fiscal_year", {"fy": new.fy}, str(new.fy), store.fiscal_year_row(new)
                )

        self._keyed(
            "fiscal_year",
            self.old.fiscal_years,
            self.new.fiscal_years,
            lambda y: str(y.fy),
            lambda y: store.insert_fiscal_year(self.db, y),
            both,
        )

    def _industries(self) -> None:
        # Kept industries still match fleet rows by name: a new or renamed one may not share them.
        new_codes = {i.code for i in self.new.industries}
        taken: dict[str, str] = {}
        for ind in self.old.industries:
            if ind.code not in new_codes:
                for text in (ind.code, ind.names.ja, ind.names.en):
                    taken[fold(text)] = ind.code
        clash = False
        for ind in self.new.industries:
            for text in (ind.code, ind.names.ja, ind.names.en):
                if fold(text) in taken:
                    clash = True
                    self.problems.add(
                        "E-PLAN-DUPLICATE",
                        self.line(f"industry:{ind.code}"),
                        kind="industry name (kept in the database)",
                        key=text,
                        first_line="-",
                    )
        if clash:
            return

        def both(old: Any, new: Any) -> None:
            renamed = self._diff(old, new, ("names",))
            self.sort("industry", new.code, renamed, [])
            if renamed:
                values = {"name_ja": new.names.ja, "name_en": new.names.en}
                self.update("industry", "industry", {"code": new.code}, new.code, values)

        self._keyed(
            "industry",
            self.old.industries,
            self.new.industries,
            lambda i: i.code,
            lambda i: store.insert_industry(self.db, i, store.next_industry_position(self.db)),
            both,
        )

    def _organizations(self) -> None:
        def both(old: Any, new: Any) -> None:
            renamed, changed = self._diff(old, new, ("name", "name_en")), self._diff(old, new, ("role",))
            if changed and self.signed:  # the role decides recusals, which signed FYs relied on
                self.refuse_signed(
                    min(self.signed), f"organization {new.code} role", f"organization:{new.code}"
                )
            self.sort("organization", new.code, renamed, changed)
            if renamed or changed:
                self.update(
                    "organization", "organization", {"code": new.code}, new.code, store.organization_row(new)
                )

        self._keyed(
            "organization",
            self.old.organizations,
            self.new.organizations,
            lambda o: o.code,
            lambda o: store.insert_organization(self.db, o),
            both,
        )

    def _reviewers(self) -> None:
        def both(old: Any, new: Any) -> None:
            renamed = self._diff(old, new, ("name", "kana", "affiliation", "role"))
            self.sort("reviewer", new.id, renamed, [])
            if renamed:
                self.update("reviewer", "reviewer", {"id": new.id}, new.id, store.reviewer_row(new))

        self._keyed(
            "reviewer",
            self.old.reviewers,
            self.new.reviewers,
            lambda r: r.id,
            lambda r: store.insert_reviewer(self.db, r),
            both,
        )

        def conflict_both(old: Any, new: Any) -> None:
            changed = self._diff(old, new, ("category",))
            key = f"{new.reviewer_id}:{new.organization}"
            self.sort("conflict", key, [], changed)
            if changed:
                self.update(
                    "conflict",
                    "conflict",
                    {"reviewer_id": new.reviewer_id, "organization_code": new.organization},
                    key,
                    {"category": new.category.value},
                )

        old_conflicts = tuple(c for r in self.old.reviewers for c in r.conflicts)
        new_conflicts = tuple(c for r in self.new.reviewers for c in r.conflicts)
        self._keyed(
            "conflict",
            old_conflicts,
            new_conflicts,
            lambda c: f"{c.reviewer_id}:{c.organization}",
            lambda c: store.insert_conflict(self.db, self.op, c),
            conflict_both,
        )

    def _milestones(self) -> None:
        def both(old: Milestone, new: Milestone) -> None:
            renamed = self._diff(old, new, ("title",))
            changed = self._diff(old, new, ("fy", "area", "criterion", "weight", "due", "rule"))
            touched = {old.fy, new.fy} & self.signed
            if (renamed or changed) and touched:
                what = f"milestone {new.code} ({', '.join(renamed + changed)})"
                self.refuse_signed(min(touched), what, f"milestone:{new.code}")
                return
            self.sort("milestone", new.code, renamed, changed)
            if renamed or changed:
                self.update("milestone", "milestone", {"code": new.code}, new.code, store.milestone_row(new))

        def add(m: Milestone) -> None:
            if m.fy in self.signed:
                self.refuse_signed(m.fy, f"milestone {m.code} (new)", f"milestone:{m.code}")
                return
            store.insert_milestone(self.db, self.op, m)

        self._keyed("milestone", self.old.milestones, self.new.milestones, lambda m: m.code, add, both)
