"""The demo's model and benchmark files (SPEC §13): fictional results in every benchmark format."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

from reviewer.services.evidence import ImportOptions

JST = dt.timezone(dt.timedelta(hours=9), "JST")
FY26_MODEL, FY27_MODEL, BASELINE = "noetra/pai-fm-0.5", "noetra/pai-fm-1.0", "openvla/openvla-7b"


@dataclass(frozen=True)
class DemoImport:
    """One file (or folder) to feed through `import_file` with its options."""

    path: Path
    options: ImportOptions


# --------------------------------------------------------------------------- models and benchmarks


def _card(model: str, base: str, datasets: list[str], results: list[tuple[str, str, str, float]]) -> str:
    lines = [
        "---",
        "license: apache-2.0",
        "language:",
        "- ja",
        "- en",
        f"base_model: {base}",
        "datasets:",
        *(f"- {d}" for d in datasets),
        "pipeline_tag: robotics",
        "tags:",
        "- robotics",
        "- vision-language-action",
        "- fictional",
        "model-index:",
        f"- name: {model}",
        "  results:",
    ]
    for task, dataset, dataset_type, value in results:
        lines += [
            "  - task:",
            "      type: robotics",
            f"      name: {task}",
            "    dataset:",
            f"      name: {dataset}",
            f"      type: {dataset_type}",
            "    metrics:",
            "    - type: success_rate",
            f"      value: {value}",
            "      name: Success rate",
        ]
    lines += [
        "---",
        f"# {model}（架空 / fictional）",
        "",
        "Noetra コンソーシアムのフィジカルAI基盤モデル（デモ用の架空のモデルカードです）。",
        "A fictional model card of the demo program: language, images, video and robot sensor data.",
        "",
    ]
    return "\n".join(lines)


def write_model_cards(folder: Path) -> list[DemoImport]:
    """v0.5 (FY2026: no ARC-Challenge result, so M26-M1 is partially met) and v1.0 (FY2027)."""
    v05 = folder / "pai-fm-0.5" / "README.md"
    v10 = folder / "pai-fm-1.0" / "README.md"
    for path in (v05, v10):
        path.parent.mkdir(parents=True, exist_ok=True)
    v05.write_text(
        _card(
            FY26_MODEL,
            BASELINE,
            ["noetra/pai-teleop-ja-2026", "openx-embodiment/oxe"],
            [
                ("Long-horizon manipulation", "LIBERO-Long", "libero_10", 0.534),
                ("Spatial manipulation", "LIBERO-Spatial", "libero_spatial", 0.812),
            ],
        ),
        encoding="utf-8",
    )
    v10.write_text(
        _card(
            FY27_MODEL,
            FY26_MODEL,
            ["noetra/pai-teleop-ja-2027", "noetra/pai-fleet-logs-2027", "openx-embodiment/oxe"],
            [
                ("Long-horizon manipulation", "LIBERO-Long", "libero_10", 0.664),
                ("Object manipulation", "LIBERO-Object", "libero_object", 0.903),
                ("Goal-conditioned manipulation", "LIBERO-Goal", "libero_goal", 0.871),
            ],
        ),
        encoding="utf-8",
    )
    return [
        DemoImport(v05, ImportOptions(format="hf-model-card", effective_date=dt.date(2027, 2, 20))),
        DemoImport(v10, ImportOptions(format="hf-model-card", effective_date=dt.date(2027, 9, 24))),
    ]


def _unix(date: dt.date, hour: int) -> float:
    return dt.datetime(date.year, date.month, date.day, hour, 30, tzinfo=JST).timestamp()


def write_lm_eval_v10(path: Path) -> DemoImport:
    """Current harness shape ("metric,filter" keys) for v1.0, run on 18 September 2027."""
    results = {
        "arc_challenge": {
            "alias": "arc_challenge",
            "acc,none": 0.561,
            "acc_stderr,none": 0.0145,
            "acc_norm,none": 0.589,
            "acc_norm_stderr,none": 0.0144,
        },
        "hellaswag": {
            "alias": "hellaswag",
            "acc,none": 0.612,
            "acc_stderr,none": 0.0049,
            "acc_norm,none": 0.797,
            "acc_norm_stderr,none": "N/A",
        },
    }
    data = {
        "results": results,
        "group_subtasks": {"arc_challenge": [], "hellaswag": []},
        "configs": {
            "arc_challenge": {"task": "arc_challenge", "dataset_path": "allenai/ai2_arc"},
            "hellaswag": {"task": "hellaswag", "dataset_path": "Rowan/hellaswag"},
        },
        "versions": {"arc_challenge": 1.0, "hellaswag": 1.0},
        "n-shot": {"arc_challenge": 25, "hellaswag": 10},
        "higher_is_better": {"arc_challenge": {"acc": True, "acc_norm": True}, "hellaswag": {"acc": True}},
        "config": {
            "model": "hf",
            "model_args": f"pretrained={FY27_MODEL},dtype=bfloat16",
            "batch_size": "auto",
        },
        "date": _unix(dt.date(2027, 9, 18), 14),
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return DemoImport(path, ImportOptions())


def write_lm_eval_v05_late(path: Path) -> DemoImport:
    """The older `{"acc": …}` shape for v0.5's ARC-Challenge, delivered after FY2026's due date."""
    data = {
        "results": {"arc_challenge": {"acc": 0.438, "acc_stderr": 0.0145, "acc_norm": 0.462}},
        "versions": {"arc_challenge": 0},
        "config": {"model": "hf-causal", "model_args": f"pretrained={FY26_MODEL}", "num_fewshot": 25},
        "date": _unix(dt.date(2027, 4, 14), 10),
    }
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return DemoImport(path, ImportOptions())


# The names other tools give the demo's models (SPEC §3): the plan declares them as aliases.
FY27_CLUSTER_PATH = "/gpfs/noetra/ckpt/pai-fm-1.0"
FY27_INSPECT_NAME = "hf/noetra/pai-fm-1.0"
_ZIP_TIME = (2027, 9, 16, 11, 0, 0)  # fixed member times: the same bytes every build


def write_inspect_eval(path: Path) -> DemoImport:
    """An Inspect AI `.eval` log (a zip; only `header.json` is read) of v1.0 on JCommonsenseQA,
    as Japan's AI Safety Institute evaluates with Inspect; 15 September 2027 16:00 UTC."""
    spec = {
        "eval_id": "dEm0EvAL1nSpEcT0000001",
        "run_id": "dEm0RuN1nSpEcT00000001",
        "created": "2027-09-15T16:00:00+00:00",
        "task": "jcommonsenseqa",
        "task_version": 0,
        "task_registry_name": "inspect_evals/jcommonsenseqa",
        "dataset": {"name": "jcommonsenseqa", "samples": 1119, "shuffled": False},
        "model": FY27_INSPECT_NAME,
        "model_args": {},
        "config": {"epochs": 1, "log_samples": True},
        "packages": {"inspect_ai": "0.3.140"},
    }
    results = {
        "total_samples": 1119,
        "completed_samples": 1119,
        "scores": [
            {
                "name": "choice",
                "scorer": "choice",
                "reducer": "mean",
                "scored_samples": 1119,
                "unscored_samples": 0,
                "params": {},
                "metrics": {
                    "accuracy": {"name": "accuracy", "value": 0.8114387846291331, "params": {}},
                    "stderr": {"name": "stderr", "value": 0.011700314226498463, "params": {}},
                },
            }
        ],
    }
    header = {
        "version": 2,
        "status": "success",
        "eval": spec,
        "plan": {"name": "plan", "steps": [{"solver": "multiple_choice", "params": {}}]},
        "results": results,
        "stats": {"started_at": "2027-09-15T16:00:00+00:00", "completed_at": "2027-09-15T16:41:07+00:00"},
    }
    members = {
        "_journal/start.json": {"version": 2, "eval": spec},
        "samples/1_epoch_1.json": {"id": 1, "epoch": 1, "input": "…", "target": "B", "scores": {}},
        "header.json": header,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, json.dumps(content, ensure_ascii=False, indent=2))
    return DemoImport(path, ImportOptions())


def write_llm_jp_eval(folder: Path) -> DemoImport:
    """An llm-jp-eval v1.4 score file of v1.0 on the dev split, capped at 100 samples per dataset
    (a reviewer must see "dev, 100 samples"), its model named by a cluster path."""
    scores = {
        "jamp_exact_match": "0.5400",
        "janli_exact_match": "0.7900",
        "jnli_exact_match": "0.6800",
        "jemhopqa_char_f1": "0.5123",
        "niilc_char_f1": "0.4466",
        "jsquad_char_f1": "0.8812",
        "jcommonsenseqa_exact_match": "0.8200",
        "chabsa_set_f1": "0.2531",
        "mawps_exact_match": "0.4100",
        "jsts_pearson": "0.7730",
        "jsts_spearman": "0.7412",
        "alt-e-to-j_bleu_ja": "9.8712",
        "NLI": "0.6700",
        "QA": "0.4795",
        "RC": "0.8812",
        "MC": "0.8200",
        "EL": "0.2531",
        "MR": "0.4100",
        "AVG": "0.5852",
    }
    data = {
        "scores": scores,
        "outputs": {"jamp": [{"input": "前提：…\n仮説：…", "pred": "entailment", "gold": "entailment"}]},
        "config": {
            "run_name": "noetra/pai-fm-1.0",
            "model": {"pretrained_model_name_or_path": FY27_CLUSTER_PATH},
            "metainfo": {
                "version": "1.4.1",
                "basemodel_name": "pai-fm-1.0",
                "model_type": "open llm",
                "data_type": "dev",
                "num_few_shots": 4,
                "max_num_samples": 100,
            },
        },
    }
    path = folder / "noetra--pai-fm-1.0_20270916_103000.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=4), encoding="utf-8")
    return DemoImport(path, ImportOptions())


def write_lerobot(folder: Path, model: str, libero_10: float, date: dt.date) -> DemoImport:
    """A multi-task LeRobot eval_info.json over the four LIBERO suites (libero_10 = LIBERO-Long)."""
    suites = {
        "libero_spatial": libero_10 + 0.27,
        "libero_object": libero_10 + 0.22,
        "libero_goal": libero_10 + 0.19,
        "libero_10": libero_10,
    }
    episodes = 50
    per_group = {
        suite: {
            "avg_sum_reward": round(rate, 3),
            "avg_max_reward": round(rate, 3),
            "pc_success": round(rate * 100, 1),
            "n_episodes": episodes * 10,
            "video_paths": [],
        }
        for suite, rate in suites.items()
    }
    overall = sum(suites.values()) / len(suites)
    data = {
        "per_group": per_group,
        "overall": {
            "avg_sum_reward": round(overall, 3),
            "pc_success": round(overall * 100, 1),
            "n_episodes": episodes * 40,
            "eval_s": 5210.4,
            "eval_ep_s": 2.6,
            "video_paths": [],
        },
    }
    path = folder / f"lerobot-{model.split('/')[-1]}" / "eval_info.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return DemoImport(path, ImportOptions(model=model, effective_date=date))


def write_eval_results(folder: Path) -> DemoImport:
    """The Hub's `.eval_results/` folder for v1.0: two entry files, one with a verifyToken."""
    target = folder / "hub-pai-fm-1.0" / ".eval_results"
    target.mkdir(parents=True, exist_ok=True)
    (target / "arc.yaml").write_text(
        "- dataset:\n    id: allenai/ai2_arc\n    task_id: arc_challenge\n  value: 0.561\n"
        '  date: "2027-09-22"\n  source:\n    url: https://huggingface.co/noetra/pai-fm-1.0\n'
        "    name: Eval logs (fictional)\n",
        encoding="utf-8",
    )
    (target / "libero.yaml").write_text(
        "- dataset:\n    id: lerobot/libero\n    task_id: libero_10\n  value: 0.664\n"
        '  date: "2027-09-22"\n  verifyToken: demo-fictional-token-0001\n'
        "- dataset:\n    id: lerobot/libero\n    task_id: libero_goal\n  value: 0.871\n"
        '  date: "2027-09-22"\n',
        encoding="utf-8",
    )
    return DemoImport(target, ImportOptions(model=FY27_MODEL))


def write_benchmark_csv(path: Path, rng: random.Random, dated: bool = True) -> DemoImport:
    """Self-reported results; without `date` (dated=False) the import date is assumed."""
    rows: list[list[object]] = []
    if dated:
        for model, day, base in ((BASELINE, "2026-12-15", 0.0), (FY26_MODEL, "2027-02-18", 0.12)):
            for suite, value in (("libero_spatial", 0.847), ("libero_object", 0.884), ("libero_goal", 0.791)):
                rows.append(
                    [
                        model,
                        "LIBERO",
                        suite,
                        "success_rate",
                        round(min(0.99, value + base * 0.4), 3),
                        round(rng.uniform(0.008, 0.016), 4),
                        500,
                        day,
                        "true",
                    ]
                )
        rows.append(
            [BASELINE, "LIBERO", "libero_10", "success_rate", 0.537, 0.022, 500, "2026-12-15", "true"]
        )
        header = ["model", "benchmark", "task", "metric", "value", "stderr", "n", "date", "higher_is_better"]
    else:
        header = ["model", "benchmark", "task", "metric", "value", "n"]
        rows = [
            [BASELINE, "SimplerEnv", "google_robot_pick_coke_can", "success_rate", 0.163, 300],
            [BASELINE, "SimplerEnv", "widowx_put_eggplant_in_basket", "success_rate", 0.083, 24],
        ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)
    return DemoImport(path, ImportOptions())
