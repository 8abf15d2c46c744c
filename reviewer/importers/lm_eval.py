"""The `lm-eval` format: lm-evaluation-harness results JSON, current and legacy shapes."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from reviewer.core.models import BenchmarkResultRecord, Place
from reviewer.importers import jsonstrict
from reviewer.importers.base import ParseContext, Record
from reviewer.importers.numbers import number_problem
from reviewer.importers.result_fields import (
    is_local_path,
    japan_date,
    japan_date_from_unix,
    json_path,
    named_as,
    number,
    settle_date,
    settle_model,
)

NAME = "lm-eval"

# Keys of a task's entry that are bookkeeping, never results, whatever their type: the
# harness's `alias`, `name` and `sample_len` (v0.4.12), `samples` (v0.4.0-0.4.2), and the
# `" "` placeholder of a group without metrics (v0.4.3-0.4.11).
_LABEL_KEYS = frozenset({"alias", "name", "sample_len", "samples", " "})
_STDERR_SUFFIX = "_stderr"
# A metric key as the harness writes it, for sniffing heads too large to parse whole.
_METRIC_KEY = re.compile(r'"[A-Za-z0-9_]+_stderr(?:,[^"]*)?"\s*:')


def sniff(head: bytes, path: Path) -> bool:
    """True for a JSON object with `results` of task objects and `configs` or `versions`."""
    data = jsonstrict.head_object(head)
    if data is not None:
        results = data.get("results")
        return (
            isinstance(results, dict)
            and bool(results)
            and all(isinstance(task, dict) for task in results.values())
            and (isinstance(data.get("configs"), dict) or isinstance(data.get("versions"), dict))
        )
    text = jsonstrict.head_text(head)
    # A head cut short of the end: the harness writes `results` first, then `groups`,
    # `group_subtasks`, `configs`, `versions`; a large run may push those past the head, so
    # the harness's own `<metric>_stderr[,filter]` keys stand in for them.
    return (
        text.startswith("{")
        and re.match(r'\{\s*"results"\s*:\s*\{', text) is not None
        and (
            re.search(r'"(?:configs|versions)"\s*:\s*\{', text) is not None
            or _METRIC_KEY.search(text) is not None
        )
    )


def parse(path: Path, ctx: ParseContext) -> Iterator[Record]:
    """Yield one BenchmarkResultRecord per task x metric x filter, its stderr attached.

    Groups are skipped. Raises InputRefused for bad JSON, a bad shape, a missing model or a
    date that conflicts with `--effective-date`.
    """
    text, ctx.encoding = jsonstrict.read_text(path, ctx.display_name, given=ctx.given_encoding)
    data = jsonstrict.loads(text, ctx.display_name, problems=ctx.problems)
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(results, dict):
        ctx.problems.add("E-SHAPE", field="results", expected="an object of tasks")
        ctx.problems.raise_if_any()
        return
    pretrained = _pretrained(data.get("config"))
    # A path on the evaluating machine names the model only as a declared alias (SPEC §3).
    is_path = pretrained is not None and is_local_path(pretrained)
    model = settle_model(ctx, pretrained, path_only=is_path)
    ctx_named = named_as(pretrained, model)
    effective = settle_date(ctx, _file_date(ctx, data.get("date")))
    skipped = _group_names(data)
    records: list[BenchmarkResultRecord] = []
    for task, metrics in results.items():
        if task in skipped:
            continue
        if not isinstance(metrics, dict):
            ctx.problems.add("E-SHAPE", field=json_path("results", task), expected="an object of metrics")
            continue
        records.extend(_task_records(ctx, data, task, metrics, model or "", effective, ctx_named))
    if not records and not ctx.problems:
        ctx.problems.add("E-NO-RESULTS")
    ctx.problems.raise_if_any()
    yield from records


def _task_records(
    ctx: ParseContext,
    data: dict[str, object],
    task: str,
    metrics: dict[str, object],
    model: str,
    effective: dt.date | None,
    file_name: str | None,
) -> Iterator[BenchmarkResultRecord]:
    values: dict[tuple[str, str | None], tuple[str, object]] = {}
    stderrs: dict[tuple[str, str | None], tuple[str, object]] = {}
    for key, value in _result_keys(data, task, metrics):
        name, comma, filter_name = key.partition(",")
        filt = filter_name if comma else None
        if name.endswith(_STDERR_SUFFIX):
            stderrs[(name[: -len(_STDERR_SUFFIX)], filt)] = (key, value)
        else:
            values[(name, filt)] = (key, value)
    for metric_filter, (key, _value) in stderrs.items():
        if metric_filter not in values:
            ctx.problems.add("E-STDERR-WITHOUT-METRIC", key=json_path("results", task, key))
    names = _names(data, task)
    n = _samples(data, task)
    limited = _limited(data, task)
    if n is None:
        n = _sample_len(metrics)
    if n is not None and number_problem(n) is not None:  # a count the store cannot hold (64 bits)
        ctx.problems.add("E-NUMBER-RANGE", value=f"{json_path('n-samples', task)}: {n}")
        n = None
    for (metric, filt), (key, raw) in values.items():
        where = json_path("results", task, key)
        value = number(ctx, raw, where)
        stderr = None
        if (metric, filt) in stderrs:
            stderr_key, raw_stderr = stderrs[(metric, filt)]
            # The harness writes "N/A" where it could not compute a standard error.
            if raw_stderr != "N/A":
                stderr = number(ctx, raw_stderr, json_path("results", task, stderr_key))
        if value is None:
            continue
        yield BenchmarkResultRecord(
            model=model,
            names=names,
            metric=metric,
            value=value,
            place=Place(json_path=where),
            filter=filt,
            stderr=stderr,
            n=n,
            higher_is_better=_higher_is_better(data, task, metric),
            effective_date=effective,
            self_reported=True,
            source=limited,
            named_as=file_name,
        )


def _is_numeric(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _result_keys(
    data: dict[str, object], task: str, metrics: dict[str, object]
) -> Iterator[tuple[str, object]]:
    """The keys of a task's entry that hold results or their stderr (SPEC §4, "in the wild").

    Current shape (any `"metric,filter"` key): exactly those keys; `alias`, `name`,
    `sample_len`, `samples` and whatever else the harness adds beside them are bookkeeping.
    Older shape: the keys named in the task's `higher_is_better`, a key with a `_stderr`
    sibling and their stderrs, else any numeric key. A bookkeeping key is never refused for
    its type; a result key with a value that is no number is (it names the bad value).
    """
    if any("," in key for key in metrics):
        yield from ((k, v) for k, v in metrics.items() if "," in k)
        return
    table = data.get("higher_is_better")
    entry = table.get(task) if isinstance(table, dict) else None
    named = set(entry) if isinstance(entry, dict) else set()
    for key, value in metrics.items():
        if key in _LABEL_KEYS:
            continue
        base = key.removesuffix(_STDERR_SUFFIX)
        if (
            _is_numeric(value)
            or key in named
            or base in named
            or (key != base and base in metrics)
            or f"{key}{_STDERR_SUFFIX}" in metrics
        ):
            yield key, value


def _sample_len(metrics: dict[str, object]) -> int | None:
    """`sample_len` (harness v0.4.12): the documents evaluated, when `n-samples` gives none."""
    count = metrics.get("sample_len")
    return count if isinstance(count, int) and not isinstance(count, bool) and count >= 0 else None


# `model_args` keys naming the evaluated model, first found wins: an adapter (`peft=`) or delta
# weights (`delta=`) come with `pretrained=`, the base they were applied to, and the run is the
# adapter's (the harness's EvaluationTracker names it so: `_get_model_name`).
_MODEL_KEYS = ("peft", "delta", "pretrained")
# `revision=` picks a commit or branch of the `pretrained=` weights (an intermediate checkpoint).
_REVISION = "revision"


def _pretrained(config: object) -> str | None:
    """The model named by `config.model_args`: `peft=`, else `delta=`, else `pretrained=`
    (perhaps a local path), the last as `name@revision` when `revision=` picks other weights
    than the default (model names compare without the revision, SPEC §5; the file's name
    keeps it)."""
    if not isinstance(config, dict):
        return None
    args = config.get("model_args")
    given: dict[str, object] = {}
    if isinstance(args, dict):
        given = {key: args.get(key) for key in (*_MODEL_KEYS, _REVISION)}
    elif isinstance(args, str):
        for part in args.split(","):
            key, eq, value = part.partition("=")
            if eq and key.strip() in (*_MODEL_KEYS, _REVISION):
                given[key.strip()] = value.strip()
    for key in _MODEL_KEYS:
        name = given.get(key)
        if isinstance(name, str) and name.strip():
            revision = given.get(_REVISION)
            if key == "pretrained" and isinstance(revision, str) and revision.strip() and "@" not in name:
                return f"{name.strip()}@{revision.strip()}"
            return name.strip()
    return None


def _file_date(ctx: ParseContext, raw: object) -> dt.date | None:
    """The evaluation date: the harness writes a Unix time; ISO text is accepted too."""
    if raw is None:
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        try:
            return japan_date_from_unix(float(raw))
        except (OverflowError, OSError, ValueError):
            pass
    elif (date := japan_date(raw)) is not None:
        return date
    ctx.problems.add("E-DATE", field="date", value=repr(raw))
    return None


def _group_names(data: dict[str, object]) -> set[str]:
    """Entries of `results` that are groups, not tasks: the keys of `groups`, and (v0.4.3 on)
    every `group_subtasks` key with subtasks, which `results` lists with its own entry."""
    groups = data.get("groups")
    names = set(groups) if isinstance(groups, dict) else set()
    subtasks = data.get("group_subtasks")
    if isinstance(subtasks, dict):
        names.update(name for name, members in subtasks.items() if isinstance(members, list) and members)
    return names


def _names(data: dict[str, object], task: str) -> tuple[str, ...]:
    names = [task]
    configs = data.get("configs")
    config = configs.get(task) if isinstance(configs, dict) else None
    dataset = config.get("dataset_path") if isinstance(config, dict) else None
    if isinstance(dataset, str) and dataset and dataset != task:
        names.append(dataset)
    return tuple(names)


def _samples(data: dict[str, object], task: str) -> int | None:
    """`n-samples.<task>`: the effective count where the harness gives one, else the original."""
    table = data.get("n-samples")
    entry = table.get(task) if isinstance(table, dict) else None
    if not isinstance(entry, dict):
        return None
    for key in ("effective", "original"):
        count = entry.get(key)
        if isinstance(count, int) and not isinstance(count, bool):
            return count
    return None


def _limited(data: dict[str, object], task: str) -> str | None:
    """`--limit 100/2376` (documents evaluated / the task's documents) for a task run on fewer
    documents than it has (the words are the flag's and the numbers, in either language).

    `--limit` is for testing only (the harness says so when it runs); the value must not read
    as the task's result without it, as llm-jp-eval's sample cap is shown beside its values.
    """
    table = data.get("n-samples")
    entry = table.get(task) if isinstance(table, dict) else None
    if not isinstance(entry, dict):
        # Harness v0.3 kept only `config.limit` (a count, or a fraction of each task).
        config = data.get("config")
        limit = config.get("limit") if isinstance(config, dict) else None
        positive = isinstance(limit, int | float) and not isinstance(limit, bool) and limit > 0
        return f"--limit {limit}" if positive else None
    effective, original = _count(entry.get("effective")), _count(entry.get("original"))
    if effective is None or original is None or effective >= original:
        return None
    return f"--limit {effective}/{original}"


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _higher_is_better(data: dict[str, object], task: str, metric: str) -> bool | None:
    table = data.get("higher_is_better")
    entry = table.get(task) if isinstance(table, dict) else None
    flag = entry.get(metric) if isinstance(entry, dict) else None
    return flag if isinstance(flag, bool) else None
