"""OOXML's escaping of characters in spreadsheet text (ECMA-376 Part 1, §22.9.2.19 ST_Xstring).

XML cannot carry most control characters, and a carriage return in element text comes back as a
line feed. Spreadsheet text therefore writes such a character as `_xHHHH_` (Excel writes a CR
as `_x000D_`), and an underscore that would start such a sequence as `_x005F_`. The sheet we
write escapes; every XLSX we read unescapes, as Excel does.
"""

from __future__ import annotations

import re

# What XML 1.0 text cannot hold as it is, plus CR (line ends are normalised on reading).
_NEEDS_ESCAPE = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")


def escape(text: str) -> str:
    """`text` as OOXML spreadsheet text: control characters and `_xHHHH_` look-alikes escaped."""
    return _NEEDS_ESCAPE.sub(lambda found: f"_x{ord(found.group()):04X}_", text)


def unescape(text: str) -> str:
    """The text an OOXML string stands for: each `_xHHHH_` becomes its character.

    A surrogate code (`_xD800_`) stays as written: alone it is no character.
    """
    if "_x" not in text:
        return text
    return _ESCAPED.sub(_character, text)


def _character(found: re.Match[str]) -> str:
    code = int(found.group(1), 16)
    return found.group() if 0xD800 <= code <= 0xDFFF else chr(code)
