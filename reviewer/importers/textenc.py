"""Text encodings, decided once per file (SPEC §4 "Encodings, decided once per file").

A text file is UTF-8 (a BOM allowed) when the whole file decodes as UTF-8; else CP932 when the
whole file is clean CP932; else the reader refuses the first line that is not UTF-8. A person
may name the encoding (`--encoding utf-8|cp932`): that replaces the decision, never the
strictness, so a byte the named encoding does not hold is refused at its place.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import BinaryIO

from reviewer.importers.base import MAX_LINE_BYTES

# The encodings a person may name (`--encoding`); the decision may also give utf-8-sig.
GIVEN_ENCODINGS: tuple[str, ...] = ("utf-8", "cp932")

# Python's cp932 maps the unassigned single bytes 0x80, 0xA0 and 0xFD-0xFF to U+0080 and private
# use characters instead of failing; no Japanese text contains them, so they mark bytes that are not CP932.
CP932_STRAYS = re.compile("[\x80\uf8f0-\uf8f3]")


def strict_decode(data: bytes, encoding: str, final: bool = True) -> str:
    """Decode strictly; raises UnicodeDecodeError at the first byte that is not `encoding`'s,
    also for cp932's stray single bytes (which the codec itself lets through)."""
    try:
        decoded = codecs.getincrementaldecoder(encoding)(errors="strict").decode(data, final=final)
    except UnicodeDecodeError as exc:
        if encoding == "cp932":  # a stray byte before the codec's own error comes first
            _refuse_stray(data[: exc.start].decode("cp932"), data)
        raise
    if encoding == "cp932":
        _refuse_stray(decoded, data)
    return decoded


def _refuse_stray(decoded: str, data: bytes) -> None:
    stray = CP932_STRAYS.search(decoded)
    if stray is not None:
        at = len(decoded[: stray.start()].encode("cp932"))
        raise UnicodeDecodeError("cp932", data, at, at + 1, "not a CP932 character")


_DECIDE_CHUNK = 1024 * 1024

# SPEC §4: CP932 text in which half-width katakana, or a kanji outside JIS level 1, touches a
# Latin letter is the mark of UTF-8 or Latin-1 bytes read as CP932 (`Cafﾃｩ`, `Soci騁駸`).
# Beyond the SPEC's letter, half-width katakana touching such a kanji is a mark too: every
# UTF-8 kana or kanji (three bytes, E3-E9 xx yy) read as CP932 is a level-2 kanji and then, for
# yy A1-BF, a half-width character (`ア` -> `繧｢`), whatever stands beside it.
_HALF_WIDTH = "\uff61-\uff9f"
_KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOUCHING = re.compile(
    f"(?<=[A-Za-z])[{_HALF_WIDTH}{_KANJI}]|[{_HALF_WIDTH}{_KANJI}](?=[A-Za-z])"
    f"|[{_KANJI}](?=[{_HALF_WIDTH}])|(?<=[{_HALF_WIDTH}])[{_KANJI}]"
)
_JIS_LEVEL_1 = (0x889F, 0x9872)  # Shift_JIS codes of JIS X 0208's first level of kanji


def _is_level_1(char: str) -> bool:
    try:
        code = int.from_bytes(char.encode("cp932"), "big")
    except UnicodeEncodeError:
        return False
    return _JIS_LEVEL_1[0] <= code <= _JIS_LEVEL_1[1]


def looks_misread(text: str) -> str | None:
    """The first character that marks `text` (decoded as CP932) as other bytes read as CP932, or None.

    Marks: half-width katakana touching a Latin letter; a kanji outside JIS level 1 touching a
    Latin letter or half-width katakana.
    """
    for found in _TOUCHING.finditer(text):
        char = found.group()
        if "\uff61" <= char <= "\uff9f" or not _is_level_1(char):
            return char
    return None


def _whole_file_is_utf8(stream: BinaryIO) -> bool:
    """True when every byte of the stream decodes strictly as UTF-8 (read in chunks)."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="strict")
    try:
        while True:
            chunk = stream.read(_DECIDE_CHUNK)
            decoder.decode(chunk, final=not chunk)
            if not chunk:
                return True
    except UnicodeDecodeError:
        return False


def _whole_file_is_cp932(stream: BinaryIO) -> bool:
    """True when the stream is clean CP932 throughout: every line decodes, shows no mark of
    misread bytes, and no line with non-ASCII bytes is itself UTF-8 (SPEC §4: mixed-encoding
    files are refused; a file that is not UTF-8 throughout has at least one line that is not)."""
    tail = ""
    while True:
        line = stream.readline(MAX_LINE_BYTES + 3)
        if not line:
            return True
        if not line.isascii():
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                return False
        try:
            decoded = strict_decode(line, "cp932")
        except UnicodeDecodeError:
            return False
        if looks_misread(tail + decoded):
            return False
        tail = decoded[-1:] or tail


def choose_encoding(path: Path, given: str | None = None) -> str:
    """Decide a text file's encoding once, from the whole file (SPEC §4).

    With `given` (a name of GIVEN_ENCODINGS, from `--encoding`), that encoding: 'utf-8' keeps a
    BOM's meaning ('utf-8-sig'), 'cp932' is cp932 (a BOM then fails as CP932 like any byte).
    Else 'utf-8-sig' or 'utf-8' when the whole file decodes as UTF-8 (a BOM always means UTF-8);
    else 'cp932' when the whole file decodes as CP932, shows no mark of other bytes misread
    as CP932, and has no non-ASCII line that is UTF-8 (a mixed file); else 'utf-8', so that
    line by line decoding refuses the first line that is not UTF-8 (E-ENCODING with its byte
    offset). Latin-1 or shift_jis are never guessed. Memory stays flat: the file is read in
    chunks (CP932 by lines), at most twice.
    """
    with path.open("rb") as stream:
        return decide(stream, given)


def decide(stream: BinaryIO, given: str | None = None) -> str:
    """`choose_encoding` for an open binary stream positioned at its start."""
    bom = stream.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8
    if given == "cp932":
        return "cp932"
    if given is not None or bom:
        return "utf-8-sig" if bom else "utf-8"
    stream.seek(0)
    if _whole_file_is_utf8(stream):
        return "utf-8"
    stream.seek(0)
    if _whole_file_is_cp932(stream):
        return "cp932"
    return "utf-8"


def refusal_code(given: str | None) -> str:
    """E-ENCODING-GIVEN when a person named the encoding (the message says so), else E-ENCODING."""
    return "E-ENCODING" if given is None else "E-ENCODING-GIVEN"
