"""What every engine shares: the job's inputs, the registry, the rules text, and the outputs.

A runner (`duckdb_runner`, `spark_runner`) turns the inputs into the relations `rules.sql`
names, runs its statements, and hands back the rollup as an Arrow table; `write_outputs` then
writes the fleet report (Parquet, CSV on request) and the manifest the same way for both.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from reviewer.core.errors import InputRefused, Problem
from reviewer.core.normalize import fold
from reviewer.importers import open_rmf, vda5050
from reviewer.importers.base import HEAD_BYTES, MAX_LINE_BYTES
from reviewer.importers.registry_csv import load_registry
from reviewer.rollup import JOB_VERSION

VDA = "vda5050-state"
RMF = "open-rmf-fleet-state"
PARQUET_MAGIC = b"PAR1"
GZIP_MAGIC = b"\x1f\x8b"
# A message's place as one integer: file_no * POS_BASE + line (rules.sql, msg_pos).
POS_BASE = 10**12
MS_PER_HOUR = 3_600_000
ROBOT_SEP = "\x1f"  # between manufacturer and serial number (or fleet and robot name)


@dataclass(frozen=True)
class Input:
    """One input: a local file (hashed) or, for Spark, a URI the engine reads (not hashed)."""

    location: str  # what the engine opens
    name: str  # what errors and the manifest call it
    fmt: str  # VDA or RMF
    container: str  # "jsonl", "gzip" or "parquet"
    size: int | None = None
    sha256: str | None = None


@dataclass
class Job:
    """Everything a runner needs; built by `prepare` from the command line."""

    inputs: list[Input]
    registry_rows: list[tuple[str, str, str, str]] = field(default_factory=list)
    flag_group: tuple[str | None, str | None, str | None] = (None, None, None)
    registry_name: str | None = None
    registry_sha256: str | None = None

    def problem(self, file_no: int, line: int | None, code: str, **params: object) -> Problem:
        return Problem(self.inputs[file_no].name, code, line, None, params)


class EngineMissing(Exception):
    """The engine's extra is not installed; carries the extra's name."""

    def __init__(self, engine: str, extra: str) -> None:
        self.engine = engine
        self.extra = extra
        super().__init__(engine)


def rules(file: str = "rules.sql") -> dict[str, str]:
    """The named statements of one of the package's SQL files (`-- name: X` opens each)."""
    text = resources.files("reviewer.rollup").joinpath(file).read_text("utf-8")
    statements: dict[str, str] = {}
    name = None
    body: list[str] = []
    for line in text.splitlines():
        match = re.fullmatch(r"-- name: (\w+)", line.strip())
        if match:
            if name:
                statements[name] = "\n".join(body).strip()
            name, body = match.group(1), []
        elif name and not line.lstrip().startswith("--"):
            body.append(line)
    if name:
        statements[name] = "\n".join(body).strip()
    return statements


def rules_sha256() -> str:
    """SHA-256 over rules.sql and formats.sql: which definition of the rules produced an output."""
    digest = hashlib.sha256()
    for file in ("formats.sql", "rules.sql"):
        digest.update(resources.files("reviewer.rollup").joinpath(file).read_bytes())
    return digest.hexdigest()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def expand(patterns: Sequence[str], allow_uris: bool) -> Iterator[tuple[str, Path | None]]:
    """Each input as given, a folder as its files (sorted), a glob as its matches (sorted)."""
    for pattern in patterns:
        if allow_uris and re.match(r"^[a-z][a-z0-9+.-]*://", pattern) and not pattern.startswith("file://"):
            yield pattern, None
            continue
        path = Path(pattern.removeprefix("file://"))
        if path.is_dir():
            for child in sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")):
                yield str(child), child
        elif any(ch in pattern for ch in "*?["):
            base = Path(path.anchor) if path.is_absolute() else Path()
            rel = str(path.relative_to(path.anchor)) if path.is_absolute() else pattern
            matches = sorted(p for p in base.glob(rel) if p.is_file())
            if not matches:
                raise InputRefused.one(pattern, "E-ROLLUP-NO-INPUT")
            for match in matches:
                yield str(match), match
        else:
            yield pattern, path


def _head(path: Path) -> tuple[str, bytes]:
    with path.open("rb") as stream:
        head = stream.read(HEAD_BYTES)
    if head.startswith(PARQUET_MAGIC):
        return "parquet", head
    if head.startswith(GZIP_MAGIC):
        with gzip.open(path, "rb") as stream:
            try:
                return "gzip", stream.read(HEAD_BYTES)
            except (OSError, EOFError):
                raise InputRefused.one(path.name, "E-ROLLUP-GZIP") from None
    return "jsonl", head


def _parquet_format(path: Path) -> str | None:
    from pyarrow import parquet

    names = set(parquet.read_schema(path).names)
    if {"manufacturer", "serialNumber", "timestamp"} <= names:
        return VDA
    if {"name", "robots"} <= names or "data" in names:
        return RMF
    return None


def describe_input(location: str, path: Path | None) -> Input:
    """Detect an input's container and format by content; raises InputRefused naming the file."""
    if path is None:
        # A URI only Spark reads: the format comes from its name's hint, else VDA 5050.
        fmt = RMF if "rmf" in location.lower() else VDA
        container = "parquet" if location.endswith(".parquet") else "jsonl"
        return Input(location, location, fmt, container)
    name = path.name
    if not path.is_file():
        code = "E-NOT-A-FILE" if path.exists() else "E-ROLLUP-NO-INPUT"
        raise InputRefused.one(str(path), code)
    container, head = _head(path)
    detected: str | None
    if container == "parquet":
        detected = _parquet_format(path)
    elif vda5050.sniff(head, path):
        detected = VDA
    elif open_rmf.sniff(head, path) and _first_line_is_object(head):
        detected = RMF
    else:
        detected = None
    if detected is None:
        raise InputRefused.one(name, "E-ROLLUP-FORMAT", tried=f"{VDA}, {RMF}")
    return Input(str(path), name, detected, container, path.stat().st_size, sha256_of(path))


def _first_line_is_object(head: bytes) -> bool:
    first = next((line.strip() for line in head.split(b"\n") if line.strip()), b"")
    return first.removeprefix(b"\xef\xbb\xbf").startswith(b"{") and first.endswith(b"}")


def prepare(
    inputs: Sequence[str],
    operator: str | None,
    industry: str | None,
    registry: Path | None,
    allow_uris: bool = False,
) -> Job:
    """The job for these inputs and robot grouping; raises InputRefused naming what is wrong."""
    described = [describe_input(location, path) for location, path in expand(inputs, allow_uris)]
    if not described:
        raise InputRefused.one("-", "E-ROLLUP-NO-INPUT")
    job = Job(described)
    if registry is not None:
        entries = load_registry(registry, lambda text: text)
        for (manufacturer, serial), entry in entries.items():
            # each robot keeps its registry spelling; rules.sql names a row after the first seen
            job.registry_rows.append(
                (manufacturer + ROBOT_SEP + serial, entry.operator, entry.industry, fold(entry.operator))
            )
        job.registry_name = registry.name
        job.registry_sha256 = sha256_of(registry)
    else:
        job.flag_group = ((operator or "").strip(), (industry or "").strip(), fold(operator or ""))
    return job


# ---------------------------------------------------------------------------------- problems


def problems_sql(formats: dict[str, str], rules: dict[str, str]) -> str:
    """Every refusal the engine finds, as rows (file_no, line, code, field, value, expected,
    robot, t_ms, prev_t, prev_file, prev_line); the runner provides `too_long(file_no, line)`."""
    nulls = "CAST(NULL AS STRING), CAST(NULL AS STRING), CAST(NULL AS STRING)"
    no_times = "CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT)"
    return (
        f"SELECT file_no, line, code, field, value, expected, CAST(NULL AS STRING) AS robot,"
        f" CAST(NULL AS BIGINT) AS t_ms, CAST(NULL AS BIGINT) AS prev_t, CAST(NULL AS BIGINT) AS prev_file,"
        f" CAST(NULL AS BIGINT) AS prev_line"
        f" FROM ({formats['vda_problems']} UNION ALL {formats['rmf_problems']}) p"
        f" UNION ALL SELECT file_no, line, 'E-LINE-TOO-LONG', CAST(NULL AS STRING), '{MAX_LINE_BYTES}',"
        f" CAST(NULL AS STRING), CAST(NULL AS STRING), {no_times} FROM too_long"
        f" UNION ALL SELECT file_no, line, 'E-UNREGISTERED-ROBOT', {nulls}, robot, {no_times}"
        f" FROM ({rules['unregistered']}) u"
        f" UNION ALL SELECT file_no, line, 'E-TIME-ORDER', {nulls}, robot, t_ms, prev_t, prev_file, prev_line"
        f" FROM ({rules['out_of_order']}) o"
    )


def time_text(ms: int) -> str:
    moment = dt.datetime.fromtimestamp(ms / 1000, dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=9)))
    return moment.isoformat(timespec="milliseconds")


def problem_from_row(job: Job, row: dict[str, Any]) -> Problem:
    """A refusal found by the engine, as the product's importers word it."""
    file_no, line, code = int(row["file_no"]), row["line"], row["code"]
    params: dict[str, object] = {}
    if code == "E-TIME-ORDER":
        prev_file = int(row["prev_file"])
        previous_line = (
            row["prev_line"] if prev_file == file_no else f"{job.inputs[prev_file].name}:{row['prev_line']}"
        )
        params = {
            "robot": str(row["robot"]).replace(ROBOT_SEP, " / "),
            "time": time_text(int(row["t_ms"])),
            "previous": time_text(int(row["prev_t"])),
            "previous_line": previous_line,
        }
    elif code == "E-UNREGISTERED-ROBOT":
        params = {"robot": str(row["robot"]).replace(ROBOT_SEP, " / "), "registry": job.registry_name}
    elif code == "E-TELEMETRY-FIELD":
        params = {"field": row["field"]}
    elif code == "E-TELEMETRY-VALUE":
        params = {"field": row["field"], "value": row["value"], "expected": row["expected"]}
    elif code == "E-VDA-VERSION":
        params = {"value": row["value"]}
    elif code == "E-JSON-SYNTAX":
        params = {"reason": row["value"] or "not a JSON object"}
    elif code == "E-LINE-TOO-LONG":
        params = {"limit": row["value"]}
    return job.problem(file_no, None if line is None else int(line), code, **params)


# ---------------------------------------------------------------------------------- outputs


@dataclass(frozen=True)
class Written:
    report: Path
    manifest: Path
    csv: Path | None
    rows: int


def write_outputs(
    job: Job,
    engine: str,
    engine_version: str,
    result: Any,
    messages: dict[int, int],
    out: Path,
    csv: bool,
    chunk_rows: int = 65_536,
) -> Written:
    """Write OUT.parquet, OUT.manifest.json and (with csv) OUT.csv from the rules' result.

    `result` is an Arrow table with the columns of rules.sql's `rollup`; `messages` the
    message count of each input. Operating hours are the integer milliseconds divided once.
    """
    import pyarrow as pa
    from pyarrow import compute as pc
    from pyarrow import csv as pa_csv
    from pyarrow import parquet

    hours = pc.divide(pc.cast(result["operating_ms"], pa.float64()), pa.scalar(float(MS_PER_HOUR)))
    report = pa.table(
        {
            "period": pc.cast(result["period"], pa.string()),
            "industry": pc.cast(result["industry"], pa.string()),
            "operator": pc.cast(result["operator"], pa.string()),
            "robots_deployed": pc.cast(result["robots_deployed"], pa.int64()),
            "robots_active": pc.cast(result["robots_active"], pa.int64()),
            "operating_hours": hours,
            "interventions": pc.cast(result["interventions"], pa.int64()),
            "incidents": pa.array([0] * result.num_rows, pa.int64()),
        }
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    parquet.write_table(report, out, compression="zstd")
    csv_path = None
    if csv:
        csv_path = out.with_suffix(".csv")
        pa_csv.write_csv(report, csv_path)
    header = {
        "job": "reviewer-rollup",
        "version": JOB_VERSION,
        "engine": engine,
        "engine_version": engine_version,
        "rules_sha256": rules_sha256(),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "inputs": [
            {
                "name": item.name,
                "format": item.fmt,
                "container": item.container,
                "size": item.size,
                "sha256": item.sha256,
                "messages": messages.get(index, 0),
            }
            for index, item in enumerate(job.inputs)
        ],
        "registry": None
        if job.registry_name is None
        else {"name": job.registry_name, "sha256": job.registry_sha256},
        "operator": job.flag_group[0],
        "industry": job.flag_group[1],
        "output": {"name": out.name, "sha256": sha256_of(out), "rows": report.num_rows},
    }
    places = result.select(["first_pos", "last_pos", "message_count"]).cast(
        pa.schema([("first_pos", pa.int64()), ("last_pos", pa.int64()), ("message_count", pa.int64())])
    )
    manifest_path = manifest_path_for(out)
    with manifest_path.open("w", encoding="utf-8", newline="\n") as stream:
        write_manifest(stream, header, places.to_batches(max_chunksize=chunk_rows))
    return Written(out, manifest_path, csv_path, report.num_rows)


def write_manifest(stream: TextIO, header: Mapping[str, object], places: Iterable[Any]) -> None:
    """The manifest as one compact JSON object, "rows" last, written a record batch at a time.

    `places` are Arrow record batches of first_pos, last_pos and message_count (int64). A
    national run has millions of rows: they are never a Python list of all rows (a record batch's
    three columns are, at a time). The text is what `json.dumps(..., ensure_ascii=False,
    separators=(",", ":"))` gives for the whole object, so manifests are the same bytes as
    before they were streamed; the importer (importers/fleet_parquet.py) reads them as a stream
    in the same order.
    """
    head = json.dumps(dict(header), ensure_ascii=False, separators=(",", ":"))
    stream.write(head[:-1] + ',"rows":[')
    separator = ""
    for batch in places:
        firsts, lasts, counts = (batch.column(i).to_pylist() for i in range(3))
        items = ",".join(
            f'{{"first":{_place_json(first)},"last":{_place_json(last)},"messages":{_count_json(count)}}}'
            for first, last, count in zip(firsts, lasts, counts, strict=True)
        )
        if items:
            stream.write(separator + items)
            separator = ","
    stream.write("]}\n")


def _count_json(count: int | None) -> str:
    return "null" if count is None else str(count)


def _place_json(pos: int | None) -> str:
    """A message's place as the manifest's JSON: the input's index (0-based) and its line."""
    if pos is None:
        return "null"
    file_no, line = divmod(pos, POS_BASE)
    return f'{{"input":{file_no},"line":{line}}}'


def manifest_path_for(out: Path) -> Path:
    """OUT.parquet's manifest: OUT.manifest.json beside it."""
    return out.with_name(out.stem + ".manifest.json")
