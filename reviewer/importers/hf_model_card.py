"""The `hf-model-card` format: a model repository's README.md and its YAML front matter."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from reviewer.core.models import BenchmarkResultRecord, ModelReleaseRecord, Place
from reviewer.importers import jsonstrict
from reviewer.importers.base import ParseContext, Record
from reviewer.importers.result_fields import (
    json_path,
    named_as,
    number,
    settle_model,
    text,
    texts,
    verify_token,
)
from reviewer.importers.yamlsafe import LinedDict, LinedList, load_yaml

NAME = "hf-model-card"

_FENCE = "---"
# Top-level keys of the Hub's model card metadata (hub-docs modelcard.md); one is enough to
# tell a model card from other Markdown with front matter (a blog post, a Jekyll page).
_CARD_KEY = re.compile(
    r"^(?:license|language|base_model|datasets|pipeline_tag|tags|model-index|library_name)\s*:",
    re.MULTILINE,
)


def sniff(head: bytes, path: Path) -> bool:
    """True when the text opens with a `---` line and the front matter has a model-card key."""
    text_head = jsonstrict.head_text(head)
    first, newline, rest = text_head.partition("\n")
    if first.rstrip() != _FENCE or not newline:
        return False
    closing = re.search(r"^---[ \t]*\r?$", rest, re.MULTILINE)
    front = rest[: closing.start()] if closing else rest
    return _CARD_KEY.search(front) is not None


def parse(path: Path, ctx: ParseContext) -> Iterator[Record]:
    """Yield one ModelReleaseRecord, then one BenchmarkResultRecord per `model-index` metric.

    Raises InputRefused for a missing or bad front matter (tags and aliases refused), bad values,
    or no model name (E-NO-MODEL).
    """
    whole, ctx.encoding = jsonstrict.read_text(path, ctx.display_name, given=ctx.given_encoding)
    card = _front_matter(ctx, whole)
    license_ = (
        text(ctx, card.get("license"), "license", card.line_of("license"))
        if card.get("license") is not None
        else None
    )
    pipeline_tag = (
        text(ctx, card.get("pipeline_tag"), "pipeline_tag", card.line_of("pipeline_tag"))
        if card.get("pipeline_tag") is not None
        else None
    )
    lists = {
        key: texts(ctx, card.get(key), key, card.line_of(key))
        for key in ("language", "base_model", "datasets", "tags")
    }
    index = card.get("model-index")
    if index is not None and not isinstance(index, LinedList):
        ctx.problems.add("E-SHAPE", card.line_of("model-index"), field="model-index", expected="a list")
        index = None
    entries = list(index or [])
    first = entries[0] if entries and isinstance(entries[0], LinedDict) else None
    release_line = card.line_of("model-index") if "model-index" in card else 1
    name = _entry_name(ctx, first, 0) if first is not None else None
    model = settle_model(ctx, name, release_line)
    release = ModelReleaseRecord(
        name=model or "",
        named_as=named_as(name, model),
        place=Place(line=release_line, json_path="model-index[0]" if first is not None else None),
        effective_date=None,  # a card carries no release date: --effective-date or the import date
        license=license_,
        base_model=lists["base_model"],
        pipeline_tag=pipeline_tag,
        languages=lists["language"],
        datasets=lists["datasets"],
        tags=lists["tags"],
    )
    results: list[BenchmarkResultRecord] = []
    assert index is None or isinstance(index, LinedList)
    for position, entry in enumerate(entries):
        line = index.line_at(position) if index is not None else None
        if not isinstance(entry, LinedDict):
            ctx.problems.add("E-SHAPE", line, field=f"model-index[{position}]", expected="a mapping")
            continue
        entry_name = name if position == 0 else _entry_name(ctx, entry, position)
        entry_model = model if position == 0 else settle_model(ctx, entry_name, line)
        file_name = named_as(entry_name, entry_model)
        results.extend(_entry_results(ctx, entry, position, entry_model or "", file_name))
    ctx.problems.raise_if_any()
    yield release
    yield from results


def _front_matter(ctx: ParseContext, whole: str) -> LinedDict:
    """The front matter as a mapping whose lines are the file's lines."""
    lines = whole.split("\n")
    if lines[0].rstrip() != _FENCE:
        ctx.problems.add("E-NO-FRONT-MATTER", 1)
        ctx.problems.raise_if_any()
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == _FENCE), None)
    if end is None:
        ctx.problems.add("E-NO-FRONT-MATTER", 1)
        ctx.problems.raise_if_any()
    # The opening fence becomes an empty line, so YAML's line numbers are the file's.
    data = load_yaml(
        "\n" + "\n".join(lines[1:end]), ctx.display_name, allow_aliases=False, problems=ctx.problems
    )
    if data is None:
        ctx.problems.add("E-NO-DATA", 1)
        ctx.problems.raise_if_any()
    if not isinstance(data, LinedDict):
        ctx.problems.add("E-SHAPE", 2, field="front matter", expected="a mapping")
        ctx.problems.raise_if_any()
    assert isinstance(data, LinedDict)
    return data


def _entry_name(ctx: ParseContext, entry: LinedDict, position: int) -> str | None:
    if entry.get("name") is None:
        return None
    return text(ctx, entry["name"], f"model-index[{position}].name", entry.line_of("name"))


def _entry_results(
    ctx: ParseContext, entry: LinedDict, position: int, model: str, file_name: str | None
) -> Iterator[BenchmarkResultRecord]:
    results = entry.get("results")
    if results is None:
        return
    if not isinstance(results, LinedList):
        ctx.problems.add(
            "E-SHAPE", entry.line_of("results"), field=f"model-index[{position}].results", expected="a list"
        )
        return
    for r_index, result in enumerate(results):
        where = ("model-index", position, "results", r_index)
        if not isinstance(result, LinedDict):
            ctx.problems.add(
                "E-SHAPE", results.line_at(r_index), field=json_path(*where), expected="a mapping"
            )
            continue
        names = _result_names(ctx, result, where)
        source = _source(result.get("source"))
        metrics = result.get("metrics")
        if not isinstance(metrics, LinedList):
            ctx.problems.add(
                "E-SHAPE", result.line_of("metrics"), field=json_path(*where, "metrics"), expected="a list"
            )
            continue
        for m_index, metric in enumerate(metrics):
            path = json_path(*where, "metrics", m_index)
            line = metrics.line_at(m_index)
            if not isinstance(metric, LinedDict):
                ctx.problems.add("E-SHAPE", line, field=path, expected="a mapping")
                continue
            record = _metric_record(ctx, metric, path, model, names, source, file_name)
            if record is not None:
                yield record


def _metric_record(
    ctx: ParseContext,
    metric: LinedDict,
    path: str,
    model: str,
    names: tuple[str, ...],
    source: str | None,
    file_name: str | None,
) -> BenchmarkResultRecord | None:
    if metric.get("type") is None:
        ctx.problems.add("E-MISSING", metric.line, field=f"{path}.type")
        kind = None
    else:
        kind = text(ctx, metric["type"], f"{path}.type", metric.line_of("type"))
    if "value" not in metric:
        ctx.problems.add("E-MISSING", metric.line, field=f"{path}.value")
        value = None
    else:
        value = number(ctx, metric["value"], f"{path}.value", metric.line_of("value"))
    verified = metric.get("verified", False)
    if not isinstance(verified, bool):
        ctx.problems.add(
            "E-NOT-BOOL", metric.line_of("verified"), field=f"{path}.verified", value=repr(verified)
        )
    # `verified: true` alone is typed text; the Hub's evaluation writes it with the token
    # that proves it (the model-index spec: verifyToken, "generated by Hugging Face").
    signed = verify_token(
        ctx, metric.get("verifyToken"), f"{path}.verifyToken", metric.line_of("verifyToken")
    )
    if kind is None or value is None or not names:
        return None
    return BenchmarkResultRecord(
        model=model,
        names=names,
        metric=kind,
        value=value,
        place=Place(line=metric.line, json_path=path),
        self_reported=not (signed and verified is not False),
        source=source,
        named_as=file_name,
    )


def _result_names(ctx: ParseContext, result: LinedDict, where: tuple[str | int, ...]) -> tuple[str, ...]:
    """The result's benchmark names (SPEC §5): dataset.name, dataset.type, task.name."""
    names: list[str] = []
    for part, keys in (("dataset", ("name", "type")), ("task", ("name",))):
        block = result.get(part)
        if block is None:
            continue
        if not isinstance(block, LinedDict):
            ctx.problems.add(
                "E-SHAPE", result.line_of(part), field=json_path(*where, part), expected="a mapping"
            )
            continue
        for key in keys:
            if block.get(key) is None:
                continue
            name = text(ctx, block[key], json_path(*where, part, key), block.line_of(key))
            if name and name not in names:
                names.append(name)
    if not names:
        ctx.problems.add("E-MISSING", result.line, field=json_path(*where, "dataset", "name"))
    return tuple(names)


def _source(source: object) -> str | None:
    if isinstance(source, dict):
        for key in ("url", "name"):
            value = source.get(key)
            if isinstance(value, str) and value:
                return value
    return None
