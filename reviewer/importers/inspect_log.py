"""The `inspect-log` format: an Inspect AI evaluation log, as JSON or as the binary `.eval` zip.

Inspect writes `EvalLog` (its `log/_log.py`) with the fields in a fixed order: `version`,
`status`, `eval`, `plan`, `results`, `stats`, `error`, `invalidated`, ..., `samples`,
`reductions`. Only `version`, `status`, `eval`, `results` and `invalidated` are read (SPEC §4).
A JSON log is streamed through a memory map: the other members (the samples can be gigabytes)
are stepped over without being parsed or held. A `.eval` is a zip whose `header.json` member
holds the same fields without the samples; only that member is read, after the zip checks XLSX
gets, applied to it.
"""

from __future__ import annotations

import datetime as dt
import json
import mmap
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from reviewer.core.errors import InputRefused
from reviewer.core.models import BenchmarkResultRecord, Place
from reviewer.importers import jsonstrict
from reviewer.importers.base import MAX_DOCUMENT_BYTES, ParseContext, Record
from reviewer.importers.result_fields import (
    is_local_path,
    japan_date,
    json_path,
    named_as,
    number,
    settle_date,
    settle_model,
    text,
)
from reviewer.importers.tabular_xlsx import XLSX_MAX_RATIO, XLSX_RATIO_FLOOR, ZIP_MAGIC
from reviewer.importers.textenc import WIDE_SAMPLE, refuse_wide

NAME = "inspect-log"

HEADER_MEMBER = "header.json"
# `invalidated` (Inspect 0.3.1xx on): samples were invalidated after the run, results unchanged.
_WANTED = ("version", "status", "eval", "results", "invalidated")
# The head of a JSON log: EvalLog's first fields, in the order Inspect writes them.
_JSON_HEAD = re.compile(r'\{\s*"version"\s*:\s*\d+\s*,\s*"status"\s*:\s*"[a-z]+"\s*,\s*"eval"\s*:\s*\{')
# Inspect's standard-error metrics: `stderr()` and `bootstrap_stderr()` (scorer/_metrics).
_STDERRS = frozenset({"stderr", "bootstrap_stderr"})
_MEAN = "mean"  # the reducer Inspect applies over epochs when none is named


def sniff(head: bytes, path: Path) -> bool:
    """True for a JSON log's head, or a zip holding `header.json` and Inspect's `_journal/`."""
    if head.startswith(ZIP_MAGIC):
        return is_eval_archive(path)
    return _JSON_HEAD.match(jsonstrict.head_text(head)) is not None


def is_eval_archive(path: Path) -> bool:
    """True when `path` is a zip laid out as an Inspect `.eval` (its directory only is read)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return any(name.startswith("_journal/") for name in names) and (
        HEADER_MEMBER in names or any(name.startswith("samples/") for name in names)
    )


def parse(path: Path, ctx: ParseContext) -> Iterator[Record]:
    """Yield one BenchmarkResultRecord per metric of each scorer in `results.scores`.

    Raises InputRefused for a log that did not succeed, a bad shape, bad JSON, a missing
    model or a date that conflicts with `--effective-date`.
    """
    with path.open("rb") as stream:
        magic = stream.read(len(ZIP_MAGIC))
    places: dict[str, tuple[int, int]] = {}
    if magic == ZIP_MAGIC:
        header = _eval_header(path, ctx.display_name)
    else:
        header = _json_header(path, ctx.display_name, places)
    ctx.encoding = "utf-8"
    records = list(_records(ctx, header, places))
    if not records and not ctx.problems:
        ctx.problems.add("E-NO-RESULTS")
    ctx.problems.raise_if_any()
    yield from records


def _records(
    ctx: ParseContext, header: dict[str, object], places: dict[str, tuple[int, int]]
) -> Iterator[BenchmarkResultRecord]:
    """`places`: line and column of the top-level members of a JSON log (none for a `.eval`)."""
    status = header.get("status")
    if status != "success":
        ctx.problems.add("E-INSPECT-STATUS", *places.get("status", (None, None)), status=str(status))
        return
    if header.get("invalidated") is True:
        # `invalidate_samples` marks samples invalid and keeps the results computed with them:
        # they are not a finished result until the run is retried (as `eval_set` does).
        ctx.problems.add("E-INSPECT-INVALIDATED", *places.get("invalidated", (None, None)))
        return
    spec = header.get("eval")
    results = header.get("results")
    if not isinstance(spec, dict):
        ctx.problems.add("E-SHAPE", field="eval", expected="an object")
        return
    if not isinstance(results, dict):
        ctx.problems.add("E-SHAPE", field="results", expected="an object")
        return
    task = text(ctx, spec.get("task"), "eval.task")
    file_model = _optional_text(ctx, spec.get("model"), "eval.model")
    # `provider/<folder>` (`hf//scratch/ckpt`): a folder names a model only as a declared alias.
    in_folder = file_model is not None and is_local_path(file_model.partition("/")[2])
    model = settle_model(ctx, file_model, path_only=in_folder)
    effective = settle_date(ctx, _created(ctx, spec.get("created")))
    scores = results.get("scores")
    if not isinstance(scores, list):
        ctx.problems.add("E-SHAPE", field="results.scores", expected="a list of scorers")
        return
    completed = results.get("completed_samples")
    part = _part_of_dataset(spec)
    # Samples that errored (under fail_on_error) or were never run (early stopping) are not
    # in the metrics of a successful run: said beside every value.
    done, total = _count(completed, None), _count(results.get("total_samples"), None)
    if done is not None and total is not None and done < total:
        part = ", ".join(note for note in (part, f"completed_samples {done}/{total}") if note)
    named = [score.get("name") for score in scores if isinstance(score, dict)]
    for index, score in enumerate(scores):
        where = json_path("results", "scores", index)
        if not isinstance(score, dict):
            ctx.problems.add("E-SHAPE", field=where, expected="an object")
            continue
        name = text(ctx, score.get("name"), json_path("results", "scores", index, "name"))
        reducer = _reducer(score.get("reducer"))
        # SPEC §4: the scorer's name is the filter; two entries of one scorer (one per reducer)
        # are told apart by the reducer, so a best-of-k score never passes for the mean
        scorer = f"{name}/{reducer}" if name is not None and reducer and named.count(name) > 1 else name
        metrics = score.get("metrics")
        if not isinstance(metrics, dict):
            ctx.problems.add(
                "E-SHAPE",
                field=json_path("results", "scores", index, "metrics"),
                expected="an object of metrics",
            )
            continue
        n = _count(score.get("scored_samples"), completed)
        unscored = _count(score.get("unscored_samples"), None)
        # Samples the scorer could not score are left out of its metrics: shown beside the value.
        unscored_note = f"scored_samples {n}/{n + unscored}" if n is not None and unscored else None
        # a reducer other than the mean (max, pass_at_k over epochs) is said beside the value
        reduced = f"reducer {reducer}" if reducer else None
        partly = ", ".join(note for note in (part, unscored_note, reduced) if note) or None
        values: list[tuple[str, float, str]] = []
        stderr: float | None = None
        for key, metric in metrics.items():
            parts = ("results", "scores", index, "metrics", key)
            at = json_path(*parts)
            if not isinstance(metric, dict):
                ctx.problems.add("E-SHAPE", field=at, expected="an object with name and value")
                continue
            name = text(ctx, metric.get("name", key), json_path(*parts, "name"))
            value = number(ctx, metric.get("value"), json_path(*parts, "value"))
            if name is None or value is None:
                continue
            if name in _STDERRS:
                stderr = value
            else:
                values.append((name, value, json_path(*parts, "value")))
        if task is None or model is None or scorer is None:
            continue
        for name, value, at in values:
            yield BenchmarkResultRecord(
                model=model,
                names=_task_names(task),
                metric=name,
                value=value,
                place=Place(json_path=at),
                filter=scorer,
                stderr=stderr,
                n=n,
                effective_date=effective,
                self_reported=True,
                source=partly,
                named_as=named_as(file_model, model),
            )


def _part_of_dataset(spec: dict[str, object]) -> str | None:
    """`--limit 50`, `--limit 11-60` or `--sample-id 1,2,3` when the run took only part of its
    dataset (`eval.config.limit`, kept by Inspect as N or (start - 1, end); `sample_id`)."""
    config = spec.get("config")
    if not isinstance(config, dict):
        return None
    dataset = spec.get("dataset")
    size = dataset.get("samples") if isinstance(dataset, dict) else None
    whole = size if isinstance(size, int) and not isinstance(size, bool) else None
    limit = config.get("limit")
    if isinstance(limit, int) and not isinstance(limit, bool) and (whole is None or limit < whole):
        return f"--limit {limit}"
    if isinstance(limit, list) and len(limit) == 2 and all(_is_int(x) for x in limit):
        start, end = limit
        if start > 0 or whole is None or end < whole:
            return f"--limit {start + 1}-{end}"
    ids = config.get("sample_id")
    if ids is not None and ids != []:
        listed = [str(x) for x in (ids if isinstance(ids, list) else [ids])]
        shown = ",".join(listed[:5]) + (f",… ({len(listed)})" if len(listed) > 5 else "")
        return f"--sample-id {shown}"
    return None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _task_names(task: str) -> tuple[str, ...]:
    """`eval.task`, and for a task from a package (`inspect_evals/gpqa_diamond`, as Inspect logs
    a registered task) its own name too, so a rule may name it as the task's code does."""
    _package, slash, own = task.rpartition("/")
    return (task, own) if slash and own else (task,)


def _reducer(reducer: object) -> str | None:
    """The epoch reducer of a `results.scores` entry when it is not the mean (Inspect writes one
    entry per scorer and reducer, all with the scorer's name: `_eval/task/results.py`)."""
    return reducer if isinstance(reducer, str) and reducer not in ("", _MEAN) else None


def _optional_text(ctx: ParseContext, value: object, field: str) -> str | None:
    return None if value is None else text(ctx, value, field)


def _count(scored: object, completed: object) -> int | None:
    for value in (scored, completed):
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    return None


def _created(ctx: ParseContext, raw: object) -> dt.date | None:
    """`eval.created`: ISO 8601 with an offset (Inspect writes UTC), as a Japan date."""
    date = japan_date(raw) if isinstance(raw, str) and "T" in raw else None
    if date is None:
        ctx.problems.add("E-DATE", field="eval.created", value=repr(raw))
    return date


# --------------------------------------------------------------------------- .eval


def _eval_header(path: Path, file: str) -> dict[str, object]:
    """The `header.json` member of a `.eval`, checked from the zip directory before it is read."""
    try:
        with zipfile.ZipFile(path) as archive:
            try:
                info = archive.getinfo(HEADER_MEMBER)
            except KeyError:
                raise InputRefused.one(file, "E-INSPECT-NO-HEADER", member=HEADER_MEMBER) from None
            if info.file_size > MAX_DOCUMENT_BYTES:
                raise InputRefused.one(file, "E-TOO-LARGE", size=info.file_size, limit=MAX_DOCUMENT_BYTES)
            if info.file_size > XLSX_RATIO_FLOOR and info.file_size > XLSX_MAX_RATIO * max(
                info.compress_size, 1
            ):
                ratio = info.file_size // max(info.compress_size, 1)
                raise InputRefused.one(
                    file, "E-EVAL-RATIO", member=info.filename, ratio=ratio, limit=XLSX_MAX_RATIO
                )
            with archive.open(info) as member:
                data = member.read(MAX_DOCUMENT_BYTES + 1)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise InputRefused.one(file, "E-EVAL-BROKEN", reason=str(exc)) from None
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InputRefused.one(file, "E-TOO-LARGE", size=len(data), limit=MAX_DOCUMENT_BYTES)
    where = f"{file}/{HEADER_MEMBER}"
    value = jsonstrict.loads(_utf8(data, where), where)
    if not isinstance(value, dict):
        raise InputRefused.one(where, "E-SHAPE", field=HEADER_MEMBER, expected="an object")
    return {key: value.get(key) for key in _WANTED}


def _utf8(data: bytes, file: str, start_line: int = 1) -> str:
    if b"\x00" in data:
        raise InputRefused.one(file, "E-NUL", start_line + data.count(b"\n", 0, data.find(b"\x00")))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = start_line + data.count(b"\n", 0, exc.start)
        raise InputRefused.one(file, "E-ENCODING", line, encoding="UTF-8") from None


# --------------------------------------------------------------------------- JSON log

_SPACE = re.compile(rb"[ \t\r\n]*")
_STRUCTURE = re.compile(rb'["{}\[\]]')
_STRING_STOP = re.compile(rb'["\\]')
_SCALAR = re.compile(rb"[^,}\]\s]+")
_CHUNK = 1 << 20


class _Syntax(Exception):
    def __init__(self, pos: int, reason: str) -> None:
        super().__init__(reason)
        self.pos = pos
        self.reason = reason


def _json_header(path: Path, file: str, places: dict[str, tuple[int, int]]) -> dict[str, object]:
    """The wanted top-level members of a JSON log; the rest is stepped over, never parsed.

    `places` receives the line and column of each wanted member's value."""
    if path.stat().st_size == 0:
        raise InputRefused.one(file, "E-NO-DATA")
    with path.open("rb") as stream:
        refuse_wide(stream.read(WIDE_SAMPLE), file)  # SPEC §4: refused as UTF-16, not as bad JSON
    with path.open("rb") as stream, mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as buf:
        lines = _LineCounter(buf)
        try:
            return _members(buf, file, lines, places)
        except _Syntax as exc:
            line, column = lines.position(exc.pos)
            raise InputRefused.one(file, "E-JSON-SYNTAX", line, column, reason=exc.reason) from None


def _members(
    buf: mmap.mmap, file: str, lines: _LineCounter, places: dict[str, tuple[int, int]]
) -> dict[str, object]:
    pos = 3 if buf[:3] == b"\xef\xbb\xbf" else 0
    pos = _skip_space(buf, pos)
    if buf[pos : pos + 1] != b"{":
        raise _Syntax(pos, "expected an object")
    pos = _skip_space(buf, pos + 1)
    found: dict[str, object] = {}
    seen: set[str] = set()
    if buf[pos : pos + 1] == b"}":
        return found
    while True:
        if buf[pos : pos + 1] != b'"':
            raise _Syntax(pos, "expected a key")
        key_end = _string_end(buf, pos)
        try:
            key = json.loads(bytes(buf[pos:key_end]).decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise _Syntax(pos, "bad key") from None
        if key in seen:
            line, column = lines.position(pos)
            raise InputRefused.one(file, "E-DUPLICATE-KEY", line, column, key=key)
        seen.add(key)
        pos = _skip_space(buf, key_end)
        if buf[pos : pos + 1] != b":":
            raise _Syntax(pos, "expected ':'")
        start = _skip_space(buf, pos + 1)
        end = _value_end(buf, start)
        if key in _WANTED:
            line, column = lines.position(start)
            places[key] = (line, column)
            value_text = _utf8(bytes(buf[start:end]), file, line)
            # Padded to its column, so a problem inside it is placed where it is in the file.
            found[key] = jsonstrict.loads(" " * (column - 1) + value_text, file, first_line=line)
        pos = _skip_space(buf, end)
        mark = buf[pos : pos + 1]
        if mark == b"}":
            if _skip_space(buf, pos + 1) != len(buf):
                raise _Syntax(pos + 1, "extra data after the log")
            return found
        if mark != b",":
            raise _Syntax(pos, "expected ',' or '}'")
        pos = _skip_space(buf, pos + 1)


def _skip_space(buf: mmap.mmap, pos: int) -> int:
    match = _SPACE.match(buf, pos)
    return match.end() if match else pos


def _string_end(buf: mmap.mmap, pos: int) -> int:
    """The offset just past the string that opens at `pos`."""
    at = pos + 1
    while True:
        match = _STRING_STOP.search(buf, at)
        if match is None:
            raise _Syntax(pos, "unterminated string")
        if match.group() == b"\\":
            at = match.start() + 2
            continue
        return match.end()


def _value_end(buf: mmap.mmap, pos: int) -> int:
    """The offset just past the JSON value at `pos` (strings and brackets balanced)."""
    first = buf[pos : pos + 1]
    if first == b'"':
        return _string_end(buf, pos)
    if first not in (b"{", b"["):
        match = _SCALAR.match(buf, pos)
        if match is None:
            raise _Syntax(pos, "expected a value")
        return match.end()
    depth = 0
    at = pos
    while True:
        match = _STRUCTURE.search(buf, at)
        if match is None:
            raise _Syntax(pos, "unterminated object or array")
        mark = match.group()
        if mark == b'"':
            at = _string_end(buf, match.start())
            continue
        depth += 1 if mark in (b"{", b"[") else -1
        at = match.end()
        if depth == 0:
            return at


class _LineCounter:
    """Line and column of an offset, counting newlines forward in chunks (offsets only grow)."""

    def __init__(self, buf: mmap.mmap) -> None:
        self._buf = buf
        self._pos = 0
        self._line = 1

    def position(self, pos: int) -> tuple[int, int]:
        if pos < self._pos:
            self._pos, self._line = 0, 1
        while self._pos < pos:
            step = min(pos, self._pos + _CHUNK)
            self._line += self._buf[self._pos : step].count(b"\n")
            self._pos = step
        line_start = self._buf.rfind(b"\n", 0, pos) + 1
        return self._line, pos - line_start + 1
