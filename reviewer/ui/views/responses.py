"""Comments of the FY with the implementer's responses (対処方針), recorded by the secretariat (respond),
and each comment's public text (what the public edition prints, SPEC §8), set by the secretariat."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from reviewer import messages
from reviewer.core.limits import TextKind
from reviewer.core.redaction import Redaction, redaction_state
from reviewer.services import committee, desktop_reads, disclosure
from reviewer.services.desktop_reads import CommentRow
from reviewer.ui import labels
from reviewer.ui.models.table import QT_TRANSLATE_NOOP, Column
from reviewer.ui.session import AppContext
from reviewer.ui.text_limits import limit_text
from reviewer.ui.views.base import plain_label
from reviewer.ui.views.record_panel import RecordPanel


class CommentColumn(Enum):
    ID = 0
    TARGET = 1
    KIND = 2
    TEXT = 3
    PUBLIC_TEXT = 4
    RESPONSE = 5


def comment_columns(lang: str, targets: dict[str, str]) -> list[Column[CommentRow]]:
    # authors are left out: responses answer the committee, not a person
    return [
        Column(CommentColumn.ID, QT_TRANSLATE_NOOP("Columns", "ID"), lambda c: str(c.id), lambda c: c.id),
        Column(
            CommentColumn.TARGET,
            QT_TRANSLATE_NOOP("Columns", "On"),
            lambda c: targets.get(c.target, c.target),
        ),
        Column(
            CommentColumn.KIND,
            QT_TRANSLATE_NOOP("Columns", "Kind"),
            lambda c: labels.comment_kind(c.kind, lang),
        ),
        Column(CommentColumn.TEXT, QT_TRANSLATE_NOOP("Columns", "Comment"), lambda c: c.text),
        Column(
            CommentColumn.PUBLIC_TEXT,
            QT_TRANSLATE_NOOP("Columns", "Public text"),
            lambda c: _public_cell(c, lang),
        ),
        Column(CommentColumn.RESPONSE, QT_TRANSLATE_NOOP("Columns", "Response"), lambda c: c.response or ""),
    ]


def _stale(c: CommentRow) -> bool:
    """The comment changed after its public text was set (SPEC §8): the public edition withholds it."""
    return redaction_state(c.text, c.public_text, c.public_basis) is Redaction.STALE


def _public_cell(c: CommentRow, lang: str) -> str:
    if _stale(c):
        return messages.text("comment-redaction-stale-cell", lang, text=c.public_text)
    return c.text if c.public_text is None else c.public_text


class ResponsesPanel(RecordPanel[CommentRow]):
    """The FY's comments; a response may be added after sign-off too (responses are their own table)."""

    row_type = CommentRow

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, 140, parent)
        self._public_of: int | None = None  # the comment whose public text the field holds
        self.response = QLineEdit()
        limit_text(self.response, TextKind.LONG)  # SPEC §10
        self.respond_button = QPushButton()
        self.action_row.addWidget(self.response, 1)
        self.action_row.addWidget(self.respond_button)
        self.respond_button.clicked.connect(self._on_respond_clicked)
        # the public text beside the comment: what the public edition prints (secretariat only)
        public_row = QHBoxLayout()
        self.public_text = QLineEdit()
        limit_text(self.public_text, TextKind.LONG)  # SPEC §10, as `comment redact`
        self.public_button = QPushButton()
        public_row.addWidget(self.public_text, 1)
        public_row.addWidget(self.public_button)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(layout.indexOf(self.message), public_row)
        self.public_reason = plain_label()
        layout.insertWidget(layout.indexOf(self.message), self.public_reason)
        self.public_button.clicked.connect(self._on_public_clicked)

    def _targets(self) -> dict[str, str]:
        lang = self.ctx.lang
        names = {c.code: (c.names.ja if lang == "ja" else c.names.en) for c in self.ctx.plan.criteria}
        names.update({m.code: m.code for m in self.ctx.plan.milestones})
        names["overall"] = self.tr("Overall")
        return names

    def columns(self) -> list[Column[CommentRow]]:
        return comment_columns(self.ctx.lang, self._targets())

    def refresh(self) -> None:
        self.show_rows(desktop_reads.comments_of(self.ctx.db, self.ctx.fy))
        for column, width in enumerate((50, 170, 130, 320, 320)):
            self.table.setColumnWidth(column, width)
        self.retranslate()

    def retranslate(self) -> None:
        self.relabel()
        self.title.setText(
            self.tr("Comments and responses, %1").replace(
                "%1", labels.fiscal_year(self.ctx.fy, self.ctx.lang)
            )
        )
        self.response.setPlaceholderText(self.tr("The implementer's response to the selected comment"))
        self.respond_button.setText(self.tr("Record response"))
        self.public_text.setPlaceholderText(
            self.tr(
                "The text the public edition prints for the selected comment (the comment itself if empty)"
            )
        )
        self.public_button.setText(self.tr("Set public text"))
        if not self.model.rowCount():
            self.message.setText(self.tr("No comments in this fiscal year yet."))
        self._update_enabled()

    def _update_enabled(self) -> None:
        allowed = self.ctx.can_record
        self.response.setEnabled(allowed)
        self.respond_button.setEnabled(allowed and self.selected() is not None)
        reason = self._public_reason()
        chosen = self.selected()
        self.public_text.setEnabled(not reason)
        self.public_button.setEnabled(not reason and chosen is not None)
        if not reason and chosen is not None and _stale(chosen):
            reason = messages.text("comment-redaction-stale-reason", self.ctx.lang)
        self.public_reason.setText(reason)
        self.public_text.setToolTip(reason)
        if chosen is not None and chosen.id != self._public_of:
            self._public_of = chosen.id
            self.public_text.setText(chosen.text if chosen.public_text is None else chosen.public_text)

    def _public_reason(self) -> str:
        """Why the public text cannot be set now, or "" (sealed with a signed FY, SPEC §7)."""
        ctx = self.ctx
        if ctx.fy_signed:
            return self.tr("%1 is signed: its public texts are sealed.").replace(
                "%1", labels.fiscal_year(ctx.fy, ctx.lang)
            )
        if ctx.package is not None:
            return self.tr("A reviewer package cannot set public texts.")
        if not ctx.writable:
            return self.tr("This file is open read-only.")
        return ""

    def _on_public_clicked(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            text = self.public_text.text()
            self.set_public_text(chosen.id, text if text.strip() else chosen.text)

    def set_public_text(self, comment_id: int, text: str) -> bool:
        """Set comment `comment_id`'s public text (its own text clears it); False with the reason shown."""
        ctx = self.ctx
        return self.record(
            lambda: disclosure.redact_comment(ctx.db, comment_id, text),
            self.tr("Public text of comment %1 set.").replace("%1", str(comment_id)),
        )

    def _on_respond_clicked(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.respond(chosen.id, self.response.text())

    def respond(self, comment_id: int, text: str) -> bool:
        """Record `text` as the response to comment `comment_id`; False with the reason shown."""
        ctx = self.ctx
        done = self.record(
            lambda: committee.respond(ctx.db, ctx.fy, comment_id, text), self.tr("Response recorded.")
        )
        if done:
            self.response.clear()
        return done
