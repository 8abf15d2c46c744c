"""Text encodings, decided once per file (SPEC §4 "Encodings, decided once per file").

A text file is UTF-8 (a BOM allowed) when the whole file decodes as UTF-8; else CP932 when the
whole file is clean CP932; else the reader refuses the first line that is not UTF-8. A person
may name the encoding (`--encoding utf-8|cp932`): that replaces the decision, never the
strictness, so a byte the named encoding does not hold is refused at its place.

A file saved as UTF-16 or UTF-32 (Excel's "Unicode text", Notepad's "UTF-16 LE", PowerShell 5's
`Out-File`) is neither: it is refused first, by name (E-ENCODING-UTF16, E-ENCODING-UTF16-NO-BOM),
whatever `--encoding` says, so that a person learns to save it as UTF-8 instead of reading that
the file has a NUL byte or fits no format.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reviewer.core.errors import InputRefused
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
    held = b""  # a double-byte character cut in two where an over-long line was read in pieces
    while True:
        piece = stream.readline(MAX_LINE_BYTES + 3)
        if not piece:
            return not held
        # a piece of a line longer than the limit (refused as E-LINE-TOO-LONG when it is parsed):
        # its last character may go on in the next piece
        cut = len(piece) == MAX_LINE_BYTES + 3 and not piece.endswith(b"\n")
        line, held = held + piece, b""
        if not line.isascii() and not cut:
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                return False
        try:
            decoded = strict_decode(line, "cp932", final=not cut)
        except UnicodeDecodeError:
            return False
        if cut:
            held = line[len(decoded.encode("cp932")) :]
        if looks_misread(tail + decoded):
            return False
        tail = decoded[-1:] or tail


# --------------------------------------------------------------------------- UTF-16 and UTF-32

# Byte order marks, the four-byte ones first: FF FE 00 00 (UTF-32LE) begins with FF FE (UTF-16LE).
_WIDE_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "UTF-32LE"),
    (codecs.BOM_UTF32_BE, "UTF-32BE"),
    (codecs.BOM_UTF16_LE, "UTF-16LE"),
    (codecs.BOM_UTF16_BE, "UTF-16BE"),
)
# Without a mark: (name, code unit size, the positions in a unit that are 0 for an ASCII character).
_WIDE_UNITS: tuple[tuple[str, int, tuple[int, ...]], ...] = (
    ("UTF-32LE", 4, (1, 2, 3)),
    ("UTF-32BE", 4, (0, 1, 2)),
    ("UTF-16LE", 2, (1,)),
    ("UTF-16BE", 2, (0,)),
)
WIDE_SAMPLE = 4096  # bytes looked at from the start of a file
_TEXT_CONTROLS = frozenset("\t\n\r\f")


@dataclass(frozen=True)
class WideText:
    """A text file in UTF-16 or UTF-32: its encoding, its byte order mark (None without one) and
    the byte offset that shows it (0 for a mark, else the first NUL byte)."""

    encoding: str
    bom: bytes | None
    offset: int

    def refusal(self, file: str) -> InputRefused:
        """E-ENCODING-UTF16 (a mark) or E-ENCODING-UTF16-NO-BOM at line 1 of `file`."""
        if self.bom is not None:
            return InputRefused.one(
                file, "E-ENCODING-UTF16", 1, encoding=self.encoding, bom=self.bom.hex(" ").upper(), offset=0
            )
        return InputRefused.one(
            file, "E-ENCODING-UTF16-NO-BOM", 1, encoding=self.encoding, offset=self.offset
        )


def _reads_as_text(sample: bytes, codec: str) -> bool:
    """True when `sample` decodes strictly as `codec` (a unit cut at its end allowed) into text:
    no control character but tab, line breaks and form feed, nothing unassigned or private."""
    try:
        text = codecs.getincrementaldecoder(codec)(errors="strict").decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return bool(text) and not any(
        (unicodedata.category(ch) in ("Cc", "Cn", "Co") and ch not in _TEXT_CONTROLS) for ch in text
    )


def wide_text(head: bytes) -> WideText | None:
    """What shows `head` (a file's first bytes) to be UTF-16 or UTF-32 text, or None.

    A byte order mark (FF FE, FE FF, FF FE 00 00, 00 00 FE FF) decides. Without one, the text
    must show it: at least one code unit in eight is an ASCII character in that encoding (CSV,
    JSON and YAML have ASCII punctuation, digits and keys), or one is a line break (Japanese
    text), and the whole sample reads as text in it. A UTF-8 file with a stray NUL (refused as
    E-NUL) or a binary file does not.
    """
    for bom, name in _WIDE_BOMS:
        if head.startswith(bom):
            return WideText(name, bom, 0)
    sample = head[:WIDE_SAMPLE]
    first_nul = sample.find(b"\x00")
    if first_nul < 0:
        return None
    for name, size, zero_at in _WIDE_UNITS:
        units = len(sample) // size
        if units < 2:
            continue
        (low,) = (j for j in range(size) if j not in zero_at)  # where an ASCII character's byte is
        ascii_units = [
            sample[i + low]
            for i in range(0, units * size, size)
            if 0 < sample[i + low] < 0x80 and all(sample[i + j] == 0 for j in zero_at)
        ]
        # mostly ASCII, or (Japanese text) a line break in the encoding
        shown = len(ascii_units) * 8 >= units or 0x0A in ascii_units
        if len(ascii_units) >= 2 and shown and _reads_as_text(sample[: units * size], name.lower()):
            return WideText(name, None, first_nul)
    return None


def refuse_wide(head: bytes, file: str) -> None:
    """Raise InputRefused (E-ENCODING-UTF16, E-ENCODING-UTF16-NO-BOM) when `head` is UTF-16/32 text."""
    found = wide_text(head)
    if found is not None:
        raise found.refusal(file)


def choose_encoding(path: Path, given: str | None = None, file: str | None = None) -> str:
    """Decide a text file's encoding once, from the whole file (SPEC §4).

    A UTF-16 or UTF-32 file is refused first, whatever `given` says: InputRefused
    E-ENCODING-UTF16 (E-ENCODING-UTF16-NO-BOM) naming `file` (default: the path's name).

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
        return decide(stream, given, file or path.name)


def decide(stream: BinaryIO, given: str | None = None, file: str = "-") -> str:
    """`choose_encoding` for an open binary stream positioned at its start (`file` names it in
    a refusal)."""
    refuse_wide(stream.read(WIDE_SAMPLE), file)
    stream.seek(0)
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
