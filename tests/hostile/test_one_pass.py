"""All errors of a file in one pass (SPEC §4, issues 13 and 16): a duplicate key is reported
together with the bad values of other lines, not after they are fixed; YAML reports every
duplicate, not only the first. Through the command line on real files and databases."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.hostile.test_bytes_in import DATA, HEADER, PLAN, cli, evidence_count, refused


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    code, text = cli("--db", str(path), "init", "--plan", str(PLAN))
    assert code == 0, text
    return path


def _error_lines(text: str, file: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(re.escape(file) + r"(:\d+)*: E-", line)]


def _plan(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    text = PLAN.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_plan_with_a_duplicate_key_and_a_bad_number_reports_both_at_once(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        ("ceiling_jpy: 1000000000000", "ceiling_jpy: " + "1" + "0" * 23),
        ("  first_fy: 2026\n", "  first_fy: 2026\n  implementer: again\n"),
    )
    code, text = cli("--db", str(tmp_path / "x.db"), "init", "--plan", str(plan))
    assert code == 1 and "Traceback" not in text, text
    lines = _error_lines(text, str(plan))
    assert [line.split(" ")[0:2] for line in lines] == [
        [f"{plan}:6:", "E-NUMBER-RANGE"],
        [f"{plan}:8:3:", "E-DUPLICATE-KEY"],
    ], text
    assert "2 errors" in text
    assert not (tmp_path / "x.db").exists() or (tmp_path / "x.db").stat().st_size == 0


def test_every_duplicate_key_of_a_plan_is_reported_not_only_the_first(tmp_path: Path) -> None:
    plan = _plan(
        tmp_path,
        ("  first_fy: 2026\n", "  first_fy: 2026\n  first_fy: 2027\n"),
        ("criteria: nedo-standard", "criteria: nedo-standard\ncriteria: nedo-standard"),
    )
    code, text = cli("--db", str(tmp_path / "x.db"), "init", "--plan", str(plan))
    assert code == 1, text
    codes = [line.split(" ")[:2] for line in _error_lines(text, str(plan))]
    assert codes == [[f"{plan}:8:3:", "E-DUPLICATE-KEY"], [f"{plan}:17:1:", "E-DUPLICATE-KEY"]], text
    assert "2 errors" in text


def test_one_error_says_one_error(tmp_path: Path) -> None:
    plan = _plan(tmp_path, ("  first_fy: 2026\n", "  first_fy: 2026\n  first_fy: 2027\n"))
    code, text = cli("--db", str(tmp_path / "x.db"), "init", "--plan", str(plan))
    assert code == 1 and "1 error" in text and "1 errors" not in text, text


def test_lm_eval_json_with_a_duplicate_key_and_a_bad_number_reports_both(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    path.write_text(
        '{"results": {\n'
        ' "arc": {"alias": "arc", "acc,none": 0.5, "acc,none": 0.6},\n'
        ' "hella": {"alias": "hella", "acc,none": 1e-400},\n'
        ' "mmlu": {"alias": "mmlu", "acc,none": NaN}},\n'
        ' "versions": {"arc": 1}, "config": {"model_args": "pretrained=acme/robo"}}\n',
        encoding="utf-8",
    )
    text = refused(db, path)
    lines = _error_lines(text, "results.json")
    # listed in the file's order; a value error found by its JSON path has no line and comes first
    assert [line.split(" ")[:2] for line in lines] == [
        ["results.json:", "E-NUMBER-UNDERFLOW"],
        ["results.json:2:43:", "E-DUPLICATE-KEY"],
        ["results.json:4:40:", "E-NOT-FINITE"],
    ], text
    assert "(3 errors)" in text


def test_eval_results_yaml_with_two_duplicates_and_a_bad_number_reports_all(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "gpqa.yaml"
    path.write_text(
        "- dataset:\n    id: Idavidrein/gpqa\n    task_id: diamond\n    task_id: main\n"
        "  value: 0.5\n  value: 0.6\n"
        "- dataset:\n    id: cais/mmlu\n    task_id: all\n  value: 1e-400\n",
        encoding="utf-8",
    )
    text = refused(db, path, "--model", "acme/robo")
    codes = [line.split(" ")[:2] for line in _error_lines(text, "gpqa.yaml")]
    assert codes == [
        ["gpqa.yaml:4:5:", "E-DUPLICATE-KEY"],
        ["gpqa.yaml:6:3:", "E-DUPLICATE-KEY"],
        ["gpqa.yaml:10:", "E-NUMBER-UNDERFLOW"],
    ], text
    assert "(3 errors)" in text


def test_a_model_card_with_a_duplicate_key_and_a_bad_value_reports_both(db: Path, tmp_path: Path) -> None:
    card = (DATA / "json" / "model_card.md").read_text(encoding="utf-8")
    assert "license: " in card
    path = tmp_path / "README.md"
    path.write_text(
        card.replace("license: ", "license: [1, 2]\nlicense: ", 1),
        encoding="utf-8",
    )
    text = refused(db, path)
    codes = [line.split(" ")[1] for line in _error_lines(text, "README.md")]
    assert codes == ["E-NOT-TEXT", "E-DUPLICATE-KEY"], text  # line 2, then line 3
    assert evidence_count(db) == 0


def test_a_fleet_file_with_a_bad_number_and_a_repeated_key_reports_both(db: Path, tmp_path: Path) -> None:
    # issue 16: the repeated key was found only after the bad number had been fixed
    path = tmp_path / "fleet.csv"
    path.write_text(
        HEADER + "2027-04,medical,A,x,8,1\n2027-05,medical,B,10,8,1\n2027-05,medical,B,11,8,1\n",
        encoding="utf-8",
    )
    text = refused(db, path)
    codes = [line.split(" ")[:2] for line in _error_lines(text, "fleet.csv")]
    assert codes == [["fleet.csv:2:4:", "E-NUMBER"], ["fleet.csv:4:", "E-DUPLICATE-ROW"]], text
    assert "(2 errors)" in text
