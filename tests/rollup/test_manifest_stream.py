"""The rollup manifest as a stream (SPEC §14): `reviewer-rollup` writes its "rows" array a record
batch at a time and the importer reads it with ijson in step with the Parquet rows, so a national
run's millions of rows are neither built nor parsed whole. Every way a manifest can disagree with
its file is refused naming the manifest (and the row, where there is one) and writes nothing."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pytest
import sqlite_utils
from pyarrow import compute as pc
from pyarrow import parquet

from reviewer import messages
from reviewer.core.errors import InputRefused
from reviewer.rollup import cli as rollup_cli
from reviewer.rollup import job as rollup_job
from reviewer.services import evidence, programs
from reviewer.store.db import open_database
from tests.rollup import telemetry_gen as gen
from tests.rollup.conftest import PLAN

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def rollup(tmp_path: Path) -> Path:
    """A fleet report and its manifest written by reviewer-rollup (DuckDB) from one input."""
    import random

    rng = random.Random(11)
    lines = gen.vda_lines(gen.robots("AGV", 6, rng), "2.0.0", 30, rng)
    source = gen.write(tmp_path / "agv.jsonl", lines)
    out = tmp_path / "out" / "fleet.parquet"
    status = rollup_cli.main(["--operator", "Kanto Care", "--industry", "医療", "-o", str(out), str(source)])
    assert status == 0
    assert parquet.read_metadata(out).num_rows >= 3
    return out


def _manifest_of(report: Path) -> Path:
    return report.with_name(report.stem + ".manifest.json")


def _load(report: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(_manifest_of(report).read_text("utf-8"))
    return loaded


def _refused(db: sqlite_utils.Database, report: Path) -> str:
    """Import `report`, expect one E-MANIFEST naming the manifest, nothing written; its reason."""
    with pytest.raises(InputRefused) as caught:
        evidence.import_file(db, report, evidence.ImportOptions())
    (problem,) = caught.value.problems
    assert (problem.file, problem.code) == (_manifest_of(report).name, "E-MANIFEST")
    for table in ("evidence", "fleet_observation", "import_batch"):
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    reason = problem.params["reason"]
    assert isinstance(reason, messages.Phrase)  # worded in the reader's language, not English alone
    assert reason.said("ja") != reason.said("en")
    return str(reason)


def _rows(report: Path) -> list[object]:
    items = _load(report)["rows"]
    assert isinstance(items, list)
    return items


def _write(report: Path, manifest: dict[str, object]) -> None:
    _manifest_of(report).write_text(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")), "utf-8")


# -- the writer -------------------------------------------------------------------------------


def _job(tmp_path: Path) -> rollup_job.Job:
    import random

    rng = random.Random(5)
    source = gen.write(tmp_path / "a.jsonl", gen.vda_lines(gen.robots("AGV", 1, rng), "2.0.0", 2, rng))
    return rollup_job.prepare([str(source)], "Kanto Care", "医療", None)


def _old_position(pos: int | None) -> dict[str, int] | None:
    if pos is None:
        return None
    file_no, line = divmod(pos, rollup_job.POS_BASE)
    return {"input": file_no, "line": line}


def _old_manifest_text(job: rollup_job.Job, result: pa.Table, out: Path, created: str) -> str:
    """The manifest as the job wrote it before it streamed: one json.dumps of the whole dict."""
    report_rows = result.num_rows
    manifest = {
        "job": "reviewer-rollup",
        "version": rollup_job.JOB_VERSION,
        "engine": "duckdb",
        "engine_version": "9.9",
        "rules_sha256": rollup_job.rules_sha256(),
        "created": created,
        "inputs": [
            {
                "name": item.name,
                "format": item.fmt,
                "container": item.container,
                "size": item.size,
                "sha256": item.sha256,
                "messages": 7,
            }
            for item in job.inputs
        ],
        "registry": None,
        "operator": job.flag_group[0],
        "industry": job.flag_group[1],
        "output": {"name": out.name, "sha256": rollup_job.sha256_of(out), "rows": report_rows},
        "rows": [
            {
                "first": _old_position(f),
                "last": _old_position(la),
                "messages": c,
            }
            for f, la, c in zip(
                result["first_pos"].to_pylist(),
                result["last_pos"].to_pylist(),
                result["message_count"].to_pylist(),
                strict=True,
            )
        ],
    }
    return json.dumps(manifest, ensure_ascii=False, separators=(",", ":")) + "\n"


@pytest.mark.parametrize("rows", [0, 1, 5, 7])
def test_the_streamed_manifest_is_byte_for_byte_the_one_written_whole(rows: int, tmp_path: Path) -> None:
    job = _job(tmp_path)
    base = rollup_job.POS_BASE
    index = range(rows)
    result = pa.table(
        {
            "period": pa.array(["2027-04"] * rows, pa.string()),
            "industry": pa.array(["医療"] * rows, pa.string()),
            "operator": pa.array([f"op {i}" for i in range(rows)], pa.string()),
            "robots_deployed": pa.array([3] * rows, pa.int64()),
            "robots_active": pa.array([2] * rows, pa.int64()),
            "operating_ms": pa.array([3_600_000 * i for i in range(rows)], pa.int64()),
            "interventions": pa.array([i % 2 for i in range(rows)], pa.int64()),
            # a row without positions (null) as well as rows of the second input
            "first_pos": pa.array(
                [None if i == 2 else (i % 2) * base + 10 * i + 1 for i in index], pa.int64()
            ),
            "last_pos": pa.array(
                [None if i == 2 else (i % 2) * base + 10 * i + 9 for i in index], pa.int64()
            ),
            "message_count": pa.array([0 if i == 2 else 9 for i in range(rows)], pa.int64()),
        }
    )
    out = tmp_path / "out" / "fleet.parquet"
    # batches of 2 rows: the array is written across several chunks
    written = rollup_job.write_outputs(job, "duckdb", "9.9", result, {0: 7}, out, False, chunk_rows=2)
    text = written.manifest.read_text("utf-8")
    created = json.loads(text)["created"]
    assert dt.datetime.fromisoformat(created).utcoffset() == dt.timedelta(0)
    assert text == _old_manifest_text(job, result, out, created)


_WRITER = """
import json, resource, sys
from pathlib import Path
import numpy as np, pyarrow as pa, pyarrow.csv, pyarrow.parquet
from reviewer.rollup import job as rollup_job

n, tmp = int(sys.argv[1]), Path(sys.argv[2])
job = rollup_job.prepare([sys.argv[3]], "Kanto Care", "医療", None)
i = np.arange(n, dtype=np.int64)
result = pa.table({
    "period": pa.array(np.full(n, "2027-04", dtype=object), pa.string()),
    "industry": pa.array(np.full(n, "医療", dtype=object), pa.string()),
    "operator": pa.array(np.full(n, "Kanto Care", dtype=object), pa.string()),
    "robots_deployed": np.full(n, 3), "robots_active": np.full(n, 2),
    "operating_ms": i, "interventions": i % 3,
    "first_pos": 10 * i + 1, "last_pos": 10 * i + 10, "message_count": np.full(n, 10),
})
small = result.slice(0, 1000)
rollup_job.write_outputs(job, "duckdb", "x", small, {0: 1}, tmp / "warm.parquet", False)  # warms every path
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
rollup_job.write_outputs(job, "duckdb", "x", result, {0: 10 * n}, tmp / "fleet.parquet", False)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base)
"""


def test_the_writer_memory_is_flat_in_the_rows(tmp_path: Path) -> None:
    """2,000,000 rows: the manifest is written a record batch at a time. Writing it whole built
    2,000,000 dicts and the whole text first (more than a GiB); the Arrow result the engines
    hand over is all that is held."""
    import ijson

    n = 2_000_000
    source = _job(tmp_path).inputs[0].location
    done = subprocess.run(
        [sys.executable, "-c", _WRITER, str(n), str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    growth_kib = int(done.stdout.strip().splitlines()[-1])
    assert growth_kib < 200 * 1024, growth_kib
    with _manifest_of(tmp_path / "fleet.parquet").open("rb") as stream:
        count = 0
        last = None
        for item in ijson.items(stream, "rows.item"):
            count += 1
            last = item
    assert count == n and last == {
        "first": {"input": 0, "line": 10 * n - 9},
        "last": {"input": 0, "line": 10 * n},
        "messages": 10,
    }


# -- the importer: a manifest that does not describe its file ------------------------------------


def test_a_rows_array_longer_than_the_file_is_refused(db: sqlite_utils.Database, rollup: Path) -> None:
    manifest = _load(rollup)
    rows = _rows(rollup)
    n = len(rows)
    manifest["rows"] = [*rows, rows[-1]]
    _write(rollup, manifest)
    assert _refused(db, rollup) == f'its "rows" has more items than the file has rows ({n})'


def test_a_rows_array_shorter_than_the_file_is_refused(db: sqlite_utils.Database, rollup: Path) -> None:
    manifest = _load(rollup)
    rows = _rows(rollup)
    n = len(rows)
    manifest["rows"] = rows[:-1]
    _write(rollup, manifest)
    assert _refused(db, rollup) == f'its "rows" has {n - 1} items, the file has {n} rows'


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        (5, 'row 2: its "rows" item is not an object'),
        (None, 'row 2: its "rows" item is not an object'),
        ({"first": {"input": 0, "line": 1}, "last": {"input": 0, "line": 2}, "messages": -3},
         'row 2: "messages" is not a count: -3'),
        ({"first": {"input": 0, "line": 1}, "last": {"input": 0, "line": 2}, "messages": 2.5},
         'row 2: "messages" is not a count: 2.5'),
        ({"first": {"input": 0, "line": 1}, "last": {"input": 0, "line": 2}, "messages": "2"},
         "row 2: \"messages\" is not a count: '2'"),
        ({"first": {"input": 0, "line": 1}, "last": {"input": 0, "line": 2}, "messages": True},
         'row 2: "messages" is not a count: True'),
        ({"first": {"input": 0, "line": 1}, "last": {"input": 0, "line": 2}},
         'row 2: "messages" is not a count: None'),
        ({"first": {"input": 0, "line": "1"}, "last": {"input": 0, "line": 2}, "messages": 2},
         'row 2: "first" is not a message\'s place: {\'input\': 0, \'line\': \'1\'}'),
        ({"first": [0, 1], "last": {"input": 0, "line": 2}, "messages": 2},
         'row 2: "first" is not a message\'s place: [0, 1]'),
        ({"first": {"input": 0, "line": 1}, "last": {"input": 0, "line": -2}, "messages": 2},
         'row 2: "last" is not a message\'s place: {\'input\': 0, \'line\': -2}'),
    ],
)  # fmt: skip
def test_a_rows_item_that_is_not_a_place_is_refused_at_its_row(
    db: sqlite_utils.Database, rollup: Path, item: object, reason: str
) -> None:
    manifest = _load(rollup)
    rows = _rows(rollup)
    rows[1] = item
    manifest["rows"] = rows
    _write(rollup, manifest)
    assert _refused(db, rollup) == reason


def test_items_of_another_shape_are_read_the_general_way(db: sqlite_utils.Database, rollup: Path) -> None:
    """Items written as the job writes them are checked thousands at a time; an item with its keys
    in another order, an extra key or no place is read on its own, and so is every item after it."""
    manifest = _load(rollup)
    rows = _rows(rollup)
    assert len(rows) >= 4
    first = rows[0]
    assert isinstance(first, dict)
    rows[0] = {"messages": first["messages"], "last": first["last"], "first": first["first"], "note": "x"}
    rows[2] = {"first": None, "last": None, "messages": 0}
    manifest["rows"] = rows
    _write(rollup, manifest)
    evidence.import_file(db, rollup, evidence.ImportOptions())
    places = db.execute(
        "SELECT first_message, last_message, message_count FROM fleet_observation ORDER BY evidence_id"
    ).fetchall()
    expected = [
        (None, None, r["messages"])
        if r["first"] is None
        else (r["first"]["line"], r["last"]["line"], r["messages"])
        for r in rows
        if isinstance(r, dict)
    ]
    assert places == expected and places[2] == (None, None, 0)


@pytest.mark.parametrize("cut", ["middle", "after-last-item"])
def test_a_truncated_manifest_is_refused_and_nothing_is_written(
    db: sqlite_utils.Database, rollup: Path, cut: str
) -> None:
    path = _manifest_of(rollup)
    text = path.read_bytes()
    if cut == "middle":  # cut inside the second item of "rows"
        start = text.index(b'"rows":[')
        second = text.index(b'},{"first"', start) + 12
        path.write_bytes(text[:second])
        assert _refused(db, rollup).startswith("it is cut short (row 2)")
        with pytest.raises(InputRefused) as caught:
            evidence.import_file(db, rollup, evidence.ImportOptions())
        (problem,) = caught.value.problems
        said = messages.text(
            problem.code, "ja", **problem.params
        )  # as the command line and the window say it
        assert said == "マニフェストがこのファイルと合いません: 途中で切れています（2 行目）"
    else:  # every row is there: the import reads to the end before it finds the cut
        path.write_bytes(text.rstrip()[:-2])
        assert _refused(db, rollup).startswith("it is cut short")


@pytest.mark.parametrize("where", ["header", "rows"])
def test_a_value_nested_too_deep_is_refused_not_a_traceback(
    db: sqlite_utils.Database, rollup: Path, where: str
) -> None:
    text = _manifest_of(rollup).read_text("utf-8")
    deep = "[" * 200_000 + "]" * 200_000
    if where == "header":
        text = '{"note":' + deep + "," + text.lstrip()[1:]
    else:
        text = text.replace('"rows":[', '"rows":[' + deep + ",", 1)
    _manifest_of(rollup).write_text(text, "utf-8")
    assert _refused(db, rollup) == "nested too deeply"  # said in Japanese too: no Python exception text


def test_trailing_text_after_the_manifest_is_refused(db: sqlite_utils.Database, rollup: Path) -> None:
    path = _manifest_of(rollup)
    path.write_bytes(path.read_bytes() + b'{"job":"reviewer-rollup"}\n')
    assert _refused(db, rollup).startswith("not JSON")


@pytest.mark.parametrize("key", ["job", "inputs", "output", "engine", "rows"])
def test_a_duplicate_top_level_key_is_refused(db: sqlite_utils.Database, rollup: Path, key: str) -> None:
    """json.loads keeps the last of two equal keys silently; a manifest that gives a key twice says
    two things about one file and is refused even when the value json.loads keeps is the true one."""
    text = _manifest_of(rollup).read_text("utf-8").rstrip()
    manifest = _load(rollup)
    if key == "rows":  # the same rows again after the first "rows"
        doubled = text[:-1] + ',"rows":' + json.dumps(manifest["rows"]) + "}"
    else:  # a decoy first, the true value later
        decoy = {"job": "another-job", "inputs": [], "output": {}, "engine": "spark"}[key]
        doubled = "{" + json.dumps(key) + ":" + json.dumps(decoy) + "," + text[1:]
    _manifest_of(rollup).write_text(doubled, "utf-8")
    assert json.loads(doubled) == manifest
    assert _refused(db, rollup) == f'its key "{key}" appears twice'


def test_a_key_that_must_come_before_the_rows_and_does_not_is_refused(
    db: sqlite_utils.Database, rollup: Path
) -> None:
    manifest = _load(rollup)
    output = manifest.pop("output")
    manifest["output"] = output  # after "rows"
    _write(rollup, manifest)
    assert _refused(db, rollup) == 'not a reviewer-rollup manifest ("job" and "output" come before "rows")'


def test_a_manifest_with_sorted_keys_still_imports(db: sqlite_utils.Database, rollup: Path) -> None:
    """Re-written by a tool that sorts keys, "rows" is no longer last (rules_sha256 and version
    follow it): those keys are read after the rows and kept in the batch's summary."""
    manifest = _load(rollup)
    _manifest_of(rollup).write_text(json.dumps(manifest, sort_keys=True, indent=2), "utf-8")
    result = evidence.import_file(db, rollup, evidence.ImportOptions())
    assert result.records == len(_rows(rollup))
    summary = json.loads(db.execute("SELECT rollup_manifest FROM import_batch").fetchone()[0])
    assert summary["version"] == manifest["version"] and summary["rules_sha256"] == manifest["rules_sha256"]
    assert "rows" not in summary
    places = db.execute(
        "SELECT first_message, last_message, message_count FROM fleet_observation ORDER BY evidence_id"
    ).fetchall()
    assert places == [(r["first"]["line"], r["last"]["line"], r["messages"]) for r in _rows(rollup)]


def test_rows_are_checked_when_there_are_several_inputs(db: sqlite_utils.Database, rollup: Path) -> None:
    """With several inputs the places are not kept (a line number alone does not say which file),
    but the rows are still read and checked in step."""
    manifest = _load(rollup)
    inputs = manifest["inputs"]
    assert isinstance(inputs, list)
    manifest["inputs"] = [*inputs, inputs[0]]
    rows = _rows(rollup)
    manifest["rows"] = rows[:-1]
    _write(rollup, manifest)
    assert _refused(db, rollup) == f'its "rows" has {len(rows) - 1} items, the file has {len(rows)} rows'
    manifest["rows"] = rows
    _write(rollup, manifest)
    evidence.import_file(db, rollup, evidence.ImportOptions())
    unplaced = db.execute("SELECT count(*) FROM fleet_observation WHERE first_message IS NULL").fetchone()[0]
    assert unplaced == len(rows)


# -- the importer: a national run's manifest --------------------------------------------------------

_HUGE = """
import datetime as dt, json, resource, sys
from pathlib import Path
import ijson, pyarrow, pyarrow.compute, pyarrow.parquet  # loaded before the baseline is taken
from reviewer.services import evidence
from reviewer.store.db import open_database

db = open_database(Path(sys.argv[1]))
evidence.import_file(db, Path(sys.argv[2]), evidence.ImportOptions())  # a small file: warms every path
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = evidence.import_file(db, Path(sys.argv[3]), evidence.ImportOptions())
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"records": result.records, "growth_kib": peak - base}))
"""


def _national(path: Path, n: int, first_operator: int = 0) -> None:
    """n rows of a fleet report (one period, n operators) and a manifest beside it, written in
    chunks so the test process holds neither whole."""
    import numpy as np

    schema = pa.schema(
        [("period", pa.string()), ("industry", pa.string()), ("operator", pa.string()),
         ("robots_deployed", pa.int64()), ("robots_active", pa.int64()), ("operating_hours", pa.float64()),
         ("interventions", pa.int64()), ("incidents", pa.int64())]
    )  # fmt: skip
    chunk = 1 << 18
    with parquet.ParquetWriter(path, schema, compression="zstd") as writer:
        for start in range(0, n, chunk):
            i = np.arange(start, min(n, start + chunk), dtype=np.int64)
            operators = pc.binary_join_element_wise(
                "operator-", pc.cast(pa.array(i + first_operator), pa.string()), ""
            )
            writer.write_table(
                pa.table(
                    {
                        "period": pa.array(["2027-06"] * len(i), pa.string()),
                        "industry": pa.array(["medical"] * len(i), pa.string()),
                        "operator": operators,
                        "robots_deployed": 10 + i % 90,
                        "robots_active": 10 + i % 90 - i % 5,
                        "operating_hours": (i % 1000) * 1.5,
                        "interventions": i % 4,
                        "incidents": i % 2,
                    },
                    schema=schema,
                )
            )
    header = {
        "job": "reviewer-rollup",
        "version": rollup_job.JOB_VERSION,
        "engine": "duckdb",
        "engine_version": "test",
        "rules_sha256": rollup_job.rules_sha256(),
        "created": dt.datetime(2026, 12, 7, tzinfo=dt.UTC).isoformat(timespec="seconds"),
        "inputs": [{"name": "national.jsonl", "format": "vda5050-state", "container": "plain",
                    "size": 1, "sha256": "0" * 64, "messages": 10 * n}],
        "registry": None,
        "operator": None,
        "industry": None,
        "output": {"name": path.name, "sha256": rollup_job.sha256_of(path), "rows": n},
    }  # fmt: skip
    item = '{"first":{"input":0,"line":%d},"last":{"input":0,"line":%d},"messages":10}'
    with _manifest_of(path).open("w", encoding="utf-8") as out:
        out.write(json.dumps(header, separators=(",", ":"))[:-1] + ',"rows":[')
        for start in range(0, n, chunk):
            stop = min(n, start + chunk)
            text = ",".join(item % (10 * i + 1, 10 * i + 10) for i in range(start, stop))
            out.write(("," if start else "") + text)
        out.write("]}\n")


def test_a_national_manifest_is_imported_with_memory_flat(tmp_path: Path) -> None:
    """2,000,000 rows and their 170 MB manifest: the import's peak memory grows by less than
    300 MiB (the old reader held the parsed manifest, over 1.5 GiB, for the whole import)."""
    n = 2_000_000
    db_path = tmp_path / "p.db"
    programs.init_database(db_path, PLAN)
    small = tmp_path / "small.parquet"
    _national(small, 1_000, first_operator=n)
    big = tmp_path / "national.parquet"
    _national(big, n)
    assert _manifest_of(big).stat().st_size > 150_000_000
    done = subprocess.run(
        [sys.executable, "-c", _HUGE, str(db_path), str(small), str(big)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["records"] == n
    assert figures["growth_kib"] < 300 * 1024, figures
    db = open_database(db_path)
    try:
        last = db.execute(
            "SELECT first_message, last_message, message_count FROM fleet_observation"
            " WHERE operator = 'operator-1999999'"
        ).fetchone()
    finally:
        db.close()
    assert tuple(last) == (10 * n - 9, 10 * n, 10)


def test_nothing_but_the_import_of_a_parquet_report_loads_ijson() -> None:
    code = "import sys, reviewer.cli, reviewer.services.evidence; print('ijson' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert done.stdout.strip() == "False", done.stderr
