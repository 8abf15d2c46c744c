"""The rollup on DuckDB: embedded, one machine, files larger than memory (spilled to disk).

Each input is read as lines (a CSV reader with no delimiter, quote or escape, so a line is one
text value and `WITH ORDINALITY` is its line number), parsed with `json_transform` into the
structs formats.sql reads, and the rules of rules.sql run over the result.
"""

from __future__ import annotations

import tempfile
from typing import Any

from reviewer.core.errors import InputRefused, Problem
from reviewer.importers.base import MAX_LINE_BYTES
from reviewer.rollup import job as common
from reviewer.rollup.job import RMF, VDA, EngineMissing, Input, Job

ENGINE = "duckdb"

_VDA_STRUCT = (
    '{"headerId":"VARCHAR","timestamp":"VARCHAR","version":"VARCHAR","manufacturer":"VARCHAR",'
    '"serialNumber":"VARCHAR","operatingMode":"VARCHAR",'
    '"errors":[{"errorType":"VARCHAR","errorLevel":"VARCHAR"}],'
    '"safetyState":{"eStop":"VARCHAR","activeEmergencyStop":"VARCHAR"}}'
)
_ROBOTS = "MAP(VARCHAR, STRUCT(status VARCHAR, unix_millis_time BIGINT, issues VARCHAR[]))"
_RMF_STRUCT = (
    f'{{"type":"VARCHAR","name":"VARCHAR","robots":"{_ROBOTS}",'
    f'"data":{{"name":"VARCHAR","robots":"{_ROBOTS}"}}}}'
)
# ISO 8601 with a zone: a time without one could be any zone (SPEC §4); DuckDB then casts it.
ISO_WITH_ZONE = (
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|z|[+-][0-9]{2}:[0-9]{2})$"
)
_FUNCTIONS = (
    "CREATE MACRO period_jst(ms) AS strftime(make_timestamp((ms + 32400000) * 1000), '%Y-%m')",
    "CREATE MACRO next_month_jst(ms) AS"
    " epoch_ms(date_trunc('month', make_timestamp((ms + 32400000) * 1000)) + INTERVAL 1 MONTH) - 32400000",
    f"CREATE MACRO msg_pos(f, l) AS CAST(f AS BIGINT) * {common.POS_BASE} + l",
    f"CREATE MACRO ms_of_iso(s) AS CASE WHEN regexp_full_match(s, '{ISO_WITH_ZONE}')"
    " THEN epoch_us(try_cast(s AS TIMESTAMPTZ)) // 1000 END",
)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _lines(index: int, item: Input) -> str:
    """The SQL of one input's (file_no, line, text), blank lines left out."""
    if item.container == "parquet":
        return (
            f"SELECT {index} AS file_no, file_row_number + 1 AS line, CAST(to_json(t) AS VARCHAR) AS text"
            f" FROM read_parquet({_quote(item.location)}, file_row_number = true) t"
        )
    compression = "gzip" if item.container == "gzip" else "none"
    return (
        f"SELECT {index} AS file_no, ordinality AS line,"
        " CASE WHEN ordinality = 1 AND starts_with(j, chr(65279)) THEN substr(j, 2) ELSE j END AS text"
        f" FROM read_csv({_quote(item.location)}, columns = {{'j': 'VARCHAR'}}, delim = chr(1), quote = '',"
        f" escape = '', header = false, auto_detect = false, compression = '{compression}',"
        f" max_line_size = {MAX_LINE_BYTES + 2}) WITH ORDINALITY"
    )


def run(job: Job, threads: int | None = None) -> tuple[Any, dict[int, int], str]:
    """Run the rules; returns (rollup as an Arrow table, messages per input, DuckDB's version).

    Raises InputRefused with every problem found (capped at 100, with the total).
    """
    try:
        import duckdb
    except ImportError:
        raise EngineMissing(ENGINE, "rollup") from None

    with tempfile.TemporaryDirectory(prefix="reviewer-rollup-") as spill:
        con = duckdb.connect(config={"temp_directory": spill})
        try:
            if threads:
                con.execute(f"SET threads = {int(threads)}")
            result, counts = _run(con, job)
            return result, counts, duckdb.__version__
        finally:
            con.close()


def _run(con: Any, job: Job) -> tuple[Any, dict[int, int]]:
    import duckdb

    for statement in _FUNCTIONS:
        con.execute(statement)
    formats = {name: sql.replace("{explode}", "unnest") for name, sql in common.rules("formats.sql").items()}
    rules = common.rules()
    con.execute(
        "CREATE TEMP TABLE vda (file_no BIGINT, line BIGINT, m " + _struct_type(con, _VDA_STRUCT) + ")"
    )
    con.execute(
        "CREATE TEMP TABLE rmf (file_no BIGINT, line BIGINT, m " + _struct_type(con, _RMF_STRUCT) + ")"
    )
    engine_problems: list[Problem] = []
    for index, item in enumerate(job.inputs):
        table, struct = ("vda", _VDA_STRUCT) if item.fmt == VDA else ("rmf", _RMF_STRUCT)
        try:
            con.execute(
                f"INSERT INTO {table} SELECT file_no, line, try(json_transform(text, {_quote(struct)}))"
                f" FROM ({_lines(index, item)}) WHERE text IS NOT NULL AND trim(text) <> ''"
            )
        except duckdb.Error as exc:
            engine_problems.append(job.problem(index, None, "E-ROLLUP-READ", reason=_first_line(exc)))
    if engine_problems:
        raise InputRefused(engine_problems)
    for name in ("vda_checked", "rmf_checked"):
        con.execute(f"CREATE TEMP TABLE {name} AS {formats[name]}")
    con.execute(f"CREATE TEMP TABLE rmf_robots AS {formats['rmf_robots']}")
    con.execute(f"CREATE TEMP TABLE rmf_robot_checked AS {formats['rmf_robot_checked']}")
    con.execute(
        f"CREATE TEMP TABLE raw_samples AS {formats['vda_samples']} UNION ALL {formats['rmf_samples']}"
    )
    conditions = f"{formats['vda_conditions']} UNION ALL {formats['rmf_conditions']}"
    con.execute(f"CREATE TEMP TABLE raw_conditions AS {conditions}")
    lines = "SELECT file_no, line FROM vda UNION ALL SELECT file_no, line FROM rmf"
    con.execute(f"CREATE TEMP VIEW raw_messages AS {lines}")
    con.execute(
        "CREATE TEMP TABLE registry (robot VARCHAR, operator VARCHAR, industry VARCHAR, op_key VARCHAR)"
    )
    if job.registry_rows:
        con.executemany("INSERT INTO registry VALUES (?, ?, ?, ?)", job.registry_rows)
    con.execute("CREATE TEMP TABLE flag_group (operator VARCHAR, industry VARCHAR, op_key VARCHAR)")
    con.execute("INSERT INTO flag_group VALUES (?, ?, ?)", list(job.flag_group))
    con.execute(f"CREATE TEMP TABLE ordered AS {rules['ordered']}")

    con.execute("CREATE TEMP TABLE too_long (file_no BIGINT, line BIGINT)")  # the CSV reader refuses them
    _refuse_if_any(con, job, common.problems_sql(formats, rules))
    relation = con.sql(rules["rollup"])
    # DuckDB 2.x names it to_arrow_table, 1.x arrow.
    fetch = getattr(relation, "to_arrow_table", None) or relation.arrow
    result = fetch()
    messages = dict(con.execute(rules["messages_per_file"]).fetchall())
    return result, {int(k): int(v) for k, v in messages.items()}


def _struct_type(con: Any, structure: str) -> str:
    """The SQL type json_transform gives for a structure (so empty tables can be declared)."""
    ((name,),) = con.execute(f"SELECT typeof(json_transform('{{}}', {_quote(structure)}))").fetchall()
    return str(name)


def _refuse_if_any(con: Any, job: Job, problems_sql: str) -> None:
    ((total,),) = con.execute(f"SELECT count(*) FROM ({problems_sql})").fetchall()
    if not total:
        return
    cursor = con.execute(f"SELECT * FROM ({problems_sql}) ORDER BY file_no, line, code LIMIT 100")
    names = [column[0] for column in cursor.description]
    problems = [common.problem_from_row(job, dict(zip(names, row, strict=True))) for row in cursor.fetchall()]
    raise InputRefused(problems, total)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__


__all__ = ["ENGINE", "RMF", "VDA", "run"]
