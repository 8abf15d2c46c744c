"""R10/R11 for benchmark-csv and assessment-sheet: valid files in each encoding, one mutation each."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer.core.errors import InputRefused, Problem
from reviewer.core.models import BenchmarkResultRecord, Place, SheetRow
from reviewer.importers import assessment_sheet, benchmark_csv
from reviewer.importers.base import MAX_LINE_BYTES, ParseContext

ENCODINGS = ["utf-8", "utf-8-sig", "cp932"]
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Text that CP932 can hold (NEC extensions included), CSV specials, and YAML-1.1 look-alikes that
# must stay text: `no` is not False, `1:30` is not 90.
TEXT_CHARS = "abcXYZ09 髙橋①～ア漢,\"';"


def _cp932_clean(text: str) -> bool:
    return re.search("[A-Za-z]髙|髙[A-Za-z]", text) is None


# SPEC §4: in a CP932 file, half-width katakana or a kanji outside JIS level 1 (髙) touching a
# Latin letter marks misread bytes and is refused, so valid files keep them apart.
_texts = st.one_of(
    st.text(TEXT_CHARS, min_size=1, max_size=10).map(str.strip).filter(bool).filter(_cp932_clean),
    st.sampled_from(["no", "1:30", "yes", "null", "0x1F", "=1+2", "ｶﾅ"]),
)

BENCH_EN = ["model", "benchmark", "metric", "value", "task", "stderr", "n", "date", "higher_is_better"]
BENCH_JA = ["モデル", "ベンチマーク", "指標", "値", "タスク", "標準誤差", "件数", "日付", "高いほど良い"]
SHEET_EN = ["reviewer", "fy", "target", "rating", "positive", "issues", "recommendations"]
SHEET_JA = ["評価者", "年度", "対象", "評点", "肯定的意見", "問題点・改善点", "今後への提言"]


def _encode(header: list[str], table: list[list[str]], encoding: str, newline: str = "\n") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(table)
    return buffer.getvalue().encode(encoding)


def _lines(table: list[list[str]]) -> list[int]:
    """The physical line each data row starts on (quoted fields may hold line breaks)."""
    out, line = [], 2
    for row in table:
        out.append(line)
        line += sum(cell.count("\n") for cell in row) + 1
    return out


def _refused(parse: Callable[[Path, ParseContext], Iterator[object]], path: Path) -> list[Problem]:
    with pytest.raises(InputRefused) as caught:
        list(parse(path, ParseContext(path.name)))
    return caught.value.problems


def _assert_refused_at(problems: list[Problem], line: int, code: str | None, *, exact_code: bool) -> None:
    """Refused at the mutated line and nowhere else; with the mutation's own code where it has one.

    A quote opened at a row's start may close on a later quote of the file: then the row it
    swallowed is ragged, and a quoted line break further down may leave a quote open in its
    turn; the first refusal is still where the field began, and nothing before it is refused.
    """
    if exact_code:
        assert [(problem.code, problem.line) for problem in problems] == [(code, line)], problems
    else:
        assert problems and problems[0].line == line, problems
        assert min(problem.line or 0 for problem in problems) == line, problems
        assert {problem.code for problem in problems} <= {"E-QUOTE", "E-RAGGED"}, problems


def _expected_encoding(raw: bytes, encoding: str) -> str:
    # pure ASCII bytes are the same in CP932 and UTF-8, and are read (and recorded) as UTF-8
    return "utf-8" if encoding == "cp932" and raw.isascii() else encoding


# --------------------------------------------------------------------------- benchmark-csv

_bench_rows = st.lists(
    st.tuples(
        _texts,  # model
        _texts,  # benchmark
        _texts,  # metric
        st.floats(-1e6, 1e6, allow_nan=False),  # value
        st.one_of(st.just(""), _texts),  # task
        st.one_of(st.none(), st.floats(0, 1), st.just("N/A")),  # stderr
        st.one_of(st.none(), st.integers(0, 10**9)),  # n
        st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))),
        st.one_of(st.none(), st.booleans()),
    ),
    min_size=1,
    max_size=12,
)


def _bench(rows: list[tuple[object, ...]]) -> tuple[list[list[str]], list[BenchmarkResultRecord]]:
    table: list[list[str]] = []
    expected: list[BenchmarkResultRecord] = []
    for line, (model, bench, metric, value, task, stderr, n, date, higher) in enumerate(rows, start=2):
        assert isinstance(value, float) and isinstance(task, str)
        assert date is None or isinstance(date, dt.date)
        table.append(
            [
                str(model),
                str(bench),
                str(metric),
                repr(value),
                task,
                "" if stderr is None else str(stderr),
                "" if n is None else str(n),
                "" if date is None else date.isoformat(),
                "" if higher is None else ("true" if higher else "no"),
            ]
        )
        expected.append(
            BenchmarkResultRecord(
                model=str(model),
                names=tuple(name for name in (str(bench), task) if name),
                metric=str(metric),
                value=value,
                place=Place(line=line),
                task=task or None,
                stderr=stderr if isinstance(stderr, float) else None,
                n=n if isinstance(n, int) else None,
                higher_is_better=higher if isinstance(higher, bool) else None,
                effective_date=date,
                self_reported=True,
            )
        )
    return table, expected


@SETTINGS
@given(
    rows=_bench_rows,
    encoding=st.sampled_from(ENCODINGS),
    japanese=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_benchmark_valid_files_parse_to_exactly_their_rows(
    tmp_path: Path, rows: list[tuple[object, ...]], encoding: str, japanese: bool, newline: str
) -> None:
    table, expected = _bench(rows)
    raw = _encode(BENCH_JA if japanese else BENCH_EN, table, encoding, newline)
    path = tmp_path / "bench.csv"
    path.write_bytes(raw)
    assert benchmark_csv.sniff(raw, path)
    ctx = ParseContext(path.name)
    assert list(benchmark_csv.parse(path, ctx)) == expected
    assert ctx.encoding == _expected_encoding(raw, encoding)


# The value column gets a mutation; each entry is (cell text, the code it must be refused with).
_VALUE_MUTATIONS = {
    "abc": "E-NUMBER",
    "NaN": "E-NOT-FINITE",
    "Infinity": "E-NOT-FINITE",
    "-inf": "E-NOT-FINITE",
    "1e400": "E-NOT-FINITE",
    "1:30": "E-NUMBER",
    "no": "E-NUMBER",
}
_LINE_MUTATIONS = {"nul": "E-NUL", "drop": "E-RAGGED", "extra": "E-RAGGED", "quote": "E-QUOTE", "huge": None}


def _mutate_line(raw: bytes, line: int, mutation: str) -> bytes:
    """Apply a byte-level mutation to physical line `line` (1-based) of an LF file."""
    lines = raw.split(b"\n")
    index = line - 1
    if mutation == "nul":
        lines[index] = b"\x00" + lines[index]
    elif mutation == "quote":
        lines[index] = b'"' + lines[index]
    return b"\n".join(lines)


@SETTINGS
@given(
    rows=_bench_rows,
    encoding=st.sampled_from(ENCODINGS),
    mutation=st.sampled_from([*_VALUE_MUTATIONS, *_LINE_MUTATIONS, "n-negative", "date-bad", "bool-bad"]),
    data=st.data(),
)
def test_benchmark_one_mutation_is_refused_at_exactly_its_line(
    tmp_path: Path, rows: list[tuple[object, ...]], encoding: str, mutation: str, data: st.DataObject
) -> None:
    table, _expected = _bench(rows)
    target = data.draw(st.integers(0, len(table) - 1))
    line = target + 2
    expected_code = _VALUE_MUTATIONS.get(mutation) or _LINE_MUTATIONS.get(mutation)
    if mutation in _VALUE_MUTATIONS:
        table[target][3] = mutation
    elif mutation == "n-negative":
        table[target][6], expected_code = "-3", "E-NEGATIVE"
    elif mutation == "date-bad":
        table[target][7], expected_code = "2027-02-30", "E-DATE"
    elif mutation == "bool-bad":
        table[target][8], expected_code = "maybe", "E-NOT-BOOL"
    elif mutation == "drop":
        del table[target][data.draw(st.integers(0, 8))]
    elif mutation == "extra":
        table[target].append("x")
    elif mutation == "huge":
        table[target][0] = "x" * (MAX_LINE_BYTES + 1)
        expected_code = "E-LINE-TOO-LONG"
    raw = _mutate_line(_encode(BENCH_EN, table, encoding), line, mutation)
    path = tmp_path / "bench.csv"
    path.write_bytes(raw)
    problems = _refused(benchmark_csv.parse, path)
    _assert_refused_at(problems, line, expected_code, exact_code=mutation != "quote")


@pytest.mark.parametrize("raw", [b"", b"\xef\xbb\xbf", ",".join(BENCH_EN).encode() + b"\r\n"])
def test_benchmark_empty_or_header_only_has_no_data(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "bench.csv"
    path.write_bytes(raw)
    assert [(p.code, p.line) for p in _refused(benchmark_csv.parse, path)] == [("E-NO-DATA", 1)]


# --------------------------------------------------------------------------- assessment-sheet

# The example plan's reviewer R1, its criteria (nedo-standard) and its milestones W1-W4.
TARGETS = ["W1", "W2", "W3", "W4", "outcomes", "commercialization", "management"]
RATINGS = {
    "A": "A",
    "Ｂ": "B",
    " C ": "C",
    "D": "D",
    "met": "met",
    "Partially met": "partially_met",
    "not-met": "not_met",
    "達成": "met",
    "一部達成": "partially_met",
    "未達成": "not_met",
    "": None,
}
FYS = {"2027": 2027, "2027年度": 2027, "FY2026": 2026, "2026": 2026}
_comments = st.one_of(
    st.just(""),
    st.text(TEXT_CHARS + "\n", min_size=1, max_size=30).filter(_cp932_clean),
    st.sampled_from(["no", "1:30", "～①髙", "  kept  as written "]),
)
_sheet_rows = st.lists(
    st.tuples(
        st.sampled_from(["R1", "r1"]),
        st.sampled_from(sorted(FYS)),
        st.sampled_from(TARGETS),
        st.sampled_from(sorted(RATINGS)),
        _comments,
        _comments,
        _comments,
    ),
    min_size=1,
    max_size=10,
    unique_by=lambda row: (FYS[row[1]], row[2].casefold()),
)


def _kept(comment: str) -> str:
    # A comment is kept exactly as written, inner breaks and edge spaces too; only a blank one is "".
    return comment if comment.strip() else ""


def _sheet(rows: list[tuple[str, ...]]) -> tuple[list[list[str]], list[SheetRow]]:
    table = [list(row) for row in rows]
    expected = [
        SheetRow(
            reviewer,
            FYS[fy],
            target,
            RATINGS[rating],
            _kept(positive),
            _kept(issues),
            _kept(recs),
            Place(line=line),
        )
        for line, (reviewer, fy, target, rating, positive, issues, recs) in zip(
            _lines(table), rows, strict=True
        )
    ]
    return table, expected


@SETTINGS
@given(
    rows=_sheet_rows,
    encoding=st.sampled_from(ENCODINGS),
    japanese=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_sheet_valid_files_parse_to_exactly_their_rows(
    tmp_path: Path, rows: list[tuple[str, ...]], encoding: str, japanese: bool, newline: str
) -> None:
    table, expected = _sheet(rows)
    raw = _encode(SHEET_JA if japanese else SHEET_EN, table, encoding, newline)
    path = tmp_path / "sheet.csv"
    path.write_bytes(raw)
    assert assessment_sheet.sniff(raw, path)
    ctx = ParseContext(path.name)
    assert list(assessment_sheet.parse(path, ctx)) == expected
    assert ctx.encoding == _expected_encoding(raw, encoding)


@SETTINGS
@given(
    rows=_sheet_rows,
    encoding=st.sampled_from(ENCODINGS),
    mutation=st.sampled_from(["rating", "fy", "reviewer-blank", "duplicate", "nul", "drop", "quote"]),
    data=st.data(),
)
def test_sheet_one_mutation_is_refused_at_exactly_its_line(
    tmp_path: Path, rows: list[tuple[str, ...]], encoding: str, mutation: str, data: st.DataObject
) -> None:
    table, _expected = _sheet(rows)
    target = data.draw(st.integers(0, len(table) - 1))
    codes = {
        "rating": "E-RATING",
        "fy": "E-FY",
        "reviewer-blank": "E-REQUIRED",
        "duplicate": "E-DUPLICATE-ROW",
        "nul": "E-NUL",
        "drop": "E-RAGGED",
        "quote": "E-QUOTE",
    }
    if mutation == "rating":
        table[target][3] = data.draw(st.sampled_from(["a", "E", "合格", "1:30", "no"]))
    elif mutation == "fy":
        table[target][1] = data.draw(st.sampled_from(["27", "R9", "2027-04"]))
    elif mutation == "reviewer-blank":
        table[target][0] = " "
    elif mutation == "duplicate":
        table.append(list(table[target]))
        target = len(table) - 1
    elif mutation == "drop":
        del table[target][data.draw(st.integers(0, 6))]
    line = _lines(table)[target]
    raw = _encode(SHEET_EN, table, encoding)
    if mutation == "quote":
        # An opening quote never closed: refused where the field began, wherever it ends.
        lines = raw.split(b"\n")
        lines[line - 1] = b'"' + lines[line - 1]
        raw = b"\n".join(lines)
    elif mutation == "nul":
        lines = raw.split(b"\n")
        lines[line - 1] = b"\x00" + lines[line - 1]
        raw = b"\n".join(lines)
    path = tmp_path / "sheet.csv"
    path.write_bytes(raw)
    problems = _refused(assessment_sheet.parse, path)
    _assert_refused_at(problems, line, codes[mutation], exact_code=mutation != "quote")
