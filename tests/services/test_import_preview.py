"""The import preview on real files: format, first records and problems, nothing written."""

from __future__ import annotations

from pathlib import Path

from reviewer.core.models import BenchmarkResultRecord, FleetRecord
from reviewer.services import evidence
from reviewer.services.import_preview import PREVIEW_RECORDS, preview_file
from tests.paths import SHAPES

DATA = Path(__file__).resolve().parents[1] / "data"
HEADER = "period,industry,operator,robots_deployed,robots_active,operating_hours\n"


def _written(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    return (
        db.execute("SELECT count(*) FROM evidence").fetchone()[0],
        db.execute("SELECT count(*) FROM import_batch").fetchone()[0],
    )


def _csv(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "fleet.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def test_a_fleet_report_is_detected_and_its_rows_shown(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _csv(tmp_path, "2027-04,medical,Kanto,80,70,1000", "2027-04,物流,Osaka,50,45,500")
    found = preview_file(db, path, evidence.ImportOptions())
    assert found.format == "fleet-report" and found.encoding == "utf-8" and not found.partial
    assert [(r.industry, r.operator, r.place.line) for r in found.records] == [
        ("medical", "Kanto", 2),
        ("物流", "Osaka", 3),
    ]
    assert found.problems == () and _written(db) == (0, 0)


def test_problems_are_named_with_their_lines(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = _csv(tmp_path, "2027-04,medical,A,80,70,1000", "2027-04,medical,B,x,1,1", "2027-04,Mining,C,1,1,1")
    found = preview_file(db, path, evidence.ImportOptions())
    assert found.format == "fleet-report" and [r.operator for r in found.records] == ["A"]
    assert [(p.code, p.line) for p in found.problems] == [("E-NUMBER", 3), ("E-INDUSTRY", 4)]
    assert found.total_problems == 2


def test_options_change_what_the_file_means(db) -> None:  # type: ignore[no-untyped-def]
    source = SHAPES / "lm_eval_legacy_arc.json"
    without = preview_file(db, source, evidence.ImportOptions())
    assert without.format == "lm-eval" and [p.code for p in without.problems] == ["E-NO-MODEL"]
    named = preview_file(db, source, evidence.ImportOptions(model="acme/robo-1"))
    assert named.problems == ()
    assert {(r.model, r.metric) for r in named.records if isinstance(r, BenchmarkResultRecord)} == {
        ("acme/robo-1", "acc"),
        ("acme/robo-1", "acc_norm"),
    }


def test_a_file_no_format_fits_is_refused_with_the_formats_tried(db) -> None:  # type: ignore[no-untyped-def]
    found = preview_file(db, SHAPES / "system_description.json", evidence.ImportOptions())
    assert found.format is None and found.records == ()
    assert [p.code for p in found.problems] == ["E-UNKNOWN-FORMAT"]
    assert "fleet-report" in str(found.problems[0].params["tried"])


def test_a_large_file_is_previewed_from_its_first_mebibyte(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for i in range(60_000):  # about 2.4 MiB
            out.write(f"2027-{1 + i % 12:02d},medical,operator {i // 12},10,5,100\n")
    found = preview_file(db, big, evidence.ImportOptions())
    assert found.partial and len(found.records) == PREVIEW_RECORDS and found.problems == ()
    assert [r.place.line for r in found.records] == list(range(2, 2 + PREVIEW_RECORDS))
    assert big.stat().st_size > 2 * 2**20 and _written(db) == (0, 0)


def test_telemetry_with_a_registry_is_rolled_up(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    registry = tmp_path / "registry.csv"
    rows = [
        "manufacturer,serialNumber,operator,industry",
        "acme,A1,Kanto Care,medical",
        "acme,B2,Kanto Care,medical",
    ]
    registry.write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = preview_file(
        db, DATA / "telemetry" / "vda5050_v2.jsonl", evidence.ImportOptions(registry=registry)
    )
    assert found.format == "vda5050-state" and found.problems == ()
    assert {(r.operator, r.industry) for r in found.records if isinstance(r, FleetRecord)} == {
        ("Kanto Care", "medical")
    }


def test_a_large_json_document_is_previewed_whole_not_cut(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    states = json.loads((DATA / "telemetry" / "open_rmf_fleet_array.json").read_text(encoding="utf-8"))
    big = tmp_path / "rmf.json"
    # the same fleet states, pretty-printed and padded past a MiB: one document, not JSON Lines
    padded = [dict(state, note="x" * 4000) for state in states] * 150
    big.write_text(json.dumps(padded, indent=2), encoding="utf-8")
    assert big.stat().st_size > 2**20
    options = evidence.ImportOptions(operator="Kanto", industry="medical")
    found = preview_file(db, big, options)
    assert found.format == "open-rmf-fleet-state" and not found.partial
    assert not any(p.code == "E-JSON-SYNTAX" for p in found.problems)


def test_a_partial_preview_names_the_whole_files_encoding(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "cp932.csv"
    with big.open("w", encoding="cp932") as out:
        out.write(HEADER)
        for i in range(30_000):  # plain ASCII for well over a MiB
            out.write(f"2027-{1 + i % 12:02d},medical,operator {i // 12},10,5,100\n")
        out.write("2028-01,医療,大阪ケア,10,5,100\n")  # the first CP932 bytes, near the end
    found = preview_file(db, big, evidence.ImportOptions())
    assert found.partial and found.encoding == "cp932"
