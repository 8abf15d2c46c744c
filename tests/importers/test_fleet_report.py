"""fleet-report: real rows in each encoding, value rules, duplicates, streaming memory, R10 properties."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer.core.errors import InputRefused, Problem
from reviewer.core.models import FleetRecord, Place
from reviewer.core.normalize import fold
from reviewer.importers import fleet_report
from reviewer.importers.base import ParseContext

DATA = Path(__file__).resolve().parents[1] / "data" / "tabular"
INDUSTRIES = {"log": "LOG", "物流": "LOG", "logistics": "LOG", "care": "CARE", "介護": "CARE"}
EN_HEADER = "period,industry,operator,robots_deployed,robots_active,operating_hours,interventions,incidents\n"


def _ctx(name: str = "fleet.csv") -> ParseContext:
    return ParseContext(name, resolve_industry=lambda text: INDUSTRIES.get(fold(text)))


def _problems(path: Path) -> list[Problem]:
    with pytest.raises(InputRefused) as caught:
        list(fleet_report.parse(path, _ctx(path.name)))
    return caught.value.problems


@pytest.mark.parametrize(
    ("name", "encoding"), [("fleet_cp932.csv", "cp932"), ("fleet_utf8_bom.csv", "utf-8-sig")]
)
def test_japanese_reports_come_through_exactly(name: str, encoding: str) -> None:
    ctx = _ctx()
    records = list(fleet_report.parse(DATA / name, ctx))
    assert ctx.encoding == encoding
    assert records == [
        FleetRecord("2027-04", "物流", "髙橋ロジ①～", 1250, 1000, 3456.5, 12, 0, Place(line=2)),
        FleetRecord("2027-05", "介護", "ケア･サービス㈱", 30, 28, 812.25, 3, 1, Place(line=3)),
        FleetRecord("2027-06", "物流", "髙橋ロジ①～", 1250, 1250, 4000.0, 0, 0, Place(line=4)),
    ]


def test_optional_columns_default_to_zero_when_absent() -> None:
    records = list(fleet_report.parse(DATA / "fleet_utf8.csv", _ctx()))
    assert [(r.interventions, r.incidents) for r in records] == [(0, 0)] * 4
    assert [r.industry for r in records] == ["LOG", "care", "LOG", "LOG"]


def _file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "fleet.csv"
    path.write_text(EN_HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def test_value_rules(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "2027-04,LOG,A,10,11,1,0,0",
        "2027-04,LOG,B,-3,0,1,0,0",
        "2027-04,LOG,C,10,5,-0.5,0,0",
        "2027-04,Mining,D,10,5,1,0,0",
        "April 2027,LOG,E,10,5,1,0,0",
        "2027-04,LOG, ,10,5,1,0,0",
        "2027-04,LOG,F,10,5,1,2.5,0",
    )
    got = [(p.code, p.line, p.params.get("field")) for p in _problems(path)]
    assert got == [
        ("E-ACTIVE-GT-DEPLOYED", 2, "robots_active"),
        ("E-NEGATIVE", 3, "robots_deployed"),
        ("E-NEGATIVE", 4, "operating_hours"),
        ("E-INDUSTRY", 5, "industry"),
        ("E-PERIOD", 6, "period"),
        ("E-REQUIRED", 7, "operator"),
        ("E-NOT-WHOLE", 8, "interventions"),
    ]


_PEAK_SCRIPT = """
import resource, sys
from pathlib import Path
from reviewer.importers import fleet_report
from reviewer.importers.base import ParseContext
codes = {"LOG": "LOG", "CARE": "CARE"}
ctx = ParseContext("big.csv", resolve_industry=codes.get)
count = sum(1 for _ in fleet_report.parse(Path(sys.argv[1]), ctx))
print(count, ctx.bytes_read, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak_kib(path: Path) -> tuple[int, int, int]:
    # A child process: tracemalloc slows this parse tenfold, and the peak RSS of a fresh
    # interpreter is what a user's machine would see.
    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_SCRIPT, str(path)], cwd=repo, capture_output=True, text=True, check=True
    )
    count, read, peak = (int(part) for part in done.stdout.split())
    return count, read, peak


def _big_file(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write(EN_HEADER)
        written = 0
        for operator in range(1000):
            for industry in ("LOG", "CARE"):
                for month in range(500):
                    if written == rows:
                        return path
                    year, mon = divmod(month, 12)
                    out.write(
                        f"{2027 + year}-{mon + 1:02d},{industry},operator {operator},1250,1000,3.5,0,0\n"
                    )
                    written += 1
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="resource.getrusage is POSIX only")
def test_two_hundred_thousand_rows_stream_in_flat_memory(tmp_path: Path) -> None:
    small = _big_file(tmp_path / "small.csv", 1_000)
    big = _big_file(tmp_path / "big.csv", 200_000)
    small_count, _read, small_peak = _peak_kib(small)
    big_count, big_read, big_peak = _peak_kib(big)
    assert (small_count, big_count, big_read) == (1_000, 200_000, big.stat().st_size)
    # The big file is about 9 MB; holding its records would cost several times that.
    assert big_peak - small_peak < 20 * 1024, (small_peak, big_peak)


# --------------------------------------------------------------------------- R10 properties


def _row_key(row: tuple[object, ...]) -> tuple[object, ...]:
    return (row[0], row[1], INDUSTRIES[fold(str(row[2]))], fold(str(row[3])))


OPERATOR_CHARS = "abcXYZ 髙橋①～ア漢,\"'"
# SPEC §4: in a CP932 file, a kanji outside JIS level 1 (髙) touching a Latin letter marks
# misread bytes and is refused, so valid files keep them apart.
_operators = (
    st.text(OPERATOR_CHARS, min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool)
    .filter(lambda text: re.search("[A-Za-z]髙|髙[A-Za-z]", text) is None)
)
_rows = st.lists(
    st.tuples(
        st.integers(2027, 2031),
        st.integers(1, 12),
        st.sampled_from(["LOG", "物流", "care", "介護"]),
        _operators,
        st.integers(0, 2_000_000),
        st.floats(0, 1),
        st.decimals(0, 100_000, places=2),
        st.integers(0, 10_000),
        st.booleans(),
    ),
    min_size=1,
    max_size=15,
    unique_by=_row_key,
)


def _render(rows: list[tuple[object, ...]], newline: str) -> tuple[list[list[str]], list[FleetRecord]]:
    table: list[list[str]] = []
    expected: list[FleetRecord] = []
    for line, (year, month, industry, operator, deployed, share, hours, interventions, grouped) in enumerate(
        rows, start=2
    ):
        assert isinstance(deployed, int) and isinstance(share, float) and isinstance(hours, Decimal)
        active = int(deployed * share)
        period = f"{year}-{month:02d}" if grouped else f"{year}年{month}月"
        shown = f"{deployed:,}" if grouped else str(deployed)
        table.append(
            [period, str(industry), str(operator), shown, str(active), str(hours), str(interventions), ""]
        )
        expected.append(
            FleetRecord(
                f"{year}-{month:02d}",
                str(industry),
                str(operator),
                deployed,
                active,
                float(hours),
                int(str(interventions)),
                0,
                Place(line=line),
            )
        )
    return table, expected


def _encode(table: list[list[str]], encoding: str, newline: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(EN_HEADER.strip().split(","))
    writer.writerows(table)
    return buffer.getvalue().encode(encoding)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=_rows,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp932"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_valid_files_parse_to_exactly_their_rows(
    tmp_path: Path, rows: list[tuple[object, ...]], encoding: str, newline: str
) -> None:
    table, expected = _render(rows, newline)
    path = tmp_path / "valid.csv"
    raw = _encode(table, encoding, newline)
    path.write_bytes(raw)
    ctx = _ctx()
    assert list(fleet_report.parse(path, ctx)) == expected
    # pure ASCII bytes are the same in CP932 and UTF-8, and are read (and recorded) as UTF-8
    assert ctx.encoding == ("utf-8" if encoding == "cp932" and raw.isascii() else encoding)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=_rows,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp932"]),
    mutation=st.sampled_from(["abc", "nul", "drop", "quote"]),
    data=st.data(),
)
def test_one_mutation_is_refused_at_exactly_its_line(
    tmp_path: Path, rows: list[tuple[object, ...]], encoding: str, mutation: str, data: st.DataObject
) -> None:
    table, _expected = _render(rows, "\n")
    target = data.draw(st.integers(0, len(table) - 1))
    line = target + 2
    if mutation == "abc":
        table[target][data.draw(st.sampled_from([3, 4, 5]))] = "abc"
    elif mutation == "drop":
        del table[target][data.draw(st.integers(0, 7))]
    raw = _encode(table, encoding, "\n")
    if mutation in {"nul", "quote"}:
        lines = raw.split(b"\n")
        index = line - 1
        lines[index] = (b"\x00" if mutation == "nul" else b'"') + lines[index]
        raw = b"\n".join(lines)
    path = tmp_path / "mutated.csv"
    path.write_bytes(raw)
    problems = _problems(path)
    assert {problem.line for problem in problems} == {line}, problems
    expected_code = {"abc": "E-NUMBER", "nul": "E-NUL", "drop": "E-RAGGED"}.get(mutation)
    if expected_code is not None:
        assert [problem.code for problem in problems] == [expected_code]
