"""benchmark-csv: records as the file gives them, Japanese headers, effective dates, refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reviewer.core.errors import InputRefused
from reviewer.core.models import BenchmarkResultRecord, Place
from reviewer.importers import benchmark_csv
from reviewer.importers.base import ParseContext

DATA = Path(__file__).resolve().parents[1] / "data" / "tabular"
HEADER = "model,benchmark,metric,value,date\n"


def test_rows_become_self_reported_results() -> None:
    ctx = ParseContext("benchmark.csv")
    records = list(benchmark_csv.parse(DATA / "benchmark.csv", ctx))
    day = dt.date(2027, 9, 30)
    assert ctx.encoding == "utf-8"
    assert records == [
        BenchmarkResultRecord(
            "sb-physical-7b",
            ("LIBERO", "libero_10"),
            "success_rate",
            0.62,
            Place(line=2),
            task="libero_10",
            stderr=0.013,
            n=500,
            higher_is_better=True,
            effective_date=day,
        ),
        BenchmarkResultRecord(
            "sb-physical-7b",
            ("MMLU",),
            "acc",
            0.713,
            Place(line=3),
            stderr=None,
            n=14042,
            higher_is_better=True,
            effective_date=day,
        ),
        BenchmarkResultRecord(
            "sb-physical-7b",
            ("perplexity-ja",),
            "nll",
            -1.25,
            Place(line=4),
            higher_is_better=False,
            effective_date=dt.date(2027, 10, 1),
        ),
    ]
    assert all(record.self_reported for record in records)


def test_japanese_headers_in_cp932() -> None:
    ctx = ParseContext("b.csv")
    [record] = list(benchmark_csv.parse(DATA / "benchmark_ja_cp932.csv", ctx))
    assert ctx.encoding == "cp932"
    assert (record.model, record.names, record.n, record.higher_is_better) == (
        "髙性能①モデル",
        ("JGLUE", "JCommonsenseQA"),
        1119,
        True,
    )


def test_the_flag_date_fills_in_but_never_overrides(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text(
        HEADER + "m,B,acc,0.5,\nm,B2,acc,0.5,2027-09-30\nm,B3,acc,0.5,2027-10-01\n", encoding="utf-8"
    )
    ctx = ParseContext("b.csv", effective_date=dt.date(2027, 9, 30))
    with pytest.raises(InputRefused) as caught:
        list(benchmark_csv.parse(path, ctx))
    [problem] = caught.value.problems
    assert (problem.code, problem.line, problem.params["file_date"], problem.params["flag_date"]) == (
        "E-DATE-CONFLICT",
        4,
        "2027-10-01",
        "2027-09-30",
    )
    path.write_text(HEADER + "m,B,acc,0.5,\n", encoding="utf-8")
    [record] = list(benchmark_csv.parse(path, ParseContext("b.csv", effective_date=dt.date(2027, 9, 30))))
    assert record.effective_date == dt.date(2027, 9, 30)
    [record] = list(benchmark_csv.parse(path, ParseContext("b.csv")))
    assert record.effective_date is None


@pytest.mark.parametrize(
    ("row", "code", "field"),
    [
        ("m,B,acc,NaN,", "E-NOT-FINITE", "value"),
        ("m,B,acc,1e400,", "E-NOT-FINITE", "value"),
        ("m,B,acc,high,", "E-NUMBER", "value"),
        ("m,B,,0.5,", "E-REQUIRED", "metric"),
        ("m,B,acc,0.5,30/09/2027", "E-DATE", "date"),
    ],
)
def test_refused_values(tmp_path: Path, row: str, code: str, field: str) -> None:
    path = tmp_path / "b.csv"
    path.write_text(HEADER + "m,B,acc,0.5,\n" + row + "\n", encoding="utf-8")
    with pytest.raises(InputRefused) as caught:
        list(benchmark_csv.parse(path, ParseContext("b.csv")))
    assert [(p.code, p.line, p.params["field"]) for p in caught.value.problems] == [(code, 3, field)]


def test_boolean_and_count_refusals(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_text(
        "model,benchmark,metric,value,n,higher_is_better\nm,B,acc,0.5,12.5,maybe\n", encoding="utf-8"
    )
    with pytest.raises(InputRefused) as caught:
        list(benchmark_csv.parse(path, ParseContext("b.csv")))
    assert [(p.code, p.column) for p in caught.value.problems] == [("E-NOT-WHOLE", 5), ("E-NOT-BOOL", 6)]
