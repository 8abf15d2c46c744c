"""LeRobot eval_info.json: per-suite success rates as fractions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer.core.errors import InputRefused
from reviewer.core.models import BenchmarkResultRecord, Place
from reviewer.importers import lerobot_eval
from reviewer.importers.base import HEAD_BYTES, ParseContext, Record

DATA = Path(__file__).resolve().parents[1] / "data" / "json"
MULTI = DATA / "lerobot_multi.json"
SINGLE = DATA / "lerobot_pusht" / "eval_info.json"


def parse(path: Path, **options: object) -> list[Record]:
    return list(lerobot_eval.parse(path, ParseContext(path.name, **options)))  # type: ignore[arg-type]


def refused(path: Path, **options: object) -> list[tuple[str, int | None, dict[str, object]]]:
    with pytest.raises(InputRefused) as caught:
        parse(path, **options)
    return [(p.code, p.line, dict(p.params)) for p in caught.value.problems]


def test_multi_task_gives_one_fraction_per_suite() -> None:
    assert parse(MULTI, model="acme/robo-1") == [
        BenchmarkResultRecord(
            model="acme/robo-1",
            names=("libero_10",),
            metric="success_rate",
            value=0.5,
            place=Place(json_path="per_group.libero_10.pc_success"),
            n=2,
        ),
        BenchmarkResultRecord(
            model="acme/robo-1",
            names=("libero_spatial",),
            metric="success_rate",
            value=1.0,
            place=Place(json_path="per_group.libero_spatial.pc_success"),
            n=2,
        ),
    ]


def test_single_env_is_named_by_its_output_folder() -> None:
    assert parse(SINGLE, model="acme/robo-1") == [
        BenchmarkResultRecord(
            model="acme/robo-1",
            names=("lerobot_pusht",),
            metric="success_rate",
            value=0.5,
            place=Place(json_path="aggregated.pc_success"),
        )
    ]


def test_the_model_comes_only_from_the_flag() -> None:
    assert refused(MULTI) == [("E-NO-MODEL", None, {})]


def test_nan_success_is_refused_at_its_place(tmp_path: Path) -> None:
    # LeRobot writes NaN for a group with no episodes (float("nan") through json.dump).
    path = tmp_path / "eval_info.json"
    path.write_text(MULTI.read_text().replace('"pc_success": 100.0', '"pc_success": NaN'))
    assert refused(path, model="m") == [("E-NOT-FINITE", 10, {"value": "NaN"})]


@pytest.mark.parametrize(("value", "code"), [(150.0, "E-SHAPE"), (-1, "E-SHAPE"), ("50%", "E-NOT-NUMBER")])
def test_a_success_outside_0_to_100_or_not_a_number_is_refused(
    tmp_path: Path, value: object, code: str
) -> None:
    data = json.loads(MULTI.read_text())
    data["per_group"]["libero_10"]["pc_success"] = value
    path = tmp_path / "eval_info.json"
    path.write_text(json.dumps(data))
    assert [c for c, _l, _p in refused(path, model="m")] == [code]


def test_a_block_without_pc_success_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "eval_info.json"
    path.write_text(json.dumps({"per_group": {"libero_10": {"n_episodes": 2}}}))
    assert refused(path, model="m") == [("E-MISSING", None, {"field": "per_group.libero_10.pc_success"})]


def test_sniff_accepts_both_shapes_and_a_long_head(tmp_path: Path) -> None:
    assert lerobot_eval.sniff(MULTI.read_bytes(), MULTI)
    assert lerobot_eval.sniff(SINGLE.read_bytes(), SINGLE)
    episodes = [
        {"episode_ix": i, "sum_reward": 1.0, "max_reward": 1.0, "success": True, "seed": i}
        for i in range(5000)
    ]
    big = tmp_path / "eval_info.json"
    big.write_text(json.dumps({"per_episode": episodes, "aggregated": {"pc_success": 100.0}}))
    assert lerobot_eval.sniff(big.read_bytes()[:HEAD_BYTES], big)
    assert not lerobot_eval.sniff(b'{"aggregated": {"avg_sum_reward": 1.0}}', big)
    assert not lerobot_eval.sniff(b'{"per_group": {}}', big)
