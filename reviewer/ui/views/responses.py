"""Comments of the FY with the implementer's responses (対処方針), recorded by the secretariat (respond)."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from reviewer.core.errors import Refused
from reviewer.services import committee, desktop_reads
from reviewer.services.desktop_reads import CommentRow
from reviewer.ui import errors, labels
from reviewer.ui.models.table import OBJECT_ROLE, QT_TRANSLATE_NOOP, Column, RecordTableModel
from reviewer.ui.session import AppContext
from reviewer.ui.views.base import heading, plain_label, table_view


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


class ResponsesPanel(QWidget):
    """The FY's comments; a response may be added after sign-off too (responses are their own table)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.title = heading()
        layout.addWidget(self.title)
        self.table = table_view()
        self.table.setMinimumHeight(140)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.response = QLineEdit()
        self.respond_button = QPushButton()
        row.addWidget(self.response, 1)
        row.addWidget(self.respond_button)
        layout.addLayout(row)
        self.message = plain_label()
        layout.addWidget(self.message)
        self.model: RecordTableModel[CommentRow] = RecordTableModel([], self)
        self.respond_button.clicked.connect(self._on_respond_clicked)

    def _targets(self) -> dict[str, str]:
        lang = self.ctx.lang
        names = {c.code: (c.names.ja if lang == "ja" else c.names.en) for c in self.ctx.plan.criteria}
        names.update({m.code: m.code for m in self.ctx.plan.milestones})
        names["overall"] = self.tr("Overall")
        return names

    def refresh(self) -> None:
        self.model = RecordTableModel(comment_columns(self.ctx.lang, self._targets()), self)
        self.model.set_rows(desktop_reads.comments_of(self.ctx.db, self.ctx.fy))
        self.table.setModel(self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_enabled())
        self._model_lang = self.ctx.lang
        for column, width in enumerate((50, 170, 130, 420)):
            self.table.setColumnWidth(column, width)
        self.retranslate()

    def _relabel(self) -> None:
        """Rebuild the model in the language now shown (its columns format dates and words)."""
        if getattr(self, "_model_lang", None) == self.ctx.lang:
            return
        rows = self.model.rows()
        self.model = RecordTableModel(comment_columns(self.ctx.lang, self._targets()), self)
        self.model.set_rows(rows)
        self.table.setModel(self.model)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_enabled())
        self._model_lang = self.ctx.lang

    def retranslate(self) -> None:
        self._relabel()
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

    def selected(self) -> CommentRow | None:
        model = self.table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        found = rows[0].data(OBJECT_ROLE) if rows else None
        return found if isinstance(found, CommentRow) else None

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
        try:
            committee.respond(self.ctx.db, self.ctx.fy, comment_id, text)
        except Refused as exc:
            self.message.setText(errors.describe(exc, self.ctx.lang))
            return False
        self.message.setText(self.tr("Response recorded."))
        self.response.clear()
        self.ctx.reload()
        return True
