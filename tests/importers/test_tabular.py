"""Shared tabular reading: encodings, structure, XLSX safety and the value parsers."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from reviewer.core.errors import InputRefused, Problem
from reviewer.importers import assessment_sheet, benchmark_csv, fleet_report
from reviewer.importers.base import HEAD_BYTES, MAX_LINE_BYTES, ParseContext
from reviewer.importers.tabular import choose_encoding
from reviewer.importers.tabular_values import (
    CellError,
    parse_bool,
    parse_count,
    parse_date,
    parse_decimal,
    parse_fy,
    parse_nonnegative,
    parse_period,
)
from reviewer.importers.tabular_xlsx import xlsx_archive_problems
from tests.paths import SHAPES

DATA = Path(__file__).resolve().parents[1] / "data" / "tabular"
HEADER = "period,industry,operator,robots_deployed,robots_active,operating_hours\n"
GOOD = "2027-04,LOG,Acme,10,8,1.5\n"


def _ctx(name: str = "t.csv") -> ParseContext:
    return ParseContext(name, resolve_industry=lambda text: "LOG" if text == "LOG" else None)


def _refusal(path: Path) -> list[Problem]:
    with pytest.raises(InputRefused) as caught:
        list(fleet_report.parse(path, _ctx(path.name)))
    return caught.value.problems


def _codes_at(path: Path) -> list[tuple[str, int | None]]:
    return [(problem.code, problem.line) for problem in _refusal(path)]


def _write(tmp_path: Path, data: bytes, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- encodings


def test_encodings_are_recorded(tmp_path: Path) -> None:
    text = HEADER + "2027-04,LOG,髙橋①～,10,8,1.5\n"
    for encoding, data in [
        ("utf-8", text.encode("utf-8")),
        ("utf-8-sig", b"\xef\xbb\xbf" + text.encode("utf-8")),
        ("cp932", text.encode("cp932")),
    ]:
        path = _write(tmp_path, data)
        ctx = _ctx()
        records = list(fleet_report.parse(path, ctx))
        assert ctx.encoding == encoding
        assert [record.operator for record in records] == ["髙橋①～"]
        assert ctx.bytes_read == len(data)


def test_cp932_text_far_below_an_ascii_head_is_still_cp932(tmp_path: Path) -> None:
    rows = "".join(f"2027-04,LOG,op{i},1,1,1\n" for i in range(12_000))
    path = _write(tmp_path, (HEADER + rows + "2027-05,LOG,髙①,1,1,1\n").encode("cp932"))
    assert path.stat().st_size > 3 * 64 * 1024
    assert choose_encoding(path) == "cp932"
    records = list(fleet_report.parse(path, _ctx()))
    assert records[-1].operator == "髙①"


def test_a_bad_byte_far_down_a_utf8_file_is_refused_at_its_line(tmp_path: Path) -> None:
    rows = "".join(f"2027-04,LOG,髙{i},1,1,1\n" for i in range(5_000))
    data = (HEADER + rows).encode("utf-8") + b"2027-05,LOG,\xff\xfe,1,1,1\n"
    path = _write(tmp_path, data)
    problems = _refusal(path)
    assert [(p.code, p.line, p.params["encoding"]) for p in problems] == [("E-ENCODING", 5002, "utf-8")]


def test_bytes_that_are_neither_utf8_nor_cp932_are_refused_at_the_first_bad_line(tmp_path: Path) -> None:
    path = _write(tmp_path, (HEADER + GOOD).encode() + b"2027-05,LOG,\x80\xff,1,1,1\n")
    assert _codes_at(path) == [("E-ENCODING", 3)]


# --------------------------------------------------------------------------- structure


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"2027-04,LOG,Ac\x00me,10,8,1.5\n", [("E-NUL", 2)]),
        (b"2027-04,LOG,Acme,10,8\n", [("E-RAGGED", 2)]),
        (b"2027-04,LOG,Acme,10,8,1.5,9\n", [("E-RAGGED", 2)]),
        (b'"2027-04,LOG,Acme,10,8,1.5\n2027-05,LOG,Acme,10,8,1.5\n', [("E-QUOTE", 2)]),
        (b'2027-04,LOG,"Ac"me,10,8,1.5\n', [("E-QUOTE", 2)]),
        (b"2027-04,LOG,Acme,NaN,8,1.5\n", [("E-NOT-FINITE", 2)]),
        (b"2027-04,LOG,Acme,10,Infinity,1.5\n", [("E-NOT-FINITE", 2)]),
        (b"2027-04,LOG,Acme,10,8,1e400\n", [("E-NOT-FINITE", 2)]),
    ],
)
def test_malformed_rows_are_refused_at_their_line(
    tmp_path: Path, body: bytes, expected: list[tuple[str, int]]
) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(HEADER.encode() + GOOD.encode() + body + b"2027-06,LOG,Acme,1,1,1\n")
    assert _codes_at(path) == [(code, line + 1) for code, line in expected]


def test_problems_carry_the_column(tmp_path: Path) -> None:
    path = _write(tmp_path, (HEADER + "2027-04,LOG,Acme,three hundred,8,1.5\n").encode())
    [problem] = _refusal(path)
    assert (problem.place(), problem.code) == ("t.csv:2:4", "E-NUMBER")
    assert problem.params == {"field": "robots_deployed", "value": "three hundred"}


def test_a_quote_left_open_to_the_end_names_the_line_where_the_field_began(tmp_path: Path) -> None:
    path = _write(tmp_path, (HEADER + GOOD + GOOD.replace("04", "05") + '2027-06,LOG,"Acme,1,1,1\n').encode())
    path.write_bytes(path.read_bytes() + b"2027-07,LOG,Acme,1,1,1\n")
    assert _codes_at(path) == [("E-QUOTE", 4)]


def test_a_line_over_one_mebibyte_is_refused_at_its_line(tmp_path: Path) -> None:
    long_field = "x" * (MAX_LINE_BYTES + 1)
    path = _write(tmp_path, (HEADER + GOOD + f"2027-05,LOG,{long_field},1,1,1\n" + GOOD).encode())
    assert _codes_at(path) == [("E-LINE-TOO-LONG", 3)]


@pytest.mark.parametrize("pad", [-1, 0, 1])  # 0: the piece ends between 87 and 40
def test_a_cp932_line_over_one_mebibyte_cut_inside_a_character_is_still_cp932(
    tmp_path: Path, pad: int
) -> None:
    """Found by test_r10_tabular's search: the encoding check reads an over-long line in pieces
    of the limit plus 3 bytes, and a piece that ended inside a double-byte character (here ①,
    87 40) made the whole file "not CP932", so a valid CP932 file was refused as bad UTF-8 at an
    earlier line instead of at its over-long line."""
    earlier = "2027-05,LOG,①社,1,1,1\n"
    long_line = "2027-05,LOG," + "x" * (MAX_LINE_BYTES + pad - 10) + "①,1,1,1\n"
    path = _write(tmp_path, (HEADER + earlier + long_line + GOOD).encode("cp932"))
    assert choose_encoding(path) == "cp932"
    assert _codes_at(path) == [("E-LINE-TOO-LONG", 3)]


def test_a_line_of_exactly_one_mebibyte_is_read_to_its_end(tmp_path: Path) -> None:
    # The line itself is within the limit; its operator is only refused for its own length
    # (SPEC §10: a name is at most 500 characters), at its cell.
    prefix = "2027-05,LOG,"
    suffix = ",1,1,1"
    operator = "x" * (MAX_LINE_BYTES - len(prefix) - len(suffix))
    path = _write(tmp_path, (HEADER + prefix + operator + suffix + "\r\n").encode())
    problems = _refusal(path)
    assert [(p.place(), p.code, p.params["length"]) for p in problems] == [
        ("t.csv:2:3", "E-TOO-LONG", len(operator))
    ]


def test_a_quoted_field_over_one_mebibyte_across_lines_is_refused_where_it_began(tmp_path: Path) -> None:
    chunk = "y" * 1000 + "\n"
    field = chunk * (MAX_LINE_BYTES // len(chunk) + 2)
    path = _write(tmp_path, (HEADER + GOOD + f'2027-05,LOG,"{field}",1,1,1\n').encode())
    assert _codes_at(path) == [("E-LINE-TOO-LONG", 3)]


def test_line_numbers_count_physical_lines_across_quoted_newlines(tmp_path: Path) -> None:
    records = list(fleet_report.parse(DATA / "fleet_utf8.csv", _ctx_logcare()))
    assert [record.place.line for record in records] == [2, 4, 5, 7]
    assert records[2].operator == "Multi\nLine Ops"
    assert records[1].operator == "Sunrise Care, Inc."


def _ctx_logcare() -> ParseContext:
    table = {"log": "LOG", "物流": "LOG", "care": "CARE", "介護": "CARE"}
    return ParseContext("f.csv", resolve_industry=lambda text: table.get(text.casefold()))


@pytest.mark.parametrize("data", [b"", b"\n\n", HEADER.encode(), HEADER.encode() + b"\n,,,,,\n"])
def test_empty_or_header_only_files_have_no_data(tmp_path: Path, data: bytes) -> None:
    assert _codes_at(_write(tmp_path, data)) == [("E-NO-DATA", 1)]


def test_header_problems_name_the_column(tmp_path: Path) -> None:
    header = "period,industry,operator,robots_deployed,robots_deployed,hours_worked\n"
    problems = _refusal(_write(tmp_path, (header + "2027-04,LOG,Acme,10,8,1.5\n").encode()))
    assert [(p.code, p.column, p.params["name"]) for p in problems] == [
        ("E-DUPLICATE-COLUMN", 5, "robots_deployed"),
        ("E-UNKNOWN-COLUMN", 6, "hours_worked"),
        ("E-MISSING-COLUMN", None, "operating_hours"),
        ("E-MISSING-COLUMN", None, "robots_active"),
    ]


def test_headers_are_compared_after_folding(tmp_path: Path) -> None:
    header = " Period , INDUSTRY,operator,Robots_Deployed,robots_active,ｏｐｅｒａｔｉｎｇ＿ｈｏｕｒｓ\n"
    [record] = list(fleet_report.parse(_write(tmp_path, (header + GOOD).encode()), _ctx()))
    assert record.operating_hours == 1.5


def test_problems_are_capped_at_100_with_the_total(tmp_path: Path) -> None:
    rows = "".join(f"2027-04,LOG,op{i},x,1,1\n" for i in range(150))
    with pytest.raises(InputRefused) as caught:
        list(fleet_report.parse(_write(tmp_path, (HEADER + rows).encode()), _ctx()))
    assert (len(caught.value.problems), caught.value.total) == (100, 150)


# --------------------------------------------------------------------------- XLSX


def _xlsx(tmp_path: Path, rows: list[list[object]], name: str = "t.xlsx") -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


FLEET_HEADER: list[object] = ["期間", "業種", "事業者", "導入台数", "稼働台数", "稼働時間"]


def test_xlsx_rows_are_numbered_as_excel_rows_and_date_cells_mean_their_month(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        FLEET_HEADER,
        [dt.date(2027, 4, 1), "LOG", "Acme", 10, 8, 1.5],
        [],
        [dt.datetime(2027, 5, 31, 12, 0), "LOG", "Acme", 10.0, 8, 2],
        ["2027年6月", "LOG", "髙①～", 1250, 1000, 3],
        [],
        [],
    ]
    ctx = _ctx("t.xlsx")
    records = list(fleet_report.parse(_xlsx(tmp_path, rows), ctx))
    assert [(r.period, r.place.line, r.robots_deployed) for r in records] == [
        ("2027-04", 2, 10),
        ("2027-05", 4, 10),
        ("2027-06", 5, 1250),
    ]
    assert records[2].operator == "髙①～"


def test_a_formula_without_a_cached_value_is_refused_at_its_cell(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path,
        [FLEET_HEADER, ["2027-04", "LOG", "Acme", 10, 8, 1.5], ["2027-05", "LOG", "Acme", "=D2+1", 8, 1.5]],
    )
    with pytest.raises(InputRefused) as caught:
        list(fleet_report.parse(path, _ctx("t.xlsx")))
    [problem] = caught.value.problems
    assert (problem.code, problem.line, problem.column, problem.params) == ("E-FORMULA", 3, 4, {"cell": "D3"})


def test_a_zip_bomb_member_is_refused_from_the_directory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"A" * (20 * 1024 * 1024))
    assert [code for code, _ in xlsx_archive_problems(path)] == ["E-XLSX-RATIO"]
    with pytest.raises(InputRefused) as caught:
        list(fleet_report.parse(path, _ctx("bomb.xlsx")))
    # E-XLSX-BROKEN would mean openpyxl had been let loose on it.
    assert [p.code for p in caught.value.problems] == ["E-XLSX-RATIO"]
    assert caught.value.problems[0].params["member"] == "xl/worksheets/sheet1.xml"


def test_an_ordinary_workbook_passes_the_archive_checks(tmp_path: Path) -> None:
    rows = [FLEET_HEADER] + [["2027-04", "LOG", f"op{i}", 1, 1, 1] for i in range(2000)]
    assert xlsx_archive_problems(_xlsx(tmp_path, rows)) == []


def test_an_xlsx_over_100_mib_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    with path.open("wb") as out:
        out.write(b"PK\x03\x04")
        out.truncate(100 * 1024 * 1024 + 1)  # sparse: costs no disk
    assert xlsx_archive_problems(path) == [
        ("E-XLSX-SIZE", {"size": 100 * 1024 * 1024 + 1, "limit": 100 << 20})
    ]


def test_members_claiming_over_1_gib_in_all_are_refused(tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [FLEET_HEADER, ["2027-04", "LOG", "Acme", 1, 1, 1]])
    data = bytearray(path.read_bytes())
    # Forge the sheet's uncompressed size in the central directory (offset 24 of its header).
    at = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 1)
    data[at + 24 : at + 28] = (0xFFFF0000).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    assert "E-XLSX-SIZE" in [code for code, _ in xlsx_archive_problems(path)]


def test_a_broken_zip_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, b"PK\x03\x04 not really a zip", "t.xlsx")
    assert [p.code for p in _refusal(path)] == ["E-XLSX-BROKEN"]


# --------------------------------------------------------------------------- sniffing


def _head(path: Path) -> bytes:
    return path.read_bytes()[:HEAD_BYTES]


def test_each_format_recognises_only_its_own_header(tmp_path: Path) -> None:
    files = {
        fleet_report: [DATA / "fleet_cp932.csv", DATA / "fleet_utf8.csv", DATA / "fleet_utf8_bom.csv"],
        benchmark_csv: [DATA / "benchmark.csv", DATA / "benchmark_ja_cp932.csv"],
        assessment_sheet: [DATA / "sheet_cp932.csv", DATA / "sheet_en.csv"],
    }
    for owner, paths in files.items():
        for path in paths:
            for module in files:
                assert module.sniff(_head(path), path) is (module is owner), (module.NAME, path.name)


def test_sniff_reads_the_first_xlsx_sheet(tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [FLEET_HEADER, ["2027-04", "LOG", "Acme", 1, 1, 1]], name="data.bin")
    assert fleet_report.sniff(_head(path), path)
    assert not assessment_sheet.sniff(_head(path), path)


def test_a_header_missing_one_column_is_still_recognised(tmp_path: Path) -> None:
    path = _write(tmp_path, b"period,industry,operator,robots_deployed,robots_active\n2027-04,LOG,A,1,1\n")
    assert fleet_report.sniff(_head(path), path)
    assert _codes_at(path) == [("E-MISSING-COLUMN", 1)]


def test_the_real_shapes_are_not_tabular() -> None:
    paths = [p for p in SHAPES.rglob("*") if p.is_file()]
    assert paths
    for path in paths:
        for module in (fleet_report, benchmark_csv, assessment_sheet):
            assert not module.sniff(_head(path), path), (module.NAME, path)


def test_binary_bytes_are_not_sniffed_as_csv(tmp_path: Path) -> None:
    path = _write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00period,industry,operator")
    assert not fleet_report.sniff(_head(path), path)


# --------------------------------------------------------------------------- values


def _refused(parse: object, value: object) -> str:
    assert callable(parse)
    with pytest.raises(CellError) as caught:
        parse(value, "c")
    return caught.value.code


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1,250", 1250), ("1250.0", 1250), (1250.0, 1250), ("１，２５０", 1250), ("0", 0), (7, 7), (" 12 ", 12)],
)
def test_counts(value: object, expected: int) -> None:
    assert parse_count(value, "c") == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1250.5", "E-NOT-WHOLE"),
        ("1,25", "E-NUMBER"),
        ("12,50,0", "E-NUMBER"),
        ("abc", "E-NUMBER"),
        (True, "E-NUMBER"),
        ("-1", "E-NEGATIVE"),
        ("NaN", "E-NOT-FINITE"),
        ("-Infinity", "E-NOT-FINITE"),
        ("1e400", "E-NOT-FINITE"),
        (float("nan"), "E-NOT-FINITE"),
        ("1e30", "E-NUMBER-RANGE"),
        ("99999999999999999999", "E-NUMBER-RANGE"),
    ],
)
def test_refused_counts(value: object, code: str) -> None:
    assert _refused(parse_count, value) == code


def test_decimals_keep_their_value() -> None:
    assert parse_nonnegative("3,456.5", "c") == 3456.5
    assert parse_decimal("0.1", "c") == Decimal("0.1")
    assert _refused(parse_nonnegative, "-0.5") == "E-NEGATIVE"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2027-04", "2027-04"),
        ("2027/04", "2027-04"),
        ("2027/4", "2027-04"),
        ("2027年4月", "2027-04"),
        ("２０２７年１２月", "2027-12"),
        (dt.date(2027, 4, 30), "2027-04"),
        (dt.datetime(2028, 3, 1, 9), "2028-03"),
    ],
)
def test_periods(value: object, expected: str) -> None:
    assert parse_period(value, "c") == expected


@pytest.mark.parametrize("value", ["2027-13", "2027-00", "April 2027", "2027-04-01", "202704", 202704, ""])
def test_refused_periods(value: object) -> None:
    assert _refused(parse_period, value) == "E-PERIOD"


def test_dates_fiscal_years_and_booleans() -> None:
    assert parse_date("2027-09-30", "c") == dt.date(2027, 9, 30)
    assert parse_date(dt.datetime(2027, 9, 30, 23), "c") == dt.date(2027, 9, 30)
    assert _refused(parse_date, "2027/09/30") == "E-DATE"
    assert _refused(parse_date, "2027-02-30") == "E-DATE"
    assert [parse_fy(v, "c") for v in (2027, 2027.0, "2027年度", "FY2027", "fy 2027", "２０２７")] == [
        2027
    ] * 6
    assert _refused(parse_fy, "27") == "E-FY"
    assert _refused(parse_fy, 2027.5) == "E-FY"
    truthy = ["true", "TRUE", "1", "yes", "はい", "真", True]
    falsy = ["false", "0", "No", "いいえ", "偽", False]
    assert [parse_bool(v, "c") for v in truthy + falsy] == [True] * 7 + [False] * 6
    assert _refused(parse_bool, "maybe") == "E-NOT-BOOL"
