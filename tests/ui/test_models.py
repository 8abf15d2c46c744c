"""Qt models: qtmodeltester on every small model; the large evidence model on 100,000 rows."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableView

from reviewer.services import evidence, evidence_table
from reviewer.services.evidence_table import EvidenceFilter
from reviewer.store.db import open_database
from reviewer.ui.models.evidence_model import MAX_WINDOWS, EvidenceColumn, EvidenceTableModel
from reviewer.ui.models.table import OBJECT_ROLE, RecordTableModel
from reviewer.ui.views.consensus import score_columns
from reviewer.ui.views.imports import batch_columns
from reviewer.ui.views.milestones import milestone_columns, milestone_lines
from reviewer.ui.views.reviewers import reviewer_columns, reviewer_lines
from tests.conftest import REPO

DATA = REPO / "tests" / "data" / "ui"


@pytest.fixture
def db_with_fleet(demo_db: Path):  # type: ignore[no-untyped-def]
    """The demo with fleet_demo.csv imported last (its 5 rows are the newest ids)."""
    db = open_database(demo_db)
    evidence.import_file(db, DATA / "fleet_demo.csv", evidence.ImportOptions())
    yield db
    db.close()


def _fixture_filter() -> EvidenceFilter:
    return EvidenceFilter(file_text="fleet_demo.csv")


def test_small_models_pass_modeltester(qtmodeltester, db_with_fleet) -> None:  # type: ignore[no-untyped-def]
    from reviewer.ui.session import AppContext
    from reviewer.ui.settings import open_settings
    from reviewer.ui.workers import TaskRunner

    ctx = AppContext(
        Path(db_with_fleet.conn.execute("PRAGMA database_list").fetchone()[2]),
        db_with_fleet,
        lang="ja",
        settings=open_settings("/dev/null"),
        runner=TaskRunner(),
    )
    milestones = RecordTableModel(milestone_columns())
    milestones.set_rows(milestone_lines(ctx))
    assert milestones.rowCount() == len([m for m in ctx.plan.milestones if m.fy == ctx.fy]) > 0
    qtmodeltester.check(milestones)
    batches = RecordTableModel(batch_columns())
    batches.set_rows(evidence.batches(db_with_fleet))
    assert batches.rowCount() >= 1 and batches.rows()[-1].batch.file_name == "fleet_demo.csv"
    qtmodeltester.check(batches)
    reviewers = RecordTableModel(reviewer_columns())
    reviewers.set_rows(reviewer_lines(ctx.plan, "ja", "回避：%1"))
    recused = [r for r in reviewers.rows() if r.recusal]
    assert [r.reviewer.id for r in recused] == ["R02"] and "ソフトバンク" in recused[0].recusal
    qtmodeltester.check(reviewers)
    scores = RecordTableModel(score_columns("discuss", "few"))
    qtmodeltester.check(scores)


def test_evidence_model_passes_modeltester(qtmodeltester, db_with_fleet) -> None:  # type: ignore[no-untyped-def]
    model = EvidenceTableModel(evidence_table.windows(db_with_fleet, window_size=2), "en")
    model.set_filter(_fixture_filter())
    assert model.rowCount() == 5
    qtmodeltester.check(model)
    row = model.index(4, 0).data(OBJECT_ROLE)
    assert row.subject == "Shop Helpers" and row.value == 25
    assert model.index(0, EvidenceColumn.DETAIL.value).data() == "2027-04 medical"
    model.set_filter(EvidenceFilter(file_text="no such file"))
    assert model.rowCount() == 0


def _big_database(path: Path, rows: int) -> None:
    csv = path.with_suffix(".csv")
    codes = ["medical", "retail", "delivery", "food_service", "construction"]
    with csv.open("w", encoding="utf-8") as fh:
        fh.write("period,industry,operator,robots_deployed,robots_active,operating_hours\n")
        for i in range(rows):
            month = i % 60
            fh.write(
                f"{2026 + month // 12}-{1 + month % 12:02d},{codes[(i // 60) % 5]},op{i // 300},20,10,50\n"
            )
    db = open_database(path)
    evidence.import_file(db, csv, evidence.ImportOptions())
    db.close()


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from reviewer.services import demo

    path = tmp_path_factory.mktemp("big") / "big.db"
    demo.build_demo(path)
    _big_database(path, 100_000)
    return path


def test_large_model_scrolls_to_the_end_in_a_few_windows(qtbot, big_db: Path) -> None:  # type: ignore[no-untyped-def]
    db = open_database(big_db, readonly=True)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    reader = evidence_table.windows(db)
    model = EvidenceTableModel(reader, "en")
    view = QTableView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.setModel(model)
    view.show()
    qtbot.waitExposed(view)
    total = model.rowCount()
    assert total >= 100_000  # the demo's own evidence and the 100,000 fleet rows
    assert reader.statements == 1  # rowCount: one COUNT(*)
    tracemalloc.start()
    view.scrollToBottom()
    qtbot.wait(50)
    view.viewport().repaint()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    last = view.model().index(total - 1, 0).data(OBJECT_ROLE)
    assert last.id == max(r.id for r in reader.read((total - 1) // reader.window_size))
    assert reader.rows_fetched <= 5 * reader.window_size  # the first screen and the last: a few windows
    assert reader.statements <= 6
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 6
    assert model.cached_windows() <= MAX_WINDOWS
    assert peak < 5_000_000  # flat: nowhere near 100,000 rows in memory
    # walking every window keeps the cache bounded, and the formatted cells with it
    for row in range(0, total, 997):
        model.row_at(row)
        assert model.index(row, EvidenceColumn.KIND.value).data()
    assert model.cached_windows() <= MAX_WINDOWS
    assert 0 < model.cached_cells() <= MAX_WINDOWS * reader.window_size
    db.close()


def test_large_model_sorted_and_filtered_in_sql(qtbot, big_db: Path) -> None:  # type: ignore[no-untyped-def]
    db = open_database(big_db, readonly=True)
    reader = evidence_table.windows(db)
    model = EvidenceTableModel(reader, "en")
    model.sort(
        EvidenceColumn.DATE.value, order=__import__("PySide6.QtCore").QtCore.Qt.SortOrder.DescendingOrder
    )
    first = model.row_at(0)
    last = model.row_at(model.rowCount() - 1)
    assert first is not None and last is not None
    assert first.effective_date == "2030-12-31" and last.effective_date == "2026-01-31"
    model.set_filter(EvidenceFilter(date_from="2030-12-01"))
    assert model.rowCount() == 100_000 // 60
    assert all(model.row_at(i).effective_date == "2030-12-31" for i in range(0, model.rowCount(), 97))  # type: ignore[union-attr]
    db.close()


def test_formatted_cells_follow_the_language_and_a_reload(db_with_fleet) -> None:  # type: ignore[no-untyped-def]
    """Cells are formatted once per row and kept: a language switch or new rows must not show old text."""
    from reviewer.ui import labels

    model = EvidenceTableModel(evidence_table.windows(db_with_fleet), "en")
    model.set_filter(_fixture_filter())
    kind = model.index(0, EvidenceColumn.KIND.value)
    assert kind.data() == labels.evidence_kind("fleet_observation", "en")
    model.set_language("ja")
    assert (
        kind.data()
        == labels.evidence_kind("fleet_observation", "ja")
        != labels.evidence_kind("fleet_observation", "en")
    )
    header = model.headerData(
        EvidenceColumn.KIND.value, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal
    )
    assert header
    model.set_filter(EvidenceFilter(file_text="no such file"))
    assert model.rowCount() == 0 and model.index(0, 0).data() is None


def test_rows_are_built_only_when_shown_or_asked(qtbot, big_db: Path) -> None:  # type: ignore[no-untyped-def]
    """A window is kept as SQLite's records; only the rows on screen become EvidenceRows, and a
    row built late is the very row the service builds (None fields, flags and all)."""
    db = open_database(big_db, readonly=True)
    reader = evidence_table.windows(db)
    model = EvidenceTableModel(reader, "en")
    view = QTableView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.setModel(model)
    view.show()
    qtbot.waitExposed(view)
    view.scrollToBottom()
    qtbot.wait(50)
    view.viewport().repaint()
    shown = view.rowAt(view.viewport().height() - 1) - view.rowAt(0) + 1
    assert model.cached_windows() >= 1
    assert 0 < model.built_rows() <= 2 * shown + 2 < reader.window_size  # the first screen and the last
    # the demo's own rows (documents, benchmark results, manual evidence: None values and file
    # names) and fleet rows: every one built late equals the one the service builds at once
    other = evidence_table.windows(db)
    other.configure(EvidenceFilter(), evidence_table.SortKey.ID, False)
    for number in (0, 1, (model.rowCount() - 1) // reader.window_size):
        expected = other.read(number)
        got = [model.row_at(number * reader.window_size + i) for i in range(len(expected))]
        assert got == expected
    assert any(r.value is None for r in other.read(0)) and any(r.file_name for r in other.read(0))
    db.close()


@pytest.mark.parametrize(
    ("column", "descending"),
    [(EvidenceColumn.DATE, True), (EvidenceColumn.KIND, False), (EvidenceColumn.ID, True)],
)
def test_windows_follow_on_by_keyset_in_every_order(
    big_db: Path, column: EvidenceColumn, descending: bool
) -> None:
    """Each window starts after the last record of the one before (its keyset position is read
    from the record, not from a built row): five windows in a row equal one read of 1,000 rows."""
    from PySide6.QtCore import Qt

    from reviewer.store import evidence_window as store

    db = open_database(big_db, readonly=True)
    model = EvidenceTableModel(evidence_table.windows(db), "en")
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    model.sort(column.value, order)
    sort = {EvidenceColumn.DATE: store.SortKey.DATE, EvidenceColumn.KIND: store.SortKey.KIND}.get(
        column, store.SortKey.ID
    )
    records = store.window_records(db, EvidenceFilter(), sort, descending=descending, limit=1000)
    once = [store.evidence_row(r) for r in records]
    windowed = [model.row_at(i) for i in range(1000)]
    assert [r.id for r in windowed if r is not None] == [r.id for r in once]
    assert len({r.id for r in once}) == 1000
    db.close()


@pytest.mark.parametrize(("lang", "words"), [("ja", "PDF 文書"), ("en", "PDF document")])
def test_a_document_shows_its_kind_in_words_not_its_media_type(demo_db: Path, lang: str, words: str) -> None:
    db = evidence_table.open_program(demo_db, readonly=True)
    try:
        model = EvidenceTableModel(evidence_table.windows(db), lang)
        model.set_filter(EvidenceFilter(kind="document"))
        assert model.rowCount() > 0
        shown = [model.index(r, EvidenceColumn.DETAIL.value).data() for r in range(model.rowCount())]
        assert words in shown and not any("/" in s for s in shown), shown
    finally:
        db.close()
