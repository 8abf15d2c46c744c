"""The format registry: names in SPEC order, modules, and detection by content."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.core.errors import InputRefused, UsageError
from reviewer.importers import DETECTION_ORDER, FORMATS, detect, module_for
from tests.paths import DATA as TESTS_DATA
from tests.paths import SHAPES

DATA = Path(__file__).resolve().parents[1] / "data" / "json"
ALL_TRIED = ", ".join(DETECTION_ORDER)


def test_every_format_is_tried_by_detection() -> None:
    # that FORMATS is SPEC §4's table in order is checked by .ci/samples_check.py (SPEC is outside)
    assert sorted(DETECTION_ORDER) == sorted(FORMATS)


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_has_its_module(name: str) -> None:
    module = module_for(name)
    assert name == module.NAME
    assert callable(module.sniff)
    assert callable(module.parse)


def test_an_unknown_format_name_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as caught:
        module_for("csv")
    assert caught.value.key == "format-unknown"


@pytest.mark.parametrize(
    ("relative", "name"),
    [
        ("shapes/lm_eval_legacy_arc.json", "lm-eval"),
        ("shapes/eval_results.template.yaml", "hf-eval-results"),
        ("example/README.md", "hf-model-card"),
        ("example/fleet.csv", "fleet-report"),
    ],
)
def test_real_shapes_are_detected(relative: str, name: str) -> None:
    assert detect(TESTS_DATA / relative) == name


@pytest.mark.parametrize(
    ("relative", "name"),
    [
        ("lm_eval_v04.json", "lm-eval"),
        ("model_card.md", "hf-model-card"),
        (".eval_results", "hf-eval-results"),
        (".eval_results/gpqa.yaml", "hf-eval-results"),
        (".eval_results/hle.yaml", "hf-eval-results"),
        ("lerobot_multi.json", "lerobot-eval"),
        ("lerobot_pusht/eval_info.json", "lerobot-eval"),
    ],
)
def test_fixtures_are_detected(relative: str, name: str) -> None:
    assert detect(DATA / relative) == name


@pytest.mark.parametrize(
    "relative",
    [
        "system_description.json",  # a benchmark system description (MLPerf's shape)
        "task_state_delivery.json",  # an Open-RMF task_state
        "vda5050_state.schema.json",  # a JSON Schema, not a state message
    ],
)
def test_real_non_formats_are_refused_naming_every_format_tried(relative: str) -> None:
    path = SHAPES / relative
    with pytest.raises(InputRefused) as caught:
        detect(path, display_name="given-name.json")
    (problem,) = caught.value.problems
    assert (problem.file, problem.code) == ("given-name.json", "E-UNKNOWN-FORMAT")
    assert problem.params == {"tried": ALL_TRIED}
    assert problem.params["tried"].split(", ")[:2] == ["lm-eval", "lerobot-eval"]


@pytest.mark.parametrize("content", [b"", b"\n  \n", b"\xef\xbb\xbf\n"])
def test_an_empty_file_has_no_data(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.json"
    path.write_bytes(content)
    with pytest.raises(InputRefused) as caught:
        detect(path)
    assert [p.code for p in caught.value.problems] == ["E-NO-DATA"]


def test_random_bytes_and_other_markdown_fit_no_format(tmp_path: Path) -> None:
    noise = tmp_path / "noise.bin"
    noise.write_bytes(bytes(range(256)) * 4)
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Hello\n---\nText\n")
    for path in (noise, post):
        with pytest.raises(InputRefused) as caught:
            detect(path)
        assert caught.value.problems[0].code == "E-UNKNOWN-FORMAT"


def test_a_folder_that_is_no_eval_results_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{}")
    with pytest.raises(InputRefused) as caught:
        detect(tmp_path)
    (problem,) = caught.value.problems
    # R16: a folder no folder format reads is not a file to import
    assert (problem.code, problem.params) == ("E-NOT-A-FILE", {"kind": "folder"})


def test_a_zip_bomb_is_refused_at_detection_from_its_directory(tmp_path: Path) -> None:
    """Sniffing opens an XLSX, so the archive checks run before any sniffer sees it."""
    import zipfile

    from reviewer.importers import detect

    path = tmp_path / "fleet.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"A" * (20 * 1024 * 1024))
    with pytest.raises(InputRefused) as caught:
        detect(path)
    assert [p.code for p in caught.value.problems] == ["E-XLSX-RATIO"]
    assert caught.value.problems[0].file == "fleet.xlsx"


# --------------------------------------------------------------------------- near misses (SPEC §4)


def _refusal(path: Path) -> tuple[str, dict[str, object]]:
    with pytest.raises(InputRefused) as caught:
        detect(path)
    (problem,) = caught.value.problems
    return problem.code, dict(problem.params)


def test_a_csv_with_a_model_column_but_the_wrong_others_names_what_is_missing_and_unknown(
    tmp_path: Path,
) -> None:
    path = tmp_path / "scores.csv"
    path.write_text("model,score,dataset\nacme/robo-1,0.5,arc\n", encoding="utf-8")
    assert _refusal(path) == (
        "E-UNKNOWN-FORMAT-NEAR-COLUMNS",
        {
            "tried": ALL_TRIED,
            "format": "benchmark-csv",
            "missing": "benchmark, metric, value",
            "unknown": "score, dataset",
        },
    )
    # the same header read by --format names the same columns at its line
    from reviewer.importers import benchmark_csv
    from reviewer.importers.base import ParseContext

    ctx = ParseContext(path.name)
    with pytest.raises(InputRefused) as caught:
        list(benchmark_csv.parse(path, ctx))
    forced = {(p.code, p.params.get("name")) for p in caught.value.problems}
    assert forced == {
        ("E-UNKNOWN-COLUMN", "score"),
        ("E-UNKNOWN-COLUMN", "dataset"),
        ("E-MISSING-COLUMN", "benchmark"),
        ("E-MISSING-COLUMN", "metric"),
        ("E-MISSING-COLUMN", "value"),
    }


def test_a_japanese_fleet_header_with_too_few_known_columns_is_named(tmp_path: Path) -> None:
    path = tmp_path / "fleet.csv"
    path.write_bytes("期間,業種,台数,備考\n2027-04,医療,3,x\n".encode("cp932"))
    code, params = _refusal(path)
    assert (code, params["format"], params["unknown"]) == (
        "E-UNKNOWN-FORMAT-NEAR-COLUMNS",
        "fleet-report",
        "台数, 備考",
    )
    assert params["missing"] == "operating_hours, operator, robots_active, robots_deployed"


def test_a_json_with_results_but_no_configs_or_versions_names_the_missing_keys(tmp_path: Path) -> None:
    path = tmp_path / "res.json"
    path.write_text('{"results": {"arc": {"acc": 0.5}}, "date": 1}', encoding="utf-8")
    assert _refusal(path) == (
        "E-UNKNOWN-FORMAT-NEAR-KEYS",
        {"tried": ALL_TRIED, "format": "lm-eval", "missing": "configs or versions", "unknown": "-"},
    )


def test_a_file_close_to_nothing_keeps_the_plain_refusal(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("city,population\nTokyo,14000000\n", encoding="utf-8")
    assert _refusal(path) == ("E-UNKNOWN-FORMAT", {"tried": ALL_TRIED})
