"""llm-jp-eval score files: v1.0-1.2 (`score_*.json`, flat) and v1.3+ (scores, outputs, config)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from reviewer.core.errors import InputRefused
from reviewer.core.models import BenchmarkResultRecord, Place
from reviewer.importers import detect, llm_jp_eval
from reviewer.importers.base import HEAD_BYTES, ParseContext

DATA = Path(__file__).resolve().parents[1] / "data" / "wild"
FLAT = DATA / "score_20270601_093000.json"
NEW = DATA / "noetra--pai-fm-1.0_20270601_093000.json"
AVERAGES = {"NLI", "QA", "RC", "MC", "EL", "FA", "MR", "MT", "CG", "AVR", "AVG"}


def parse(path: Path, **options: object) -> list[BenchmarkResultRecord]:
    ctx = ParseContext(path.name, **options)  # type: ignore[arg-type]
    records = list(llm_jp_eval.parse(path, ctx))
    assert all(isinstance(r, BenchmarkResultRecord) for r in records)
    return records  # type: ignore[return-value]


def refused(path: Path, **options: object) -> list[tuple[str, dict[str, object]]]:
    with pytest.raises(InputRefused) as caught:
        parse(path, **options)
    return [(p.code, dict(p.params)) for p in caught.value.problems]


def test_v1_flat_scores_import_exactly_with_the_model_given() -> None:
    scores = json.loads(FLAT.read_text(encoding="utf-8"))
    records = parse(FLAT, model="noetra/pai-fm-1.0")
    expected = [(key, value) for key, value in scores.items() if key not in AVERAGES]
    assert len(records) == len(expected) == 18
    for record, (key, value) in zip(records, expected, strict=True):
        dataset, metric = llm_jp_eval.split_key(key)
        assert key == f"{dataset}_{metric}"
        assert record == BenchmarkResultRecord(
            model="noetra/pai-fm-1.0",
            names=(dataset,),
            metric=metric,
            value=float(value),
            place=Place(json_path=key),
            effective_date=dt.date(2027, 6, 1),  # from the file name's 20270601_093000
            self_reported=True,
        )
    pearson = next(r for r in records if r.names == ("jsts",) and r.metric == "pearson")
    assert pearson.value == -0.23
    named = {(r.names[0], r.metric) for r in records}
    assert ("wiki_reading", "char_f1") in named and ("wiki_coreference", "set_f1") in named
    assert ("jcommonsenseqa", "exact_match") in named


def test_v1_flat_without_a_model_is_refused() -> None:
    assert refused(FLAT) == [("E-NO-MODEL", {})]


def test_v1_3_names_its_model_and_prints_its_split_and_sample_cap() -> None:
    data = json.loads(NEW.read_text(encoding="utf-8"))
    records = parse(NEW)
    expected = [(k, v) for k, v in data["scores"].items() if k not in AVERAGES]
    assert [(r.names[0], r.metric, r.value) for r in records] == [
        (*llm_jp_eval.split_key(k), float(v)) for k, v in expected
    ]
    assert {r.model for r in records} == {data["config"]["model"]["pretrained_model_name_or_path"]}
    assert {r.source for r in records} == {"llm-jp-eval 1.4.1, dev, 100 samples, 4-shot"}
    assert {r.effective_date for r in records} == {dt.date(2027, 6, 1)}
    by_key = {(r.names[0], r.metric): r for r in records}
    # the longest metric suffix wins; a key with no known suffix is the benchmark, metric `score`
    assert by_key[("alt-e-to-j", "bleu_ja")].value == 8.2345
    assert by_key[("wikicorpus-j-to-e", "bleu_en")].value == 6.1
    assert by_key[("mbpp", "pylint_check")].value == 0.98
    assert by_key[("alt-e-to-j_comet_wmt22", "score")].value == 0.7712
    assert by_key[("mmlu_en", "exact_match")].place == Place(json_path="scores.mmlu_en_exact_match")


def test_both_generations_are_detected_by_content(tmp_path: Path) -> None:
    assert detect(FLAT) == "llm-jp-eval"
    assert detect(NEW) == "llm-jp-eval"
    # v1.3 with outputs far beyond the sniffing head: `scores` comes first
    data = json.loads(NEW.read_text(encoding="utf-8"))
    data["outputs"]["jamp"] = data["outputs"]["jamp"] * 5000
    big = tmp_path / "run.json"
    big.write_text(json.dumps(data, ensure_ascii=False, indent=4), encoding="utf-8")
    assert big.stat().st_size > HEAD_BYTES
    assert detect(big) == "llm-jp-eval"


def test_a_score_that_is_no_decimal_is_refused_at_its_key(tmp_path: Path) -> None:
    data = json.loads(FLAT.read_text(encoding="utf-8"))
    data["jamp_exact_match"] = "0.46 "
    data["jnli_exact_match"] = "n/a"
    data["jsem_exact_match"] = True
    path = tmp_path / "score_20270601_093000.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert refused(path, model="m") == [
        ("E-NOT-NUMBER", {"field": "jnli_exact_match", "value": '"n/a"'}),
        ("E-NOT-NUMBER", {"field": "jsem_exact_match", "value": "True"}),
    ]


def test_the_date_comes_from_the_file_name_else_the_flag(tmp_path: Path) -> None:
    plain = tmp_path / "scores.json"
    plain.write_text(FLAT.read_text(encoding="utf-8"), encoding="utf-8")
    assert {r.effective_date for r in parse(plain, model="m")} == {None}
    assert refused(FLAT, model="m", effective_date=dt.date(2027, 6, 2)) == [
        ("E-DATE-CONFLICT", {"file_date": "2027-06-01", "flag_date": "2027-06-02"})
    ]


def test_only_averages_is_no_results(tmp_path: Path) -> None:
    path = tmp_path / "score_x.json"
    path.write_text(json.dumps({"NLI": "0.5", "AVG": "0.5"}), encoding="utf-8")
    assert refused(path, model="m") == [("E-NO-RESULTS", {})]
