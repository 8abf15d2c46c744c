"""Consensus of an FY: criteria means, letter counts, spread and flags; opened by the secretariat."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtGui import QBrush, QColor, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reviewer.core.errors import Refused
from reviewer.services import committee, evaluation, evidence_table
from reviewer.ui import errors, labels
from reviewer.ui.models.table import QT_TRANSLATE_NOOP, Column, RecordTableModel
from reviewer.ui.session import AppContext
from reviewer.ui.views.base import Screen, fill_width, heading, plain_label, table_view
from reviewer.ui.views.responses import ResponsesPanel


@dataclass(frozen=True)
class ScoreLine:
    code: str
    name: str
    mean: float | None
    n: int
    counts: dict[str, int]
    spread: int | None
    flagged: bool


class ScoreColumn(Enum):
    CRITERION = 0
    MEAN = 1
    N = 2
    COUNTS = 3
    SPREAD = 4
    FLAG = 5


def score_columns(flag_text: str, few_text: str) -> list[Column[ScoreLine]]:
    return [
        Column(ScoreColumn.CRITERION, QT_TRANSLATE_NOOP("Columns", "Criterion"), lambda s: s.name),
        Column(
            ScoreColumn.MEAN,
            QT_TRANSLATE_NOOP("Columns", "Mean"),
            lambda s: "—" if s.mean is None else f"{s.mean:.2f}" + (" ⚠" if s.n < 3 else ""),
            lambda s: -1 if s.mean is None else s.mean,
            True,
            lambda s: few_text if s.n < 3 else "",
        ),
        Column(
            ScoreColumn.N, QT_TRANSLATE_NOOP("Columns", "Raters"), lambda s: str(s.n), lambda s: s.n, True
        ),
        Column(
            ScoreColumn.COUNTS,
            QT_TRANSLATE_NOOP("Columns", "A / B / C / D"),
            lambda s: " / ".join(str(s.counts.get(g, 0)) for g in "ABCD"),
        ),
        Column(
            ScoreColumn.SPREAD,
            QT_TRANSLATE_NOOP("Columns", "Spread"),
            lambda s: "—" if s.spread is None else str(s.spread),
            align_right=True,
        ),
        Column(
            ScoreColumn.FLAG, QT_TRANSLATE_NOOP("Columns", "Flag"), lambda s: flag_text if s.flagged else ""
        ),
    ]


def fit_rows(view: QTableView) -> None:
    """As tall as its few rows (the criteria): at 1280×720 the scores and the matrix each showed
    two and a half of four rows behind a scroll bar while the comments below had room to spare."""
    header = view.horizontalHeader()
    rows = sum(view.rowHeight(r) for r in range(view.model().rowCount())) if view.model() is not None else 0
    scroll = view.horizontalScrollBar()
    bar = scroll.sizeHint().height() if header.length() > view.viewport().width() else 0
    view.setFixedHeight(header.sizeHint().height() + rows + 2 * view.frameWidth() + bar)


class ConsensusView(Screen):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.title = heading()
        self.state = plain_label()
        layout.addWidget(self.title)
        row = QHBoxLayout()
        row.addWidget(self.state, 1)
        self.open_button = QPushButton()
        row.addWidget(self.open_button)
        layout.addLayout(row)
        self.table = table_view()
        layout.addWidget(self.table)
        # once consensus is open: reviewers × criteria, each rating, the spread highlighted
        self.matrix = QTableWidget()  # a small grid built from the services' values, read-only
        self.matrix.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.matrix.verticalHeader().setVisible(True)
        layout.addWidget(self.matrix)
        self.note = plain_label()
        layout.addWidget(self.note)
        self.responses = ResponsesPanel(ctx)
        layout.addWidget(self.responses, 1)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.model: RecordTableModel[ScoreLine] | None = None
        self.refresh()

    def refresh(self) -> None:
        self._status: dict[str, Any] = evaluation.fy_status_json(self.ctx.db, self.ctx.fy)
        self._state = committee.consensus_state(self.ctx.db, self.ctx.fy)
        self.responses.refresh()
        self.retranslate()

    def retranslate(self) -> None:
        lang = self.lang
        self.title.setText(self.tr("Consensus, %1").replace("%1", labels.fiscal_year(self.ctx.fy, lang)))
        self.state.setText(
            self.tr("Consensus is open: reviewers see each other's ratings.")
            if self._state == "open"
            else self.tr("Consensus is hidden: reviewers work independently.")
        )
        self.open_button.setText(self.tr("Open consensus…"))
        self.note.setText(
            self.tr(
                "Flagged: a spread of two points or more. ⚠ fewer than three raters. Recused reviewers not counted."  # noqa: E501
            )
        )
        model: RecordTableModel[ScoreLine] = RecordTableModel(
            score_columns(self.tr("discuss"), self.tr("fewer than three raters")), self
        )
        names = {c.code: (c.names.ja if lang == "ja" else c.names.en) for c in self.ctx.plan.criteria}
        model.set_rows(
            [
                ScoreLine(
                    c["code"],
                    names.get(c["code"], c["code"]),
                    c["mean"],
                    c["n"],
                    c["counts"],
                    c["spread"],
                    c["flagged"],
                )
                for c in self._status.get("criteria", [])
            ]
        )
        self.table.setModel(model)
        self.model = model
        # independent, then revealed: before consensus opens, how many have rated, not what
        hidden = self._state != "open"
        for column in (ScoreColumn.MEAN, ScoreColumn.COUNTS, ScoreColumn.SPREAD, ScoreColumn.FLAG):
            self.table.setColumnHidden(column.value, hidden)
        self.table.resizeColumnsToContents()
        fill_width(self.table)
        fit_rows(self.table)
        self.note.setVisible(not hidden)  # the flags it explains are shown once open
        self._fill_matrix(names)
        self.set_writable(self.ctx.writable)

    def _fill_matrix(self, names: dict[str, str]) -> None:
        shown = self._state == "open"
        self.matrix.setVisible(shown)
        if not shown:
            self.matrix.clear()
            return
        reviewers = list(self.ctx.plan.reviewers)
        criteria = [c["code"] for c in self._status.get("criteria", [])]
        flagged = {c["code"] for c in self._status.get("criteria", []) if c.get("flagged")}
        ratings = {r.id: evidence_table.assessment_values(self.ctx.db, r.id, self.ctx.fy) for r in reviewers}
        self.matrix.clear()
        self.matrix.setRowCount(len(criteria))
        self.matrix.setColumnCount(len(reviewers))
        self.matrix.setHorizontalHeaderLabels([r.name for r in reviewers])
        self.matrix.setVerticalHeaderLabels([names.get(code, code) for code in criteria])
        spread = QBrush(QColor("#fde2c8"))
        for row, code in enumerate(criteria):
            for column, reviewer in enumerate(reviewers):
                values = ratings[reviewer.id].get(code)
                item = QTableWidgetItem(values.rating if values is not None and values.rating else "—")
                if code in flagged:
                    item.setBackground(spread)
                    item.setToolTip(self.tr("discuss"))
                self.matrix.setItem(row, column, item)
        self.matrix.resizeColumnsToContents()
        fill_width(self.matrix)
        fit_rows(self.matrix)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # a narrower window may need the horizontal scroll bar under the rows, a wider one not
        fit_rows(self.table)
        fit_rows(self.matrix)

    def set_writable(self, writable: bool) -> None:
        self.open_button.setEnabled(writable and self._state != "open")
        self.responses.retranslate()

    def _on_open_clicked(self) -> None:
        self.confirm(
            self.tr("Open consensus"),
            self.tr(
                "Opening consensus cannot be undone: every reviewer will see the others' ratings. Open it?"
            ),
            self.open_consensus,
        )

    def open_consensus(self) -> bool:
        try:
            committee.open_consensus(self.ctx.db, self.ctx.fy)
        except Refused as exc:
            self.note.setText(errors.describe(exc, self.lang))
            return False
        self.ctx.reload()
        return True
