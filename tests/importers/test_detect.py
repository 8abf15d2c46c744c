"""The format registry: names in SPEC order, modules, and detection by content."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewer.core.errors import InputRefused, UsageError
from reviewer.importers import DETECTION_ORDER, FORMATS, detect, module_for

DATA = Path(__file__).resolve().parents[1] / "data" / "json"
ALL_TRIED = ", ".join(DETECTION_ORDER)


def test_formats_are_spec_section_4s_table_in_order(shared: Path) -> None:
    spec = (shared / "SPEC.md").read_text(encoding="utf-8")
    section = spec[spec.index("## 4. Evidence sources") : spec.index("## 5. Milestone rules")]
    in_table = re.findall(r"^\| \w+ \| `([a-z0-9-]+)` \|", section, re.MULTILINE)
    assert tuple(in_table) == FORMATS
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
        ("samples/lm-eval/arc_challenge-v2.0-res.json", "lm-eval"),
        ("samples/hf-eval-results/eval_results.template.yaml", "hf-eval-results"),
        ("checks/example/README.md", "hf-model-card"),
        ("checks/example/fleet.csv", "fleet-report"),
    ],
)
def test_real_files_are_detected(shared: Path, relative: str, name: str) -> None:
    assert detect(shared / relative) == name


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
        "mlperf/systems_8xMI300X_2xEPYC_9575F.json",  # an MLPerf system description
        "open-rmf/task_state_multi_dropoff_delivery.json",  # an Open-RMF task_state
        "vda5050/state.schema.v2.1.0.json",  # a JSON Schema, not a state message
    ],
)
def test_real_non_formats_are_refused_naming_every_format_tried(samples: Path, relative: str) -> None:
    path = samples / relative
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
