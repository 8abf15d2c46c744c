"""Comments of the FY with the implementer's responses (対処方針), recorded by the secretariat (respond)."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from reviewer.core.limits import TextKind
from reviewer.services import committee, desktop_reads
from reviewer.services.desktop_reads import CommentRow
from reviewer.ui import labels
from reviewer.ui.models.table import QT_TRANSLATE_NOOP, Column
from reviewer.ui.session import AppContext
from reviewer.ui.text_limits import limit_text
from reviewer.ui.views.record_panel import RecordPanel


class CommentColumn(Enum):
    ID = 0
    TARGET = 1
    KIND = 2
    TEXT = 3
    RESPONSE = 4


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
        Column(CommentColumn.RESPONSE, QT_TRANSLATE_NOOP("Columns", "Response"), lambda c: c.response or ""),
    ]


class ResponsesPanel(RecordPanel[CommentRow]):
    """The FY's comments; a response may be added after sign-off too (responses are their own table)."""

    row_type = CommentRow

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, 140, parent)
        self.response = QLineEdit()
        limit_text(self.response, TextKind.LONG)  # SPEC §10
        self.respond_button = QPushButton()
        self.action_row.addWidget(self.response, 1)
        self.action_row.addWidget(self.respond_button)
        self.respond_button.clicked.connect(self._on_respond_clicked)

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
        for column, width in enumerate((50, 170, 130, 420)):
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
        if not self.model.rowCount():
            self.message.setText(self.tr("No comments in this fiscal year yet."))
        self._update_enabled()

    def _update_enabled(self) -> None:
        allowed = self.ctx.can_record
        self.response.setEnabled(allowed)
        self.respond_button.setEnabled(allowed and self.selected() is not None)

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
