"""R10 through the import service: a valid file adds exactly its rows, a refused one changes no table.

One format of each family: JSON (lm-eval), YAML (hf-model-card), CSV (benchmark-csv) and
telemetry (vda5050-state). Each example imports a valid file into the same database, then a
mutated copy of another, and compares a dump of every table before and after the refusal.

The one exception is the `backup` table: SPEC §11 takes a verified backup before every import
and records it there, before the import's own transaction, so a refused import may leave that
record (and only that) behind; the backup itself is not part of the import.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer.core.errors import InputRefused
from reviewer.services import evidence
from tests.importers import test_r10_json as rj
from tests.importers import test_r10_tabular as rt
from tests.importers import test_r10_telemetry as rtel

SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
_names = itertools.count()


def _dump(db: sqlite_utils.Database) -> str:
    """Every table's schema and rows, but the pre-import backup's record (see the module docstring)."""
    return "\n".join(line for line in db.conn.iterdump() if not line.startswith('INSERT INTO "backup" '))


def _count(db: sqlite_utils.Database, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # a fixed table name


def _file(tmp_path: Path, suffix: str, raw: bytes) -> Path:
    # A fresh name each time: a skipped re-import of the same bytes is not what is tested here.
    path = tmp_path / f"f{next(_names)}{suffix}"
    path.write_bytes(raw)
    return path


def _import_valid(db: sqlite_utils.Database, path: Path, options: evidence.ImportOptions, rows: int) -> None:
    """The valid file is imported whole: its records, one batch, nothing else."""
    before = (_count(db, "evidence"), _count(db, "import_batch"))
    result = evidence.import_file(db, path, options)
    if result.outcome is evidence.Outcome.SKIPPED:  # the same bytes drawn again
        assert (_count(db, "evidence"), _count(db, "import_batch")) == before
        return
    assert result.records == rows
    assert (_count(db, "evidence"), _count(db, "import_batch")) == (before[0] + rows, before[1] + 1)


def _refused_unchanged(
    db: sqlite_utils.Database, path: Path, options: evidence.ImportOptions, line: int
) -> None:
    before, backups = _dump(db), _count(db, "backup")
    with pytest.raises(InputRefused) as caught:
        evidence.import_file(db, path, options)
    assert min(problem.line or 0 for problem in caught.value.problems) == line, caught.value.problems
    assert _dump(db) == before
    assert _count(db, "backup") - backups in {0, 1}


@SETTINGS
@given(
    valid=rj._tasks,
    bad=rj._tasks,
    unix=rj._unix,
    mutation=st.sampled_from(["number", "duplicate", "nul"]),
    data=st.data(),
)
def test_lm_eval(
    db: sqlite_utils.Database,
    tmp_path: Path,
    valid: dict[str, rj.TaskSpec],
    bad: dict[str, rj.TaskSpec],
    unix: int,
    mutation: str,
    data: st.DataObject,
) -> None:
    doc, expected = rj._lm_eval(valid, unix)
    options = evidence.ImportOptions(format="lm-eval")
    _import_valid(db, _file(tmp_path, ".json", doc.encode("utf-8")), options, len(expected))
    doc, _expected = rj._lm_eval(bad, unix)
    line, _code = rj._mutate(doc, mutation, data, rj.JSON_NUMBERS)
    _refused_unchanged(db, _file(tmp_path, ".json", doc.encode("utf-8-sig")), options, line)


@SETTINGS
@given(
    license_=rj._plain,
    tags=rj._tags,
    valid=rj._results,
    bad=rj._results,
    mutation=st.sampled_from(["number", "duplicate", "nul", "tag"]),
    data=st.data(),
)
def test_hf_model_card(
    db: sqlite_utils.Database,
    tmp_path: Path,
    license_: str,
    tags: list[str],
    valid: list[tuple[object, ...]],
    bad: list[tuple[object, ...]],
    mutation: str,
    data: st.DataObject,
) -> None:
    doc, expected = rj._card(license_, tags, valid)
    options = evidence.ImportOptions(format="hf-model-card")
    _import_valid(db, _file(tmp_path, ".md", doc.encode("utf-8")), options, len(expected))
    doc, _expected = rj._card(license_, tags, bad)
    if mutation == "tag":
        line = data.draw(st.sampled_from(doc.values))
        doc.lines[line - 1] = rj._set_value(doc.lines[line - 1], "!!python/name:os.system")
    else:
        line, _code = rj._mutate(doc, mutation, data, rj.YAML_NUMBERS)
    _refused_unchanged(db, _file(tmp_path, ".md", doc.encode("utf-8")), options, line)


@SETTINGS
@given(
    valid=rt._bench_rows,
    bad=rt._bench_rows,
    encoding=st.sampled_from(rt.ENCODINGS),
    mutation=st.sampled_from(["NaN", "1e400", "abc", "nul", "drop"]),
    data=st.data(),
)
def test_benchmark_csv(
    db: sqlite_utils.Database,
    tmp_path: Path,
    valid: list[tuple[object, ...]],
    bad: list[tuple[object, ...]],
    encoding: str,
    mutation: str,
    data: st.DataObject,
) -> None:
    table, expected = rt._bench(valid)
    options = evidence.ImportOptions(format="benchmark-csv")
    _import_valid(
        db, _file(tmp_path, ".csv", rt._encode(rt.BENCH_EN, table, encoding)), options, len(expected)
    )
    table, _expected = rt._bench(bad)
    target = data.draw(st.integers(0, len(table) - 1))
    if mutation == "drop":
        del table[target][data.draw(st.integers(0, 8))]
    elif mutation != "nul":
        table[target][3] = mutation
    raw = rt._mutate_line(rt._encode(rt.BENCH_EN, table, encoding), target + 2, mutation)
    _refused_unchanged(db, _file(tmp_path, ".csv", raw), options, target + 2)


@SETTINGS
@given(
    robots=rtel._robots,
    start=rtel._start,
    valid=rtel._messages,
    bad=rtel._messages,
    mutation=st.sampled_from(["nul", "nan", "duplicate", "truncate", "missing"]),
    data=st.data(),
)
def test_vda5050_state(
    db: sqlite_utils.Database,
    tmp_path: Path,
    robots: list[str],
    start: int,
    valid: list[rtel.Message],
    bad: list[rtel.Message],
    mutation: str,
    data: st.DataObject,
) -> None:
    options = evidence.ImportOptions(format="vda5050-state", operator=rtel.OPERATOR, industry="医療")
    lines, expected = rtel._vda(robots, start, valid, 9)
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    _import_valid(db, _file(tmp_path, ".jsonl", raw), options, len(expected))
    # Later months than any valid stream, so the refused file would have added rows, not replaced them.
    lines, _expected = rtel._vda(robots, start + 40 * 86_400_000, bad, 9)
    target = data.draw(st.integers(0, len(lines) - 1))
    encoded = [line.encode("utf-8") for line in lines]
    if mutation == "nul":
        encoded[target] = encoded[target][:5] + b"\x00" + encoded[target][5:]
    else:
        encoded[target] = rtel._mutated("vda", lines[target], mutation).encode("utf-8")
    _refused_unchanged(db, _file(tmp_path, ".jsonl", b"\n".join(encoded) + b"\n"), options, target + 1)
