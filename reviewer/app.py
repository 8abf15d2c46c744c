"""Composition root of the desktop application (SPEC §9)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from reviewer import messages


def run(argv: Sequence[str]) -> int:
    """Open the desktop window; returns the application's exit status.

    The desktop arrives with the desktop-application issue; until then this says so and
    exits 2, as every command whose capability arrives later does.
    """
    lang = messages.default_lang()
    if "--lang" in argv:
        i = list(argv).index("--lang")
        if i + 1 < len(argv) and argv[i + 1] in messages.LANGS:
            lang = argv[i + 1]
    print(messages.text("not-yet", lang, command="reviewer (desktop)"), file=sys.stderr)
    return 2
