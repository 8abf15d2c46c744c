"""Undoable assessment edits: a QUndoStack of field commands over an editor that saves through the service.

Consecutive edits of one field merge into one command; saving waits 1 s after the last edit
(or a focus change, or close) and then makes one `save_target` call per changed target, which
writes one audit entry per changed row.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from reviewer.core.errors import InputRefused, Refused
from reviewer.services import assessments, evidence_table
from reviewer.services.assessments import TargetValues
from reviewer.store.db import patient
from reviewer.ui.session import AppContext

SAVE_DELAY_MS = 1000
# A save that met another process's write lock (the command line importing a million rows holds
# it for a minute), a full disk or a file gone read-only: the target stays unsaved and is tried
# again after RETRY_MS, and at close. A save waits at most SAVE_PATIENCE_MS for the lock: it runs
# on the window's thread, which the product's 10-second wait would freeze on every attempt.
RETRY_MS = 5000
SAVE_PATIENCE_MS = 500
_TRY_AGAIN = ("E-BUSY", "E-DISK-FULL", "E-READ-ONLY")
FIELDS = ("rating", "positive", "issues", "recommendations")


class AssessmentEditor(QObject):
    """One reviewer's assessment for one FY as edited: values per target, dirty targets, the saver."""

    value_changed = Signal(str, str)  # target, field: the view re-reads that widget
    saved = Signal(int)  # targets saved
    save_failed = Signal(object)

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stack = QUndoStack(self)
        self.reviewer_id: str | None = None
        self.fy = ctx.fy
        self.values: dict[str, TargetValues] = {}
        self.dirty: set[str] = set()
        self.service_calls = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.flush)

    def load(self, reviewer_id: str | None, fy: int) -> None:
        """Show another reviewer or FY: save what is pending first, then start a fresh undo history."""
        self.flush()
        self.reviewer_id, self.fy = reviewer_id, fy
        self.values = (
            {} if reviewer_id is None else evidence_table.assessment_values(self.ctx.db, reviewer_id, fy)
        )
        self.stack.clear()

    def get(self, target: str, field: str) -> str:
        values = self.values.get(target)
        if values is None:
            return ""
        value = getattr(values, field)
        return "" if value is None else str(value)

    def edit(self, target: str, field: str, new: str) -> None:
        """The user changed a field: push an undoable command (merged with the previous edit of it)."""
        old = self.get(target, field)
        if old != new:
            self.stack.push(FieldEdit(self, target, field, old, new))

    def apply(self, target: str, field: str, value: str) -> None:
        """Set a field (from a command), mark its target for saving and restart the 1 s timer."""
        assert self.reviewer_id is not None
        current = self.values.get(target) or TargetValues(self.reviewer_id, self.fy, target, None)
        stored: str | None = value
        if field == "rating" and not value:
            stored = None
        if field == "rating":
            self.values[target] = replace(current, rating=stored)
        elif field == "positive":
            self.values[target] = replace(current, positive=value)
        elif field == "issues":
            self.values[target] = replace(current, issues=value)
        else:
            self.values[target] = replace(current, recommendations=value)
        self.dirty.add(target)
        self.value_changed.emit(target, field)
        self._timer.start(SAVE_DELAY_MS)

    def flush(self, patience_ms: int = SAVE_PATIENCE_MS) -> int:
        """Save every changed target now (one service call each); returns how many were saved.

        A target refused for the file's state (busy, full, read-only) stays changed and is tried
        again after RETRY_MS; one refused for its values is said and left as typed."""
        self._timer.stop()
        if not self.dirty or self.reviewer_id is None:
            return 0
        pending, self.dirty = sorted(self.dirty), set()
        saved = 0
        with patient(self.ctx.db, patience_ms):
            for target in pending:
                try:
                    self.service_calls += 1
                    # a comment saved beside a carried-over rating does not confirm that rating
                    assessments.save_target(self.ctx.db, self.values[target], keep_carried_over=True)
                    saved += 1
                except (Refused, InputRefused) as exc:
                    if isinstance(exc, Refused) and exc.code in _TRY_AGAIN:
                        self.dirty.add(target)
                    self.save_failed.emit(exc)
                except sqlite3.Error as exc:  # the file went bad under the window: kept, and said
                    self.dirty.add(target)
                    detail = str(exc)
                    self.save_failed.emit(Refused("E-DB-READ-FAILED", path=str(self.ctx.path), detail=detail))
        if self.dirty:
            self._timer.start(RETRY_MS)
        if saved:
            self.saved.emit(saved)
        return saved


class FieldEdit(QUndoCommand):
    """One field of one target, before and after; consecutive edits of the same field merge."""

    def __init__(self, editor: AssessmentEditor, target: str, field: str, old: str, new: str) -> None:
        super().__init__(f"{target} {field}")
        self.editor, self.target, self.field = editor, target, field
        self.old, self.new = old, new
        self._id = _command_id(target, field)

    def id(self) -> int:
        return self._id

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, FieldEdit) or (other.target, other.field) != (self.target, self.field):
            return False
        if self.field == "rating":
            return False  # each rating click is its own step
        self.new = other.new
        # typed and undone back to where it started: no step is left (Qt drops an obsolete command)
        self.setObsolete(self.new == self.old)
        return True

    def redo(self) -> None:
        self.editor.apply(self.target, self.field, self.new)

    def undo(self) -> None:
        self.editor.apply(self.target, self.field, self.old)


_ids: dict[tuple[str, str], int] = {}


def _command_id(target: str, field: str) -> int:
    # QUndoStack merges only commands with equal non-negative ids: one id per (target, field)
    return _ids.setdefault((target, field), len(_ids) + 1)
