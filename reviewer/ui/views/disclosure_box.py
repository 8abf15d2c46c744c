"""The "disclosed" check box of the evidence, imports and milestones screens (SPEC §8): whether
the FY in view's public edition prints the selected batch, record or milestone, and a click
that discloses or withdraws it through services.disclosure (audited; refused once signed)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from reviewer.core.errors import Refused
from reviewer.services import disclosure
from reviewer.services.disclosure import Shown, Target
from reviewer.ui import errors, labels
from reviewer.ui.session import AppContext
from reviewer.ui.views.base import plain_label

_CHECK_STATE = {
    Shown.DISCLOSED: Qt.CheckState.Checked,
    Shown.WITH_BATCH: Qt.CheckState.Checked,
    Shown.PUBLIC: Qt.CheckState.Checked,
    Shown.PARTLY: Qt.CheckState.PartiallyChecked,
}


class DisclosureBox(QWidget):
    """A check box and, beside it, why it cannot be changed (or what the last click did).

    `target()` gives what the screen has selected (None: nothing). The box is checked when the
    public edition prints it, partly checked when it prints part of it (some of a milestone's
    deciding records), and disabled with its reason when the FY is signed, the file read-only,
    or nothing can change (a record that is not confidential, or disclosed with its batch).
    """

    def __init__(self, ctx: AppContext, target: Callable[[], Target | None], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.target = target
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox()
        self.reason = plain_label()
        layout.addWidget(self.check)
        layout.addWidget(self.reason, 1)
        self.shown: Shown | None = None
        self.check.clicked.connect(self._on_check_clicked)
        self.check.setEnabled(False)  # the screen calls update_state once its selection exists

    def update_state(self) -> None:
        """Re-read what the public edition prints of the selected target; set text, state, reason."""
        ctx = self.ctx
        self.check.setText(
            self.tr("Disclosed in the public edition of %1").replace(
                "%1", labels.fiscal_year(ctx.fy, ctx.lang)
            )
        )
        chosen = self.target()
        self.shown = None
        if chosen is not None:
            try:
                self.shown = disclosure.shown(ctx.db, ctx.fy, chosen)
            except Refused:
                self.shown = None  # gone since it was selected (a removed batch)
        shown = self.shown
        self.check.setTristate(shown is Shown.PARTLY)
        state = _CHECK_STATE.get(shown, Qt.CheckState.Unchecked) if shown else Qt.CheckState.Unchecked
        self.check.setCheckState(state)
        reason = self._reason(shown)
        self.check.setEnabled(chosen is not None and shown is not None and not reason)
        self.reason.setText(reason)
        self.check.setToolTip(reason)

    def _reason(self, shown: Shown | None) -> str:
        """Why the box cannot change now, or "" when it can."""
        ctx = self.ctx
        if ctx.fy_signed:
            return self.tr("%1 is signed: its public edition is sealed.").replace(
                "%1", labels.fiscal_year(ctx.fy, ctx.lang)
            )
        if ctx.package is not None:
            return self.tr("A reviewer package cannot change what is disclosed.")
        if not ctx.writable:
            return self.tr("This file is open read-only.")
        if shown is Shown.PUBLIC:
            return self.tr("Not confidential: the public edition prints it.")
        if shown is Shown.WITH_BATCH:
            return self.tr("Disclosed with its whole batch (change it on the Imports screen).")
        if shown is Shown.NOTHING:
            return self.tr("No deciding evidence to disclose.")
        return ""

    def _on_check_clicked(self) -> None:
        self.set_disclosed(self.shown in (Shown.WITHHELD, Shown.PARTLY))

    def set_disclosed(self, disclosed: bool) -> bool:
        """Disclose (or withdraw) the selected target in the FY in view; False with the reason shown."""
        chosen = self.target()
        if chosen is None:
            return False
        try:
            disclosure.disclose(self.ctx.db, self.ctx.fy, chosen, undo=not disclosed)
        except Refused as exc:
            self.update_state()
            self.reason.setText(errors.describe(exc, self.ctx.lang))
            return False
        self.ctx.reload()  # every screen, the report preview included, sees the change
        self.update_state()
        return True
