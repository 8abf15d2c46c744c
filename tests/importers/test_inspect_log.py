"""Inspect AI evaluation logs: the JSON log and the `.eval` zip, in the shape of `log/_log.py`."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest

from reviewer.core.errors import InputRefused
from reviewer.core.models import BenchmarkResultRecord, Place
from reviewer.importers import detect, inspect_log
from reviewer.importers.base import HEAD_BYTES, ParseContext

DATA = Path(__file__).resolve().parents[1] / "data" / "wild"
JSON_LOG = DATA / "inspect_gpqa.json"
EVAL_LOG = DATA / "inspect_gpqa.eval"


def parse(path: Path, **options: object) -> list[BenchmarkResultRecord]:
    ctx = ParseContext(path.name, **options)  # type: ignore[arg-type]
    records = list(inspect_log.parse(path, ctx))
    assert all(isinstance(r, BenchmarkResultRecord) for r in records)
    assert ctx.encoding == "utf-8"
    return records  # type: ignore[return-value]


def refused(path: Path, **options: object) -> list[tuple[str, int | None, int | None, dict[str, object]]]:
    with pytest.raises(InputRefused) as caught:
        parse(path, **options)
    return [(p.code, p.line, p.column, dict(p.params)) for p in caught.value.problems]


def expected_from(log: dict[str, object]) -> list[BenchmarkResultRecord]:
    """What the file says, read the plain way: one record per scorer metric but `stderr`."""
    spec = log["eval"]
    results = log["results"]
    assert isinstance(spec, dict) and isinstance(results, dict)
    # 2027-05-31T16:30:00+00:00 is 2027-06-01 01:30 in Japan
    assert spec["created"] == "2027-05-31T16:30:00+00:00"
    out = []
    for index, score in enumerate(results["scores"]):
        metrics = score["metrics"]
        for key, metric in metrics.items():
            if metric["name"] == "stderr":
                continue
            out.append(
                BenchmarkResultRecord(
                    model=spec["model"],
                    names=(spec["task"],),
                    metric=metric["name"],
                    value=metric["value"],
                    place=Place(json_path=f"results.scores[{index}].metrics.{key}.value"),
                    filter=score["name"],
                    stderr=metrics["stderr"]["value"],
                    n=score["scored_samples"],
                    # samples the scorer left out are said beside the value
                    source=(
                        f"scored_samples {score['scored_samples']}/"
                        f"{score['scored_samples'] + score['unscored_samples']}"
                        if score["unscored_samples"]
                        else None
                    ),
                    effective_date=dt.date(2027, 6, 1),
                    self_reported=True,
                )
            )
    return out


def test_a_json_log_imports_each_scorer_metric_with_its_stderr() -> None:
    log = json.loads(JSON_LOG.read_text(encoding="utf-8"))
    records = parse(JSON_LOG)
    assert records == expected_from(log)
    assert [(r.filter, r.metric, r.value, r.stderr, r.n) for r in records] == [
        ("choice", "accuracy", 0.4292929292929293, 0.035270060218722744, 198),
        ("match", "accuracy", 0.413265306122449, 0.035258, 196),
        ("match", "mean", 0.413265306122449, 0.035258, 196),
    ]
    assert {r.model for r in records} == {"hf/noetra/pai-fm-1.0"}
    assert {r.names for r in records} == {("gpqa_diamond",)}


def test_an_eval_archive_reads_only_its_header_and_gives_the_same_records() -> None:
    with zipfile.ZipFile(EVAL_LOG) as archive:
        header = json.loads(archive.read("header.json"))
    assert parse(EVAL_LOG) == expected_from(header) == parse(JSON_LOG)


def test_both_shapes_are_detected_by_content(tmp_path: Path) -> None:
    assert detect(JSON_LOG) == "inspect-log"
    assert detect(EVAL_LOG) == "inspect-log"
    renamed = tmp_path / "log.bin"
    renamed.write_bytes(EVAL_LOG.read_bytes())
    assert detect(renamed) == "inspect-log"


def test_a_large_json_log_is_streamed_past_its_samples_and_past_the_document_limit(tmp_path: Path) -> None:
    log = json.loads(JSON_LOG.read_text(encoding="utf-8"))
    # Samples with brackets and quotes in text, many of them: stepped over, never parsed.
    sample = log["samples"][0]
    log["samples"] = [dict(sample, id=i) for i in range(40_000)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps(log), encoding="utf-8")
    assert path.stat().st_size > 15 * 1024 * 1024
    assert inspect_log.sniff(path.read_bytes()[:HEAD_BYTES], path)
    assert [r.value for r in parse(path)] == [r.value for r in parse(JSON_LOG)]


def test_an_unfinished_or_failed_log_is_refused_with_its_status(tmp_path: Path) -> None:
    for status in ("error", "cancelled", "started"):
        text = JSON_LOG.read_text(encoding="utf-8").replace('"status": "success"', f'"status": "{status}"')
        path = tmp_path / f"{status}.json"
        path.write_text(text, encoding="utf-8")
        assert detect(path) == "inspect-log"
        # the place of the status's value in the file (line 3 of the JSON log)
        assert refused(path) == [("E-INSPECT-STATUS", 3, 13, {"status": status})]


def test_a_bad_value_is_refused_at_its_line_and_column(tmp_path: Path) -> None:
    text = JSON_LOG.read_text(encoding="utf-8").replace('"value": 0.4292929292929293', '"value": NaN')
    path = tmp_path / "nan.json"
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "NaN" in row)
    column = text.splitlines()[line - 1].index("NaN") + 1
    assert refused(path) == [("E-NOT-FINITE", line, column, {"value": "NaN"})]


def test_a_duplicate_top_level_key_and_broken_json_are_refused_at_their_place(tmp_path: Path) -> None:
    dup = tmp_path / "dup.json"
    dup.write_text('{"version": 2, "status": "success", "eval": {}, "status": "error"}', encoding="utf-8")
    assert refused(dup) == [("E-DUPLICATE-KEY", 1, 49, {"key": "status"})]
    cut = tmp_path / "cut.json"
    cut.write_text(JSON_LOG.read_text(encoding="utf-8")[:-200], encoding="utf-8")
    assert refused(cut)[0][0] == "E-JSON-SYNTAX"


def test_a_model_flag_fills_in_and_a_date_flag_must_agree(tmp_path: Path) -> None:
    assert refused(JSON_LOG, effective_date=dt.date(2027, 5, 31))[0][0] == "E-DATE-CONFLICT"
    log = json.loads(JSON_LOG.read_text(encoding="utf-8"))
    del log["eval"]["model"]
    path = tmp_path / "nomodel.json"
    path.write_text(json.dumps(log), encoding="utf-8")
    assert refused(path)[0][0] == "E-NO-MODEL"
    assert {r.model for r in parse(path, model="noetra/pai-fm-1.0")} == {"noetra/pai-fm-1.0"}


def test_an_eval_without_header_or_with_a_bomb_header_is_refused(tmp_path: Path) -> None:
    unfinished = tmp_path / "unfinished.eval"
    with zipfile.ZipFile(unfinished, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_journal/start.json", "{}")
        archive.writestr("samples/1_epoch_1.json", "{}")
    assert detect(unfinished) == "inspect-log"
    assert refused(unfinished) == [("E-INSPECT-NO-HEADER", None, None, {"member": "header.json"})]
    bomb = tmp_path / "bomb.eval"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_journal/start.json", "{}")
        archive.writestr("header.json", '{"version": 2, "pad": "' + " " * 5_000_000 + '"}')
    assert refused(bomb)[0][0] == "E-EVAL-RATIO"
    broken = tmp_path / "broken.eval"
    broken.write_bytes(EVAL_LOG.read_bytes()[:-30])  # the zip directory cut short
    assert refused(broken)[0][0] == "E-EVAL-BROKEN"


def test_an_eval_whose_samples_compress_well_is_not_refused_for_them(tmp_path: Path) -> None:
    path = tmp_path / "big.eval"
    with zipfile.ZipFile(EVAL_LOG) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info))
        archive.writestr("samples/3_epoch_1.json", '{"text": "' + "a" * 10_000_000 + '"}')
    assert detect(path) == "inspect-log"
    assert parse(path) == parse(EVAL_LOG)
