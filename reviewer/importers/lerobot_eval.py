"""The `lerobot-eval` format: LeRobot's eval_info.json, single-env and multi-task."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from reviewer.core.models import BenchmarkResultRecord, Place
from reviewer.importers import jsonstrict
from reviewer.importers.base import ParseContext, Record
from reviewer.importers.numbers import number_problem
from reviewer.importers.result_fields import json_path, number, settle_model

NAME = "lerobot-eval"
METRIC = "success_rate"

# LeRobot writes `per_task` (multi-task) or `per_episode` (single-env) first, and the aggregates
# last; a head cut short of them is recognized by the opening of those lists.
_LONG_HEAD = re.compile(
    r'\{\s*(?:"per_task"\s*:\s*\[\s*\{\s*"task_group"|"per_episode"\s*:\s*\[\s*\{\s*"episode_ix")'
)


def sniff(head: bytes, path: Path) -> bool:
    """True for an object with `aggregated`, `overall` or `per_group` blocks holding `pc_success`."""
    data = jsonstrict.head_object(head)
    if data is None:
        return _LONG_HEAD.match(jsonstrict.head_text(head)) is not None
    for key in ("aggregated", "overall"):
        block = data.get(key)
        if isinstance(block, dict) and "pc_success" in block:
            return True
    groups = data.get("per_group")
    return (
        isinstance(groups, dict)
        and bool(groups)
        and all(isinstance(group, dict) and "pc_success" in group for group in groups.values())
    )


def parse(path: Path, ctx: ParseContext) -> Iterator[Record]:
    """Yield one `success_rate` record per suite, `pc_success` / 100 (a fraction).

    Multi-task files (`per_group`) give one record per group; `overall` and `per_task` are left
    out because they would compete with the suites they summarize or split. A single-env file
    (`aggregated`, or `overall` alone) names no suite, so the record is named by the folder
    LeRobot wrote it to (its `--output_dir`). Raises InputRefused.
    """
    text, ctx.encoding = jsonstrict.read_text(path, ctx.display_name, given=ctx.given_encoding)
    data = jsonstrict.loads(text, ctx.display_name, problems=ctx.problems)
    if not isinstance(data, dict):
        ctx.problems.add("E-SHAPE", field="eval_info", expected="an object")
        ctx.problems.raise_if_any()
        return
    model = settle_model(ctx, None) or ""
    blocks: list[tuple[str, tuple[str, ...], object]] = []
    groups = data.get("per_group")
    if groups is not None:
        if not isinstance(groups, dict):
            ctx.problems.add("E-SHAPE", field="per_group", expected="an object of suites")
        else:
            blocks = [(suite, ("per_group", suite), block) for suite, block in groups.items()]
    else:
        for key in ("aggregated", "overall"):
            if key in data:
                blocks = [(path.resolve().parent.name, (key,), data[key])]
                break
    records = []
    for suite, where, block in blocks:
        record = _suite_record(ctx, model, suite, where, block)
        if record is not None:
            records.append(record)
    if not blocks and not ctx.problems:
        ctx.problems.add("E-NO-RESULTS")
    ctx.problems.raise_if_any()
    yield from records


def _suite_record(
    ctx: ParseContext, model: str, suite: str, where: tuple[str, ...], block: object
) -> BenchmarkResultRecord | None:
    if not isinstance(block, dict):
        ctx.problems.add("E-SHAPE", field=json_path(*where), expected="an object")
        return None
    path = json_path(*where, "pc_success")
    if "pc_success" not in block:
        ctx.problems.add("E-MISSING", field=path)
        return None
    percent = number(ctx, block["pc_success"], path)
    if percent is None:
        return None
    if not 0.0 <= percent <= 100.0:
        ctx.problems.add("E-SHAPE", field=path, expected="a percentage from 0 to 100")
        return None
    episodes = block.get("n_episodes")
    if number_problem(episodes) is not None:  # beyond 64 bits: the store cannot hold it
        ctx.problems.add("E-NUMBER-RANGE", field=json_path(*where, "n_episodes"), value=str(episodes))
        return None
    return BenchmarkResultRecord(
        model=model,
        names=(suite,),
        metric=METRIC,
        # SPEC §4: stored as a fraction, the one format whose scale is converted.
        value=percent / 100.0,
        place=Place(json_path=path),
        n=episodes if isinstance(episodes, int) and not isinstance(episodes, bool) else None,
        self_reported=True,
    )
