"""The command line run in this process, as the tests call it: `reviewer(...)` returns the exit
status and what was written to each stream; `ok(...)` also asserts the command succeeded."""

from __future__ import annotations

import io

from reviewer.cli import run


def reviewer(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def ok(*argv: str) -> str:
    code, out, err = reviewer(*argv)
    assert code == 0, err
    return out
