"""Typed field readers for the plan file: each reads one key of a YAML mapping or reports why not."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from enum import StrEnum
from typing import TypeVar

from reviewer.core.errors import ProblemCollector
from reviewer.core.limits import TextKind, over_limit
from reviewer.core.models import Names
from reviewer.importers.numbers import float_problem, number_problem
from reviewer.importers.yamlsafe import LinedDict, LinedList, is_date

E = TypeVar("E", bound=StrEnum)


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# Keys whose text is a code or an identifier (SPEC §10: ≤ 64 characters); other texts are names.
_CODE_KEYS = frozenset({"code", "id", "criterion", "organization"})


class Fields:
    """Reads typed values out of lined YAML containers; every refusal goes to one collector.

    Each reader returns None when the value is missing or wrong (after reporting it), so the
    caller reads on and the file's problems are all listed at once.
    """

    def __init__(self, problems: ProblemCollector) -> None:
        self.problems = problems

    def value_error(self, line: int, field: str, value: object, expected: str) -> None:
        self.problems.add("E-PLAN-VALUE", line, field=field, value=_show(value), expected=expected)

    def mapping(
        self, value: object, line: int, where: str, allowed: set[str], required: set[str]
    ) -> LinedDict | None:
        """The mapping at `where`, with unknown keys and missing required ones reported."""
        if not isinstance(value, LinedDict):
            self.value_error(line, where, value, "a mapping")
            return None
        for key in value:
            if str(key) not in allowed:
                self.problems.add("E-PLAN-UNKNOWN-KEY", value.line_of(key), key=str(key), where=where)
        for key in sorted(required):
            if value.get(key) is None:
                self.problems.add("E-PLAN-MISSING", value.line_of(key), field=f"{where}.{key}")
        return value

    def items(self, d: LinedDict, key: str, where: str) -> Iterator[tuple[int, object, int]]:
        """(1-based index, item, line) of the list under `key`; nothing when absent or not a list."""
        value = d.get(key)
        if value is None:
            return
        if not isinstance(value, LinedList):
            self.value_error(d.line_of(key), f"{where}.{key}", value, "a list")
            return
        for index, item in enumerate(value):
            yield index + 1, item, value.line_at(index)

    def text(self, d: LinedDict, key: str, where: str) -> str | None:
        """Non-empty text; a code or id (≤ 64 characters) by its key, else a name (≤ 500)."""
        value = d.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.value_error(d.line_of(key), f"{where}.{key}", value, "non-empty text")
            return None
        kind = TextKind.CODE if key in _CODE_KEYS else TextKind.NAME
        return value if self.within(value, kind, d.line_of(key), f"{where}.{key}") else None

    def within(self, value: str, kind: TextKind, line: int, field: str) -> bool:
        """True when `value` fits its kind's limit (SPEC §10); else E-TOO-LONG at `line`."""
        limit = over_limit(value, kind)
        if limit is None:
            return True
        self.problems.add("E-TOO-LONG", line, field=field, length=len(value), limit=limit)
        return False

    def integer(
        self, d: LinedDict, key: str, where: str, low: int | None = None, high: int | None = None
    ) -> int | None:
        value = d.get(key)
        if value is None:
            return None
        ok = isinstance(value, int) and not isinstance(value, bool)
        if ok and number_problem(value) is not None:  # beyond SQLite's 64 bits: 10^23 yen
            self.problems.add("E-NUMBER-RANGE", d.line_of(key), field=f"{where}.{key}", value=str(value))
            return None
        if ok and ((low is not None and value < low) or (high is not None and value > high)):
            ok = False
        if not ok:
            span = f"an integer from {low}" if low is not None else "an integer"
            span += f" to {high}" if high is not None else ""
            self.value_error(d.line_of(key), f"{where}.{key}", value, span)
            return None
        assert isinstance(value, int)
        return value

    def number(self, d: LinedDict, key: str, where: str, positive: bool = False) -> float | None:
        value = d.get(key)
        if value is None:
            return None
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or (positive and value <= 0)
        ):
            self.value_error(
                d.line_of(key),
                f"{where}.{key}",
                value,
                "a positive number" if positive else "a finite number",
            )
            return None
        code = float_problem(value)
        if code is not None:
            shown = getattr(value, "text", str(value))
            self.problems.add(code, d.line_of(key), field=f"{where}.{key}", value=shown)
            return None
        return float(value)

    def date(self, d: LinedDict, key: str, where: str) -> dt.date | None:
        value = d.get(key)
        if value is None:
            return None
        if not is_date(value):
            self.value_error(d.line_of(key), f"{where}.{key}", value, "a date YYYY-MM-DD")
            return None
        assert isinstance(value, dt.date)
        return value

    def choice(self, d: LinedDict, key: str, where: str, enum: type[E]) -> E | None:
        value = d.get(key)
        if value is None:
            return None
        if isinstance(value, str) and value in {m.value for m in enum}:
            return enum(value)
        self.value_error(
            d.line_of(key), f"{where}.{key}", value, "one of " + ", ".join(m.value for m in enum)
        )
        return None

    def names(self, d: LinedDict, key: str, where: str) -> Names | None:
        """A {ja, en} pair under `key`."""
        value = d.get(key)
        if value is None:
            return None
        inner = self.mapping(value, d.line_of(key), f"{where}.{key}", {"ja", "en"}, {"ja", "en"})
        if inner is None:
            return None
        ja = self.text(inner, "ja", f"{where}.{key}")
        en = self.text(inner, "en", f"{where}.{key}")
        return Names(ja, en) if ja is not None and en is not None else None

    def texts(self, d: LinedDict, key: str, where: str) -> tuple[str, ...] | None:
        """A string or a list of strings under `key`, as a tuple (None when absent or wrong)."""
        value = d.get(key)
        if value is None:
            return None
        line, field = d.line_of(key), f"{where}.{key}"
        if isinstance(value, str) and value.strip():
            return (value,) if self.within(value, TextKind.LONG, line, field) else None
        if isinstance(value, LinedList) and value and all(isinstance(v, str) and v.strip() for v in value):
            fits = [self.within(v, TextKind.LONG, value.line_at(i), field) for i, v in enumerate(value)]
            return tuple(value) if all(fits) else None
        self.value_error(d.line_of(key), f"{where}.{key}", value, "text or a non-empty list of texts")
        return None

    def unique(self, seen: dict[str, int], key: str, line: int, kind: str) -> bool:
        """Record `key`; report E-PLAN-DUPLICATE naming the first line when it was seen before."""
        first = seen.get(key)
        if first is not None:
            self.problems.add("E-PLAN-DUPLICATE", line, kind=kind, key=key, first_line=first)
            return False
        seen[key] = line
        return True
