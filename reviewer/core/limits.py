"""Text limits of SPEC §10, the same on every path in (plan, sheet, package, desktop, command line).

One table, so every importer, form and package check refuses at the same length. A limit is
counted in characters (code points), as a person counts them, not in bytes.
"""

from __future__ import annotations

from enum import StrEnum


class TextKind(StrEnum):
    LONG = "long"  # a comment, a rationale, a reason, a response, a note
    NAME = "name"  # a title or a name
    CODE = "code"  # a code or an identifier


MAX_CHARS: dict[TextKind, int] = {TextKind.LONG: 10_000, TextKind.NAME: 500, TextKind.CODE: 64}


def over_limit(value: str, kind: TextKind) -> int | None:
    """The limit `value` exceeds for its kind, or None when it fits."""
    limit = MAX_CHARS[kind]
    return limit if len(value) > limit else None


def require_within(value: str | None, kind: TextKind, field: str) -> None:
    """Refuse (Refused E-TOO-LONG, naming `field`) a text over its kind's limit; None passes."""
    from reviewer.core.errors import Refused

    if value is None:
        return
    limit = over_limit(value, kind)
    if limit is not None:
        raise Refused("E-TOO-LONG", field=field, length=len(value), limit=limit)
