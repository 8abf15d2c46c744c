"""The `hf-eval-results` format: the Hub's `.eval_results/*.yaml` entries, one file or the folder."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from reviewer.core.errors import MAX_PROBLEMS, InputRefused, Problem, ProblemCollector
from reviewer.core.models import BenchmarkResultRecord, Place
from reviewer.importers import jsonstrict
from reviewer.importers.base import ParseContext, Record
from reviewer.importers.result_fields import (
    japan_date,
    json_path,
    number,
    placeholder,
    settle_date,
    settle_model,
    text,
    verify_token,
)
from reviewer.importers.textenc import wide_text
from reviewer.importers.yamlsafe import LinedDict, LinedList, load_yaml

NAME = "hf-eval-results"

_SUFFIXES = (".yaml", ".yml")
# The keys every entry has (hub-docs eval_results.yaml): `dataset:` holding `id:` and
# `task_id:`, and `value:`. All four, unquoted, at the start of a line.
_REQUIRED_KEYS = tuple(
    re.compile(rf"^[ \t]*(?:-[ \t]+)?{key}[ \t]*:", re.MULTILINE)
    for key in ("dataset", "id", "task_id", "value")
)


def sniff(head: bytes, path: Path) -> bool:
    """True for a YAML file with the entry keys, or a folder holding at least one such file."""
    if path.is_dir():
        for child in _yaml_files(path):
            with child.open("rb") as stream:
                child_head = stream.read(len(head) or 64 * 1024)
            if sniff(child_head, child) or _wide_entry(child_head):
                return True
        return False
    text_head = jsonstrict.head_text(head)
    if text_head.startswith(("{", "[")):  # JSON is YAML too, but never this format
        return False
    return all(key.search(text_head) for key in _REQUIRED_KEYS)


def _wide_entry(head: bytes) -> bool:
    """An entry saved as UTF-16 or UTF-32: the folder is this format's, and its parse refuses
    that file by name (E-ENCODING-UTF16), rather than detection calling the folder no format's."""
    found = wide_text(head)
    if found is None:
        return False
    skip = len(found.bom or b"")
    size = 4 if found.encoding.startswith("UTF-32") else 2
    body = head[skip : skip + (len(head) - skip) // size * size]
    text_head = body.decode(found.encoding.lower(), errors="replace")
    return all(key.search(text_head) for key in _REQUIRED_KEYS)


def parse(path: Path, ctx: ParseContext) -> Iterator[Record]:
    """Yield one BenchmarkResultRecord (no metric name) per entry; a folder's files in name order.

    Raises InputRefused with every problem of every file (each named `folder/file.yaml`).
    """
    if not path.is_dir():
        records = _parse_file(path, ctx)
        ctx.problems.raise_if_any()
        yield from records
        return
    for link in _links(path):  # SPEC §4: inside a folder format a link is refused, never followed
        ctx.problems.problems.append(Problem(f"{ctx.display_name}/{link.name}", "E-SYMLINK"))
        ctx.problems.total += 1
    files = _yaml_files(path)
    if not files:
        ctx.problems.add("E-NO-DATA")
        ctx.problems.raise_if_any()
    records = []
    for child in files:
        # Each file's problems are named by that file; they are gathered into the folder's list.
        sub = ParseContext(
            display_name=f"{ctx.display_name}/{child.name}",
            model=ctx.model,
            effective_date=ctx.effective_date,
            resolve_model=ctx.resolve_model,
            model_aliases=ctx.model_aliases,
            given_encoding=ctx.given_encoding,
        )
        try:
            records.extend(_parse_file(child, sub))
        except InputRefused as exc:  # a file that cannot be read at all; the others are still checked
            _gather(ctx.problems, exc.problems, exc.total)
        _gather(ctx.problems, sub.problems.problems, sub.problems.total)
        ctx.encoding = ctx.encoding or sub.encoding
    ctx.problems.raise_if_any()
    yield from records


def _gather(into: ProblemCollector, problems: list[Problem], total: int) -> None:
    """Add another file's problems, keeping their file names, within the collector's cap."""
    room = MAX_PROBLEMS - len(into.problems)
    into.problems.extend(problems[: max(room, 0)])
    into.total += total


def _yaml_files(folder: Path) -> list[Path]:
    """The folder's own YAML files; symbolic links are not among them (see `_links`)."""
    return sorted(
        child
        for child in folder.iterdir()
        if child.suffix in _SUFFIXES and not child.is_symlink() and child.is_file()
    )


def _links(folder: Path) -> list[Path]:
    return sorted(child for child in folder.iterdir() if child.is_symlink())


def _parse_file(path: Path, ctx: ParseContext) -> list[BenchmarkResultRecord]:
    """The records of one file; problems go to `ctx.problems` (structure errors raise)."""
    whole, ctx.encoding = jsonstrict.read_text(path, ctx.display_name, given=ctx.given_encoding)
    data = load_yaml(whole, ctx.display_name, allow_aliases=False, problems=ctx.problems)
    if data is None:
        ctx.problems.add("E-NO-DATA", 1)
        return []
    if isinstance(data, LinedDict):  # a file may hold a single entry instead of a list
        entries: list[tuple[object, int, str | None]] = [(data, data.line, None)]
    elif isinstance(data, LinedList):
        entries = [(entry, data.line_at(i), json_path(i)) for i, entry in enumerate(data)]
    else:
        ctx.problems.add("E-SHAPE", 1, field="the file", expected="a list of entries")
        return []
    if not entries:
        ctx.problems.add("E-NO-DATA", 1)
        return []
    model = settle_model(ctx, None, 1)
    records = []
    for entry, line, where in entries:
        if not isinstance(entry, LinedDict):
            ctx.problems.add("E-SHAPE", line, field=where or "entry", expected="a mapping")
            continue
        record = _entry_record(ctx, entry, where, model or "")
        if record is not None:
            records.append(record)
    return records


def _entry_record(
    ctx: ParseContext, entry: LinedDict, where: str | None, model: str
) -> BenchmarkResultRecord | None:
    def field(*parts: str) -> str:
        return json_path(*(((where,) if where else ()) + parts))

    dataset = entry.get("dataset")
    names: list[str] = []
    if not isinstance(dataset, LinedDict):
        ctx.problems.add("E-MISSING", entry.line_of("dataset"), field=field("dataset", "id"))
    else:
        for key in ("id", "task_id"):
            # task_id belongs under dataset; a top-level one is taken where the file puts it there.
            holder = dataset if key in dataset or key not in entry else entry
            if holder.get(key) is None:
                ctx.problems.add("E-MISSING", holder.line_of(key), field=field("dataset", key))
                continue
            name = text(ctx, holder[key], field("dataset", key), holder.line_of(key))
            if name:
                names.append(name)
    if "value" not in entry:
        ctx.problems.add("E-MISSING", entry.line, field=field("value"))
        value = None
    else:
        value = number(ctx, entry["value"], field("value"), entry.line_of("value"))
    signed = verify_token(ctx, entry.get("verifyToken"), field("verifyToken"), entry.line_of("verifyToken"))
    file_date = None
    if entry.get("date") is not None:
        file_date = japan_date(entry["date"])
        found = placeholder(entry["date"])
        if found is not None:
            ctx.problems.add("E-PLACEHOLDER", entry.line_of("date"), field=field("date"), value=found)
        elif file_date is None:
            ctx.problems.add("E-DATE", entry.line_of("date"), field=field("date"), value=str(entry["date"]))
    effective = settle_date(ctx, file_date, entry.line_of("date"))
    source = _source(ctx, entry, field("source"))
    if value is None or len(names) < 2:
        return None
    return BenchmarkResultRecord(
        model=model,
        names=tuple(names),
        metric=None,
        value=value,
        place=Place(line=entry.line, json_path=where),
        effective_date=effective,
        # A verifyToken signs a run the Hub can check; anything else is the uploader's word.
        self_reported=not signed,
        source=source,
    )


def _source(ctx: ParseContext, entry: LinedDict, where: str) -> str | None:
    source = entry.get("source")
    if source is None:
        return None
    if isinstance(source, str):
        return source
    if not isinstance(source, LinedDict):
        ctx.problems.add("E-SHAPE", entry.line_of("source"), field=where, expected="a mapping")
        return None
    if source.get("url") is None:
        ctx.problems.add("E-MISSING", source.line, field=f"{where}.url")
        return None
    return text(ctx, source["url"], f"{where}.url", source.line_of("url"))
