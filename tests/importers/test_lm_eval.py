"""lm-evaluation-harness results: the real legacy sample and a current-shape fixture."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from reviewer.core.errors import InputRefused
from reviewer.core.models import BenchmarkResultRecord, Place
from reviewer.importers import lm_eval
from reviewer.importers.base import HEAD_BYTES, ParseContext
from tests.paths import SHAPES

LEGACY = SHAPES / "lm_eval_legacy_arc.json"  # the legacy results shape (no configs, no filter)

DATA = Path(__file__).resolve().parents[1] / "data" / "json"
V04 = DATA / "lm_eval_v04.json"
V0412 = DATA / "lm_eval_v0412.json"


def parse(path: Path, **options: object) -> list[BenchmarkResultRecord]:
    ctx = ParseContext(path.name, **options)  # type: ignore[arg-type]
    records = list(lm_eval.parse(path, ctx))
    assert all(isinstance(r, BenchmarkResultRecord) for r in records)
    return records  # type: ignore[return-value]


def refused(path: Path, **options: object) -> list[tuple[str, int | None, dict[str, object]]]:
    with pytest.raises(InputRefused) as caught:
        parse(path, **options)
    return [(p.code, p.line, dict(p.params)) for p in caught.value.problems]


def write(tmp_path: Path, data: object, name: str = "res.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=1) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def test_the_legacy_shape_gives_acc_and_acc_norm_with_their_stderr() -> None:
    path = LEGACY
    # SPEC §5 imports it with --effective-date 2027-06-01: the file has no top-level `date`
    # (only `versions`), so there is no conflict and the service fills the flag's date in.
    records = parse(path, model="acme/robo-1", effective_date=dt.date(2027, 6, 1))
    assert records == [
        BenchmarkResultRecord(
            model="acme/robo-1",
            names=("arc_challenge",),
            metric="acc",
            value=0.2662,
            place=Place(json_path="results.arc_challenge.acc"),
            filter=None,
            stderr=0.013,
            effective_date=None,
            self_reported=True,
        ),
        BenchmarkResultRecord(
            model="acme/robo-1",
            names=("arc_challenge",),
            metric="acc_norm",
            value=0.2824,
            place=Place(json_path="results.arc_challenge.acc_norm"),
            filter=None,
            stderr=0.0133,
            effective_date=None,
            self_reported=True,
        ),
    ]


def test_the_legacy_shape_without_a_model_is_refused() -> None:
    path = LEGACY
    assert refused(path) == [("E-NO-MODEL", None, {})]


def test_current_shape_one_record_per_task_metric_filter() -> None:
    records = {(r.names[0], r.metric, r.filter): r for r in parse(V04)}
    # `mmlu` is a group: in `results` too, but not a result of its own.
    assert sorted(records) == [
        ("arc_challenge", "acc", "none"),
        ("arc_challenge", "acc_norm", "none"),
        ("gsm8k", "exact_match", "flexible-extract"),
        ("gsm8k", "exact_match", "strict-match"),
    ]
    june_2 = dt.date(2027, 6, 2)  # 2027-06-01 15:30 UTC is already 2 June in Japan
    assert records[("arc_challenge", "acc", "none")] == BenchmarkResultRecord(
        model="acme/robo-1",
        names=("arc_challenge", "allenai/ai2_arc"),
        metric="acc",
        value=0.5,
        place=Place(json_path='results.arc_challenge["acc,none"]'),
        filter="none",
        stderr=0.0146,
        n=1172,
        higher_is_better=True,
        effective_date=june_2,
        self_reported=True,
    )
    norm = records[("arc_challenge", "acc_norm", "none")]
    assert (norm.value, norm.stderr) == (0.53, None)  # "N/A" stderr is allowed, kept as unknown
    strict = records[("gsm8k", "exact_match", "strict-match")]
    assert strict.names == ("gsm8k",)  # dataset_path equals the task key: named once
    assert (strict.value, strict.stderr, strict.n) == (0.42, 0.0136, 1000)  # effective n-samples
    assert strict.place.json_path == 'results.gsm8k["exact_match,strict-match"]'
    assert {r.effective_date for r in records.values()} == {june_2}


def test_the_same_effective_date_is_accepted_and_a_different_one_refused() -> None:
    assert len(parse(V04, effective_date=dt.date(2027, 6, 2))) == 4
    assert refused(V04, effective_date=dt.date(2027, 6, 1)) == [
        ("E-DATE-CONFLICT", None, {"file_date": "2027-06-02", "flag_date": "2027-06-01"})
    ]


def test_model_args_as_a_dict_and_the_flag_agreeing_with_it(tmp_path: Path) -> None:
    data = json.loads(V04.read_text())
    data["config"]["model_args"] = {"pretrained": "acme/robo-1@main", "dtype": "bfloat16"}
    path = write(tmp_path, data)
    assert {r.model for r in parse(path, model="ACME/robo-1")} == {"acme/robo-1@main"}


def test_a_flag_naming_another_declared_model_than_the_file_is_refused() -> None:
    declared = {"acme/robo-1": "acme/robo-1", "acme/robo-9": "acme/robo-9"}
    assert refused(V04, model="acme/robo-9", resolve_model=declared.get) == [
        ("E-MODEL-CONFLICT", None, {"file_model": "acme/robo-1", "flag_model": "acme/robo-9"})
    ]


def test_a_flag_naming_a_model_the_plan_does_not_declare_takes_the_files_name_as_an_alias() -> None:
    ctx = ParseContext(V04.name, model="acme/robo-9")
    records = list(lm_eval.parse(V04, ctx))
    assert {(r.model, r.named_as) for r in records} == {("acme/robo-9", "acme/robo-1")}  # type: ignore[union-attr]
    assert ctx.model_aliases == {"acme/robo-1": "acme/robo-9"}


@pytest.mark.parametrize("local", ["/scratch/ckpt/step-1000", "./out/model", "C:\\models\\robo"])
def test_a_local_checkpoint_path_names_no_model(tmp_path: Path, local: str) -> None:
    data = json.loads(V04.read_text())
    data["config"]["model_args"] = f"pretrained={local},dtype=bfloat16"
    path = write(tmp_path, data)
    assert {r.model for r in parse(path, model="acme/robo-1")} == {"acme/robo-1"}
    assert refused(path) == [("E-NO-MODEL-PATH", None, {"path": local})]


def test_a_cluster_path_declared_as_an_alias_names_the_model() -> None:
    """SPEC §3: `pretrained=/gpfs/noetra/ckpt/pai-fm-1.0` declared under the plan's models."""
    declared = {"/gpfs/noetra/ckpt/pai-fm-1.0": "noetra/pai-fm-1.0"}
    records = parse(V0412, resolve_model=declared.get)
    assert {(r.model, r.named_as) for r in records} == {("noetra/pai-fm-1.0", "/gpfs/noetra/ckpt/pai-fm-1.0")}
    assert refused(V0412)[0] == ("E-NO-MODEL-PATH", None, {"path": "/gpfs/noetra/ckpt/pai-fm-1.0"})


def test_nan_in_a_result_is_refused_at_its_line(tmp_path: Path) -> None:
    text = V04.read_text().replace('"acc,none": 0.5,', '"acc,none": NaN,')
    path = write(tmp_path, text)
    with pytest.raises(InputRefused) as caught:
        parse(path)
    (problem,) = caught.value.problems
    assert (problem.code, problem.line, problem.column) == ("E-NOT-FINITE", 6, 19)


def test_a_duplicate_metric_key_is_refused_at_the_second_one(tmp_path: Path) -> None:
    text = V04.read_text().replace('"acc_norm,none": 0.53,', '"acc_norm,none": 0.53, "acc,none": 0.9,')
    with pytest.raises(InputRefused) as caught:
        parse(write(tmp_path, text))
    assert [(p.code, p.line, p.params) for p in caught.value.problems] == [
        ("E-DUPLICATE-KEY", 8, {"key": "acc,none"})
    ]


def test_a_value_that_is_not_a_number_and_an_orphan_stderr_are_both_listed(tmp_path: Path) -> None:
    # Older shape: `acc` has a stderr beside it, so it is a result and its text is refused;
    # `em` (a boolean) and `note` are bookkeeping of a kind the harness may add, never refused.
    data = {
        "results": {"arc": {"acc": "0.5", "acc_stderr": 0.1, "f1_stderr": 0.1, "em": True, "note": "x"}},
        "versions": {"arc": 1},
    }
    assert refused(write(tmp_path, data), model="m") == [
        ("E-STDERR-WITHOUT-METRIC", None, {"key": "results.arc.f1_stderr"}),
        ("E-NOT-NUMBER", None, {"field": "results.arc.acc", "value": '"0.5"'}),
    ]


def test_a_current_shape_result_key_with_text_is_refused(tmp_path: Path) -> None:
    data = {"results": {"arc": {"acc,none": "0.5", "name": "arc"}}, "versions": {"arc": 1}}
    assert refused(write(tmp_path, data), model="m") == [
        ("E-NOT-NUMBER", None, {"field": 'results.arc["acc,none"]', "value": '"0.5"'})
    ]


def test_harness_v0_4_12_imports_exactly_with_its_name_and_sample_len_kept_out() -> None:
    """v0.4.12 adds `name` and `sample_len` to every entry; groups (`groups`, and the
    `" ": " "` entries of `group_subtasks` groups) stay out; `sample_len` is `n` where
    `n-samples` gives none."""
    data = json.loads(V0412.read_text())
    when = dt.date(2027, 6, 2)  # 1811863800.25 is 2027-06-02 00:30 in Japan
    assert lm_eval.japan_date_from_unix(data["date"]) == when
    records = parse(V0412, model="noetra/pai-fm-1.0")
    got = [(r.names, r.metric, r.filter, r.value, r.stderr, r.n, r.higher_is_better) for r in records]
    arc = data["results"]["arc_easy"]
    logic = data["results"]["mmlu_formal_logic"]
    gsm = data["results"]["gsm8k"]
    assert got == [
        (("arc_easy", "allenai/ai2_arc"), "acc", "none", arc["acc,none"], arc["acc_stderr,none"], 2376, True),
        (
            ("arc_easy", "allenai/ai2_arc"),
            "acc_norm",
            "none",
            arc["acc_norm,none"],
            arc["acc_norm_stderr,none"],
            2376,
            True,
        ),
        (
            ("mmlu_formal_logic", "cais/mmlu"),
            "acc",
            "none",
            logic["acc,none"],
            logic["acc_stderr,none"],
            126,
            True,
        ),
        (
            ("gsm8k", "openai/gsm8k"),
            "exact_match",
            "strict-match",
            gsm["exact_match,strict-match"],
            gsm["exact_match_stderr,strict-match"],
            1319,
            True,
        ),
        (("gsm8k", "openai/gsm8k"), "exact_match", "flexible-extract", 0.7467778620166793, None, 1319, True),
    ]
    assert {(r.model, r.effective_date, r.self_reported) for r in records} == {
        ("noetra/pai-fm-1.0", when, True)
    }
    assert [r.place.json_path for r in records][:1] == ['results.arc_easy["acc,none"]']


@pytest.mark.parametrize(
    "entry",
    [
        {"name": "arc", "alias": "arc", "sample_len": 10, "acc,none": 0.5},  # v0.4.12
        {"samples": 10, "alias": "arc", "acc,none": 0.5},  # v0.4.0-0.4.2
        {"alias": "arc", "acc,none": 0.5, "future": {"x": 1}, "more": [1, "a"], "flag": True},  # later keys
    ],
)
def test_every_harness_versions_bookkeeping_is_neither_refused_nor_a_result(
    tmp_path: Path, entry: dict[str, object]
) -> None:
    data = {
        "results": {"arc": entry, "grp": {" ": " ", "alias": "grp"}},
        "group_subtasks": {"grp": ["arc"], "arc": []},
        "versions": {"arc": 1},
    }
    records = parse(write(tmp_path, data), model="m")
    assert [(r.names, r.metric, r.filter, r.value) for r in records] == [(("arc",), "acc", "none", 0.5)]
    assert records[0].n == (10 if "sample_len" in entry else None)


def test_n_samples_wins_over_sample_len(tmp_path: Path) -> None:
    data = {
        "results": {"arc": {"name": "arc", "sample_len": 100, "acc,none": 0.5}},
        "n-samples": {"arc": {"original": 100, "effective": 40}},
        "versions": {"arc": 1},
    }
    assert [r.n for r in parse(write(tmp_path, data), model="m")] == [40]


def test_a_date_that_is_not_a_time_is_refused(tmp_path: Path) -> None:
    data = json.loads(V04.read_text())
    data["date"] = "yesterday"
    assert refused(write(tmp_path, data)) == [("E-DATE", None, {"field": "date", "value": "'yesterday'"})]


def test_a_file_with_only_groups_has_no_results(tmp_path: Path) -> None:
    data = {"results": {"mmlu": {"acc,none": 0.6}}, "groups": {"mmlu": {}}, "versions": {"mmlu": 1}}
    assert refused(write(tmp_path, data), model="m") == [("E-NO-RESULTS", None, {})]


def test_results_that_are_not_an_object_are_refused(tmp_path: Path) -> None:
    assert refused(write(tmp_path, {"results": [1, 2]}), model="m")[0][0] == "E-SHAPE"


def test_sniff_takes_both_shapes_and_a_long_head(tmp_path: Path) -> None:
    sample = LEGACY
    assert lm_eval.sniff(sample.read_bytes(), sample)
    assert lm_eval.sniff(V04.read_bytes(), V04)
    # A run with many tasks: the head is cut inside `results`, before `configs`.
    tasks = {
        f"task_{i}": {"alias": f"task_{i}", "acc,none": 0.5, "acc_stderr,none": 0.01} for i in range(2000)
    }
    big = write(tmp_path, {"results": tasks, "configs": {}, "versions": {}})
    head = big.read_bytes()[:HEAD_BYTES]
    assert len(head) == HEAD_BYTES
    assert lm_eval.sniff(head, big)
    assert not lm_eval.sniff(b'{"results": {"a": 1}, "versions": {}}', big)
    assert not lm_eval.sniff(b'{"results": {"a": {"acc": 1}}}', big)


def test_a_sample_count_beyond_64_bits_is_refused_not_a_crash(tmp_path: Path) -> None:
    from reviewer.core.errors import InputRefused
    from reviewer.importers import lm_eval
    from reviewer.importers.base import ParseContext

    source = Path(__file__).resolve().parents[1] / "data" / "json" / "lm_eval_v0412.json"
    text = source.read_text(encoding="utf-8").replace(
        '"arc_easy": {"original": 2376, "effective": 2376}',
        '"arc_easy": {"original": 99999999999999999999, "effective": 99999999999999999999}',
    )
    assert "99999999999999999999" in text
    path = tmp_path / "results.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputRefused) as refused:
        list(lm_eval.parse(path, ParseContext(path.name, model="acme/robo-1")))
    assert [p.code for p in refused.value.problems] == ["E-NUMBER-RANGE"]
    assert "arc_easy" in str(refused.value.problems[0].params["value"])
