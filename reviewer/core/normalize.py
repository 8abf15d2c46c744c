"""Text comparison keys: NFKC, trimmed, white space collapsed, case folded (SPEC §4, §5)."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """The comparison key of a name: NFKC, trimmed, inner white space collapsed, case folded."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def model_key(name: str) -> str:
    """The comparison key of a model name: folded, with an `@revision` suffix removed."""
    base = name.split("@", 1)[0]
    return fold(base)
