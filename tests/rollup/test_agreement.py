"""SPEC §14 "Agreement": on the same telemetry, the product's own importers, the DuckDB job and
the Spark job (local mode) give identical rollups, row for row, and refuse the same files.

The telemetry is generated (tests/rollup/telemetry_gen.py): several operators and industries,
VDA 5050 2.x (plain) and 3.x (gzip, and the same messages as Parquet), Open-RMF fleet states,
Japan-time month boundaries, gaps over the 60 s cap, MANUAL intervals, FATAL onsets, emergency
stops, a month reached only by an interval's tail, and out-of-order messages that must be refused.
One SparkSession serves the whole module.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from pyarrow import parquet

from reviewer.core.errors import InputRefused
from reviewer.core.models import FleetRecord
from reviewer.importers import open_rmf, vda5050
from reviewer.importers.base import ParseContext
from reviewer.rollup import cli, duckdb_runner, spark_runner
from reviewer.rollup.job import manifest_path_for, prepare, write_outputs
from tests.rollup import telemetry_gen as gen

INDUSTRIES = {industry for _operator, industry in [*gen.GROUPS, gen.SPILL_GROUP]}
Row = tuple[object, ...]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = spark_runner.session()
    yield session
    session.stop()


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    rng = random.Random(20270501)
    folder = tmp_path_factory.mktemp("telemetry")
    v2 = gen.robots("AGV2", 12, rng)
    v3 = gen.robots("AGV3", 10, rng)
    spill = gen.Robot("Omron", "SPILL-1", gen.SPILL_GROUP)
    # Open-RMF fleets: one spelling of an operator per fleet (within one fleet_state message,
    # robots share a line, and which spelling comes first is the message's own order)
    rmf_fleets = {
        "deliveryBots": [gen.Robot("deliveryBots", f"tinyRobot{i}", gen.GROUPS[i % 2 * 2]) for i in range(5)],
        "cleanerBots": [gen.Robot("cleanerBots", f"cleaner{i}", gen.GROUPS[3 + i % 2]) for i in range(4)],
    }
    everyone = [*v2, *v3, spill, *(robot for fleet in rmf_fleets.values() for robot in fleet)]
    out = {"registry": folder / "robots.csv"}
    out["registry"].write_text(gen.registry_rows(everyone), "utf-8")
    v2_lines = gen.vda_lines(v2, "2.0.0", 40, rng) + gen.spill_only_robot(spill, "2.1.0")
    out["vda2"] = gen.write(folder / "agv_v2.jsonl", v2_lines, blank_every=17)
    v3_lines = gen.vda_lines(v3, "3.0.0", 40, rng)
    out["vda3"] = gen.write(folder / "agv_v3.jsonl", v3_lines)
    out["vda3_gz"] = folder / "agv_v3.jsonl.gz"
    out["vda3_gz"].write_bytes(gzip.compress(out["vda3"].read_bytes()))
    out["vda3_parquet"] = folder / "agv_v3.parquet"
    parquet.write_table(_as_table([json.loads(line) for line in v3_lines]), out["vda3_parquet"])
    out["rmf"] = gen.write(folder / "fleet_states.jsonl", gen.rmf_lines(rmf_fleets, 40, rng), blank_every=23)
    # out of order: one robot's 5th message moved after its 6th
    bad = list(v2_lines)
    serial = v2[0].key_b
    mine = [i for i, line in enumerate(bad) if f'"{serial}"' in line]
    bad[mine[4]], bad[mine[5]] = bad[mine[5]], bad[mine[4]]
    out["vda2_bad"] = gen.write(folder / "agv_v2_out_of_order.jsonl", bad)
    rmf_bad = gen.rmf_lines(rmf_fleets, 12, random.Random(7))
    rmf_bad[3], rmf_bad[8] = rmf_bad[8], rmf_bad[3]
    out["rmf_bad"] = gen.write(folder / "fleet_states_out_of_order.jsonl", rmf_bad)
    return out


def _as_table(messages: list[dict[str, Any]]) -> pa.Table:
    """The messages as a Parquet-ready table (VDA 5050's structure as nested columns)."""
    error = pa.struct([("errorType", pa.string()), ("errorLevel", pa.string())])
    schema = pa.schema(
        [
            ("headerId", pa.int64()),
            ("timestamp", pa.string()),
            ("version", pa.string()),
            ("manufacturer", pa.string()),
            ("serialNumber", pa.string()),
            ("operatingMode", pa.string()),
            ("errors", pa.list_(error)),
            (
                "safetyState",
                pa.struct([("activeEmergencyStop", pa.string()), ("fieldViolation", pa.bool_())]),
            ),
        ]
    )
    rows = [
        {
            name: m[name]
            if name != "errors"
            else [{k: e[k] for k in ("errorType", "errorLevel")} for e in m[name]]
            for name in schema.names
        }
        for m in messages
    ]
    return pa.Table.from_pylist(rows, schema=schema)


def product(path: Path, registry: Path) -> list[Row]:
    """The rollup as the product's own importer computes it."""
    module = open_rmf if "fleet_states" in path.name else vda5050
    ctx = ParseContext(
        display_name=path.name, registry=registry, resolve_industry=lambda t: t if t in INDUSTRIES else None
    )
    rows = []
    for record in module.parse(path, ctx):
        assert isinstance(record, FleetRecord)
        place = record.place
        rows.append(
            (
                record.period,
                record.industry,
                record.operator,
                record.robots_deployed,
                record.robots_active,
                record.operating_hours,
                record.interventions,
                record.incidents,
                place.first_message,
                place.last_message,
                place.message_count,
            )
        )
    return rows


def written(out: Path) -> list[Row]:
    """The rows of a job's Parquet fleet report, with each row's provenance from the manifest."""
    table = parquet.read_table(out).to_pylist()
    manifest = json.loads(manifest_path_for(out).read_text("utf-8"))
    assert manifest["output"]["rows"] == len(table)
    rows = []
    for row, origin in zip(table, manifest["rows"], strict=True):
        rows.append(
            (
                *(
                    row[name]
                    for name in ("period", "industry", "operator", "robots_deployed", "robots_active")
                ),
                row["operating_hours"],
                row["interventions"],
                row["incidents"],
                origin["first"]["line"],
                origin["last"]["line"],
                origin["messages"],
            )
        )
    return rows


def job_rows(engine: str, inputs: list[Path], registry: Path, out: Path, spark: Any = None) -> list[Row]:
    job = prepare([str(p) for p in inputs], None, None, registry)
    if engine == "duckdb":
        result, counts, version = duckdb_runner.run(job)
    else:
        result, counts, version = spark_runner.run(job, spark)
    write_outputs(job, engine, version, result, counts, out, csv=False)
    return written(out)


# (the file the product reads, the file the jobs read, engines): the gzip and the Parquet copy of
# the 3.x messages are the same messages; Spark reads the Parquet one (one SparkSession, and
# each Spark run costs seconds: CI keeps them few)
CASES = [
    ("vda2", "vda2", ("duckdb", "spark")),
    ("vda3", "vda3_gz", ("duckdb",)),
    ("vda3", "vda3_parquet", ("duckdb", "spark")),
    ("rmf", "rmf", ("duckdb", "spark")),
]


@pytest.mark.parametrize(("plain", "given", "engines"), CASES)
def test_the_engines_agree_with_the_importers_row_for_row(
    plain: str, given: str, engines: tuple[str, ...], files: dict[str, Path], spark: Any, tmp_path: Path
) -> None:
    expected = product(files[plain], files["registry"])
    for engine in engines:
        got = job_rows(engine, [files[given]], files["registry"], tmp_path / f"{engine}.parquet", spark)
        assert got == expected, engine
    # the data exercise what they are meant to
    assert len({(r[1], r[2]) for r in expected}) >= 3
    assert len({r[0] for r in expected}) >= 3
    assert sum(int(r[6]) for r in expected) > 0  # interventions (FATAL onsets, e-stops, issues)
    assert any(r[4] < r[3] for r in expected)  # robots not working in some month


def test_a_month_reached_only_by_an_intervals_tail(files: dict[str, Path], tmp_path: Path) -> None:
    rows = job_rows("duckdb", [files["vda2"]], files["registry"], tmp_path / "out.parquet")
    farms = [r for r in rows if r[1] == "agriculture"]
    # January: its message; February: nobody reported, but 30 s of an AUTOMATIC interval fall
    # after midnight of the 1st and point at the message closing it; March: its next message
    assert [r[0] for r in farms] == ["2028-01", "2028-02", "2028-03"]
    february = farms[1]
    assert (february[3], february[4], february[5], february[10]) == (0, 0, 30 / 3600, 0)
    assert february[8] == february[9] == farms[2][8]
    assert farms == [r for r in product(files["vda2"], files["registry"]) if r[1] == "agriculture"]


def test_out_of_order_messages_are_refused_by_all_three(files: dict[str, Path], spark: Any) -> None:
    bad = [files["vda2_bad"], files["rmf_bad"]]
    refused: dict[str, set[tuple[int | None, str]]] = {}
    for path in bad:
        with pytest.raises(InputRefused) as by_product:
            product(path, files["registry"])
        refused[path.name] = {(p.line, p.code) for p in by_product.value.problems}
        assert {code for _line, code in refused[path.name]} == {"E-TIME-ORDER"}
    for engine in ("duckdb", "spark"):
        # both files in one run: each refusal names its own file and line
        job = prepare([str(p) for p in bad], None, None, files["registry"])
        with pytest.raises(InputRefused) as by_job:
            if engine == "duckdb":
                duckdb_runner.run(job)
            else:
                spark_runner.run(job, spark)
        found: dict[str, set[tuple[int | None, str]]] = {}
        for problem in by_job.value.problems:
            found.setdefault(problem.file, set()).add((problem.line, problem.code))
        # every file refused, first at the same line; the job compares each message with the
        # one before it, the importer with the last one it accepted, so later lines may differ
        assert set(found) == set(refused), engine
        for name, problems in found.items():
            assert problems <= refused[name], (engine, name)
            assert min(problems) == min(refused[name]), (engine, name)


def test_the_command_writes_report_manifest_and_csv(
    files: dict[str, Path], tmp_path: Path, capsys: Any
) -> None:
    out = tmp_path / "fleet.parquet"
    status = cli.main(
        ["--registry", str(files["registry"]), "--csv", "-o", str(out), str(files["vda2"]), str(files["rmf"])]
    )
    assert status == 0, capsys.readouterr().err
    manifest = json.loads(manifest_path_for(out).read_text("utf-8"))
    assert [i["name"] for i in manifest["inputs"]] == ["agv_v2.jsonl", "fleet_states.jsonl"]
    assert manifest["engine"] == "duckdb" and manifest["registry"]["name"] == "robots.csv"
    assert all(len(i["sha256"]) == 64 and i["messages"] > 0 for i in manifest["inputs"])
    text = out.with_suffix(".csv").read_text("utf-8").splitlines()
    assert text[0].replace('"', "") == ",".join(
        [
            "period",
            "industry",
            "operator",
            "robots_deployed",
            "robots_active",
            "operating_hours",
            "interventions",
            "incidents",
        ]
    )
    assert len(text) == 1 + manifest["output"]["rows"]


def test_the_command_refuses_and_writes_nothing(files: dict[str, Path], tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "fleet.parquet"
    status = cli.main(["--registry", str(files["registry"]), "-o", str(out), str(files["vda2_bad"])])
    err = capsys.readouterr().err
    assert status == 1
    assert "agv_v2_out_of_order.jsonl:" in err and "E-TIME-ORDER" in err and "Traceback" not in err
    assert not out.exists() and not manifest_path_for(out).exists()
