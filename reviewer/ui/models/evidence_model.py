"""The large evidence table: fixed-size windows read by keyset through the service, a bounded cache.

No proxy and no fetchMore: sort and filter run in SQL, rowCount comes from one COUNT(*) per
filter change, and only the windows in view (plus a few recent ones) are held.
"""

from __future__ import annotations

from collections import OrderedDict
from enum import Enum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from reviewer.services import evidence_table
from reviewer.services.evidence_table import EvidenceFilter, EvidenceRecord, EvidenceRow, SortKey
from reviewer.ui import labels
from reviewer.ui.models.table import OBJECT_ROLE, QT_TRANSLATE_NOOP, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex
MAX_WINDOWS = 8  # bounded cache: 8 x 200 rows whatever the table's size


class EvidenceColumn(Enum):
    ID = 0
    KIND = 1
    DATE = 2
    SUBJECT = 3
    DETAIL = 4
    VALUE = 5
    FILE = 6
    PLACE = 7


HEADERS = {
    EvidenceColumn.ID: QT_TRANSLATE_NOOP("Columns", "ID"),
    EvidenceColumn.KIND: QT_TRANSLATE_NOOP("Columns", "Kind"),
    EvidenceColumn.DATE: QT_TRANSLATE_NOOP("Columns", "Effective date"),
    EvidenceColumn.SUBJECT: QT_TRANSLATE_NOOP("Columns", "Model / operator / source"),
    EvidenceColumn.DETAIL: QT_TRANSLATE_NOOP("Columns", "Benchmark / period / unit"),
    EvidenceColumn.VALUE: QT_TRANSLATE_NOOP("Columns", "Value"),
    EvidenceColumn.FILE: QT_TRANSLATE_NOOP("Columns", "Source file"),
    EvidenceColumn.PLACE: QT_TRANSLATE_NOOP("Columns", "Place"),
}
COLUMNS = tuple(EvidenceColumn)
# the roles as plain ints: Qt asks data() about seven roles per cell at every paint, and comparing
# an int with an int is the cheapest answer to the five this model leaves empty
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_HORIZONTAL = Qt.Orientation.Horizontal
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ALIGNMENTS = tuple(_RIGHT if c in (EvidenceColumn.ID, EvidenceColumn.VALUE) else None for c in COLUMNS)
SORTABLE = {
    EvidenceColumn.ID: SortKey.ID,
    EvidenceColumn.DATE: SortKey.DATE,
    EvidenceColumn.KIND: SortKey.KIND,
}


class EvidenceTableModel(QAbstractTableModel):
    """Rows come from `EvidenceWindows`; `sort()` and `set_filter()` re-query SQL and reset."""

    def __init__(
        self,
        reader: evidence_table.EvidenceWindows,
        lang: str,
        parent: QObject | None = None,
        industries: dict[str, tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._reader = reader
        self._lang = lang
        self._industries = industries or {}  # code → (ja, en): the plan's names
        self._filter = EvidenceFilter()
        self._sort = SortKey.ID
        self._descending = False
        # window number → its rows, kept as the records SQLite returned until a row is shown or
        # asked for: a window is 200 rows, a screen shows about 25 of them
        self._cache: OrderedDict[int, list[EvidenceRow | EvidenceRecord]] = OrderedDict()
        # row number → its cells as shown, formatted once per row of a cached window (a scroll
        # repaints the same rows many times; labels and numbers were formatted at every paint)
        self._cells: dict[int, tuple[str, ...]] = {}
        self._headers: tuple[str, ...] | None = None  # translated at first paint and per language
        self._count = reader.configure(self._filter, self._sort, self._descending)

    # -- what the view asks -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def row_at(self, row: int) -> EvidenceRow | None:
        if not 0 <= row < self._count:
            return None
        number, offset = divmod(row, self._reader.window_size)
        rows = self._cache.get(number)
        if rows is None:
            rows = self._cache[number] = list(self._reader.read_records(number))
            while len(self._cache) > MAX_WINDOWS:
                gone, _rows = self._cache.popitem(last=False)
                size = self._reader.window_size
                for n in range(gone * size, (gone + 1) * size):
                    self._cells.pop(n, None)
        else:
            self._cache.move_to_end(number)
        if offset >= len(rows):
            return None
        found = rows[offset]
        if isinstance(found, EvidenceRow):
            return found
        made = rows[offset] = evidence_table.evidence_row(found)
        return made

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # the hot path first: a repaint asks this for every visible cell and role
        if role == _DISPLAY:
            number = index.row()
            cells = self._cells.get(number)
            if cells is None:
                cells = self._format(number)
                if cells is None:
                    return None
            return cells[index.column()]
        if role == _ALIGNMENT:
            return _ALIGNMENTS[index.column()] if index.isValid() else None
        if role not in (SORT_ROLE, OBJECT_ROLE, _TOOLTIP):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == OBJECT_ROLE:
            return row
        if role == SORT_ROLE:
            return row.sort_value(SORTABLE.get(COLUMNS[index.column()], SortKey.ID))
        if row.date_assumed:
            return QCoreApplication.translate("EvidenceTableModel", "Date assumed: import")
        return None

    def _format(self, number: int) -> tuple[str, ...] | None:
        """Row `number`'s cells in the model's language, kept while its window is cached."""
        row = self.row_at(number)
        if row is None:
            return None
        cells = tuple(self._display(row, column) for column in COLUMNS)
        self._cells[number] = cells
        return cells

    def _display(self, row: EvidenceRow, column: EvidenceColumn) -> str:
        lang = self._lang
        if column is EvidenceColumn.ID:
            return str(row.id)
        if column is EvidenceColumn.KIND:
            return labels.evidence_kind(row.kind, lang)
        if column is EvidenceColumn.DATE:
            text = row.effective_date
            return text + " *" if row.date_assumed else text
        if column is EvidenceColumn.SUBJECT:
            return labels.marked_name(row.subject, lang) if row.subject else ""
        if column is EvidenceColumn.DETAIL:
            if row.kind == "fleet_observation" and row.detail:
                period, _, code = row.detail.partition(" ")  # "2027-04 logistics_warehousing"
                return f"{period} {labels.industry(code, self._industries, lang)}"
            if row.kind == "document" and row.detail:
                return labels.document_type(row.detail, lang)  # its media type in words
            return row.detail or ""
        if column is EvidenceColumn.VALUE:
            return labels.number(row.value, lang)
        if column is EvidenceColumn.FILE:
            return row.file_name or ""
        return labels.place(row.place, lang)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        # asked for every row number and role of the vertical header at each paint, too
        if role != _DISPLAY or orientation != _HORIZONTAL or not 0 <= section < len(COLUMNS):
            return None
        headers = self._headers
        if headers is None:
            headers = tuple(QCoreApplication.translate("Columns", HEADERS[c]) for c in COLUMNS)
            self._headers = headers
        return headers[section]

    # -- what the screen asks -----------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORTABLE.get(EvidenceColumn(column))
        if key is None:
            return  # only indexed orders are offered; the header ignores other columns
        self._sort = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._reload()

    def set_filter(self, f: EvidenceFilter) -> None:
        self._filter = f
        self._reload()

    @property
    def filter(self) -> EvidenceFilter:
        """The filter the rows were read with."""
        return self._filter

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self._cells.clear()
        self._headers = None
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(EvidenceColumn) - 1)
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, len(EvidenceColumn) - 1))

    def refresh(self) -> None:
        """Re-read after evidence changed (an import, a removal)."""
        self._reload()

    def cached_windows(self) -> int:
        return len(self._cache)

    def built_rows(self) -> int:
        """Rows of the cached windows made into EvidenceRows so far (the rest are still records)."""
        return sum(isinstance(r, EvidenceRow) for rows in self._cache.values() for r in rows)

    def cached_cells(self) -> int:
        """Rows whose cells are held formatted (never more than the cached windows' rows)."""
        return len(self._cells)

    def _reload(self) -> None:
        self.beginResetModel()
        self._cache.clear()
        self._cells.clear()
        self._count = self._reader.configure(self._filter, self._sort, self._descending)
        self.endResetModel()
