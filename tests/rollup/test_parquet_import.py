"""Parquet fleet reports into the product (SPEC §14): detected by content, the manifest checked,
its provenance on the batch, in the evidence detail and the report's appendix; refused at their
row when wrong; and the product never needs pyarrow until such a file arrives."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest
import sqlite_utils
from pyarrow import parquet

from reviewer.core.errors import InputRefused
from reviewer.rollup import cli as rollup_cli
from reviewer.services import evidence, evidence_table, rollup_provenance
from reviewer.services.report_context import build_context
from reviewer.store.db import open_database
from tests.rollup import telemetry_gen as gen

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def rollup(tmp_path: Path) -> Path:
    """A fleet report written by reviewer-rollup from generated VDA 5050 telemetry."""
    import random

    rng = random.Random(3)
    lines = gen.vda_lines(gen.robots("AGV", 6, rng), "2.0.0", 30, rng)
    source = gen.write(tmp_path / "agv.jsonl", lines)
    out = tmp_path / "out" / "fleet.parquet"
    status = rollup_cli.main(["--operator", "Kanto Care", "--industry", "医療", "-o", str(out), str(source)])
    assert status == 0
    return out


def _fleet_rows(db: sqlite_utils.Database) -> list[tuple[object, ...]]:
    return db.execute(
        "SELECT f.period, f.industry, f.operator, f.robots_deployed, f.robots_active, f.operating_hours,"
        " f.interventions, f.incidents FROM fleet_observation f ORDER BY f.evidence_id"
    ).fetchall()


def test_a_rollup_is_imported_with_its_provenance(db: sqlite_utils.Database, rollup: Path) -> None:
    assert evidence.ImportOptions().format is None  # detected by content, not by name
    result = evidence.import_file(db, rollup, evidence.ImportOptions())
    expected = parquet.read_table(rollup).to_pylist()
    assert result.records == len(expected) >= 3
    rows = _fleet_rows(db)
    # industries are the plan's: 医療 became medical
    assert rows == [
        (
            r["period"],
            "medical",
            r["operator"],
            r["robots_deployed"],
            r["robots_active"],
            r["operating_hours"],
            r["interventions"],
            r["incidents"],
        )
        for r in expected
    ]
    manifest = json.loads(rollup.with_name("fleet.manifest.json").read_text("utf-8"))
    (format_, stored) = db.execute("SELECT format, rollup_manifest FROM import_batch").fetchone()
    assert format_ == "fleet-report"
    summary = json.loads(stored)
    assert summary["inputs"] == manifest["inputs"] and summary["engine"] == "duckdb"
    assert "rows" not in summary and len(summary["manifest"]["sha256"]) == 64
    # each row points at the messages it summarizes
    places = db.execute(
        "SELECT first_message, last_message, message_count FROM fleet_observation ORDER BY evidence_id"
    ).fetchall()
    assert places == [(r["first"]["line"], r["last"]["line"], r["messages"]) for r in manifest["rows"]]
    # the evidence detail and the report's appendix name the job, engine, inputs and messages
    evidence_id = db.execute("SELECT min(id) FROM evidence").fetchone()[0]
    found = evidence_table.evidence_detail(db, evidence_id)
    assert found is not None
    line = evidence_table.rollup_provenance(found, "en")
    messages_total = manifest["inputs"][0]["messages"]
    assert (
        line
        == f"reviewer-rollup 1.0 (duckdb {manifest['engine_version']}), 1 inputs, {messages_total:,} messages"
    )
    assert rollup_provenance.describe(stored, "ja").startswith("reviewer-rollup 1.0（duckdb")
    context = build_context(db, 2027, "en", "internal")
    (file,) = [f for f in context.evidence_files if f.file_name == "fleet.parquet"]
    assert file.provenance == line


def test_a_manifest_that_does_not_match_refuses_the_file(db: sqlite_utils.Database, rollup: Path) -> None:
    manifest_path = rollup.with_name("fleet.manifest.json")
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest["output"]["sha256"] = "0" * 64
    manifest_path.write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(InputRefused) as caught:
        evidence.import_file(db, rollup, evidence.ImportOptions())
    (problem,) = caught.value.problems
    assert (problem.file, problem.code) == ("fleet.manifest.json", "E-MANIFEST")
    assert db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM import_batch").fetchone()[0] == 0


def test_without_a_manifest_the_rows_are_imported_without_provenance(
    db: sqlite_utils.Database, rollup: Path
) -> None:
    rollup.with_name("fleet.manifest.json").unlink()
    evidence.import_file(db, rollup, evidence.ImportOptions())
    assert db.execute("SELECT rollup_manifest FROM import_batch").fetchone()[0] is None
    assert len(_fleet_rows(db)) == parquet.read_metadata(rollup).num_rows


def _table(**columns: list[object]) -> pa.Table:
    base: dict[str, list[object]] = {
        "period": ["2027-04", "2027-05", "2027-06"],
        "industry": ["medical", "Medical care", "医療"],
        "operator": ["Kanto Care", "Kanto Care", "Kanto Care"],
        "robots_deployed": [10, 10, 10],
        "robots_active": [5, 5, 5],
        "operating_hours": [1.5, 2.0, 0.0],
    }
    base.update(columns)
    return pa.table(base)


def test_bad_cells_are_refused_at_their_row_and_nothing_is_written(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    path = tmp_path / "report.parquet"
    parquet.write_table(
        _table(
            robots_active=[5, 11, 5],
            operating_hours=[1.5, float("nan"), -1.0],
            industry=["medical", "medical", "mining"],
        ),
        path,
    )
    with pytest.raises(InputRefused) as caught:
        evidence.import_file(db, path, evidence.ImportOptions())
    found = sorted((p.line, p.code) for p in caught.value.problems)
    assert found == [(2, "E-ACTIVE-GT-DEPLOYED"), (2, "E-NUMBER"), (3, "E-INDUSTRY"), (3, "E-NEGATIVE")]
    assert db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0


def test_unknown_and_missing_columns_are_named(db: sqlite_utils.Database, tmp_path: Path) -> None:
    path = tmp_path / "report.parquet"
    table = _table().drop_columns(["robots_active"]).append_column("colour", pa.array(["r", "g", "b"]))
    parquet.write_table(table, path)
    with pytest.raises(InputRefused) as caught:
        evidence.import_file(db, path, evidence.ImportOptions())
    assert sorted((p.code, p.params.get("name")) for p in caught.value.problems) == [
        ("E-MISSING-COLUMN", "robots_active"),
        ("E-UNKNOWN-COLUMN", "colour"),
    ]


def test_a_file_that_only_starts_like_parquet_is_refused_not_a_traceback(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    path = tmp_path / "report.parquet"
    path.write_bytes(b"PAR1" + b"\x00" * 64)
    with pytest.raises(InputRefused) as caught:
        evidence.import_file(db, path, evidence.ImportOptions())
    assert [p.code for p in caught.value.problems] == ["E-PARQUET"]


_NO_PYARROW = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("pyarrow", "duckdb", "pyspark"):
            raise ImportError(name + " is blocked")
sys.meta_path.insert(0, Block())
from reviewer.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def test_the_product_starts_without_pyarrow_and_names_the_extra(
    db: sqlite_utils.Database, rollup: Path, tmp_path: Path
) -> None:
    db_path = Path(db.conn.execute("PRAGMA database_list").fetchone()[2])
    db.close()
    run = subprocess.run(
        [sys.executable, "-c", _NO_PYARROW, "--lang", "en", "import", "--db", str(db_path), str(rollup)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert run.returncode == 1, run.stderr
    assert "E-PARQUET-NEEDS-PYARROW" in run.stderr and "'.[rollup]'" in run.stderr
    assert "Traceback" not in run.stderr


def test_nothing_but_the_rollup_job_loads_an_engine() -> None:
    probe = (
        "import sys, reviewer.cli, reviewer.services.evidence, reviewer.importers.fleet_report;"
        " print(sorted(m for m in ('pyarrow', 'duckdb', 'pyspark') if m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert run.stdout.strip() == "[]", run.stderr


def test_m008_gives_existing_batches_an_empty_manifest(tmp_path: Path) -> None:
    from reviewer.store import migrations

    path = tmp_path / "old.db"
    old = open_database(path, create=True, migrate=False)
    migrations.MIGRATIONS.apply(old, stop_before="m008_batch_manifest")
    assert "m008_batch_manifest" in migrations.pending(old)
    assert "rollup_manifest" not in {c.name for c in old["import_batch"].columns}
    old.close()
    db = open_database(path)
    assert "rollup_manifest" in {c.name for c in db["import_batch"].columns}
    assert migrations.pending(db) == []
    db.close()


_NO_ENGINES = _NO_PYARROW.replace(
    "from reviewer.__main__ import main", "from reviewer.rollup.cli import main"
)


@pytest.mark.parametrize(("engine", "extra"), [("duckdb", "rollup"), ("spark", "spark")])
def test_the_job_without_its_engine_names_the_extra(engine: str, extra: str, tmp_path: Path) -> None:
    source = gen.write(
        tmp_path / "agv.jsonl", gen.spill_only_robot(gen.Robot("A", "1", gen.GROUPS[0]), "2.0.0")
    )
    out = tmp_path / "fleet.parquet"
    run = subprocess.run(
        [sys.executable, "-c", _NO_ENGINES, "--engine", engine, "--operator", "A", "--industry", "medical",
         "-o", str(out), str(source)],
        capture_output=True, text=True, cwd=REPO, timeout=120, env={**os.environ, "LANG": "en_US.UTF-8"},
    )  # fmt: skip
    assert run.returncode == 2, run.stderr
    assert "E-ROLLUP-ENGINE-MISSING" in run.stderr and f"'.[{extra}]'" in run.stderr
    assert "Traceback" not in run.stderr and not out.exists()


def test_a_large_parquet_report_is_previewed_from_the_whole_file(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    from reviewer.services import import_preview

    n = 120_000  # over the preview's first MiB, uncompressed and without dictionaries
    path = tmp_path / "big.parquet"
    table = pa.table(
        {
            # first, so the file's first MiB has line breaks to cut at (10 is b"\n")
            "robots_deployed": [10] * n,
            "period": [f"20{27 + i // 12000}-{1 + i % 12:02d}" for i in range(n)],
            "industry": ["medical"] * n,
            "operator": [f"op{i:06d}" for i in range(n)],
            "robots_active": [5] * n,
            "operating_hours": [1.5] * n,
        }
    )
    parquet.write_table(table, path, compression="none", use_dictionary=False)
    assert path.stat().st_size > 1 << 20
    preview = import_preview.preview_file(db, path, evidence.ImportOptions())
    assert preview.format == "fleet-report" and not preview.problems
    assert len(preview.records) == import_preview.PREVIEW_RECORDS
