"""The plan file (SPEC §3): read, validate everything, and return a `Plan` or refuse with every problem."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from reviewer.core.criteria import NEDO_STANDARD, nedo_standard
from reviewer.core.errors import InputRefused, ProblemCollector
from reviewer.core.models import (
    Area,
    BenchmarkRule,
    Conflict,
    ConflictCategory,
    Criterion,
    FiscalYear,
    FleetMeasure,
    FleetRule,
    Grade,
    GradeWording,
    Industry,
    Milestone,
    ModelDecl,
    ModelRule,
    Names,
    Officer,
    OfficerRole,
    Op,
    Organization,
    OrgRole,
    Plan,
    Program,
    Reviewer,
    ReviewerRole,
    Rule,
    RuleKind,
    TrajectoryPoint,
)
from reviewer.core.normalize import fold, model_key
from reviewer.importers.base import MAX_DOCUMENT_BYTES, require_regular
from reviewer.importers.planfields import Fields
from reviewer.importers.textenc import WIDE_SAMPLE, refuse_wide
from reviewer.importers.yamlsafe import LinedDict, load_yaml

_ROOT = {"program", "criteria", "officers", "fiscal_years", "industries", "organizations", "reviewers"}
_ROOT |= {"milestones", "models"}
_ROOT_REQUIRED = {"program", "criteria", "fiscal_years", "industries", "milestones"}
_PROGRAM = {"code", "name", "implementer", "ceiling_jpy", "first_fy", "last_fy", "guaranteed_through_fy"}
_PROGRAM_OPTIONAL = {"baseline_models", "trajectory"}
_MILESTONE = {"code", "fy", "area", "criterion", "weight", "due", "title"}
_RULE_KEYS = {
    RuleKind.BENCHMARK: {"kind", "benchmark", "metric", "filter", "model", "op", "target", "partial"},
    RuleKind.FLEET: {"kind", "measure", "industry", "period", "min_robots", "op", "target", "partial"},
    RuleKind.MODEL: {"kind", "model", "requires"},
}
_RULE_REQUIRED = {
    RuleKind.BENCHMARK: {"benchmark", "op", "target"},
    RuleKind.FLEET: {"measure", "period", "op", "target"},
    RuleKind.MODEL: {"model"},
}
_PERIOD = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")
FY_LOW, FY_HIGH = 1990, 2200


def read_plan_text(path: Path, file: str) -> str:
    """The plan's text: at most 50 MiB, UTF-8 with or without a BOM. Raises InputRefused
    (E-PLAN-SIZE, E-FILE, E-NOT-A-FILE for a FIFO, device or folder, E-ENCODING-UTF16 and -NO-BOM
    for a UTF-16 or UTF-32 plan, E-PLAN-ENCODING)."""
    require_regular(path, file)  # a FIFO would wait for a writer for ever, /dev/zero never end
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise InputRefused.one(file, "E-PLAN-SIZE", size=size, limit=MAX_DOCUMENT_BYTES)
        data = path.read_bytes()
    except OSError as exc:
        raise InputRefused.one(file, "E-FILE", reason=exc.strerror or str(exc)) from None
    refuse_wide(data[:WIDE_SAMPLE], file)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputRefused.one(file, "E-PLAN-ENCODING", line) from None


def parse_plan(path: Path) -> Plan:
    """Read and validate the plan at `path`; errors name the path as given.

    Returns the validated `Plan` (with `lines` mapping "milestone:CODE" and the like to lines).
    Raises `InputRefused` listing every problem found (up to 100, with the total).
    """
    file = str(path)
    reader = _PlanReader(file)
    # duplicate keys and lone surrogates join the value errors: all of them in one pass (SPEC §4)
    doc = load_yaml(
        read_plan_text(path, file), file, allow_aliases=True, thousands_in_flow=True, problems=reader.problems
    )
    try:
        return reader.read(doc)
    except InputRefused as exc:  # listed in the file's order, as an import's problems are
        placed = sorted(exc.problems, key=lambda p: (p.line or 0, p.column or 0))
        raise InputRefused(placed, exc.total) from None


def _rules_on_declared_models(
    milestones: tuple[Milestone, ...], models: tuple[ModelDecl, ...]
) -> tuple[Milestone, ...]:
    """A rule naming a model by an alias names the declared id (SPEC §3): evidence is stored
    under the id, so the rule must compare with the id to ever match."""
    declared = {model_key(name): m.id for m in models for name in (m.id, *m.aliases)}
    out = []
    for milestone in milestones:
        rule = milestone.rule
        if isinstance(rule, BenchmarkRule | ModelRule) and rule.model is not None:
            target = declared.get(model_key(rule.model))
            if target is not None and target != rule.model:
                milestone = dataclasses.replace(milestone, rule=dataclasses.replace(rule, model=target))
        out.append(milestone)
    return tuple(out)


class _PlanReader:
    """Reads one plan document section by section, collecting every problem."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems = ProblemCollector(file)
        self.f = Fields(self.problems)
        self.lines: dict[str, int] = {}

    def read(self, doc: object) -> Plan:
        root = self.f.mapping(doc, 1, "plan", _ROOT, _ROOT_REQUIRED) if doc is not None else None
        if root is None:
            if doc is None:
                self.problems.add("E-PLAN-MISSING", 1, field="program")
            self.problems.raise_if_any()
            raise AssertionError("unreachable")
        program = self._program(root)
        criteria = self._criteria(root)
        officers = self._officers(root)
        fiscal_years = self._fiscal_years(root, program)
        industries = self._industries(root)
        organizations = self._organizations(root)
        reviewers = self._reviewers(root, {o.code for o in organizations})
        milestones = self._milestones(root, program, fiscal_years, industries, {c.code for c in criteria})
        models = self._models(root)
        milestones = _rules_on_declared_models(milestones, models)
        self.problems.raise_if_any()
        assert program is not None
        return Plan(
            program=program,
            criteria=criteria,
            officers=officers,
            fiscal_years=fiscal_years,
            industries=industries,
            organizations=organizations,
            reviewers=reviewers,
            milestones=milestones,
            source=self.file,
            lines=self.lines,
            models=models,
        )

    # -- models and their aliases

    def _models(self, root: LinedDict) -> tuple[ModelDecl, ...]:
        """`models:` (SPEC §3): ids and aliases; a name (id or alias, compared as model names
        are) that points at two models is refused at its line."""
        out: list[ModelDecl] = []
        owner: dict[str, tuple[str, int]] = {}  # name key -> (model id, line)
        for i, item, line in self.f.items(root, "models", "plan"):
            where = f"models[{i}]"
            d = self.f.mapping(item, line, where, {"id", "aliases"}, {"id"})
            if d is None:
                continue
            mid = self.f.text(d, "id", where)
            aliases: list[tuple[str, int]] = []
            for j, alias, alias_line in self.f.items(d, "aliases", where):
                if not isinstance(alias, str) or not alias.strip():
                    self.f.value_error(alias_line, f"{where}.aliases[{j}]", alias, "a model name")
                else:
                    aliases.append((alias.strip(), alias_line))
            if mid is None or not mid.strip():
                continue
            mid = mid.strip()
            ok = True
            for name, name_line in ((mid, d.line_of("id")), *aliases):
                key = model_key(name)
                first = owner.get(key)
                if first is not None and (first[0] != mid or name == mid):
                    self.problems.add(
                        "E-PLAN-ALIAS", name_line, alias=name, model=first[0], other=mid, first_line=first[1]
                    )
                    ok = False
                elif first is None:
                    owner[key] = (mid, name_line)
            if ok:
                # one alias per comparison key: `pai-fm-1.0` and `PAI-FM-1.0` are one name
                kept: dict[str, str] = {}
                for alias, _ in aliases:
                    if model_key(alias) != model_key(mid):
                        kept.setdefault(model_key(alias), alias)
                out.append(ModelDecl(mid, tuple(kept.values())))
                self.lines[f"model:{mid}"] = line
        return tuple(out)

    # -- program

    def _program(self, root: LinedDict) -> Program | None:
        f = self.f
        d = f.mapping(
            root.get("program"), root.line_of("program"), "program", _PROGRAM | _PROGRAM_OPTIONAL, _PROGRAM
        )
        if d is None:
            return None
        self.lines["program"] = d.line
        code, names, implementer = f.text(d, "code", "program"), f.names(d, "name", "program"), None
        implementer = f.text(d, "implementer", "program")
        ceiling = f.integer(d, "ceiling_jpy", "program", low=1)
        first = f.integer(d, "first_fy", "program", FY_LOW, FY_HIGH)
        last = f.integer(d, "last_fy", "program", FY_LOW, FY_HIGH)
        guaranteed = f.integer(d, "guaranteed_through_fy", "program", FY_LOW - 1, FY_HIGH)
        if first is not None and last is not None and last < first:
            f.value_error(d.line_of("last_fy"), "program.last_fy", last, f"a year from first_fy {first}")
            last = None
        if (
            guaranteed is not None
            and first is not None
            and last is not None
            and not (first - 1 <= guaranteed <= last)
        ):
            f.value_error(
                d.line_of("guaranteed_through_fy"),
                "program.guaranteed_through_fy",
                guaranteed,
                f"{first - 1}..{last}",
            )
            guaranteed = None
        baselines: list[str] = []
        seen: dict[str, int] = {}
        for _i, item, line in f.items(d, "baseline_models", "program"):
            if not isinstance(item, str) or not item.strip():
                f.value_error(line, "program.baseline_models", item, "a model name")
            elif f.unique(seen, fold(item), line, "baseline_model"):
                baselines.append(item)
        trajectory: list[TrajectoryPoint] = []
        years: dict[str, int] = {}
        for i, item, line in f.items(d, "trajectory", "program"):
            where = f"program.trajectory[{i}]"
            t = f.mapping(item, line, where, {"year", "robots_active"}, {"year", "robots_active"})
            if t is None:
                continue
            year = f.integer(t, "year", where, FY_LOW, FY_HIGH)
            robots = f.integer(t, "robots_active", where, low=0)
            if (
                year is not None
                and robots is not None
                and f.unique(years, str(year), line, "trajectory year")
            ):
                trajectory.append(TrajectoryPoint(year, robots))
                self.lines[f"trajectory:{year}"] = line
        if None in (code, names, implementer, ceiling, first, last, guaranteed):
            return None
        assert code and names and implementer and ceiling and first and last and guaranteed is not None
        return Program(
            code=code,
            names=names,
            implementer=implementer,
            ceiling_jpy=ceiling,
            first_fy=first,
            last_fy=last,
            guaranteed_through_fy=guaranteed,
            baseline_models=tuple(baselines),
            trajectory=tuple(sorted(trajectory, key=lambda p: p.year)),
        )

    # -- criteria

    def _criteria(self, root: LinedDict) -> tuple[Criterion, ...]:
        value = root.get("criteria")
        if value is None:
            return ()
        if isinstance(value, str):
            if value != NEDO_STANDARD:
                self.f.value_error(root.line_of("criteria"), "criteria", value, f"{NEDO_STANDARD} or a list")
                return ()
            for c in nedo_standard():
                self.lines[f"criterion:{c.code}"] = root.line_of("criteria")
            return nedo_standard()
        out: list[Criterion] = []
        seen: dict[str, int] = {}
        keys = {"code", "ja", "en", "grades", "questions", "sub_items"}
        for i, item, line in self.f.items(root, "criteria", "plan"):
            where = f"criteria[{i}]"
            d = self.f.mapping(item, line, where, keys, {"code", "ja", "en", "grades"})
            if d is None:
                continue
            code, ja, en = (
                self.f.text(d, "code", where),
                self.f.text(d, "ja", where),
                self.f.text(d, "en", where),
            )
            grades = self._grades(d, where)
            questions = self._name_list(d, "questions", where)
            sub_items = self._name_list(d, "sub_items", where)
            if code is not None and not self.f.unique(seen, code, line, "criterion"):
                continue
            if code and ja and en and grades is not None:
                out.append(Criterion(code, Names(ja, en), grades, questions, sub_items))
                self.lines[f"criterion:{code}"] = line
        if not out and not self.problems:
            self.f.value_error(root.line_of("criteria"), "criteria", value, f"{NEDO_STANDARD} or a list")
        return tuple(out)

    def _grades(self, d: LinedDict, where: str) -> tuple[GradeWording, ...] | None:
        found: dict[Grade, GradeWording] = {}
        seen: dict[str, int] = {}
        for i, item, line in self.f.items(d, "grades", where):
            w = f"{where}.grades[{i}]"
            g = self.f.mapping(
                item, line, w, {"letter", "points", "ja", "en"}, {"letter", "points", "ja", "en"}
            )
            if g is None:
                continue
            letter = self.f.choice(g, "letter", w, Grade)
            points = self.f.integer(g, "points", w, 0, 100)
            ja, en = self.f.text(g, "ja", w), self.f.text(g, "en", w)
            unique = letter is not None and self.f.unique(seen, letter.value, line, "grade")
            if letter is not None and unique and points is not None and ja and en:
                found[letter] = GradeWording(letter, points, ja, en)
        for missing in [g.value for g in Grade if g not in found and g.value not in seen]:
            self.problems.add("E-PLAN-MISSING", d.line_of("grades"), field=f"{where}.grades.{missing}")
        if len(found) != len(Grade):
            return None
        return tuple(found[g] for g in Grade)

    def _name_list(self, d: LinedDict, key: str, where: str) -> tuple[Names, ...]:
        out: list[Names] = []
        for i, item, line in self.f.items(d, key, where):
            w = f"{where}.{key}[{i}]"
            n = self.f.mapping(item, line, w, {"ja", "en"}, {"ja", "en"})
            if n is not None:
                ja, en = self.f.text(n, "ja", w), self.f.text(n, "en", w)
                if ja and en:
                    out.append(Names(ja, en))
        return tuple(out)

    # -- people and parties

    def _officers(self, root: LinedDict) -> tuple[Officer, ...]:
        out: list[Officer] = []
        seen: dict[str, int] = {}
        for i, item, line in self.f.items(root, "officers", "plan"):
            where = f"officers[{i}]"
            d = self.f.mapping(item, line, where, {"id", "name", "role"}, {"id", "name", "role"})
            if d is None:
                continue
            oid, name = self.f.text(d, "id", where), self.f.text(d, "name", where)
            role = self.f.choice(d, "role", where, OfficerRole)
            if oid is not None and self.f.unique(seen, oid, line, "officer") and name and role:
                out.append(Officer(oid, name, role))
                self.lines[f"officer:{oid}"] = line
        return tuple(out)

    def _fiscal_years(self, root: LinedDict, program: Program | None) -> tuple[FiscalYear, ...]:
        out: list[FiscalYear] = []
        seen: dict[str, int] = {}
        keys = {"fy", "installment_jpy", "gate_date"}
        for i, item, line in self.f.items(root, "fiscal_years", "plan"):
            where = f"fiscal_years[{i}]"
            d = self.f.mapping(item, line, where, keys, keys)
            if d is None:
                continue
            fy = self.f.integer(d, "fy", where, FY_LOW, FY_HIGH)
            installment = self.f.integer(d, "installment_jpy", where, low=0)
            gate = self.f.date(d, "gate_date", where)
            if fy is None or not self.f.unique(seen, str(fy), line, "fiscal_year"):
                continue
            if program is not None and not program.first_fy <= fy <= program.last_fy:
                self.problems.add(
                    "E-PLAN-FY", d.line_of("fy"), fy=fy, first=program.first_fy, last=program.last_fy
                )
                continue
            if installment is not None and gate is not None:
                out.append(FiscalYear(fy, installment, gate))
                self.lines[f"fy:{fy}"] = line
        total = sum(y.installment_jpy for y in out)
        if program is not None and total > program.ceiling_jpy:
            self.problems.add(
                "E-PLAN-CEILING", root.line_of("fiscal_years"), total=total, ceiling=program.ceiling_jpy
            )
        return tuple(sorted(out, key=lambda y: y.fy))

    def _industries(self, root: LinedDict) -> tuple[Industry, ...]:
        out: list[Industry] = []
        codes: dict[str, int] = {}
        owners: dict[str, tuple[str, int]] = {}  # folded code, ja and en -> (industry, line)
        for i, item, line in self.f.items(root, "industries", "plan"):
            where = f"industries[{i}]"
            d = self.f.mapping(item, line, where, {"code", "ja", "en"}, {"code", "ja", "en"})
            if d is None:
                continue
            code, ja, en = (
                self.f.text(d, "code", where),
                self.f.text(d, "ja", where),
                self.f.text(d, "en", where),
            )
            if code is None or not self.f.unique(codes, code, d.line_of("code"), "industry"):
                continue
            # Fleet rows name an industry by code, ja or en: no text may point at two industries.
            clash = False
            for key, text in (("code", code), ("ja", ja), ("en", en)):
                if text is None:
                    continue
                owner = owners.setdefault(fold(text), (code, d.line_of(key)))
                if owner[0] != code:
                    self.problems.add(
                        "E-PLAN-DUPLICATE",
                        d.line_of(key),
                        kind="industry name",
                        key=text,
                        first_line=owner[1],
                    )
                    clash = True
            if ja and en and not clash:
                out.append(Industry(code, Names(ja, en)))
                self.lines[f"industry:{code}"] = line
        return tuple(out)

    def _organizations(self, root: LinedDict) -> tuple[Organization, ...]:
        out: list[Organization] = []
        seen: dict[str, int] = {}
        keys = {"code", "name", "name_en", "role"}
        for i, item, line in self.f.items(root, "organizations", "plan"):
            where = f"organizations[{i}]"
            d = self.f.mapping(item, line, where, keys, keys)
            if d is None:
                continue
            code, name = self.f.text(d, "code", where), self.f.text(d, "name", where)
            name_en = self.f.text(d, "name_en", where)
            role = self.f.choice(d, "role", where, OrgRole)
            if (
                code is not None
                and self.f.unique(seen, code, line, "organization")
                and name
                and name_en
                and role
            ):
                out.append(Organization(code, name, name_en, role))
                self.lines[f"organization:{code}"] = line
        return tuple(out)

    def _reviewers(self, root: LinedDict, organizations: set[str]) -> tuple[Reviewer, ...]:
        out: list[Reviewer] = []
        seen: dict[str, int] = {}
        keys = {"id", "name", "kana", "affiliation", "role", "conflicts"}
        for i, item, line in self.f.items(root, "reviewers", "plan"):
            where = f"reviewers[{i}]"
            d = self.f.mapping(item, line, where, keys, keys - {"conflicts"})
            if d is None:
                continue
            rid, name = self.f.text(d, "id", where), self.f.text(d, "name", where)
            kana, affiliation = self.f.text(d, "kana", where), self.f.text(d, "affiliation", where)
            role = self.f.choice(d, "role", where, ReviewerRole)
            conflicts: list[Conflict] = []
            orgs_seen: dict[str, int] = {}
            for j, c_item, c_line in self.f.items(d, "conflicts", where):
                w = f"{where}.conflicts[{j}]"
                c = self.f.mapping(
                    c_item, c_line, w, {"organization", "category"}, {"organization", "category"}
                )
                if c is None:
                    continue
                org = self.f.text(c, "organization", w)
                category = self.f.choice(c, "category", w, ConflictCategory)
                if org is not None and org not in organizations:
                    self.problems.add("E-PLAN-ORGANIZATION", c.line_of("organization"), organization=org)
                elif org is not None and self.f.unique(orgs_seen, org, c_line, "conflict") and category:
                    conflicts.append(Conflict(rid or "", org, category))
                    self.lines[f"conflict:{rid}:{org}"] = c_line
            unique = rid is not None and self.f.unique(seen, rid, line, "reviewer")
            if rid is not None and unique and name and role and kana is not None and affiliation is not None:
                out.append(Reviewer(rid, name, kana, affiliation, role, tuple(conflicts)))
                self.lines[f"reviewer:{rid}"] = line
        return tuple(out)

    # -- milestones and rules

    def _milestones(
        self,
        root: LinedDict,
        program: Program | None,
        fiscal_years: tuple[FiscalYear, ...],
        industries: tuple[Industry, ...],
        criteria: set[str],
    ) -> tuple[Milestone, ...]:
        out: list[Milestone] = []
        seen: dict[str, int] = {}
        fys = {y.fy for y in fiscal_years}
        industry_codes: dict[str, str] = {}
        for ind in industries:
            for text in (ind.code, ind.names.ja, ind.names.en):
                industry_codes[fold(text)] = ind.code
        for i, item, line in self.f.items(root, "milestones", "plan"):
            where = f"milestones[{i}]"
            d = self.f.mapping(item, line, where, _MILESTONE | {"rule"}, _MILESTONE)
            if d is None:
                continue
            code = self.f.text(d, "code", where)
            if code is not None:
                where = f"milestone {code}"
            fy = self.f.integer(d, "fy", where, FY_LOW, FY_HIGH)
            if fy is not None and fy not in fys:
                first, last = (program.first_fy, program.last_fy) if program else (None, None)
                self.problems.add("E-PLAN-FY", d.line_of("fy"), fy=fy, first=first, last=last)
                fy = None
            area = self.f.choice(d, "area", where, Area)
            criterion = self.f.text(d, "criterion", where)
            if criterion is not None and criteria and criterion not in criteria:
                self.f.value_error(
                    d.line_of("criterion"), f"{where}.criterion", criterion, ", ".join(sorted(criteria))
                )
                criterion = None
            weight = self.f.number(d, "weight", where, positive=True)
            due = self.f.date(d, "due", where)
            title = self.f.names(d, "title", where)
            rule: Rule | None = None
            rule_ok = True
            if d.get("rule") is not None:
                rule = self._rule(d.get("rule"), d.line_of("rule"), f"{where}.rule", industry_codes)
                rule_ok = rule is not None
            if code is None or not self.f.unique(seen, code, d.line_of("code"), "milestone"):
                continue
            self.lines[f"milestone:{code}"] = line
            if d.get("rule") is not None:
                self.lines[f"milestone:{code}.rule"] = d.line_of("rule")
            if None in (fy, area, criterion, weight, due, title) or not rule_ok:
                continue
            assert fy is not None and area and criterion and weight and due and title
            out.append(Milestone(code, fy, area, criterion, weight, due, title, rule))
        return tuple(out)

    def _rule(self, value: object, line: int, where: str, industries: dict[str, str]) -> Rule | None:
        f = self.f
        if not isinstance(value, LinedDict):
            f.value_error(line, where, value, "a mapping")
            return None
        kind = f.choice(value, "kind", where, RuleKind)
        if kind is None:
            if value.get("kind") is None:
                self.problems.add("E-PLAN-MISSING", value.line, field=f"{where}.kind")
            return None
        d = f.mapping(value, line, where, _RULE_KEYS[kind], _RULE_REQUIRED[kind])
        assert d is not None
        before = self.problems.total
        if kind is RuleKind.MODEL:
            model = f.text(d, "model", where)
            requires = f.texts(d, "requires", where) or ()
            return ModelRule(model, requires) if model and self.problems.total == before else None
        op = self._op(d, where)
        target = f.number(d, "target", where)
        partial = f.number(d, "partial", where)
        if op is not None and target is not None and partial is not None:
            wrong = {
                Op.EQ: True,
                Op.GE: partial >= target,
                Op.GT: partial > target,
                Op.LE: partial <= target,
                Op.LT: partial < target,
            }[op]
            if wrong:
                self.problems.add(
                    "E-PLAN-PARTIAL", d.line_of("partial"), op=op.value, target=target, partial=partial
                )
        if kind is RuleKind.BENCHMARK:
            benchmark = f.texts(d, "benchmark", where)
            metric, filt = f.text(d, "metric", where), f.text(d, "filter", where)
            model = f.text(d, "model", where)
            if self.problems.total != before or benchmark is None or op is None or target is None:
                return None
            return BenchmarkRule(benchmark, op, target, metric, filt, model, partial)
        measure_text = d.get("measure")
        measure = None
        if measure_text is not None:
            if isinstance(measure_text, str) and measure_text in {m.value for m in FleetMeasure}:
                measure = FleetMeasure(measure_text)
            else:
                known = ", ".join(m.value for m in FleetMeasure)
                self.problems.add(
                    "E-PLAN-MEASURE", d.line_of("measure"), measure=str(measure_text), known=known
                )
        industry = f.text(d, "industry", where)
        code = None
        if industry is not None:
            code = industries.get(fold(industry))
            if code is None:
                self.problems.add("E-PLAN-INDUSTRY", d.line_of("industry"), industry=industry)
        period = d.get("period")
        if period is not None and not (isinstance(period, str) and _PERIOD.match(period)):
            f.value_error(d.line_of("period"), f"{where}.period", period, "a month YYYY-MM")
        min_robots = f.integer(d, "min_robots", where, low=1)
        if self.problems.total != before or measure is None or op is None or target is None:
            return None
        assert isinstance(period, str)
        return FleetRule(measure, period, op, target, code, 1 if min_robots is None else min_robots, partial)

    def _op(self, d: LinedDict, where: str) -> Op | None:
        value = d.get("op")
        if value is None:
            return None
        if isinstance(value, str) and value in {o.value for o in Op}:
            return Op(value)
        self.problems.add("E-PLAN-OP", d.line_of("op"), op=str(value))
        return None
