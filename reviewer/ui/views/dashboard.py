"""The program dashboard: gate date, committed funding against the ceiling, statuses, fleet chart."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from reviewer import messages
from reviewer.services import evidence_table
from reviewer.ui import labels
from reviewer.ui.session import AppContext
from reviewer.ui.views.base import Screen, heading, plain_label
from reviewer.ui.views.charts import LineChart, Series, fiscal_year_ticks
from reviewer.ui.workers import Task, TaskRunner

STATUS_COLORS = {"met": "#2e7d32", "partially_met": "#f9a825", "not_met": "#c62828", "no_evidence": "#616161"}
# the others carry white text at 5:1 or more (the grey was #757575: 4.6:1 in theory, less as drawn)
CHIP_TEXT = {"partially_met": "#1a1a1a"}


class Card(QFrame):
    """A titled box with a big figure and a line of detail."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        self.box = layout
        self.title = plain_label()
        # the window's text colour: palette(mid) was pale grey on grey, below WCAG AA contrast
        self.title.setStyleSheet("color: palette(window-text); font-weight: bold;")
        self.figure = plain_label()
        font = self.figure.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.figure.setFont(font)
        self.figure.setWordWrap(False)
        self.detail = plain_label()
        self.setMinimumWidth(210)
        layout.addWidget(self.title)
        layout.addWidget(self.figure)
        layout.addWidget(self.detail)
        layout.addStretch(1)


class DashboardView(Screen):
    """What the committee sees on the projector; read-only."""

    data_loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.status: dict[str, Any] = {}
        self.loaded = False
        self._late: int | None = None
        self._readers = TaskRunner(threads=None, parent=self)  # reads only: never waits behind an import
        self._reads = 0  # reads started: only the latest one's figures are shown
        layout = QVBoxLayout(self)
        self.title = heading()
        self.subtitle = plain_label()
        # evidence accepted after the FY's sign-off, which changes nothing signed (SPEC §8)
        self.after_signoff = plain_label()
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.after_signoff)
        grid = QGridLayout()
        self.gate_card = Card()
        self.funding_card = Card()
        self.funding_bar = QProgressBar()
        self.funding_bar.setTextVisible(False)
        self.funding_bar.setMaximumHeight(10)
        self.funding_card.box.addWidget(self.funding_bar)
        self.achievement_card = Card()
        self.milestone_card = Card()
        self.chips = QHBoxLayout()
        self.milestone_card.box.insertLayout(3, self.chips)
        self.chip_labels: dict[str, QLabel] = {}
        for key, color in STATUS_COLORS.items():
            chip = QLabel()
            chip.setTextFormat(Qt.TextFormat.PlainText)
            # white on the amber was 1.9:1; near-black on it is over 9:1 (WCAG AA asks 4.5:1)
            text = CHIP_TEXT.get(key, "white")
            chip.setStyleSheet(f"background:{color}; color:{text}; border-radius:8px; padding:2px 6px;")
            self.chips.addWidget(chip)
            self.chip_labels[key] = chip
        self.chips.addStretch(1)
        for i, card in enumerate(
            (self.gate_card, self.funding_card, self.achievement_card, self.milestone_card)
        ):
            grid.addWidget(card, 0, i)
            grid.setColumnStretch(i, 2 if card is self.milestone_card else 1)
        layout.addLayout(grid)
        self.chart = LineChart()
        layout.addWidget(self.chart, 1)
        self.refresh()

    def refresh(self) -> None:
        """Read the figures on a reader thread: over a million fleet rows they take a second."""
        path, fy, plan = self.ctx.path, self.ctx.fy, self.ctx.plan
        self._reads += 1
        read = self._reads
        task = Task(lambda _p, _c: (read, evidence_table.fy_figures(path, fy, plan, fleet=True)))
        task.signals.finished.connect(self._on_load_finished)
        self._readers.start(task)

    def _on_load_finished(self, result: object) -> None:
        read, data = cast("tuple[int, object]", result)
        if read != self._reads or not isinstance(data, evidence_table.FyFigures):
            # an earlier read arriving after a later one began (reads run on several threads):
            # its figures may be from before the write that started the later one
            return
        self.status, self._funding = data.status, data.funding
        self._fleet, self._late = data.fleet, data.after_signoff
        self.loaded = True
        self.retranslate()
        self.data_loaded.emit()

    def retranslate(self) -> None:
        if not self.loaded:
            return
        ctx, lang = self.ctx, self.lang
        program = ctx.plan.program
        self.title.setText(program.names.ja if lang == "ja" else program.names.en)
        self.subtitle.setText(
            self.tr("%1 · implementer: %2 · %3")
            .replace("%1", labels.fiscal_year(ctx.fy, lang))
            .replace("%2", program.implementer)
            .replace("%3", self.tr("signed") if ctx.fy_signed else self.tr("not signed"))
        )
        late = self._late
        self.after_signoff.setText(
            messages.counted("after-signoff-records", lang, late, fy=ctx.fy, count=late) if late else ""
        )
        self.after_signoff.setVisible(bool(late))
        year = next((y for y in ctx.plan.fiscal_years if y.fy == ctx.fy), None)
        self.gate_card.title.setText(self.tr("Gate date"))
        self.gate_card.figure.setText(labels.date(year.gate_date, lang) if year else "—")
        self.gate_card.detail.setText(
            self.tr("Installment: %1").replace("%1", labels.yen(year.installment_jpy, lang)) if year else ""
        )
        f = self._funding
        self.funding_card.title.setText(self.tr("Committed funding"))
        self.funding_card.figure.setText(labels.yen(f.committed_jpy, lang))
        self.funding_card.detail.setText(
            self.tr("of the ceiling %1; %2 remaining")
            .replace("%1", labels.yen(f.ceiling_jpy, lang))
            .replace("%2", labels.yen(f.remaining_jpy, lang))
        )
        self.funding_bar.setMaximum(1000)
        self.funding_bar.setValue(int(1000 * f.committed_jpy / f.ceiling_jpy) if f.ceiling_jpy else 0)
        achievement = self.status.get("weighted_achievement")
        self.achievement_card.title.setText(self.tr("Weighted achievement"))
        self.achievement_card.figure.setText(labels.percent(achievement, lang))
        counts = Counter(
            (m.get("committee_status") or m["status"]) for m in self.status.get("milestones", [])
        )
        no_evidence = counts.get("no_evidence", 0)
        self.achievement_card.detail.setText(
            self.tr("1 milestone without evidence listed apart")
            if no_evidence == 1
            else self.tr("%1 milestones without evidence listed apart").replace("%1", str(no_evidence))
        )
        self.milestone_card.title.setText(self.tr("Milestones"))
        self.milestone_card.figure.setText(str(len(self.status.get("milestones", []))))
        self.milestone_card.detail.setText(self.tr("by status (committee status where set)"))
        for key, chip in self.chip_labels.items():
            chip.setText(f"{labels.status(key, lang)} {counts.get(key, 0)}")
        self._draw_chart()

    def _draw_chart(self) -> None:
        """Robots active over the data's fiscal years, the plan's trajectory drawn over the same
        span (SPEC §8): over the programme's whole span the plan's 500,000 crushed the data."""
        lang, plan = self.lang, self.ctx.plan
        totals: dict[str, int] = defaultdict(int)
        for point in self._fleet:
            totals[point.period] += point.robots_active
        actual = tuple(
            (int(period[:4]) + (int(period[5:7]) - 1) / 12, float(n)) for period, n in sorted(totals.items())
        )
        if actual:
            first_fy = _fiscal_year_of(actual[0][0])
            last_fy = _fiscal_year_of(actual[-1][0])
        else:
            first_fy, last_fy = plan.program.first_fy, plan.program.last_fy
        span = (first_fy + 0.25, last_fy + 1.25)
        trajectory = [(float(t.year), float(t.robots_active)) for t in plan.program.trajectory]
        planned = _within(trajectory, span)
        # a plan ten times the reports (the demo's: 130,000 against 5,000) flattens the reported
        # line against the axis on a linear scale; a log axis shows both
        positive = [y for _, y in (*actual, *planned) if y > 0]
        log_scale = bool(actual) and bool(positive) and max(positive) >= 10 * min(positive)
        self.chart.set_data(
            self.tr("Robots active, all industries"),
            [Series(self.tr("Reported"), actual), Series(self.tr("Plan trajectory"), planned, dashed=True)],
            self.tr("No fleet data imported yet"),
            span,
            axis_titles=(
                self.tr("Fiscal year"),
                self.tr("Robots active (log scale)") if log_scale else self.tr("Robots active"),
            ),
            ticks=fiscal_year_ticks(first_fy, last_fy + 1, lambda fy: labels.fiscal_year(fy, lang)),
            log_scale=log_scale,
        )


def _fiscal_year_of(x: float) -> int:
    """The fiscal year of a decimal year (April starts the year)."""
    year = int(x)
    return year if x - year >= 0.25 - 1e-9 else year - 1


def _within(points: list[tuple[float, float]], span: tuple[float, float]) -> tuple[tuple[float, float], ...]:
    """The line through `points` cut to `span`, its ends interpolated."""
    if len(points) < 2:
        return tuple(p for p in points if span[0] <= p[0] <= span[1])
    out: list[tuple[float, float]] = []

    def value_at(x: float) -> float | None:
        for (xa, ya), (xb, yb) in itertools.pairwise(points):
            if xa <= x <= xb and xb > xa:
                return ya + (yb - ya) * (x - xa) / (xb - xa)
        return None

    start, end = value_at(span[0]), value_at(span[1])
    if start is not None:
        out.append((span[0], start))
    out += [p for p in points if span[0] < p[0] < span[1]]
    if end is not None:
        out.append((span[1], end))
    return tuple(out)
