"""Real shapes through the import service: what the evidence table shows beside a value."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from reviewer.services import evidence
from reviewer.store.evidence_window import EvidenceFilter, SortKey, evidence_row, window_records
from tests.importers.test_real_shapes import _limited_run


def test_a_limited_lm_eval_run_shows_its_sample_count_beside_the_value(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    path = _limited_run(tmp_path)
    evidence.import_file(db, path, evidence.ImportOptions())
    found = window_records(db, EvidenceFilter(file_text="results_2027"), next(iter(SortKey)), limit=50)
    details = {evidence_row(r).detail for r in found}
    assert "arc_easy / acc (--limit 100/2376)" in details
    assert "gsm8k / exact_match (--limit 100/1319)" in details


def test_an_inspect_scorer_that_left_samples_unscored_says_so_beside_the_value(
    db: sqlite_utils.Database,
) -> None:
    path = Path(__file__).resolve().parents[1] / "data" / "wild" / "inspect_gpqa.json"
    evidence.import_file(db, path, evidence.ImportOptions())
    found = window_records(db, EvidenceFilter(file_text="inspect_gpqa"), next(iter(SortKey)), limit=50)
    assert sorted(evidence_row(r).detail for r in found) == [
        "gpqa_diamond / accuracy",
        "gpqa_diamond / accuracy (scored_samples 196/198)",
        "gpqa_diamond / mean (scored_samples 196/198)",
    ]
