"""The report's context: frozen dataclasses holding everything the templates print, nothing more."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Edition(StrEnum):
    INTERNAL = "internal"
    PUBLIC = "public"


@dataclass(frozen=True)
class Undisclosed:
    """A confidential value left out of the public edition: templates print 非公開 / not disclosed."""


# The one marker; templates test `value is undisclosed`.
UNDISCLOSED = Undisclosed()


@dataclass(frozen=True)
class AwaitingReview:
    """A comment changed after the secretariat set its public text (SPEC §8): the public edition
    prints neither the old public text nor the unreviewed comment, but a note (templates test
    `value is awaiting_review`)."""


AWAITING_REVIEW = AwaitingReview()


@dataclass(frozen=True)
class ConditionView:
    position: int
    text: str
    due: dt.date
    status: str  # open, met, partially_met, not_met
    note: str = ""


@dataclass(frozen=True)
class DecisionView:
    outcome: str
    funding_jpy: int
    rationale: str
    override_reason: str | None
    conditions: tuple[ConditionView, ...]
    signed_by: str | None
    signed_on: dt.date | None
    sha256: str | None
    amend_reason: str | None = None
    amends: AmendedView | None = None  # the decision an amendment amends (from the seal)


@dataclass(frozen=True)
class AmendedView:
    """The decision an amendment amends, as its report names it (SPEC §8): number, date, outcome."""

    id: int
    signed_on: dt.date | None
    outcome: str


@dataclass(frozen=True)
class FundingView:
    installment_jpy: int  # this FY's planned installment
    next_fy: int
    next_installment_jpy: int | None  # the next FY's planned installment, when planned
    ceiling_jpy: int
    committed_jpy: int  # committed through this FY
    remaining_jpy: int  # ceiling − committed: the most the decision may set for the next FY
    remaining_after_jpy: int | None  # what remains once the decision's funding is committed


@dataclass(frozen=True)
class RosterEntry:
    role: str
    name: str
    kana: str
    affiliation: str


@dataclass(frozen=True)
class RecusalView:
    name: str
    organization: str
    category: str
    recused: bool  # False: declared and shown, does not block (a non-member organization)


@dataclass(frozen=True)
class CriterionView:
    code: str
    name: str
    mean: float | None
    n: int
    counts: tuple[tuple[str, int], ...]  # (letter, count) A..D
    spread: int | None
    flagged: bool
    few_raters: bool
    grade_wording: tuple[tuple[str, str], ...] = ()  # (letter, wording)


@dataclass(frozen=True)
class MilestoneView:
    code: str
    title: str
    area: str
    criterion: str
    weight: float
    due: dt.date
    rule: str | None  # benchmark, fleet, model or None
    target: str  # the rule's target as text ("≥ 0.7"), "" without a rule
    value: float | Undisclosed | None
    status: str | Undisclosed  # withheld with the value when the deciding evidence is not disclosed
    committee_status: str | Undisclosed | None
    self_reported: bool | Undisclosed  # a fact of the deciding evidence: withheld with it
    evidence_ids: tuple[int, ...] | Undisclosed
    value_text: str = ""  # the measured value in words, with its unit ("905台", "53.4%"); "" hidden
    committee_reason: str | None = None  # why the committee set its status (SPEC §8)


@dataclass(frozen=True)
class SeriesPoint:
    x: str
    y: float


@dataclass(frozen=True)
class Series:
    label: str
    points: tuple[SeriesPoint, ...]


@dataclass(frozen=True)
class FleetChart:
    """Robots active per industry per month, and the plan's trajectory (year → robots)."""

    industries: tuple[Series, ...]
    trajectory: tuple[tuple[int, int], ...]  # (FY, robots active at the FY's end)
    undisclosed: bool = False
    withheld: int = 0  # industry-months the public edition prints lower or not at all
    # program-wide robots-active milestone targets in the data's span: (code, period YYYY-MM, target)
    targets: tuple[tuple[str, str, float], ...] = ()


@dataclass(frozen=True)
class BenchmarkChart:
    """One benchmark rule's best result per model release (by first effective date) and its target."""

    milestone: str
    title: str
    target: float
    op: str
    points: tuple[tuple[str, float], ...]  # (model, value)
    undisclosed: bool = False
    withheld: int = 0  # results of this benchmark the public edition leaves out
    baselines: tuple[str, ...] = ()  # the models among `points` that are the plan's baselines
    percent: bool = False  # values and target are fractions of 1, printed as percentages
    metric: str = ""  # the benchmark and metric in words (the value axis's title)


@dataclass(frozen=True)
class CommentView:
    text: str | Undisclosed | AwaitingReview
    response: str | Undisclosed | None


@dataclass(frozen=True)
class CommentGroup:
    """One criterion's (or the overall) comments, by kind."""

    target: str
    name: str
    positive: tuple[CommentView, ...]
    issues: tuple[CommentView, ...]
    recommendations: tuple[CommentView, ...]
    overall: tuple[CommentView, ...] = ()


@dataclass(frozen=True)
class CriterionChange:
    name: str
    previous: float | None
    current: float | None


@dataclass(frozen=True)
class PlanChange:
    code: str
    on: dt.date
    fields: tuple[tuple[str, str, str], ...]  # (field, old, new)


@dataclass(frozen=True)
class YearOverYear:
    previous_fy: int
    previous_outcome: str | None
    previous_signed: bool
    previous_achievement: float | Undisclosed | None  # withheld where last FY's public edition withholds it
    criteria: tuple[CriterionChange, ...]
    conditions: tuple[ConditionView, ...]
    plan_changes: tuple[PlanChange, ...]


@dataclass(frozen=True)
class EvidenceFile:
    file_name: str | Undisclosed
    sha256: str
    format: str
    importer_version: str
    imported_on: dt.date
    records: int
    first_date: str | None
    last_date: str | None
    date_assumed: bool
    self_reported: bool
    confidential: bool
    provenance: str | None = None  # a Parquet fleet report's rollup manifest, in one line
    format_name: str = ""  # the format in words (the code stays in `format` for the attachment)
    importer: str = ""  # the importer's version in words ("importer version 1")


@dataclass(frozen=True)
class DocumentView:
    milestone: str
    file_name: str
    media_type: str
    sha256: str
    effective_date: str


@dataclass(frozen=True)
class PseudonymousAssessment:
    """One reviewer's ratings under the report's pseudonym (評価者A …); for the attachment only."""

    pseudonym: str
    ratings: tuple[tuple[str, str], ...]  # (target, rating)
    comments: tuple[tuple[str, str, str], ...] = ()  # (target, kind, text)


@dataclass(frozen=True)
class KeySignatureView:
    """The provenance page's signatures by key (a signed FY): the certificate whose key signed the
    decision (None: signed without a key) and whether this PDF carries a PAdES signature by it."""

    subject: str | None
    fingerprint: str | None
    pdf_signed: bool


@dataclass(frozen=True)
class Withheld:
    """What the public edition withholds (SPEC §8: its first page says how many values), by kind."""

    milestones: int  # milestones whose value and status print as not disclosed
    results: int  # benchmark results left out of the charts
    fleet_points: int  # industry-months of the fleet chart printed lower or not at all
    files: int  # evidence files whose name prints as not disclosed
    documents: int  # documents left out
    achievement: int = 0  # this FY's weighted achievement (withheld with any status), last FY's
    comments: int = 0  # comments whose public text is out of date (changed since it was set)

    @property
    def total(self) -> int:
        return (
            self.comments
            + self.milestones
            + self.achievement
            + self.results
            + self.fleet_points
            + self.files
            + self.documents
        )


@dataclass(frozen=True)
class ReportContext:
    lang: str
    edition: Edition
    fy: int
    program_code: str
    program_name: str
    implementer: str
    fictional: bool
    signed: bool
    report_date: dt.date
    gate_date: dt.date
    decision: DecisionView | None
    funding: FundingView
    weighted_achievement: float | Undisclosed | None  # withheld with any milestone's status
    milestones: tuple[MilestoneView, ...]
    criteria: tuple[CriterionView, ...]
    roster: tuple[RosterEntry, ...]
    recusals: tuple[RecusalView, ...]
    fleet_chart: FleetChart
    benchmark_charts: tuple[BenchmarkChart, ...]
    comments: tuple[CommentGroup, ...]
    year_over_year: YearOverYear | None
    evidence_files: tuple[EvidenceFile, ...]
    documents: tuple[DocumentView, ...]
    chain_head: str | None  # the sealed anchor of a signed FY; None for a draft (SPEC §7)
    chain_count: int | None
    versions: tuple[tuple[str, str], ...]
    assessments: tuple[PseudonymousAssessment, ...] = ()
    industry_names: tuple[tuple[str, str], ...] = field(default=())
    key_signature: KeySignatureView | None = None  # set by services.signing for a signed FY
    withheld: Withheld | None = None  # the public edition's count; None for the internal one

    @property
    def decision_hash(self) -> str | None:
        return None if self.decision is None else self.decision.sha256
