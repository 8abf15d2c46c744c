"""Field checks shared by the benchmark and model formats: numbers, text, dates, model names."""

from __future__ import annotations

import datetime as dt
import math
import re
from zoneinfo import ZoneInfo

from reviewer.core.normalize import model_key
from reviewer.importers.base import ParseContext
from reviewer.importers.numbers import LossyFloat, float_problem

JAPAN = ZoneInfo("Asia/Tokyo")

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


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


def number(
    ctx: ParseContext, value: object, field: str, line: int | None = None, column: int | None = None
) -> float | None:
    """`value` as a finite float (ints allowed, booleans not); None after adding a problem.

    A number a float does not hold as written (SPEC §4: `1e-400`, more than 17 significant
    digits, an integer beyond 64 bits or one a float rounds) is refused with its own code.
    """
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


def settle_model(ctx: ParseContext, file_model: str | None, line: int | None = None) -> str | None:
    """The model a record belongs to: the file's name, else `--model`; None after a problem.

    A `--model` naming a different model than the file is refused rather than silently
    preferring one of them.
    """
    if file_model:
        if ctx.model and model_key(ctx.model) != model_key(file_model):
            ctx.problems.add("E-MODEL-CONFLICT", line, file_model=file_model, flag_model=ctx.model)
            return None
        return file_model
    if ctx.model:
        return ctx.model
    ctx.problems.add("E-NO-MODEL", line)
    return None


def _show(value: object) -> str:
    shown = repr(value) if not isinstance(value, str) else f'"{value}"'
    return shown if len(shown) <= 80 else shown[:77] + "..."
