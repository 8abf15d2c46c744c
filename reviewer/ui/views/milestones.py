"""Milestones of the FY: evidence status, committee status, value against target, deciding evidence."""

from __future__ import annotations

import html
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from reviewer import messages
from reviewer.core.errors import Refused
from reviewer.core.limits import TextKind
from reviewer.core.models import Milestone, Status
from reviewer.services import committee, evaluation
from reviewer.services.disclosure import Target
from reviewer.ui import errors, labels
from reviewer.ui.models.table import OBJECT_ROLE, QT_TRANSLATE_NOOP, SORT_ROLE, Column, RecordTableModel
from reviewer.ui.session import AppContext
from reviewer.ui.text_limits import limit_text
from reviewer.ui.views.base import Screen, fill_width, heading, plain_label, table_view
from reviewer.ui.views.disclosure_box import DisclosureBox


@dataclass(frozen=True)
class MilestoneLine:
    """One milestone as the screen shows it (from `status --json` plus the plan's titles)."""

    milestone: Milestone
    status: str
    committee_status: str | None
    value: float | None
    target: float | None
    evidence: tuple[int, ...]
    self_reported: bool
    lang: str


class MilestoneColumn(Enum):
    CODE = 0
    TITLE = 1
    AREA = 2
    WEIGHT = 3
    STATUS = 4
    COMMITTEE = 5
    VALUE = 6
    TARGET = 7
    EVIDENCE = 8


def milestone_columns() -> list[Column[MilestoneLine]]:
    return [
        Column(MilestoneColumn.CODE, QT_TRANSLATE_NOOP("Columns", "Code"), lambda m: m.milestone.code),
        Column(
            MilestoneColumn.TITLE,
            QT_TRANSLATE_NOOP("Columns", "Title"),
            lambda m: m.milestone.title.ja if m.lang == "ja" else m.milestone.title.en,
        ),
        Column(
            MilestoneColumn.AREA,
            QT_TRANSLATE_NOOP("Columns", "Area"),
            lambda m: labels.area(m.milestone.area.value, m.lang),
        ),
        Column(
            MilestoneColumn.WEIGHT,
            QT_TRANSLATE_NOOP("Columns", "Weight"),
            lambda m: f"{m.milestone.weight:g}",
            lambda m: m.milestone.weight,
            align_right=True,
        ),
        Column(
            MilestoneColumn.STATUS,
            QT_TRANSLATE_NOOP("Columns", "Evidence status"),
            lambda m: labels.status(m.status, m.lang) + (" †" if m.self_reported else ""),
        ),
        Column(
            MilestoneColumn.COMMITTEE,
            QT_TRANSLATE_NOOP("Columns", "Committee status"),
            lambda m: labels.status(m.committee_status, m.lang) if m.committee_status else "",
        ),
        Column(
            MilestoneColumn.VALUE,
            QT_TRANSLATE_NOOP("Columns", "Value"),
            lambda m: labels.number(m.value, m.lang),
            lambda m: -1e300 if m.value is None else m.value,
            align_right=True,
        ),
        Column(
            MilestoneColumn.TARGET,
            QT_TRANSLATE_NOOP("Columns", "Target"),
            lambda m: labels.number(m.target, m.lang),
            lambda m: -1e300 if m.target is None else m.target,
            align_right=True,
        ),
        Column(
            MilestoneColumn.EVIDENCE,
            QT_TRANSLATE_NOOP("Columns", "Deciding evidence"),
            lambda m: ", ".join(str(i) for i in m.evidence[:12]) + (" …" if len(m.evidence) > 12 else ""),
            tooltip=lambda m: (
                messages.text("milestones-evidence-tip", m.lang, id=m.evidence[0]) if m.evidence else ""
            ),
        ),
    ]


def milestone_lines(ctx: AppContext) -> list[MilestoneLine]:
    status = evaluation.fy_status_json(ctx.db, ctx.fy)
    by_code = {m.code: m for m in ctx.plan.milestones}
    out = []
    for entry in status["milestones"]:
        milestone = by_code.get(entry["code"])
        if milestone is None:
            continue
        out.append(
            MilestoneLine(
                milestone,
                entry["status"],
                entry.get("committee_status"),
                entry.get("value"),
                entry.get("target"),
                tuple(entry.get("evidence", [])),
                bool(entry.get("self_reported")),
                ctx.lang,
            )
        )
    return out


class MilestonesView(Screen):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.title = heading()
        self.note = plain_label()
        self.model: RecordTableModel[MilestoneLine] = RecordTableModel(milestone_columns(), self)
        self.proxy = QSortFilterProxyModel(self)  # a small table: a proxy is fine here
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = table_view()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(MilestoneColumn.CODE.value, Qt.SortOrder.AscendingOrder)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        # the selected milestone's deciding evidence, each id a link to its record
        self.evidence_links = QLabel()
        self.evidence_links.setTextFormat(Qt.TextFormat.RichText)  # ids only: numbers we format
        self.evidence_links.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.evidence_links.linkActivated.connect(lambda href: self.ctx.evidence_requested.emit(int(href)))
        # the ids in the table open too: a double-click (or Enter) on them opens the first record
        self.table.activated.connect(self._on_activated)
        layout.addWidget(self.evidence_links)
        # the selected milestone's deciding evidence in the public edition (SPEC §8)
        self.disclosed = DisclosureBox(ctx, self._disclosure_target)
        layout.addWidget(self.disclosed)
        layout.addWidget(self.note)
        override = QHBoxLayout()  # the committee's own judgement, with its reason (audited)
        self.committee_status = QComboBox()
        self.reason = QLineEdit()
        limit_text(self.reason, TextKind.LONG)  # SPEC §10
        self.override_button = QPushButton()
        override.addWidget(self.committee_status)
        override.addWidget(self.reason, 1)
        override.addWidget(self.override_button)
        layout.addLayout(override)
        self.message = plain_label()
        layout.addWidget(self.message)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.set_writable(self.ctx.writable))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_evidence_links())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.disclosed.update_state())
        self.override_button.clicked.connect(self._on_override_clicked)
        self.refresh()

    def refresh(self) -> None:
        kept = self.selected()
        self.model.set_rows(milestone_lines(self.ctx))
        self.table.resizeColumnsToContents()
        fill_width(self.table)
        self.retranslate()  # (sets the rows again, in the language shown)
        if kept is not None:  # a write (a disclosure, say) keeps the milestone it was about selected
            self._select_code(kept.milestone.code)

    def _select_code(self, code: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, MilestoneColumn.CODE.value).data() == code:
                flags = (
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                )
                self.table.selectionModel().select(self.proxy.index(row, 0), flags)
                return

    def retranslate(self) -> None:
        self.title.setText(
            self.tr("Milestones, %1").replace("%1", labels.fiscal_year(self.ctx.fy, self.lang))
        )
        self.note.setText(self.tr("† decided by self-reported results. Signed years show the snapshot."))
        self.model.set_rows([_relabel(m, self.lang) for m in self.model.rows()])
        current = self.committee_status.currentData()
        self.committee_status.clear()
        for status in (Status.MET, Status.PARTIALLY_MET, Status.NOT_MET):
            self.committee_status.addItem(labels.status(status.value, self.lang), status.value)
        self.committee_status.setCurrentIndex(max(self.committee_status.findData(current), 0))
        self.reason.setPlaceholderText(self.tr("Reason for the committee status (required)"))
        self.override_button.setText(self.tr("Set committee status"))
        self.set_writable(self.ctx.writable)
        self.disclosed.update_state()

    def _on_activated(self, index: QModelIndex) -> None:
        line = self.selected()
        if index.column() == MilestoneColumn.EVIDENCE.value and line is not None and line.evidence:
            self.ctx.evidence_requested.emit(int(line.evidence[0]))

    def _show_evidence_links(self) -> None:
        line = self.selected()
        if line is None or not line.evidence:
            self.evidence_links.setText("")
            return
        links = ", ".join(f'<a href="{int(i)}">{int(i)}</a>' for i in line.evidence[:40])
        more = " …" if len(line.evidence) > 40 else ""
        title = html.escape(self.tr("Deciding evidence of %1:").replace("%1", line.milestone.code))
        self.evidence_links.setText(f"{title} {links}{more}")

    def _disclosure_target(self) -> Target | None:
        line = self.selected()
        return (
            None
            if line is None or line.milestone.fy != self.ctx.fy
            else Target(milestone=line.milestone.code, deciding=line.evidence)
        )

    def selected(self) -> MilestoneLine | None:
        rows = self.table.selectionModel().selectedRows()
        found = rows[0].data(OBJECT_ROLE) if rows else None
        return found if isinstance(found, MilestoneLine) else None

    def set_writable(self, writable: bool) -> None:
        self.committee_status.setEnabled(writable)
        self.reason.setEnabled(writable)
        self.override_button.setEnabled(writable and self.selected() is not None)

    def _on_override_clicked(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.set_committee_status(
                chosen.milestone.code, Status(self.committee_status.currentData()), self.reason.text()
            )

    def set_committee_status(self, code: str, status: Status, reason: str) -> bool:
        """Record the committee status of milestone `code`; False with the reason shown."""
        try:
            committee.set_committee_status(self.ctx.db, code, status, reason)
        except Refused as exc:
            self.message.setText(errors.describe(exc, self.lang))
            return False
        self.message.setText(self.tr("Committee status of %1 recorded.").replace("%1", code))
        self.reason.clear()
        self.ctx.reload()
        return True


def _relabel(line: MilestoneLine, lang: str) -> MilestoneLine:
    from dataclasses import replace

    return replace(line, lang=lang)
