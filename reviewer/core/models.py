"""Domain types shared by every layer: frozen dataclasses and string enums, no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple


class Area(StrEnum):
    MODEL = "model"
    BENCHMARK = "benchmark"
    FLEET = "fleet"
    CONSORTIUM = "consortium"
    MANAGEMENT = "management"


class OrgRole(StrEnum):
    MEMBER = "member"
    PROSPECTIVE = "prospective"
    OTHER = "other"


class ReviewerRole(StrEnum):
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"


class OfficerRole(StrEnum):
    APPROVER = "approver"
    SECRETARIAT = "secretariat"


class ConflictCategory(StrEnum):
    RELATIVE = "relative"
    SAME_ORGANIZATION = "same_organization"
    CO_RESEARCHER = "co_researcher"
    COMPETITOR = "competitor"
    OTHER = "other"


class RuleKind(StrEnum):
    BENCHMARK = "benchmark"
    FLEET = "fleet"
    MODEL = "model"


class Op(StrEnum):
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "=="


class FleetMeasure(StrEnum):
    ROBOTS_DEPLOYED = "robots_deployed"
    ROBOTS_ACTIVE = "robots_active"
    OPERATING_HOURS = "operating_hours"
    INTERVENTIONS = "interventions"
    INCIDENTS = "incidents"
    INTERVENTIONS_PER_1000H = "interventions_per_1000h"
    INDUSTRIES_ACTIVE = "industries_active"


class Status(StrEnum):
    """A milestone's evidence or committee status."""

    MET = "met"
    PARTIALLY_MET = "partially_met"
    NOT_MET = "not_met"
    NO_EVIDENCE = "no_evidence"


class Judgement(StrEnum):
    """A reviewer's judgement of one milestone."""

    MET = "met"
    PARTIALLY_MET = "partially_met"
    NOT_MET = "not_met"


class Grade(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"


class CommentKind(StrEnum):
    OVERALL = "overall"
    POSITIVE = "positive"
    ISSUES = "issues"
    RECOMMENDATIONS = "recommendations"


class Outcome(StrEnum):
    CONTINUE = "continue"
    CONTINUE_WITH_CONDITIONS = "continue_with_conditions"
    ACCELERATE = "accelerate"
    SCALE_BACK = "scale_back"
    RESTRUCTURE = "restructure"
    STOP = "stop"
    STOP_WITH_REFUND = "stop_with_refund"


class ConditionStatus(StrEnum):
    OPEN = "open"
    MET = "met"
    PARTIALLY_MET = "partially_met"
    NOT_MET = "not_met"


class EvidenceKind(StrEnum):
    MODEL_RELEASE = "model_release"
    BENCHMARK_RESULT = "benchmark_result"
    FLEET_OBSERVATION = "fleet_observation"
    DOCUMENT = "document"
    MANUAL = "manual"


class FleetSource(StrEnum):
    """Where a fleet observation came from; rows of different sources are never summed."""

    REPORT = "report"
    TELEMETRY = "telemetry"


# --------------------------------------------------------------------------- plan


@dataclass(frozen=True)
class Names:
    ja: str
    en: str


@dataclass(frozen=True)
class GradeWording:
    letter: Grade
    points: int
    ja: str
    en: str


@dataclass(frozen=True)
class Criterion:
    """One criteria template (NEDO's four are the default `nedo-standard`)."""

    code: str
    names: Names
    grades: tuple[GradeWording, ...]
    questions: tuple[Names, ...] = ()
    sub_items: tuple[Names, ...] = ()


@dataclass(frozen=True)
class TrajectoryPoint:
    year: int
    robots_active: int


@dataclass(frozen=True)
class Program:
    code: str
    names: Names
    implementer: str
    ceiling_jpy: int
    first_fy: int
    last_fy: int
    guaranteed_through_fy: int
    baseline_models: tuple[str, ...] = ()
    trajectory: tuple[TrajectoryPoint, ...] = ()


@dataclass(frozen=True)
class Officer:
    id: str
    name: str
    role: OfficerRole


@dataclass(frozen=True)
class FiscalYear:
    fy: int
    installment_jpy: int
    gate_date: dt.date


@dataclass(frozen=True)
class Industry:
    code: str
    names: Names


@dataclass(frozen=True)
class Organization:
    code: str
    name: str
    name_en: str
    role: OrgRole


@dataclass(frozen=True)
class Conflict:
    reviewer_id: str
    organization: str
    category: ConflictCategory


@dataclass(frozen=True)
class Reviewer:
    id: str
    name: str
    kana: str
    affiliation: str
    role: ReviewerRole
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class BenchmarkRule:
    benchmark: tuple[str, ...]
    op: Op
    target: float
    metric: str | None = None
    filter: str | None = None
    model: str | None = None
    partial: float | None = None
    kind: RuleKind = RuleKind.BENCHMARK


@dataclass(frozen=True)
class FleetRule:
    measure: FleetMeasure
    period: str  # YYYY-MM
    op: Op
    target: float
    industry: str | None = None
    min_robots: int = 1
    partial: float | None = None
    kind: RuleKind = RuleKind.FLEET


@dataclass(frozen=True)
class ModelRule:
    model: str
    requires: tuple[str, ...] = ()
    kind: RuleKind = RuleKind.MODEL


Rule = BenchmarkRule | FleetRule | ModelRule


@dataclass(frozen=True)
class Milestone:
    code: str
    fy: int
    area: Area
    criterion: str
    weight: float
    due: dt.date
    title: Names
    rule: Rule | None = None


@dataclass(frozen=True)
class ModelDecl:
    """A model the plan declares (SPEC §3): its id and the other names files give it."""

    id: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    """A whole plan file, validated. `lines` maps an entry's key to its line in the file."""

    program: Program
    criteria: tuple[Criterion, ...]
    officers: tuple[Officer, ...]
    fiscal_years: tuple[FiscalYear, ...]
    industries: tuple[Industry, ...]
    organizations: tuple[Organization, ...]
    reviewers: tuple[Reviewer, ...]
    milestones: tuple[Milestone, ...]
    source: str = ""
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    models: tuple[ModelDecl, ...] = ()


# --------------------------------------------------------------------------- evidence


class Place(NamedTuple):
    """Where in its source file a record came from.

    A named tuple rather than a frozen dataclass: a fleet import makes one per row, and a
    tuple is built in C (a frozen dataclass sets each field through object.__setattr__).
    """

    line: int | None = None
    column: int | None = None
    json_path: str | None = None
    first_message: int | None = None  # rollups: line of the first and last message summarized
    last_message: int | None = None
    message_count: int | None = None

    def describe(self) -> str:
        if self.first_message is not None:
            return f"lines {self.first_message}-{self.last_message} ({self.message_count} messages)"
        parts = []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.json_path is not None:
            parts.append(self.json_path)
        return ", ".join(parts)


@dataclass(frozen=True)
class ModelReleaseRecord:
    name: str
    place: Place
    effective_date: dt.date | None = None
    license: str | None = None
    base_model: tuple[str, ...] = ()
    pipeline_tag: str | None = None
    languages: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    named_as: str | None = None  # the file's own name for the model, when it is an alias (SPEC §3)


@dataclass(frozen=True)
class BenchmarkResultRecord:
    """One result. `names` are every benchmark name the source gives (SPEC §5 matching)."""

    model: str
    names: tuple[str, ...]
    metric: str | None
    value: float
    place: Place
    filter: str | None = None
    task: str | None = None
    stderr: float | None = None
    n: int | None = None
    higher_is_better: bool | None = None
    effective_date: dt.date | None = None
    self_reported: bool = True
    source: str | None = None  # e.g. hf-eval-results `source` text / url
    named_as: str | None = None  # the file's own name for the model, when it is an alias (SPEC §3)


class FleetRecord(NamedTuple):
    """One month x industry x operator observation, from a report row or a telemetry rollup.

    `industry` is the raw text from the file; the service resolves it against the plan.
    A named tuple for the same reason as Place: millions are made per import.
    """

    period: str  # YYYY-MM
    industry: str
    operator: str
    robots_deployed: int
    robots_active: int
    operating_hours: float
    interventions: int
    incidents: int
    place: Place
    source: FleetSource = FleetSource.REPORT


class FleetColumns(NamedTuple):
    """Consecutive fleet rows as columns (a Parquet record batch whose every cell is checked).

    Row i is line `first_line + i` of its file; `industry` keeps the file's text, `operator` is
    trimmed, as in FleetRecord. The message columns (rollup provenance) are None when no
    manifest places the rows. Columns are plain lists: a chunk of thousands of rows goes to the
    database in one statement instead of a tuple per row.
    """

    first_line: int
    period: list[str]
    industry: list[str]
    operator: list[str]
    robots_deployed: list[int]
    robots_active: list[int]
    operating_hours: list[float]
    interventions: list[int]
    incidents: list[int]
    first_message: list[int | None] | None = None
    last_message: list[int | None] | None = None
    message_count: list[int | None] | None = None
    source: FleetSource = FleetSource.REPORT

    def records(self) -> Iterator[FleetRecord]:
        """The same rows as FleetRecords (for a preview or a test: the import writes columns)."""
        n = len(self.period)
        none: list[int | None] = [None] * n
        for i, (period, industry, operator, deployed, active, hours, interventions, incidents) in enumerate(
            zip(
                self.period,
                self.industry,
                self.operator,
                self.robots_deployed,
                self.robots_active,
                self.operating_hours,
                self.interventions,
                self.incidents,
                strict=True,
            )
        ):
            place = Place(
                line=self.first_line + i,
                first_message=(self.first_message or none)[i],
                last_message=(self.last_message or none)[i],
                message_count=(self.message_count or none)[i],
            )
            yield FleetRecord(
                period,
                industry,
                operator,
                deployed,
                active,
                hours,
                interventions,
                incidents,
                place,
                self.source,
            )


@dataclass(frozen=True)
class SheetRow:
    """One row of an assessment sheet."""

    reviewer: str
    fy: int
    target: str
    rating: str | None  # A-D, or met / partially_met / not_met, normalized; None for blank
    positive: str
    issues: str
    recommendations: str
    place: Place


EvidenceRecord = ModelReleaseRecord | BenchmarkResultRecord | FleetRecord


@dataclass(frozen=True)
class Evidence:
    """A stored evidence record as the rules see it."""

    id: int
    kind: EvidenceKind
    effective_date: dt.date
    date_assumed: bool
    batch_id: int | None
    record: ModelReleaseRecord | BenchmarkResultRecord | FleetRecord | None = None
