"""Numbers the store cannot hold as written (SPEC §4): found once, refused at their place by the caller.

A JSON or YAML parser cannot refuse a number itself (it does not know whether the key is a
result or bookkeeping), so it hands back a marked value: `LossyFloat` for a decimal whose float
is not what was written (a non-zero `1e-400` that parses to 0.0; more than 17 significant
digits, which a float rounds), `WideInt` for an integer beyond SQLite's 64-bit range. Field
readers that store numbers ask `number_problem` and refuse with the code it gives.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)
MAX_SIGNIFICANT = 17  # a float holds 17 significant decimal digits; more are rounded

_MANTISSA = re.compile(r"[+-]?(\d*)\.?(\d*)")


class LossyFloat(float):
    """A float that is not the number written: `code` says why, `text` is what was written."""

    code: str
    text: str

    def __new__(cls, value: float, code: str, text: str) -> LossyFloat:
        made = super().__new__(cls, value)
        made.code = code
        made.text = text
        return made


class WideInt(int):
    """An integer beyond SQLite's 64-bit range."""


class RefusedNumber(float):
    """A number the parser has already refused at its place (NaN, Infinity, 1e400) while it
    read on to report every error of the file: a field reader skips it without a second report."""


def significant_digits(text: str) -> int:
    """How many significant digits the decimal `text` (optionally with an exponent) has."""
    mantissa = re.split(r"[eE]", text, maxsplit=1)[0]
    found = _MANTISSA.fullmatch(mantissa.strip())
    if found is None:
        return 0
    digits = (found.group(1) + found.group(2)).lstrip("0").rstrip("0")
    return len(digits)


def decimal_problem(text: str, value: float) -> str | None:
    """Why `value` (parsed from `text`) is not the number written, or None.

    E-NUMBER-UNDERFLOW: a non-zero number that became 0.0; E-NUMBER-PRECISION: more than
    17 significant digits. Infinity is the caller's (E-NOT-FINITE).
    """
    digits = significant_digits(text)
    if value == 0.0 and digits:
        return "E-NUMBER-UNDERFLOW"
    if digits > MAX_SIGNIFICANT:
        return "E-NUMBER-PRECISION"
    return None


def checked_float(text: str) -> float:
    """float(text), or a LossyFloat when it is not the number written."""
    value = float(text)
    code = decimal_problem(text, value)
    return value if code is None else LossyFloat(value, code, text)


def checked_int(text: str) -> int:
    """int(text), or a WideInt beyond the 64-bit range."""
    value = int(text)
    return WideInt(value) if not INT64_MIN <= value <= INT64_MAX else value


def number_problem(value: object) -> str | None:
    """The code refusing a parsed number that the store cannot hold as written, or None.

    E-NUMBER-RANGE (an integer beyond 64 bits), E-NUMBER-UNDERFLOW, E-NUMBER-PRECISION
    (including an integer a float would round, when the caller stores it as a float).
    """
    if isinstance(value, LossyFloat):
        return value.code
    if isinstance(value, int) and not isinstance(value, bool) and not INT64_MIN <= value <= INT64_MAX:
        return "E-NUMBER-RANGE"
    return None


def float_problem(value: object) -> str | None:
    """As `number_problem`, and also an integer that a float would round (the value is stored as REAL)."""
    code = number_problem(value)
    if code is None and isinstance(value, int) and not isinstance(value, bool) and int(float(value)) != value:
        return "E-NUMBER-PRECISION"
    return code


def decimal_text_problem(number: Decimal) -> str | None:
    """For a Decimal parsed from a cell: E-NUMBER-UNDERFLOW, E-NUMBER-PRECISION or None."""
    try:
        as_float = float(number)
    except (OverflowError, InvalidOperation):  # pragma: no cover - float() of a Decimal saturates
        return None
    if number != 0 and as_float == 0.0:
        return "E-NUMBER-UNDERFLOW"
    if number != 0 and len(number.normalize().as_tuple().digits) > MAX_SIGNIFICANT:
        return "E-NUMBER-PRECISION"
    return None
