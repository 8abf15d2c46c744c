"""UTF-16 and UTF-32 text files are refused as such (SPEC §4 "Encodings, decided once per file"):
the error names the file and the place, says the file is UTF-16 (or UTF-32) and must be saved as
UTF-8, in both languages, and nothing is written. Through `reviewer import` (the format detected
or named, with or without `--encoding`), the import preview, the telemetry registry, and the plan
(`reviewer init`, `reviewer plan`).

The fixtures are written here the way Windows programs write UTF-16:
- Excel, "Unicode テキスト (*.txt)" / "Unicode Text": UTF-16LE with a BOM, TAB-separated, CRLF;
- Notepad, "UTF-16 LE" / "UTF-16 BE" in the Save dialog's encoding list: a BOM, CRLF;
- PowerShell 5: `Out-File` and `>` write "Unicode" (UTF-16LE with a BOM, CRLF, a final CRLF);
  `Export-Csv -Encoding Unicode -NoTypeInformation` quotes every field;
- .NET's `new UnicodeEncoding(false, false)` and `iconv -t UTF-16LE` / `UTF-16BE` write no BOM;
- `iconv -t UTF-32` (glibc) writes big-endian with the BOM 00 00 FE FF.
"""

from __future__ import annotations

import codecs
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer import messages
from reviewer.importers.textenc import wide_text
from reviewer.services import evidence
from reviewer.services.import_preview import preview_file
from reviewer.store.db import open_database
from tests.cli_runner import ok, reviewer
from tests.paths import SHAPES

DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLE = DATA / "example"
FLEET = (EXAMPLE / "fleet.csv").read_text(encoding="utf-8")
ARC = (DATA / "decisions" / "better_arc.csv").read_text(encoding="utf-8")
REGISTRY = (
    "manufacturer,serialNumber,operator,industry\nacme,A1,Kanto Care,medical\nacme,B2,Kanto Care,medical\n"
)
LM_EVAL = (SHAPES / "lm_eval_legacy_arc.json").read_text(encoding="utf-8")


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def excel_unicode_text(csv_text: str) -> bytes:
    """Excel's "Unicode Text": UTF-16LE, BOM, TABs between fields, CRLF after every row."""
    rows = [line.split(",") for line in csv_text.splitlines()]
    return codecs.BOM_UTF16_LE + "".join("\t".join(r) + "\r\n" for r in rows).encode("utf-16-le")


def notepad(text: str, codec: str) -> bytes:
    """Notepad's "UTF-16 LE" / "UTF-16 BE": the BOM, then the text with CRLF line breaks."""
    bom = codecs.BOM_UTF16_LE if codec == "utf-16-le" else codecs.BOM_UTF16_BE
    return bom + _crlf(text).encode(codec)


def powershell_out_file(text: str) -> bytes:
    """PowerShell 5's `... | Out-File results.json`: UTF-16LE, BOM, CRLF, a final CRLF."""
    return codecs.BOM_UTF16_LE + (_crlf(text).rstrip("\r\n") + "\r\n").encode("utf-16-le")


def powershell_export_csv(csv_text: str) -> bytes:
    """PowerShell 5's `Export-Csv -Encoding Unicode -NoTypeInformation`: every field quoted."""
    rows = [line.split(",") for line in csv_text.splitlines()]
    body = "".join(",".join(f'"{v}"' for v in r) + "\r\n" for r in rows)
    return codecs.BOM_UTF16_LE + body.encode("utf-16-le")


def without_bom(text: str, codec: str) -> bytes:
    """.NET's UnicodeEncoding(bigEndian, byteOrderMark: false) or `iconv -t UTF-16LE`: no BOM."""
    return _crlf(text).encode(codec)


def iconv_utf32(text: str) -> bytes:
    """glibc `iconv -t UTF-32`: big-endian, with the BOM 00 00 FE FF."""
    return codecs.BOM_UTF32_BE + text.encode("utf-32-be")


# name, bytes, the encoding the message names, the BOM it names (None: E-ENCODING-UTF16-NO-BOM), offset
Case = tuple[str, bytes, str, str | None, int]
CASES: dict[str, Case] = {
    "excel-unicode-text": ("fleet.txt", excel_unicode_text(FLEET), "UTF-16LE", "FF FE", 0),
    "export-csv": ("arc.csv", powershell_export_csv(ARC), "UTF-16LE", "FF FE", 0),
    "out-file-json": ("results.json", powershell_out_file(LM_EVAL), "UTF-16LE", "FF FE", 0),
    "notepad-be": ("fleet.csv", notepad(FLEET, "utf-16-be"), "UTF-16BE", "FE FF", 0),
    "no-bom-le": ("fleet.csv", without_bom(FLEET, "utf-16-le"), "UTF-16LE", None, 1),
    "no-bom-be": ("arc.csv", without_bom(ARC, "utf-16-be"), "UTF-16BE", None, 0),
    "utf-32": ("arc.csv", iconv_utf32(ARC), "UTF-32BE", "00 00 FE FF", 0),
}


def _expected(case: Case, lang: str) -> str:
    name, _data, encoding, bom, offset = case
    if bom is None:
        said = messages.text("E-ENCODING-UTF16-NO-BOM", lang, encoding=encoding, offset=offset)
        return f"{name}:1: E-ENCODING-UTF16-NO-BOM {said}"
    said = messages.text("E-ENCODING-UTF16", lang, encoding=encoding, bom=bom, offset=offset)
    return f"{name}:1: E-ENCODING-UTF16 {said}"


@pytest.fixture
def program(tmp_path: Path) -> str:
    path = str(tmp_path / "program.db")
    ok("--db", path, "init", "--plan", str(EXAMPLE / "plan.yaml"))
    return path


def _written(db: str) -> tuple[int, ...]:
    conn = sqlite3.connect(db)
    try:
        return tuple(
            int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in ("import_batch", "evidence", "audit_log")
        )
    finally:
        conn.close()


def _write(tmp_path: Path, case: Case) -> Path:
    path = tmp_path / case[0]
    path.write_bytes(case[1])
    return path


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_import_refuses_a_utf16_file_by_name_and_writes_nothing(
    program: str, tmp_path: Path, case: str, lang: str
) -> None:
    path = _write(tmp_path, CASES[case])
    before = _written(program)
    code, out, err = reviewer("--lang", lang, "--db", program, "import", str(path))
    assert code == 1, (out, err)
    assert _expected(CASES[case], lang) in err, err
    assert "UTF-8" in err and "Traceback" not in err
    assert _written(program) == before


@pytest.mark.parametrize(
    ("case", "options"),
    [
        ("excel-unicode-text", ("--format", "fleet-report")),
        ("notepad-be", ("--format", "fleet-report", "--encoding", "utf-8")),
        ("no-bom-le", ("--format", "fleet-report", "--encoding", "cp932")),
        ("export-csv", ("--format", "benchmark-csv")),
        ("no-bom-be", ("--format", "benchmark-csv", "--encoding", "utf-8")),
        ("out-file-json", ("--format", "lm-eval", "--model", "acme/robo-1")),
        ("out-file-json", ("--format", "inspect-log")),
        ("utf-32", ("--format", "benchmark-csv", "--encoding", "cp932")),
    ],
)
def test_a_named_format_or_encoding_does_not_get_past_the_refusal(
    program: str, tmp_path: Path, case: str, options: tuple[str, ...]
) -> None:
    """`--format` skips detection and `--encoding` the decision: neither reads UTF-16 as text."""
    path = _write(tmp_path, CASES[case])
    before = _written(program)
    code, out, err = reviewer("--lang", "en", "--db", program, "import", str(path), *options)
    assert code == 1 and _expected(CASES[case], "en") in err, (out, err)
    assert _written(program) == before


def _vda5050_utf16(tmp_path: Path) -> Path:
    path = tmp_path / "states.jsonl"
    path.write_bytes(
        powershell_out_file((DATA / "telemetry" / "vda5050_v2.jsonl").read_text(encoding="utf-8"))
    )
    return path


def test_telemetry_and_its_registry_in_utf16_are_refused_by_name(program: str, tmp_path: Path) -> None:
    registry = tmp_path / "robots.csv"
    registry.write_bytes(
        excel_unicode_text((DATA / "telemetry" / "registry.csv").read_text(encoding="utf-8"))
    )
    before = _written(program)
    states = DATA / "telemetry" / "vda5050_v2.jsonl"
    code, _out, err = reviewer(
        "--lang", "en", "--db", program, "import", str(states), "--registry", str(registry)
    )
    assert code == 1 and "robots.csv:1: E-ENCODING-UTF16 " in err, err
    utf8_registry = tmp_path / "registry.csv"
    utf8_registry.write_text(REGISTRY, encoding="utf-8")
    states16 = _vda5050_utf16(tmp_path)
    for options in ((), ("--format", "vda5050-state")):
        code, _out, err = reviewer(
            "--lang",
            "ja",
            "--db",
            program,
            "import",
            str(states16),
            "--registry",
            str(utf8_registry),
            *options,
        )
        assert code == 1 and "states.jsonl:1: E-ENCODING-UTF16 " in err, err
        assert "UTF-8 で保存し直して" in err
    assert _written(program) == before


@pytest.mark.parametrize("case", list(CASES))
def test_the_preview_names_the_encoding_and_writes_nothing(program: str, tmp_path: Path, case: str) -> None:
    path = _write(tmp_path, CASES[case])
    before = _written(program)
    db = open_database(program)
    try:
        found = preview_file(db, path, evidence.ImportOptions())
        named = preview_file(db, path, evidence.ImportOptions(format="benchmark-csv", encoding="utf-8"))
    finally:
        db.close()
    expected = "E-ENCODING-UTF16" if CASES[case][3] else "E-ENCODING-UTF16-NO-BOM"
    assert found.format is None and found.records == ()
    assert [(p.file, p.code, p.line) for p in found.problems] == [(CASES[case][0], expected, 1)]
    assert [(p.file, p.code, p.line) for p in named.problems] == [(CASES[case][0], expected, 1)]
    assert named.records == ()
    assert _written(program) == before


def test_the_preview_of_telemetry_with_a_utf16_registry_is_a_refusal(program: str, tmp_path: Path) -> None:
    registry = tmp_path / "robots.csv"
    registry.write_bytes(without_bom(REGISTRY, "utf-16-le"))
    db = open_database(program)
    try:
        found = preview_file(
            db, DATA / "telemetry" / "vda5050_v2.jsonl", evidence.ImportOptions(registry=registry)
        )
    finally:
        db.close()
    assert [(p.file, p.code) for p in found.problems] == [("robots.csv", "E-ENCODING-UTF16-NO-BOM")]


PlanWriter = Callable[[str], bytes]
PLANS: dict[str, tuple[PlanWriter, str]] = {
    "notepad-le": (lambda t: notepad(t, "utf-16-le"), "E-ENCODING-UTF16"),
    "out-file": (powershell_out_file, "E-ENCODING-UTF16"),
    "no-bom-be": (lambda t: without_bom(t, "utf-16-be"), "E-ENCODING-UTF16-NO-BOM"),
    "utf-32": (iconv_utf32, "E-ENCODING-UTF16"),
}


@pytest.mark.parametrize("writer", list(PLANS))
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_utf16_plan_is_refused_by_init_and_by_plan_load(tmp_path: Path, writer: str, lang: str) -> None:
    write, expected = PLANS[writer]
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(write((EXAMPLE / "plan.yaml").read_text(encoding="utf-8")))
    db = tmp_path / "new.db"
    code, _out, err = reviewer("--lang", lang, "--db", str(db), "init", "--plan", str(plan))
    assert code == 1 and f"{plan}:1: {expected} " in err, err
    assert "UTF-8" in err and "Traceback" not in err
    assert not db.exists()
    existing = str(tmp_path / "program.db")
    ok("--db", existing, "init", "--plan", str(EXAMPLE / "plan.yaml"))
    before = _written(existing)
    code, _out, err = reviewer("--lang", lang, "--db", existing, "plan", str(plan))
    assert code == 1 and f"{plan}:1: {expected} " in err, err
    assert _written(existing) == before


def test_what_is_not_utf16_is_not_taken_for_it() -> None:
    """A UTF-8 file with a stray NUL is E-NUL's, a zip or random bytes are no text at all."""
    import os
    import zipfile
    from io import BytesIO

    assert wide_text(FLEET.encode("utf-8")) is None
    assert wide_text(("\ufeff" + FLEET).encode("utf-8")) is None
    assert wide_text(FLEET.encode("cp932")) is None
    assert wide_text(b"period,industry\n2027-04,\x00medical\n") is None
    assert wide_text(b"period,industry\n\x00\n2027-04,medical\n") is None
    archive = BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert wide_text(archive.getvalue()) is None
    assert wide_text(b"PAR1" + bytes(range(256)) * 4) is None
    assert sum(wide_text(os.urandom(4096)) is not None for _ in range(200)) == 0
    # Japanese text in UTF-16 without a BOM: few ASCII characters, but its line breaks show it
    japanese = "reviewer,fy\r\n" + "介入率は高く、評価データの公開が遅れた。\r\n" * 200
    found = wide_text(japanese.encode("utf-16-le"))
    assert found is not None and (found.encoding, found.bom, found.offset) == ("UTF-16LE", None, 1)


@pytest.mark.parametrize("only", [False, True])
def test_an_eval_results_folder_with_a_utf16_entry_names_that_file(
    program: str, tmp_path: Path, only: bool
) -> None:
    """A folder is detected by its entries: one saved by Notepad as UTF-16 is refused by its name
    inside the folder, not the folder as "no format reads it" (E-NOT-A-FILE)."""
    folder = tmp_path / ".eval_results"
    folder.mkdir()
    source = DATA / "json" / ".eval_results"
    if not only:
        (folder / "gpqa.yaml").write_bytes((source / "gpqa.yaml").read_bytes())
    (folder / "hle.yaml").write_bytes(notepad((source / "hle.yaml").read_text(encoding="utf-8"), "utf-16-le"))
    before = _written(program)
    code, out, err = reviewer(
        "--lang", "en", "--db", program, "import", str(folder), "--model", "acme/robo-1"
    )
    assert code == 1, (out, err)
    assert ".eval_results/hle.yaml:1: E-ENCODING-UTF16 " in err, err
    assert _written(program) == before
