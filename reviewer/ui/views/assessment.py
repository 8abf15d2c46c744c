"""One reviewer's assessment: criteria A–D with NEDO's wording and questions, comments, judgements."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTime, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from reviewer.core.errors import Refused
from reviewer.core.limits import TextKind
from reviewer.core.models import Criterion, Milestone
from reviewer.services import assessments, evidence_table
from reviewer.ui import errors, labels
from reviewer.ui.commands import AssessmentEditor
from reviewer.ui.session import AppContext
from reviewer.ui.text_limits import limit_text
from reviewer.ui.views.base import Screen, heading, plain_label

GRADES = ("A", "B", "C", "D")
JUDGEMENTS = ("", "met", "partially_met", "not_met")
KINDS = ("positive", "issues", "recommendations")


def _is_redo(event: QKeyEvent) -> bool:
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    return event.matches(QKeySequence.StandardKey.Redo) or (
        event.key() == Qt.Key.Key_Z and event.modifiers() == ctrl_shift
    )


class CommentBox(QPlainTextEdit):
    """A comment field, plain text only. Ctrl+Z and Ctrl+Shift+Z undo the field's own typing first;
    with nothing left in the field they undo and redo the assessment's edits (`fallback`), so the
    window's shortcuts never take the keys from a focused field (SPEC §9, round 2).
    """

    def __init__(self, fallback: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fallback = fallback
        self.setTabChangesFocus(True)
        self.setFixedHeight(58)
        limit_text(self, TextKind.LONG)  # SPEC §10: marked over the limit, never cut short

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and not self.isReadOnly():
            assert isinstance(event, QKeyEvent)
            if event.matches(QKeySequence.StandardKey.Undo) or _is_redo(event):
                event.accept()  # ours, not the window's Undo/Redo action
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.isReadOnly():
            undo, redo = event.matches(QKeySequence.StandardKey.Undo), _is_redo(event)
            document = self.document()
            if (undo and document.isUndoAvailable()) or (redo and document.isRedoAvailable()):
                self.undo() if undo else self.redo()
                return
            if undo or redo:
                # the assessment's step: the field's own history would now interleave with it
                document.clearUndoRedoStacks()
                self._fallback.undo() if undo else self._fallback.redo()
                return
        super().keyPressEvent(event)


class AssessmentView(Screen):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.editor = AssessmentEditor(ctx, self)
        self.editor.value_changed.connect(self._on_editor_value_changed)
        self.editor.save_failed.connect(self._on_editor_save_failed)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = heading()
        self.reviewer = QComboBox()
        self.reviewer.setMinimumWidth(260)
        self.carry = QPushButton()
        self.saved_label = plain_label()  # "Saved 14:32": the last save of this form
        self.saved_label.setObjectName("saved_indicator")
        self.saved_label.setWordWrap(False)
        top.addWidget(self.title, 1)
        top.addWidget(self.saved_label)
        top.addWidget(self.carry)
        top.addWidget(self.reviewer)
        layout.addLayout(top)
        self.banner = plain_label()
        self.banner.setStyleSheet("background:#fff3cd; color:#5c4400; padding:6px; border:1px solid #e0c97a;")
        layout.addWidget(self.banner)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        layout.addWidget(self.scroll_area, 1)
        self.form: QWidget | None = None
        self.texts: dict[tuple[str, str], QPlainTextEdit] = {}
        self.grade_groups: dict[str, QButtonGroup] = {}
        self.judgements: dict[str, QComboBox] = {}
        # criteria whose rating came from last year and does not count until confirmed
        self.carried: frozenset[str] = frozenset()
        self.carried_rows: dict[str, tuple[QLabel, QPushButton]] = {}
        self.reviewer.currentIndexChanged.connect(self._on_reviewer_changed)
        self.carry.clicked.connect(self.carry_over)
        self.editor.saved.connect(self._on_editor_saved)
        self._announcing = False  # this screen's own save is being announced to the others
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # The application outlives this screen: the connection goes when the screen does, so
            # no focus change after that (quitting, another database) reaches a deleted screen.
            connection = app.focusChanged.connect(self._on_app_focus_changed)
            self.destroyed.connect(lambda *_: QObject.disconnect(connection))
        self.refresh()

    # -- building -------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self._announcing:
            return  # the form already shows what it has just saved; rebuilding it would lose the focus
        current = self.reviewer.currentData()
        self.reviewer.blockSignals(True)
        self.reviewer.clear()
        package = self.ctx.package
        for r in self.ctx.plan.reviewers:
            # reviewer mode shows only the package owner's own assessment
            if package is None or r.id == package.reviewer_id:
                self.reviewer.addItem(f"{r.id} {r.name}", r.id)
        index = self.reviewer.findData(current) if current else 0
        self.reviewer.setCurrentIndex(max(index, 0))
        self.reviewer.blockSignals(False)
        self._build()

    def _on_reviewer_changed(self, _index: int) -> None:
        self._build()

    def _build(self) -> None:
        reviewer_id = self.reviewer.currentData()
        self.editor.load(reviewer_id if isinstance(reviewer_id, str) else None, self.ctx.fy)
        self.texts.clear()
        self.grade_groups.clear()
        self.judgements.clear()
        self.carried_rows.clear()
        form = QWidget()
        column = QVBoxLayout(form)
        for criterion in self.ctx.plan.criteria:
            column.addWidget(self._criterion_box(criterion))
        milestones = [m for m in self.ctx.plan.milestones if m.fy == self.ctx.fy]
        if milestones:
            column.addWidget(self._milestones_box(milestones))
        column.addWidget(self._comments_box(assessments.OVERALL, self.tr("Overall comments")))
        column.addStretch(1)
        self._drop_form()
        self.scroll_area.setWidget(form)
        self.form = form
        self._built_lang = self.lang
        self.retranslate()
        self.set_writable(self.ctx.writable)

    def _criterion_box(self, criterion: Criterion) -> QGroupBox:
        lang = self.lang
        name = criterion.names.ja if lang == "ja" else criterion.names.en
        box = QGroupBox(name.replace("&", "&&"))  # a group title treats & as a mnemonic
        box.setObjectName(f"criterion_{criterion.code}")
        layout = QVBoxLayout(box)
        for q in criterion.questions:
            layout.addWidget(plain_label("・" + (q.ja if lang == "ja" else q.en)))
        if criterion.sub_items:
            subs = " / ".join(s.ja if lang == "ja" else s.en for s in criterion.sub_items)
            layout.addWidget(plain_label(self.tr("Sub-items: %1").replace("%1", subs)))
        grades = QHBoxLayout()
        group = QButtonGroup(box)
        group.setExclusive(False)  # clicking the chosen grade again clears it
        for n, wording in enumerate(criterion.grades):
            text = f"{wording.letter.value}: {wording.ja if lang == 'ja' else wording.en}"
            button = QRadioButton(text)
            button.setObjectName(f"grade_{criterion.code}_{wording.letter.value}")
            group.addButton(button, n)
            grades.addWidget(button)
        grades.addStretch(1)
        layout.addLayout(grades)
        group.idClicked.connect(lambda n, code=criterion.code: self._on_grade_clicked(code, n))
        self.grade_groups[criterion.code] = group
        carried = QHBoxLayout()
        note = plain_label()
        note.setStyleSheet("color:#5c4400;")
        confirm = QPushButton()
        confirm.setObjectName(f"confirm_{criterion.code}")
        confirm.clicked.connect(lambda _c=False, code=criterion.code: self.confirm_rating(code))
        carried.addWidget(note, 1)
        carried.addWidget(confirm)
        layout.addLayout(carried)
        self.carried_rows[criterion.code] = (note, confirm)
        layout.addLayout(self._comment_fields(criterion.code))
        return box

    def _comment_fields(self, target: str) -> QFormLayout:
        fields = QFormLayout()
        names = {
            "positive": self.tr("Positive"),
            "issues": self.tr("Issues"),
            "recommendations": self.tr("Recommendations"),
        }
        for kind in KINDS:
            box = CommentBox(self.editor.stack)
            box.setObjectName(f"comment_{target}_{kind}")
            box.textChanged.connect(lambda t=target, k=kind, b=box: self._on_text_changed(t, k, b))
            self.texts[(target, kind)] = box
            fields.addRow(names[kind], box)
        return fields

    def _comments_box(self, target: str, title: str) -> QGroupBox:
        box = QGroupBox(title)
        box.setLayout(self._comment_fields(target))
        return box

    def _milestones_box(self, milestones: list[Milestone]) -> QGroupBox:
        box = QGroupBox(self.tr("Milestone judgements"))
        layout = QFormLayout(box)
        for m in milestones:
            combo = QComboBox()
            combo.setObjectName(f"judgement_{m.code}")
            for key in JUDGEMENTS:
                combo.addItem(labels.status(key, self.lang) if key else "—", key)
            combo.currentIndexChanged.connect(
                lambda _i, code=m.code, c=combo: self._on_judgement_changed(code, c)
            )
            self.judgements[m.code] = combo
            title = QLabel(f"{m.code} {m.title.ja if self.lang == 'ja' else m.title.en}")
            title.setTextFormat(Qt.TextFormat.PlainText)
            title.setWordWrap(True)
            layout.addRow(title, combo)
        return box

    # -- values in, values out ------------------------------------------------------------------
    def retranslate(self) -> None:
        if getattr(self, "_built_lang", self.lang) != self.lang:
            self._build()  # criteria wording and questions are domain text in the plan's two languages
            return
        self.title.setText(
            self.tr("Assessment, %1").replace("%1", labels.fiscal_year(self.ctx.fy, self.lang))
        )
        for (target, kind), box in self.texts.items():
            self._show_text(box, self.editor.get(target, kind))
        for code in self.grade_groups:
            self._show_grade(code)
        for code in self.judgements:
            self._show_judgement(code)
        self.carry.setText(
            self.tr("Carry over %1's assessment").replace(
                "%1", labels.fiscal_year(self.ctx.fy - 1, self.lang)
            )
        )
        self._load_carried()
        self._show_banner()

    def _show_text(self, box: QPlainTextEdit, text: str) -> None:
        if box.toPlainText() != text:
            box.blockSignals(True)
            box.setPlainText(text)
            box.blockSignals(False)

    def _show_grade(self, code: str) -> None:
        value = self.editor.get(code, "rating")
        group = self.grade_groups[code]
        for n, button in enumerate(group.buttons()):
            button.blockSignals(True)
            button.setChecked(n < len(GRADES) and GRADES[n] == value)
            button.blockSignals(False)

    def _show_judgement(self, code: str) -> None:
        combo = self.judgements[code]
        combo.blockSignals(True)
        combo.setCurrentIndex(max(combo.findData(self.editor.get(code, "rating")), 0))
        combo.blockSignals(False)

    def _on_editor_value_changed(self, target: str, field: str) -> None:
        if field == "rating":
            if target in self.grade_groups:
                self._show_grade(target)
            elif target in self.judgements:
                self._show_judgement(target)
        elif (target, field) in self.texts:
            self._show_text(self.texts[(target, field)], self.editor.get(target, field))

    def _on_text_changed(self, target: str, kind: str, box: QPlainTextEdit) -> None:
        self.editor.edit(target, kind, box.toPlainText())

    def _on_grade_clicked(self, code: str, n: int) -> None:
        current = self.editor.get(code, "rating")
        new = GRADES[n] if current != GRADES[n] else ""
        self.editor.edit(code, "rating", new)
        self._show_grade(code)

    def _on_judgement_changed(self, code: str, combo: QComboBox) -> None:
        self.editor.edit(code, "rating", str(combo.currentData() or ""))

    def _drop_form(self) -> None:
        """Take the old form out before a new one replaces it. `setWidget` would delete it at once,
        and a comment field with the focus would then announce a focus change from inside a form
        Qt is destroying (the RuntimeError seen on stderr at quit): hidden first, the focus moves
        while every widget is alive, and the form is deleted later, no longer this screen's."""
        old = self.scroll_area.takeWidget()
        self.form = None
        if old is not None:
            old.hide()
            old.deleteLater()

    def _on_app_focus_changed(self, old: QWidget | None, _new: QWidget | None) -> None:
        form = self.form
        # while Qt destroys the window, its children go before the screen's `destroyed` arrives
        if form is None or old is None or not shiboken6.isValid(self) or not shiboken6.isValid(form):
            return
        if form.isAncestorOf(old):
            self.editor.flush()

    def _on_editor_saved(self, _count: int) -> None:
        """A save is a write like any other: every screen, the banner and the preview hear of it."""
        self._load_carried()
        if not self.editor.dirty:  # a failed save's note goes once everything is saved
            self._show_banner()
        # the user's own clock: "saved a minute ago" is what the indicator is for
        self.saved_label.setText(self.tr("Saved %1").replace("%1", QTime.currentTime().toString("HH:mm")))
        self._announcing = True
        try:
            self.ctx.reload()
        finally:
            self._announcing = False

    def _on_editor_save_failed(self, exc: object) -> None:
        if isinstance(exc, BaseException):
            self.banner.setText(errors.describe(exc, self.lang))
            self.banner.show()

    # -- last year's assessment ------------------------------------------------------------------
    def _load_carried(self) -> None:
        reviewer_id = self.reviewer.currentData()
        self.carried = (
            evidence_table.carried_over_targets(self.ctx.db, reviewer_id, self.ctx.fy)
            if isinstance(reviewer_id, str)
            else frozenset()
        )
        allowed = self._allowed()
        for code, (note, confirm) in self.carried_rows.items():
            shown = code in self.carried
            note.setText(
                self.tr("Carried over from %1: this rating does not count until you confirm it.").replace(
                    "%1", labels.fiscal_year(self.ctx.fy - 1, self.lang)
                )
            )
            confirm.setText(self.tr("Confirm rating"))
            note.setVisible(shown)
            confirm.setVisible(shown)
            confirm.setEnabled(allowed)

    def carry_over(self) -> int:
        """Seed this FY with the reviewer's ratings and comments of the FY before (nothing already
        here is touched); returns the rows copied, with the outcome shown in the banner."""
        reviewer_id = self.reviewer.currentData()
        if not isinstance(reviewer_id, str):
            return 0
        self.editor.flush()
        try:
            copied = assessments.carry_over(self.ctx.db, reviewer_id, self.ctx.fy - 1, self.ctx.fy)
        except Refused as exc:
            self._say(errors.describe(exc, self.lang))
            return 0
        previous = labels.fiscal_year(self.ctx.fy - 1, self.lang)
        self.ctx.reload()  # every screen re-reads; this one rebuilds its form
        self._say(
            self.tr("Copied %1 ratings and comments from %2; carried-over ratings count once confirmed.")
            .replace("%1", str(copied))
            .replace("%2", previous)
            if copied
            else self.tr("Nothing to carry over from %1.").replace("%1", previous)
        )
        return copied

    def confirm_rating(self, code: str) -> bool:
        """Make a carried-over rating the reviewer's own, so that it counts."""
        reviewer_id = self.reviewer.currentData()
        if not isinstance(reviewer_id, str):
            return False
        self.editor.flush()
        try:
            assessments.confirm_item(self.ctx.db, reviewer_id, self.ctx.fy, code)
        except Refused as exc:
            self._say(errors.describe(exc, self.lang))
            return False
        self._load_carried()
        # the other screens re-read (this form is rebuilt) once the click that got here is over:
        # the button pressed is part of the form
        QTimer.singleShot(0, self.ctx.reload)
        return True

    def _say(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    # -- who may write --------------------------------------------------------------------------
    def recusal_text(self) -> str | None:
        reviewer_id = self.reviewer.currentData()
        reviewer = next((r for r in self.ctx.plan.reviewers if r.id == reviewer_id), None)
        found = None if reviewer is None else assessments.recusal(self.ctx.plan, reviewer)
        if found is None:
            return None
        return (
            self.tr("%1 is recused for a conflict with %2 (%3): ratings and judgements are refused.")
            .replace("%1", found.reviewer)
            .replace("%2", found.name)
            .replace("%3", labels.conflict_category(found.category, self.lang))
        )

    def _show_banner(self) -> None:
        reason = self.recusal_text()
        if reason is None and self.ctx.fy_signed:
            reason = self.tr("This fiscal year is signed: its assessments are locked.")
        if reason is None and not self.ctx.may_assess(self.reviewer.currentData()):
            reason = self.tr("Read-only: writing is disabled (see the banner above).")
        self.banner.setText(reason or "")
        self.banner.setVisible(bool(reason))

    def _allowed(self) -> bool:
        # the context decides per reviewer (reviewer mode edits only the owner's assessment)
        return self.ctx.may_assess(self.reviewer.currentData()) and self.recusal_text() is None

    def set_writable(self, writable: bool) -> None:
        del writable
        allowed = self._allowed()
        previous = self.ctx.fy - 1
        # a reviewer package holds one FY only: last year's assessment is carried over by the
        # secretariat in the program database, before the package is exported
        self.carry.setEnabled(
            allowed and self.ctx.package is None and previous in {y.fy for y in self.ctx.plan.fiscal_years}
        )
        if self.form is not None:
            for box in self.texts.values():
                box.setReadOnly(not allowed)
            for group in self.grade_groups.values():
                for button in group.buttons():
                    button.setEnabled(allowed)
            for combo in self.judgements.values():
                combo.setEnabled(allowed)
            for _note, confirm in self.carried_rows.values():
                confirm.setEnabled(allowed)
        self._show_banner()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.editor.flush()
        super().closeEvent(event)
