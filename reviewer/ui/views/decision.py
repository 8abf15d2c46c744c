"""Decision and conditions: outcome, next FY's funding against ceiling − committed, override, sign-off."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reviewer import messages
from reviewer.core.errors import Refused
from reviewer.core.limits import TextKind
from reviewer.core.models import OfficerRole, Outcome
from reviewer.services import decisions, evidence_table
from reviewer.ui import errors, labels
from reviewer.ui.session import AppContext
from reviewer.ui.text_limits import limit_text
from reviewer.ui.views.base import Screen, heading, plain_label
from reviewer.ui.views.condition_editor import ConditionEditor
from reviewer.ui.views.conditions import ConditionsPanel
from reviewer.ui.views.funding_field import FundingField
from reviewer.ui.workers import Task, TaskRunner

if TYPE_CHECKING:
    from reviewer.services import signing
    from reviewer.ui.dialogs.amend_dialog import AmendDialog
    from reviewer.ui.dialogs.key_dialog import KeyDialog


class DecisionView(Screen):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.key_dialog: KeyDialog | None = None  # the key and passphrase being asked for
        # the summary's figures, read on a reader thread (never waits behind an import)
        self.facts: evidence_table.FyFigures | None = None
        self._readers = TaskRunner(threads=None, parent=self)
        self._reads = 0  # only the newest read's figures are shown
        self._state = ""
        self._message_fy = ctx.fy  # the FY the note under the buttons speaks of
        layout = QVBoxLayout(self)
        self.title = heading()
        self.summary = plain_label()
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        self.form = QFormLayout()
        self.outcome = QComboBox()
        self.funding_field = FundingField(lambda: self.view.limit_jpy, lambda: self.lang, self)
        self.funding = self.funding_field.edit
        self.funding_hint = self.funding_field.hint
        self.rationale = QPlainTextEdit()
        self.rationale.setFixedHeight(60)
        self.override = QLineEdit()
        limit_text(self.rationale, TextKind.LONG)  # SPEC §10
        limit_text(self.override, TextKind.LONG)
        self.conditions = ConditionEditor()
        self.form_labels = [plain_label() for _ in range(6)]
        fields = (
            self.outcome,
            self.funding,
            self.funding_hint,
            self.rationale,
            self.override,
            self.conditions,
        )
        for label, field in zip(self.form_labels, fields, strict=True):
            self.form.addRow(label, field)
        layout.addLayout(self.form)
        buttons = QHBoxLayout()
        self.save = QPushButton()
        self.officer = QComboBox()
        self.sign = QPushButton()
        self.amend = QPushButton()  # a signed FY only (SPEC §10 `amend`)
        self.amend_note = plain_label()  # why Amend… is disabled, where it is
        buttons.addWidget(self.save)
        buttons.addWidget(self.amend)
        buttons.addWidget(self.amend_note, 1)
        buttons.addStretch(1)
        buttons.addWidget(self.officer)
        buttons.addWidget(self.sign)
        layout.addLayout(buttons)
        self.message = plain_label()
        layout.addWidget(self.message)
        self.conditions_panel = ConditionsPanel(ctx)
        layout.addWidget(self.conditions_panel, 1)
        self.save.clicked.connect(self.save_draft)
        self.sign.clicked.connect(self._on_sign_clicked)
        self.amend.clicked.connect(self.open_amend_dialog)
        self.amend_dialog: AmendDialog | None = None  # open while the secretariat amends
        self.refresh()

    def refresh(self) -> None:
        if self.ctx.fy != self._message_fy:  # a note about another FY's decision says nothing here
            self.message.clear()
            self._message_fy = self.ctx.fy
        self.view = evidence_table.decision_of(self.ctx.db, self.ctx.fy)
        self.conditions_panel.refresh()
        self.facts = None  # what was read before may be out of date: read again
        self._read_facts()
        self.retranslate()
        row = self.view.row
        self.outcome.setCurrentIndex(max(self.outcome.findData(row.outcome if row else "continue"), 0))
        self.funding.setText(f"{row.funding_jpy:,}" if row else "")
        self.rationale.setPlainText(row.rationale if row else "")
        self.override.setText((row.override_reason or "") if row else "")
        self.conditions.default_due = QDate(self.ctx.fy + 2, 3, 31)  # the end of the funded FY
        self.conditions.set_conditions(
            [(c.text, dt.date.fromisoformat(str(c.due)[:10])) for c in self.view.conditions]
        )
        self.set_writable(self.ctx.writable)

    def retranslate(self) -> None:
        lang, fy = self.lang, self.ctx.fy
        self.title.setText(self.tr("Decision, %1").replace("%1", labels.fiscal_year(fy, lang)))
        row = self.view.row
        if row is None:
            state = self.tr("No decision recorded yet.")
        elif row.signed:
            state = (
                self.tr("Signed by %1 on %2.")
                .replace("%1", self._officer_name(row.signed_by))
                .replace("%2", labels.date(row.signed_at or "", lang))
            )
        elif row.amends is not None:
            state = (
                self.tr("Draft amendment of decision %1 (not signed): %2")
                .replace("%1", str(row.amends))
                .replace("%2", row.amend_reason or "")
            )
        else:
            state = self.tr("Draft decision (not signed).")
        self._state = state
        self._show_summary()
        current = self.outcome.currentData()
        self.outcome.clear()
        for outcome in Outcome:
            self.outcome.addItem(labels.outcome(outcome.value, lang), outcome.value)
        self.outcome.setCurrentIndex(max(self.outcome.findData(current), 0))
        texts = (
            self.tr("Outcome"),
            self.tr("Funding for %1 (yen)").replace("%1", labels.fiscal_year(fy + 1, lang)),
            "",
            self.tr("Rationale"),
            self.tr("Override reason"),
            self.tr("Conditions"),
        )
        for label, text in zip(self.form_labels, texts, strict=True):
            label.setText(text)
        self.save.setText(self.tr("Save draft"))
        self.sign.setText(self.tr("Sign…"))
        self.amend.setText(self.tr("Amend…"))
        self.officer.clear()
        for officer in self.ctx.plan.officers:
            if officer.role is OfficerRole.APPROVER:
                self.officer.addItem(officer.name, officer.id)
        self.funding_field.show_hint()
        self.conditions.retranslate()
        self.conditions_panel.retranslate()

    def _read_facts(self) -> None:
        path, fy, plan = self.ctx.path, self.ctx.fy, self.ctx.plan
        self._reads += 1
        read = self._reads
        task = Task(lambda _p, _c: (read, evidence_table.fy_figures(path, fy, plan, redactions=True)))
        # bound methods, not lambdas: Qt drops them with the screen if it goes before the read ends
        task.signals.finished.connect(self._on_facts_read)
        task.signals.failed.connect(self._on_facts_failed)
        self._readers.start(task)

    def _on_facts_read(self, result: object) -> None:
        read, data = result if isinstance(result, tuple) else (None, None)
        if read != self._reads or not isinstance(data, evidence_table.FyFigures) or data.fy != self.ctx.fy:
            return  # an older read's figures (another FY, or before a change) arriving late
        self.facts = data
        self._show_summary()

    def _on_facts_failed(self, exc: object) -> None:
        if self.facts is None:  # said where the figures would be; the form stays usable
            detail = errors.describe(exc, self.lang) if isinstance(exc, BaseException) else str(exc)
            self.summary.setText(self._state + "\n" + detail)

    def _show_summary(self) -> None:
        """The state line, then the figures once they are read (the window never waits for them)."""
        lang, facts = self.lang, self.facts
        if facts is None or facts.fy != self.ctx.fy:
            self.summary.setText(self._state + "\n" + self.tr("Reading the figures…"))
            return
        fy, status, funding, late = facts.fy, facts.status, facts.funding, facts.after_signoff
        open_conditions = sum(1 for c in status.get("conditions", []) if c["status"] == "open")
        text = (
            self.tr("Weighted achievement %1 · committed %2 of %3 · last year's conditions: %4 (%5 open)")
            .replace("%1", labels.percent(status.get("weighted_achievement"), lang))
            .replace("%2", labels.yen(funding.committed_jpy, lang))
            .replace("%3", labels.yen(funding.ceiling_jpy, lang))
            .replace("%4", str(len(status.get("conditions", []))))
            .replace("%5", str(open_conditions))
        )
        if late:  # accepted, changing nothing signed (SPEC §8): the screen says how many
            text += "\n" + messages.counted("after-signoff-records", lang, late, fy=fy, count=late)
        stale = facts.stale_redactions
        if stale:  # said before sign-off: a signed public edition withholds them for good
            ids = ", ".join(str(i) for i in stale)
            text += "\n" + messages.counted(
                "redactions-stale-desktop", lang, len(stale), count=len(stale), ids=ids
            )
        self.summary.setText(self._state + "\n" + text)

    def _officer_name(self, officer_id: str | None) -> str:
        """The signer by name (the id only when the plan no longer lists them)."""
        found = next((o for o in self.ctx.plan.officers if o.id == officer_id), None)
        return found.name if found is not None else (officer_id or "—")

    def set_writable(self, writable: bool) -> None:
        for w in (self.outcome, self.funding, self.rationale, self.override, self.conditions, self.save):
            w.setEnabled(writable)
        row = self.view.row
        # an amendment is drafted and signed on a signed FY, which is otherwise read-only
        may_amend = self.ctx.fy_signed and self.ctx.can_record
        self.sign.setEnabled(
            row is not None and not row.signed and (may_amend if row.amends is not None else writable)
        )
        self.officer.setEnabled(self.sign.isEnabled())
        self.amend.setVisible(self.ctx.fy_signed)
        self.amend.setEnabled(may_amend)
        reason = "" if may_amend or not self.ctx.fy_signed else self._why_no_amend()
        self.amend.setToolTip(reason)
        self.amend_note.setText(reason)
        self.conditions_panel.retranslate()

    def _why_no_amend(self) -> str:
        if self.ctx.package is not None:
            return self.tr("A reviewer package cannot amend a decision: the secretariat amends it.")
        if self.ctx.file_read_only:
            return self.tr("This file is read-only: amending needs a file you can write.")
        return self.tr("Amending waits until the file check has passed.")

    def open_amend_dialog(self) -> None:
        """Open the Amend dialog (window-modal) for the signed FY in view."""
        from reviewer.services import desktop_reads
        from reviewer.ui.dialogs.amend_dialog import AmendDialog

        start = desktop_reads.amend_start(self.ctx.db, self.ctx.fy)
        if start is None or not self.amend.isEnabled():
            return
        dialog = AmendDialog(self.ctx.fy, start, self.view.limit_jpy, self.lang, self.amend_with, self)

        def closed(_result: int) -> None:
            self.amend_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        self.amend_dialog = dialog
        dialog.open()

    def amend_with(self, given: decisions.DecisionInput, reason: str, drop: tuple[int, ...]) -> str | None:
        """Draft the amendment through decisions.amend (audited); None when it took, else why not."""
        try:
            row = decisions.amend(self.ctx.db, self.ctx.fy, given, reason, drop=drop)
        except Refused as exc:
            return errors.describe(exc, self.lang)
        self.message.setText(
            self.tr("Amendment %1 drafted: sign it to put it in force.").replace("%1", str(row.id))
        )
        self.ctx.reload()
        return None

    def save_draft(self) -> bool:
        """Record the form as the FY's draft decision (audited); False with the reason shown."""
        funding = self.funding_field.amount()
        if funding is None:
            self.message.setText(self.tr("The funding must be a whole number of yen, e.g. 387,300,000,000."))
            return False
        conditions = self.conditions.conditions()
        given = decisions.DecisionInput(
            outcome=Outcome(self.outcome.currentData()),
            funding_jpy=funding,
            rationale=self.rationale.toPlainText(),
            conditions=conditions,
            override_reason=self.override.text().strip() or None,
        )
        try:
            decisions.decide(self.ctx.db, self.ctx.fy, given)
        except Refused as exc:
            self.message.setText(errors.describe(exc, self.lang))
            return False
        self.message.setText(self.tr("Draft saved."))
        self.ctx.reload()
        return True

    def _on_sign_clicked(self) -> None:
        officer = self.officer.currentData()
        if not isinstance(officer, str):
            return
        self.confirm(
            self.tr("Sign the decision"),
            self.tr(
                "Signing %1 locks it for good: its decision, conditions, assessments and the milestones'"
                " statuses are frozen in a snapshot and can change only by an amendment. Sign as %2?"
            )
            .replace("%1", labels.fiscal_year(self.ctx.fy, self.lang))
            .replace("%2", self._officer_name(officer)),
            lambda: self.ask_key_and_sign(officer),
        )

    def ask_key_and_sign(self, officer: str) -> None:
        """Ask for the officer's key file and passphrase (window-modal), then sign with it."""
        from reviewer.ui.dialogs.key_dialog import KeyDialog

        dialog = KeyDialog(
            self.tr("Sign with your key"),
            self.tr("Signing needs the key of a certificate registered to %1.").replace(
                "%1", self._officer_name(officer)
            ),
            allow_skip=False,
            parent=self,
        )
        self.key_dialog = dialog

        def answered(result: int) -> None:
            self.key_dialog = None
            if result == KeyDialog.DialogCode.Accepted:
                self.sign_with_key_file(officer, dialog.key_file(), dialog.passphrase.text())

        dialog.finished.connect(answered)
        dialog.open()

    def sign_with_key_file(self, officer: str, key_file: Path, passphrase: str) -> bool:
        """Open the key and sign as `officer`; a refusal (wrong passphrase, key not registered)
        is shown on the screen."""
        from reviewer.services import signing

        try:
            key = signing.load_key(key_file, passphrase)
        except Refused as exc:
            self.message.setText(errors.describe(exc, self.lang))
            return False
        return self.sign_as(officer, key)

    def sign_as(self, officer: str, key: signing.OfficerKey | None) -> bool:
        try:
            decisions.sign(self.ctx.db, self.ctx.fy, officer, key)
        except Refused as exc:
            self.message.setText(errors.describe(exc, self.lang))
            return False
        self.message.clear()  # "Draft saved." no longer says what the FY is: the summary says signed
        self.ctx.reload()
        return True
