"""Field checks shared by the benchmark and model formats: numbers, text, dates, model names."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from zoneinfo import ZoneInfo

from reviewer.core.normalize import model_key
from reviewer.importers.base import ParseContext
from reviewer.importers.numbers import LossyFloat, RefusedNumber, float_problem

JAPAN = ZoneInfo("Asia/Tokyo")

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A model named by a path on the evaluating machine (`/scratch/ckpt`, `./out`, `C:\\ckpt`).
_LOCAL_PATH = re.compile(r"^(?:/|\.{1,2}[/\\]|~|[A-Za-z]:[/\\]|\\\\)")


def is_local_path(name: str) -> bool:
    """True for a path on the evaluating machine, which names a model only as a declared alias."""
    return _LOCAL_PATH.match(name) is not None


def json_path(*parts: str | int) -> str:
    """A readable path such as `results.arc_challenge["acc,none"]` or `model-index[0].results[1]`."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _IDENTIFIER.fullmatch(part) or (not out and "." not in part and '"' not in part):
            out += ("." if out else "") + part
        else:
            escaped = part.replace("\\", "\\\\").replace('"', '\\"')
            out += f'["{escaped}"]'
    return out


_PLACEHOLDER_TEXT = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def placeholder(value: object) -> str | None:
    """The `{name}` a template left unfilled, else None.

    YAML reads a bare `{task_id}` as a one-key mapping `{"task_id": None}`; a quoted one
    (`"{date}"`) stays text. Either is reported as the placeholder it is, never as a Python repr.
    """
    if isinstance(value, dict) and len(value) == 1:
        ((key, inner),) = value.items()
        if inner is None and isinstance(key, str) and _IDENTIFIER.fullmatch(key):
            return "{" + key + "}"
    if isinstance(value, str) and _PLACEHOLDER_TEXT.fullmatch(value.strip()):
        return value.strip()
    return None


def _placeholder_problem(
    ctx: ParseContext, value: object, field: str, line: int | None, column: int | None
) -> bool:
    found = placeholder(value)
    if found is None:
        return False
    ctx.problems.add("E-PLACEHOLDER", line, column, field=field, value=found)
    return True


def number(
    ctx: ParseContext, value: object, field: str, line: int | None = None, column: int | None = None
) -> float | None:
    """`value` as a finite float (ints allowed, booleans not); None after adding a problem.

    A number a float does not hold as written (SPEC §4: `1e-400`, more than 17 significant
    digits, an integer beyond 64 bits or one a float rounds) is refused with its own code.
    """
    if isinstance(value, RefusedNumber):  # refused at its place by the JSON reader already
        return None
    if _placeholder_problem(ctx, value, field, line, column):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        ctx.problems.add("E-NOT-NUMBER", line, column, field=field, value=_show(value))
        return None
    if isinstance(value, float) and not math.isfinite(value):
        ctx.problems.add("E-NOT-FINITE", line, column, value=_show(value))
        return None
    code = float_problem(value)
    if code is not None:
        shown = value.text if isinstance(value, LossyFloat) else str(value)
        ctx.problems.add(code, line, column, field=field, value=_show(shown)[1:-1])
        return None
    return float(value)


def text(
    ctx: ParseContext, value: object, field: str, line: int | None = None, column: int | None = None
) -> str | None:
    """`value` as text; an int is taken as the digits it was written with (a YAML `2024`).

    Floats and booleans are refused rather than guessed back into text: `1.10` would come back
    as `1.1`. Returns None after adding a problem.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if _placeholder_problem(ctx, value, field, line, column):
        return None
    ctx.problems.add("E-NOT-TEXT", line, column, field=field, value=_show(value))
    return None


def texts(ctx: ParseContext, value: object, field: str, line: int | None = None) -> tuple[str, ...]:
    """A text or a list of texts (model cards allow both) as a tuple; () for None."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    out = []
    for index, item in enumerate(items):
        got = text(ctx, item, f"{field}[{index}]" if isinstance(value, list) else field, line)
        if got is not None:
            out.append(got)
    return tuple(out)


def verify_token(ctx: ParseContext, value: object, field: str, line: int | None = None) -> bool:
    """True when a Hugging Face `verifyToken` is there: text, neither empty nor the template's
    unfilled `{verify_token}` (refused at its line like every placeholder). The Hub's spec: the
    token proves Hugging Face generated the result; without one a result is self-reported."""
    if value is None or _placeholder_problem(ctx, value, field, line, None):
        return False
    token = text(ctx, value, field, line)
    return bool(token and token.strip())


def japan_date_from_unix(seconds: float) -> dt.date:
    """The Japan calendar date of a Unix time in seconds."""
    return dt.datetime.fromtimestamp(seconds, tz=JAPAN).date()


def japan_date(value: object) -> dt.date | None:
    """The Japan date of an ISO date or timestamp (text, or a date YAML already built).

    A timestamp without a zone is taken as UTC, as the tools that write these files do.
    Returns None when `value` is no date.
    """
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        return value
    elif isinstance(value, str):
        raw = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                return None
        try:
            moment = dt.datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(JAPAN).date()


def settle_date(
    ctx: ParseContext, file_date: dt.date | None, line: int | None = None, column: int | None = None
) -> dt.date | None:
    """The record's effective date (SPEC §4): the file's date wins, and a different
    `--effective-date` is an error; with no date in the file, None (the service fills it in)."""
    if file_date is not None and ctx.effective_date is not None and file_date != ctx.effective_date:
        ctx.problems.add(
            "E-DATE-CONFLICT",
            line,
            column,
            file_date=file_date.isoformat(),
            flag_date=ctx.effective_date.isoformat(),
        )
    return file_date


def settle_model(
    ctx: ParseContext, file_model: str | None, line: int | None = None, *, path_only: bool = False
) -> str | None:
    """The model a record belongs to (SPEC §3); None after a problem.

    A name equal to a declared id or alias (compared as model names are) becomes the declared
    id. `--model` names the model when the file names none, or when the file's name is an alias
    of the same model or undeclared; an undeclared file name is then kept in
    `ctx.model_aliases` (recorded on the batch). A file naming a different declared model than
    `--model` is E-MODEL-CONFLICT. `path_only`: the file's name is a path on the evaluating
    machine (lm-eval's `pretrained=/gpfs/...`), which names a model only as a declared alias.
    """
    flag = ctx.model.strip() if ctx.model and ctx.model.strip() else None
    flag_id = (ctx.resolve_model(flag) or flag) if flag else None
    if file_model:
        declared = ctx.resolve_model(file_model)
        if declared is not None:
            if flag_id is not None and model_key(flag_id) != model_key(declared):
                ctx.problems.add("E-MODEL-CONFLICT", line, file_model=file_model, flag_model=flag)
                return None
            return declared
        if flag_id is not None:
            if model_key(file_model) == model_key(flag_id):
                return file_model if flag_id == flag else flag_id
            ctx.model_aliases.setdefault(file_model, flag_id)
            return flag_id
        if path_only:
            ctx.problems.add("E-NO-MODEL-PATH", line, path=file_model)
            return None
        return file_model
    if flag_id is not None:
        return flag_id
    ctx.problems.add("E-NO-MODEL", line)
    return None


def named_as(file_model: str | None, model: str | None) -> str | None:
    """The file's own name for the model when the record is kept under another (SPEC §3)."""
    return file_model if file_model and model and file_model != model else None


def _show(value: object) -> str:
    """A value as the file wrote it: JSON-like (`{"a": null}`, `true`), never a Python repr."""
    if isinstance(value, str):
        shown = f'"{value}"'
    elif isinstance(value, dict | list | bool) or value is None:
        shown = json.dumps(value, ensure_ascii=False, default=str)
    else:
        shown = repr(value)
    return shown if len(shown) <= 80 else shown[:77] + "..."
