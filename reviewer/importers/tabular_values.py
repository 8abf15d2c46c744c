"""Cell values of tabular evidence: numbers, periods, dates, fiscal years and booleans, refused exactly."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal

from reviewer.core.limits import MAX_CHARS, TextKind, over_limit
from reviewer.core.normalize import fold
from reviewer.importers.numbers import INT64_MAX, decimal_text_problem


class CellError(Exception):
    """A cell value was refused: a fixed code and its message parameters."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def is_blank(value: object) -> bool:
    """True for an empty cell: None or only white space."""
    return value is None or (isinstance(value, str) and not value.strip())


_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NON_FINITE = {"nan", "inf", "infinity", "-inf", "+inf", "-infinity", "+infinity", "-nan", "+nan"}
_PERIOD = re.compile(r"(\d{4})\s*(?:[-/]\s*(\d{1,2})|年\s*(\d{1,2})\s*月)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FY = re.compile(r"(?:fy\s*)?(\d{4})(?:\s*年度)?", re.IGNORECASE)
_TRUE = {"true", "1", "yes", "はい", "真"}
_FALSE = {"false", "0", "no", "いいえ", "偽"}


def text(value: object) -> str:
    """A cell as text: strings as they are, numbers without a spurious '.0', None as ''."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def parse_text(value: object, column: str) -> str:
    """A trimmed text cell naming something (≤ 500 characters). Raises CellError E-TOO-LONG."""
    return _within(text(value).strip(), TextKind.NAME)


def parse_code(value: object, column: str) -> str:
    """A trimmed code or identifier (≤ 64 characters). Raises CellError E-TOO-LONG."""
    return _within(text(value).strip(), TextKind.CODE)


def parse_long_text(value: object, column: str) -> str:
    """A comment kept exactly as written (≤ 10,000 characters). Raises CellError E-TOO-LONG."""
    return _within(text(value), TextKind.LONG)


def _within(value: str, kind: TextKind) -> str:
    limit = over_limit(value, kind)
    if limit is not None:
        raise CellError("E-TOO-LONG", length=len(value), limit=limit)
    return value


NAME_LIMIT = MAX_CHARS[TextKind.NAME]


def parse_decimal(value: object, column: str) -> Decimal:
    """A finite number that a float holds as written: thousands separators and full-width digits
    accepted (NFKC).

    Raises CellError E-NUMBER (not a number), E-NOT-FINITE (NaN, Infinity, beyond float range),
    E-NUMBER-UNDERFLOW (non-zero but 0.0 as a float) or E-NUMBER-PRECISION (over 17 digits).
    """
    number = _exact_decimal(value)
    code = decimal_text_problem(number)
    if code is not None:
        raise CellError(code, value=text(value))
    return number


def _exact_decimal(value: object) -> Decimal:
    """The number as written, finite; no check that a float holds it."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise CellError("E-NUMBER", value=text(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError("E-NOT-FINITE", value=repr(value))
        return Decimal(repr(value))
    cleaned = unicodedata.normalize("NFKC", value).strip()
    if _GROUPED.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    elif not _PLAIN.fullmatch(cleaned):
        code = "E-NOT-FINITE" if cleaned.casefold() in _NON_FINITE else "E-NUMBER"
        raise CellError(code, value=value)
    number = Decimal(cleaned)
    if not math.isfinite(float(number)):
        raise CellError("E-NOT-FINITE", value=value)
    return number


def parse_count(value: object, column: str) -> int:
    """A non-negative integer; an integral float (1250.0) is accepted.

    Raises CellError: E-NOT-WHOLE for a fraction, E-NUMBER-RANGE beyond SQLite's 64-bit range.
    """
    number = _exact_decimal(value)
    if number != number.to_integral_value():
        raise CellError("E-NOT-WHOLE", value=text(value))
    if number < 0:
        raise CellError("E-NEGATIVE", value=text(value))
    count = int(number)
    if count > INT64_MAX:
        raise CellError("E-NUMBER-RANGE", value=text(value))
    return count


def parse_nonnegative(value: object, column: str) -> float:
    """A non-negative finite decimal. Raises CellError."""
    number = parse_decimal(value, column)
    if number < 0:
        raise CellError("E-NEGATIVE", value=text(value))
    return float(number)


def parse_real(value: object, column: str) -> float:
    """Any finite decimal. Raises CellError."""
    return float(parse_decimal(value, column))


def parse_period(value: object, column: str) -> str:
    """A month as 'YYYY-MM' from 2027-04, 2027/04, 2027年4月 or an XLSX date cell. Raises CellError."""
    if isinstance(value, dt.date):  # datetime is a date too
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, str):
        found = _PERIOD.fullmatch(unicodedata.normalize("NFKC", value).strip())
        if found is not None:
            month = int(found.group(2) or found.group(3))
            if 1 <= month <= 12:
                return f"{found.group(1)}-{month:02d}"
    raise CellError("E-PERIOD", value=text(value))


def parse_date(value: object, column: str) -> dt.date:
    """An ISO calendar date (YYYY-MM-DD) or an XLSX date cell. Raises CellError E-DATE."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        cleaned = unicodedata.normalize("NFKC", value).strip()
        if _ISO_DATE.fullmatch(cleaned):
            try:
                return dt.date.fromisoformat(cleaned)
            except ValueError:
                pass
    raise CellError("E-DATE", value=text(value))


def parse_bool(value: object, column: str) -> bool:
    """true/false, 1/0, yes/no, はい/いいえ, 真/偽 (or an XLSX boolean). Raises CellError E-NOT-BOOL."""
    if isinstance(value, bool):
        return value
    key = fold(text(value))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError("E-NOT-BOOL", value=text(value))


def parse_fy(value: object, column: str) -> int:
    """A fiscal year: 2027, '2027年度' or 'FY2027'. Raises CellError E-FY."""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        year = int(value)
    else:
        found = _FY.fullmatch(unicodedata.normalize("NFKC", text(value)).strip())
        if found is None:
            raise CellError("E-FY", value=text(value))
        year = int(found.group(1))
    if not 1900 <= year <= 2999:
        raise CellError("E-FY", value=text(value))
    return year
