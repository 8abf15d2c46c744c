"""The Amend dialog: a new decision for a signed FY that names why it amends the signed one,
carries its conditions forward under their ids (a check box drops one), and adds new ones.

The dialog only collects; the decision screen hands what it collected to decisions.amend (the
service `amend --drop-condition` uses, audited the same way) and keeps the dialog open with the
reason when the service refuses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from reviewer.core.limits import TextKind
from reviewer.core.models import Outcome
from reviewer.services import decisions
from reviewer.services.desktop_reads import AmendStart
from reviewer.ui import labels
from reviewer.ui.text_limits import limit_text
from reviewer.ui.views.base import plain_label
from reviewer.ui.views.condition_editor import ConditionEditor
from reviewer.ui.views.funding_field import FundingField

# what the screen does with the decision, the reason and the ids dropped: None when it took,
# else the reason it did not
Submit = Callable[[decisions.DecisionInput, str, tuple[int, ...]], str | None]


class AmendDialog(QDialog):
    """Reason, outcome, funding, rationale and override reason, the carried conditions (each with a
    Drop check box), and new conditions; OK calls `submit` and closes only when it took."""

    def __init__(
        self,
        fy: int,
        start: AmendStart,
        limit_jpy: int,
        lang: str,
        submit: Submit,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.fy = fy
        self._submit = submit
        base = start.draft or start.signed  # a draft amendment is edited again, not started over
        self.setWindowTitle(self.tr("Amend the %1 decision").replace("%1", labels.fiscal_year(fy, lang)))
        self.setMinimumWidth(760)
        form = QFormLayout(self)
        form.addRow(
            plain_label(
                self.tr("Decision %1, signed on %2, stays as it was; the amendment is signed in its turn.")
                .replace("%1", str(start.signed.id))
                .replace("%2", labels.date(start.signed.signed_at or "", lang))
            )
        )
        self.reason = QPlainTextEdit((start.draft.amend_reason or "") if start.draft else "")
        self.reason.setFixedHeight(60)
        self.outcome = QComboBox()
        for outcome in Outcome:
            self.outcome.addItem(labels.outcome(outcome.value, lang), outcome.value)
        self.outcome.setCurrentIndex(max(self.outcome.findData(base.outcome), 0))
        self.funding = FundingField(lambda: limit_jpy, lambda: lang, self)
        self.funding.set_amount(base.funding_jpy)
        self.funding.show_hint()
        self.rationale = QPlainTextEdit(base.rationale)
        self.rationale.setFixedHeight(60)
        self.override = QLineEdit(base.override_reason or "")
        for field in (self.reason, self.rationale, self.override):
            limit_text(field, TextKind.LONG)  # SPEC §10
        carried = QWidget()
        grid = QGridLayout(carried)
        grid.setContentsMargins(0, 0, 0, 0)
        self.drop_boxes: dict[int, QCheckBox] = {}
        self._wrapped: list[QLabel] = []  # the carried conditions' words, wrapped to their width
        for row, c in enumerate(start.carried):
            status = labels.status(c.status, lang) + (f" ({c.note})" if c.note else "")
            cells = (
                plain_label(f"[{c.id}] {c.text}"),
                plain_label(labels.date(c.due, lang)),
                plain_label(status),
            )
            for column, cell in enumerate(cells):
                grid.addWidget(cell, row, column)
            self._wrapped += [cells[0], cells[2]]
            box = QCheckBox(self.tr("Drop"))
            box.setChecked(c.dropped)
            grid.addWidget(box, row, 3)
            self.drop_boxes[c.id] = box
        if not start.carried:
            grid.addWidget(plain_label(self.tr("The signed decision set no conditions.")), 0, 0)
        grid.setColumnStretch(0, 1)
        self.added = ConditionEditor()
        self.added.default_due = QDate(fy + 2, 3, 31)  # the end of the funded FY, as the form's
        self.added.set_conditions([(c.text, dt.date.fromisoformat(str(c.due)[:10])) for c in start.added])
        funding_label = self.tr("Funding for %1 (yen)").replace("%1", labels.fiscal_year(fy + 1, lang))
        rows: tuple[tuple[str, QWidget], ...] = (
            (self.tr("Reason for the amendment"), self.reason),
            (self.tr("Outcome"), self.outcome),
            (funding_label, self.funding.edit),
            ("", self.funding.hint),
            (self.tr("Rationale"), self.rationale),
            (self.tr("Override reason"), self.override),
            (self.tr("Conditions carried forward"), carried),
            (self.tr("New conditions"), self.added),
        )
        for text, widget in rows:
            form.addRow(text, widget)
        self.message = plain_label()
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_wrapped()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_wrapped()

    def _fit_wrapped(self) -> None:
        """Each carried condition's text and status as tall as its wrapped lines. Inside the form
        every row of the grid kept one line's height, and a condition's words were cut off at the
        second line ("…再現手順とともに提出する" without its "こと。")."""
        for label in self._wrapped:
            needed = label.heightForWidth(label.width())
            if needed > 0 and label.minimumHeight() != needed:
                label.setMinimumHeight(needed)

    def dropped(self) -> tuple[int, ...]:
        """The ids of the carried conditions ticked Drop."""
        return tuple(cid for cid, box in self.drop_boxes.items() if box.isChecked())

    def decision_input(self) -> decisions.DecisionInput | None:
        """The amended decision as typed; None (with the reason shown) when the funding is not a number."""
        amount = self.funding.amount()
        if amount is None:
            self.message.setText(self.tr("The funding must be a whole number of yen, e.g. 387,300,000,000."))
            return None
        return decisions.DecisionInput(
            outcome=Outcome(self.outcome.currentData()),
            funding_jpy=amount,
            rationale=self.rationale.toPlainText(),
            conditions=self.added.conditions(),
            override_reason=self.override.text().strip() or None,
        )

    def accept(self) -> None:
        given = self.decision_input()
        if given is None:
            return
        refused = self._submit(given, self.reason.toPlainText(), self.dropped())
        if refused is None:
            super().accept()
        else:
            self.message.setText(refused)
