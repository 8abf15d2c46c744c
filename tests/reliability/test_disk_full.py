"""R3: the disk fills up during an import: a clear refusal, the database whole, earlier work intact."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer import messages
from reviewer.core.errors import Refused
from reviewer.services import evidence, programs
from reviewer.store.db import open_database
from tests.paths import EXAMPLE as EXAMPLE_DIR

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = EXAMPLE_DIR


def big_fleet(path: Path, rows: int) -> Path:
    lines = ["period,industry,operator,robots_deployed,robots_active,operating_hours"]
    lines += [f"2027-05,logistics,operator number {k} with a long name,10,8,120.5" for k in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_disk_full_during_an_import_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "program.db"
    programs.init_database(path, EXAMPLE / "plan.yaml")
    db = open_database(path)
    earlier = evidence.import_file(db, EXAMPLE / "fleet.csv", evidence.ImportOptions(), actor="t")
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    # SQLite's size limit on this connection stands in for a full disk: a few pages of room left
    db.execute(f"PRAGMA max_page_count = {pages + 8}")
    audit_before = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(Refused) as refused:
        evidence.import_file(db, big_fleet(tmp_path / "big.csv", 5000), evidence.ImportOptions(), actor="t")
    assert refused.value.code == "E-DISK-FULL"
    assert "disk is full" in messages.text("E-DISK-FULL", "en", **refused.value.params)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT id, record_count FROM import_batch").fetchall() == [(earlier.batch_id, 2)]
    assert db.execute("SELECT count(*) FROM fleet_observation").fetchone()[0] == 2
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_before
    db.close()
    reopened = open_database(path)
    assert reopened.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert reopened.execute("SELECT count(*) FROM import_batch").fetchone()[0] == 1
    reopened.close()
