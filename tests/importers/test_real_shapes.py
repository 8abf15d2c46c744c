"""Shapes the evaluation tools write today that the first fixtures did not have.

Each fixture is written here in the shape the tool's own writer gives it:
- Inspect AI (`_eval/task/results.py`): a scorer reduced by several epoch reducers gets one
  `results.scores` entry per reducer, all with the scorer's `name`, told apart only by
  `reducer`; `bootstrap_stderr()` is a standard error like `stderr()`.
- Inspect AI (`log/_edit.py` `invalidate_samples`): a log whose samples were invalidated after
  the run keeps `status: success` and its old `results`, with `invalidated: true`.
- lm-evaluation-harness (`loggers/evaluation_tracker.py` `_get_model_name`): `peft=` and
  `delta=` come with `pretrained=` (the base weights) and name the model that was evaluated.
"""

from __future__ import annotations

import copy
import json
import zipfile
from pathlib import Path

import pytest

from reviewer.core.errors import InputRefused
from reviewer.core.models import BenchmarkResultRecord
from reviewer.importers import detect, hf_eval_results, hf_model_card, inspect_log, llm_jp_eval, lm_eval
from reviewer.importers.base import ParseContext
from reviewer.messages import has, text

WILD = Path(__file__).resolve().parents[1] / "data" / "wild"
JSON_DATA = Path(__file__).resolve().parents[1] / "data" / "json"


def _inspect_log() -> dict[str, object]:
    log = json.loads((WILD / "inspect_gpqa.json").read_text(encoding="utf-8"))
    assert isinstance(log, dict)
    return log


def _write_log(tmp_path: Path, log: dict[str, object], name: str) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(log, indent=2), encoding="utf-8")
    return path


def _write_eval(tmp_path: Path, log: dict[str, object], name: str) -> Path:
    """A `.eval` as Inspect's eval recorder lays it out: journal, samples, header (no samples)."""
    header = {k: v for k, v in log.items() if k not in ("samples", "reductions")}
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_journal/start.json", json.dumps({"version": 2, "eval": log["eval"]}))
        for sample in log.get("samples") or []:  # type: ignore[attr-defined]
            archive.writestr(f"samples/{sample['id']}_epoch_1.json", json.dumps(sample))
        archive.writestr("reductions.json", json.dumps(log.get("reductions") or []))
        archive.writestr("header.json", json.dumps(header, indent=2))
    return path


def _parse(module: object, path: Path, **options: object) -> list[BenchmarkResultRecord]:
    ctx = ParseContext(path.name, **options)  # type: ignore[arg-type]
    records = list(module.parse(path, ctx))  # type: ignore[attr-defined]
    assert all(isinstance(r, BenchmarkResultRecord) for r in records)
    return records  # type: ignore[return-value]


def _refused(module: object, path: Path, **options: object) -> list[tuple[str, dict[str, object]]]:
    with pytest.raises(InputRefused) as caught:
        _parse(module, path, **options)
    return [(p.code, dict(p.params)) for p in caught.value.problems]


# --------------------------------------------------------------------------- inspect-log


def _two_reducer_log() -> dict[str, object]:
    """`epochs=Epochs(5, ["mean", "max"])`: one entry per reducer for the one scorer."""
    log = _inspect_log()
    spec = log["eval"]
    assert isinstance(spec, dict)
    spec["config"] = dict(spec["config"], epochs=5, epochs_reducer=["mean", "max"])
    metrics_mean = {
        "accuracy": {"name": "accuracy", "value": 0.4292929292929293, "params": {}},
        "stderr": {"name": "stderr", "value": 0.03527006021872275, "params": {}},
    }
    metrics_max = {
        "accuracy": {"name": "accuracy", "value": 0.7272727272727273, "params": {}},
        "stderr": {"name": "stderr", "value": 0.03173678291406563, "params": {}},
    }
    log["results"] = {
        "total_samples": 990,
        "completed_samples": 990,
        "scores": [
            {
                "name": "choice",
                "scorer": "choice",
                "reducer": reducer,
                "scored_samples": 198,
                "unscored_samples": 0,
                "params": {},
                "metrics": metrics,
            }
            for reducer, metrics in (("mean", metrics_mean), ("max", metrics_max))
        ],
    }
    log["reductions"] = [
        {"scorer": "choice", "reducer": reducer, "samples": [{"value": 1.0, "sample_id": 1}]}
        for reducer in ("mean", "max")
    ]
    return log


def test_inspect_reductions_of_one_scorer_are_told_apart_by_their_reducer(tmp_path: Path) -> None:
    # The best of five attempts (`max`) must never pass for the mean: a rule on the `choice`
    # filter takes the larger of the matching values.
    log = _two_reducer_log()
    for path in (_write_log(tmp_path, log, "two.json"), _write_eval(tmp_path, log, "two.eval")):
        assert detect(path) == "inspect-log"
        got = [(r.filter, r.metric, r.value, r.stderr, r.n) for r in _parse(inspect_log, path)]
        assert got == [
            ("choice", "accuracy", 0.4292929292929293, 0.03527006021872275, 198),
            ("choice/max", "accuracy", 0.7272727272727273, 0.03173678291406563, 198),
        ]


def test_inspect_a_lone_non_mean_reducer_keeps_the_scorers_name_and_says_its_reducer(tmp_path: Path) -> None:
    """SPEC §4 makes the scorer's name the filter; with no mean beside it nothing collides, and
    the reducer is said beside the value, so a reviewer sees a best-of-k score as one."""
    log = _two_reducer_log()
    results = log["results"]
    assert isinstance(results, dict)
    results["scores"] = results["scores"][1:]
    path = _write_log(tmp_path, log, "max.json")
    got = [(r.filter, r.value, r.source) for r in _parse(inspect_log, path)]
    assert got == [("choice", 0.7272727272727273, "reducer max")]


def test_inspect_bootstrap_stderr_is_the_scorers_stderr_not_a_result(tmp_path: Path) -> None:
    log = _inspect_log()
    results = log["results"]
    assert isinstance(results, dict)
    score = copy.deepcopy(results["scores"][0])
    score["metrics"] = {
        "accuracy": {"name": "accuracy", "value": 0.4292929292929293, "params": {}},
        "bootstrap_stderr": {
            "name": "bootstrap_stderr",
            "value": 0.0351,
            "params": {"num_samples": 1000},
        },
    }
    results["scores"] = [score]
    path = _write_log(tmp_path, log, "boot.json")
    got = [(r.filter, r.metric, r.value, r.stderr) for r in _parse(inspect_log, path)]
    assert got == [("choice", "accuracy", 0.4292929292929293, 0.0351)]


def _invalidated_log() -> dict[str, object]:
    """`invalidate_samples(log, [uuid], provenance)` then `write_eval_log`: the results stay."""
    log = _inspect_log()
    log["invalidated"] = True
    samples = log["samples"]
    assert isinstance(samples, list)
    samples[0]["invalidation"] = {
        "timestamp": "2027-06-02T01:00:00+00:00",
        "author": "secretariat",
        "reason": "grader outage",
    }
    return log


def test_inspect_a_log_with_invalidated_samples_is_refused_not_imported_as_finished(tmp_path: Path) -> None:
    log = _invalidated_log()
    for path in (_write_log(tmp_path, log, "inv.json"), _write_eval(tmp_path, log, "inv.eval")):
        assert detect(path) == "inspect-log"
        assert _refused(inspect_log, path) == [("E-INSPECT-INVALIDATED", {})]
    assert has("E-INSPECT-INVALIDATED") and "無効" in text("E-INSPECT-INVALIDATED", "ja")
    # `invalidated: false` is what every other log says: imported as before.
    log["invalidated"] = False
    assert len(_parse(inspect_log, _write_log(tmp_path, log, "valid.json"))) == 3


# --------------------------------------------------------------------------- lm-eval


@pytest.mark.parametrize("key", ["peft", "delta"])
def test_lm_eval_an_adapter_run_is_the_adapters_result_not_the_base_models(tmp_path: Path, key: str) -> None:
    data = json.loads((JSON_DATA / "lm_eval_v0412.json").read_text(encoding="utf-8"))
    # `--model hf --model_args pretrained=openvla/openvla-7b,peft=noetra/pai-fm-lora-1.0`: the
    # harness keeps model_args as given and names the run after the adapter.
    args = f"pretrained=openvla/openvla-7b,{key}=noetra/pai-fm-lora-1.0,dtype=bfloat16"
    data["config"]["model_args"] = args
    data["model_name"] = "noetra/pai-fm-lora-1.0"
    data["model_name_sanitized"] = "noetra__pai-fm-lora-1.0"
    path = tmp_path / "results_2027-06-01T09-30-00.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert detect(path) == "lm-eval"
    records = _parse(lm_eval, path)
    assert records and {r.model for r in records} == {"noetra/pai-fm-lora-1.0"}
    # The same with model_args as a dict (the harness's Python API).
    data["config"]["model_args"] = {"pretrained": "openvla/openvla-7b", key: "noetra/pai-fm-lora-1.0"}
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert {r.model for r in _parse(lm_eval, path)} == {"noetra/pai-fm-lora-1.0"}
    # An adapter kept on the evaluating machine names no model: never the base in its place.
    data["config"]["model_args"] = f"pretrained=openvla/openvla-7b,{key}=/scratch/noetra/lora-1"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert _refused(lm_eval, path) == [("E-NO-MODEL-PATH", {"path": "/scratch/noetra/lora-1"})]


def _limited_run(tmp_path: Path) -> Path:
    """`lm_eval --limit 100`: the harness's config keeps `limit`, and `n-samples` gives each
    task's documents (`original`) and the ones evaluated (`effective`)."""
    data = json.loads((JSON_DATA / "lm_eval_v0412.json").read_text(encoding="utf-8"))
    data["config"]["limit"] = 100
    data["config"]["model_args"] = {"pretrained": "noetra/pai-fm-1.0", "dtype": "bfloat16"}
    data["n-samples"] = {
        "arc_easy": {"original": 2376, "effective": 100},
        "gsm8k": {"original": 1319, "effective": 100},
        "mmlu_formal_logic": {"original": 126, "effective": 100},
    }
    path = tmp_path / "results_2027-06-01T09-30-00.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def test_lm_eval_a_limited_run_says_so_beside_each_value(tmp_path: Path) -> None:
    # The harness warns that --limit is for testing only: a reviewer must see that a value
    # comes from 100 of 2,376 documents, as llm-jp-eval's sample cap is shown.
    records = _parse(lm_eval, _limited_run(tmp_path))
    got = {(r.names[0], r.n, r.source) for r in records}
    assert got == {
        ("arc_easy", 100, "--limit 100/2376"),
        ("gsm8k", 100, "--limit 100/1319"),
        ("mmlu_formal_logic", 100, "--limit 100/126"),
    }
    # A full run (effective == original) says nothing more.
    full = _parse(lm_eval, JSON_DATA / "lm_eval_v0412.json", model="noetra/pai-fm-1.0")
    assert {r.source for r in full} == {None}


def _place_of(text: str, key: str) -> tuple[int, int]:
    """Line and column of the value of the top-level `key` as `json.dumps(indent=2)` wrote it."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(f'  "{key}": '):
            return number, len(f'  "{key}": ') + 1
    raise AssertionError(key)


def test_inspect_a_refused_status_or_invalidation_names_its_line_in_a_json_log(tmp_path: Path) -> None:
    log = _inspect_log()
    log["status"] = "cancelled"
    path = _write_log(tmp_path, log, "cancelled.json")
    with pytest.raises(InputRefused) as caught:
        _parse(inspect_log, path)
    [problem] = caught.value.problems
    assert (problem.code, problem.line, problem.column) == (
        "E-INSPECT-STATUS",
        *_place_of(path.read_text(encoding="utf-8"), "status"),
    )
    path = _write_log(tmp_path, _invalidated_log(), "inv.json")
    with pytest.raises(InputRefused) as caught:
        _parse(inspect_log, path)
    [problem] = caught.value.problems
    assert (problem.code, problem.line, problem.column) == (
        "E-INSPECT-INVALIDATED",
        *_place_of(path.read_text(encoding="utf-8"), "invalidated"),
    )


def test_inspect_a_packaged_task_is_also_known_by_its_own_name(tmp_path: Path) -> None:
    # `inspect eval inspect_evals/gpqa_diamond` logs the task by its registry name, package
    # first; a plan's rule says `gpqa_diamond`, as the task's own code names it.
    log = _inspect_log()
    spec = log["eval"]
    assert isinstance(spec, dict)
    spec["task"] = "inspect_evals/gpqa_diamond"
    spec["task_registry_name"] = "inspect_evals/gpqa_diamond"
    spec["task_display_name"] = "GPQA Diamond"
    path = _write_log(tmp_path, log, "pkg.json")
    assert {r.names for r in _parse(inspect_log, path)} == {("inspect_evals/gpqa_diamond", "gpqa_diamond")}


# --------------------------------------------------------------------------- hf-eval-results

_ENTRY = """- dataset:
    id: Idavidrein/gpqa
    task_id: gpqa_diamond
  value: 0.412
  verifyToken: {token}
"""


@pytest.mark.parametrize(("token", "problem"), [("{verify_token}", "E-PLACEHOLDER"), ('""', None)])
def test_hf_an_unfilled_or_empty_verify_token_never_makes_a_result_independent(
    tmp_path: Path, token: str, problem: str | None
) -> None:
    # The Hub's template leaves `verifyToken: {verify_token}` for the uploader to fill or drop;
    # a result is the uploader's word unless a real token signs it.
    path = tmp_path / "gpqa.yaml"
    path.write_text(_ENTRY.replace("{token}", token), encoding="utf-8")
    if problem is None:
        [record] = _parse(hf_eval_results, path, model="noetra/pai-fm-1.0")
        assert record.self_reported is True
        return
    with pytest.raises(InputRefused) as caught:
        _parse(hf_eval_results, path, model="noetra/pai-fm-1.0")
    assert [(p.code, p.line, p.params) for p in caught.value.problems] == [
        (problem, 5, {"field": "[0].verifyToken", "value": "{verify_token}"})
    ]


# --------------------------------------------------------------------------- hf-model-card

_CARD = """---
license: apache-2.0
model-index:
- name: noetra/pai-fm-1.0
  results:
  - task: {type: text-generation}
    dataset: {name: ARC-Challenge, type: allenai/ai2_arc}
    metrics:
    - type: acc
      value: 0.61
      name: Accuracy
%s
---
"""


@pytest.mark.parametrize(
    ("lines", "self_reported"),
    [
        # The Hub's evaluation writes both; its spec: the token proves HF generated the result.
        ("      verified: true\n      verifyToken: eyJhbGciOiJFZERTQSJ9.eyJ2In0.c2ln", False),
        # `verified: true` typed into a card without a token is the uploader's word.
        ("      verified: true", True),
        ("      verified: false\n      verifyToken: eyJhbGciOiJFZERTQSJ9.eyJ2In0.c2ln", True),
    ],
)
def test_hf_card_a_metric_is_independent_only_with_a_verify_token(
    tmp_path: Path, lines: str, self_reported: bool
) -> None:
    path = tmp_path / "README.md"
    path.write_text(_CARD % lines, encoding="utf-8")
    _release, result = _parse_any(hf_model_card, path)
    assert isinstance(result, BenchmarkResultRecord) and result.self_reported is self_reported


def test_hf_card_an_unfilled_verify_token_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text(_CARD % "      verified: true\n      verifyToken: {verify_token}", encoding="utf-8")
    with pytest.raises(InputRefused) as caught:
        _parse_any(hf_model_card, path)
    assert [(p.code, p.line, p.params) for p in caught.value.problems] == [
        (
            "E-PLACEHOLDER",
            13,
            {"field": "model-index[0].results[0].metrics[0].verifyToken", "value": "{verify_token}"},
        )
    ]


def _parse_any(module: object, path: Path, **options: object) -> list[object]:
    ctx = ParseContext(path.name, **options)  # type: ignore[arg-type]
    return list(module.parse(path, ctx))  # type: ignore[attr-defined]


def test_inspect_samples_a_scorer_could_not_score_are_shown_beside_its_values(tmp_path: Path) -> None:
    # A grader that failed on 2 of 198 samples leaves them out of the metrics (Inspect counts
    # them in `unscored_samples`); the reviewer must see the value stands on 196 of 198.
    records = _parse(inspect_log, WILD / "inspect_gpqa.json")
    assert [(r.filter, r.metric, r.n, r.source) for r in records] == [
        ("choice", "accuracy", 198, None),
        ("match", "accuracy", 196, "scored_samples 196/198"),
        ("match", "mean", 196, "scored_samples 196/198"),
    ]


@pytest.mark.parametrize(
    ("config", "said"),
    [
        ({"limit": 50}, "--limit 50"),  # `inspect eval --limit 50`
        ({"limit": [10, 60]}, "--limit 11-60"),  # `--limit 11-60`: Inspect keeps (10, 60)
        ({"sample_id": [1, 2, 3]}, "--sample-id 1,2,3"),
    ],
)
def test_inspect_a_run_on_part_of_its_dataset_says_so_beside_each_value(
    tmp_path: Path, config: dict[str, object], said: str
) -> None:
    log = _inspect_log()
    spec = log["eval"]
    assert isinstance(spec, dict)
    spec["config"] = dict(spec["config"], **config)
    records = _parse(inspect_log, _write_log(tmp_path, log, "part.json"))
    assert [r.source for r in records] == [
        said,
        f"{said}, scored_samples 196/198",
        f"{said}, scored_samples 196/198",
    ]
    # A limit beyond the dataset took all of it: nothing to say.
    spec["config"] = dict(spec["config"], limit=500, sample_id=None)
    records = _parse(inspect_log, _write_log(tmp_path, log, "all.json"))
    assert [r.source for r in records] == [None, "scored_samples 196/198", "scored_samples 196/198"]


def test_lm_eval_a_revision_of_the_weights_is_kept_with_the_models_name(tmp_path: Path) -> None:
    # `pretrained=noetra/pai-fm-1.0,revision=step5000`: an intermediate checkpoint, not the
    # release. Its name keeps the revision (`name@revision`, which model names compare without).
    from reviewer.core.normalize import model_key

    data = json.loads((JSON_DATA / "lm_eval_v0412.json").read_text(encoding="utf-8"))
    data["config"]["model_args"] = "pretrained=noetra/pai-fm-1.0,revision=step5000,dtype=bfloat16"
    path = tmp_path / "results_2027-06-01T09-30-00.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert {r.model for r in _parse(lm_eval, path)} == {"noetra/pai-fm-1.0@step5000"}
    declared = {model_key("noetra/pai-fm-1.0"): "noetra/pai-fm-1.0"}
    records = _parse(lm_eval, path, resolve_model=lambda name: declared.get(model_key(name)))
    assert {(r.model, r.named_as) for r in records} == {("noetra/pai-fm-1.0", "noetra/pai-fm-1.0@step5000")}
    # The revision is the base weights'; an adapter's name stands as given.
    data["config"]["model_args"] = "pretrained=openvla/openvla-7b,revision=main,peft=noetra/pai-fm-lora-1.0"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert {r.model for r in _parse(lm_eval, path)} == {"noetra/pai-fm-lora-1.0"}


# --------------------------------------------------------------------------- llm-jp-eval


def test_llm_jp_eval_a_checkpoint_path_names_no_model_as_in_lm_eval(tmp_path: Path) -> None:
    # llm-jp-eval's config is hydra's: `model.pretrained_model_name_or_path` is as often a
    # folder on the training cluster as a Hub id. A folder names a model only as a declared alias.
    data = json.loads((WILD / "noetra--pai-fm-1.0_20270601_093000.json").read_text(encoding="utf-8"))
    data["config"]["model"]["pretrained_model_name_or_path"] = "/scratch/noetra/ckpt/epoch_3"
    path = tmp_path / "epoch_3_20270601_093000.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    assert detect(path) == "llm-jp-eval"
    assert _refused(llm_jp_eval, path) == [("E-NO-MODEL-PATH", {"path": "/scratch/noetra/ckpt/epoch_3"})]
    records = _parse(llm_jp_eval, path, model="noetra/pai-fm-1.0")
    assert records and {r.model for r in records} == {"noetra/pai-fm-1.0"}


def test_lm_eval_a_limited_run_without_n_samples_says_its_limit(tmp_path: Path) -> None:
    # Harness v0.3 wrote `config.limit` and no `n-samples`: the limit is all there is to say.
    data = {
        "results": {"arc_challenge": {"acc": 0.2662, "acc_stderr": 0.0129}},
        "versions": {"arc_challenge": 0},
        "config": {
            "model": "hf-causal",
            "model_args": "pretrained=noetra/pai-fm-1.0",
            "num_fewshot": 25,
            "batch_size": None,
            "device": "cuda:0",
            "no_cache": False,
            "limit": 100,
            "bootstrap_iters": 100000,
            "description_dict": {},
        },
    }
    path = tmp_path / "arc.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert {r.source for r in _parse(lm_eval, path)} == {"--limit 100"}
    data["config"]["limit"] = None
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert {r.source for r in _parse(lm_eval, path)} == {None}


def test_inspect_samples_that_errored_out_of_a_successful_run_are_shown_beside_its_values(
    tmp_path: Path,
) -> None:
    # `fail_on_error=0.05`: 8 of 198 samples raised, the run still succeeded, and the metrics
    # stand on the 190 that completed (EvalResults: "completed_samples ... except when
    # --fail-on-error is enabled or when there is early stopping").
    log = _inspect_log()
    spec, results = log["eval"], log["results"]
    assert isinstance(spec, dict) and isinstance(results, dict)
    spec["config"] = dict(spec["config"], fail_on_error=0.05)
    results["completed_samples"] = 190
    results["scores"] = results["scores"][:1]
    results["scores"][0]["scored_samples"] = 190
    records = _parse(inspect_log, _write_log(tmp_path, log, "errored.json"))
    assert [(r.n, r.source) for r in records] == [(190, "completed_samples 190/198")]


def test_inspect_a_model_loaded_from_a_checkpoint_folder_names_no_model(tmp_path: Path) -> None:
    # `inspect eval ... --model hf//scratch/noetra/ckpt/epoch_3`: the provider, then the folder.
    log = _inspect_log()
    spec = log["eval"]
    assert isinstance(spec, dict)
    spec["model"] = "hf//scratch/noetra/ckpt/epoch_3"
    path = _write_log(tmp_path, log, "ckpt.json")
    assert _refused(inspect_log, path) == [("E-NO-MODEL-PATH", {"path": "hf//scratch/noetra/ckpt/epoch_3"})]
    assert {r.model for r in _parse(inspect_log, path, model="noetra/pai-fm-1.0")} == {"noetra/pai-fm-1.0"}
