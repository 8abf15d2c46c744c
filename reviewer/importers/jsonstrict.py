"""Strict JSON reading: duplicate keys, non-finite numbers and bad bytes refused at their place."""

from __future__ import annotations

import io
import json
import math
import re
from pathlib import Path
from typing import NoReturn

from reviewer import messages
from reviewer.core.errors import InputRefused, ProblemCollector
from reviewer.importers import textenc
from reviewer.importers.base import MAX_DOCUMENT_BYTES, require_regular
from reviewer.importers.numbers import RefusedNumber, checked_float, checked_int

_BOM = b"\xef\xbb\xbf"


class _Flagged(Exception):
    """Raised inside json's hooks: the fast parse saw something that needs the slow scan."""


def _pairs_hook(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Flagged
    return out


def _float_hook(text: str) -> float:
    # A float the store cannot hold as written comes back marked (numbers.LossyFloat) for the
    # field reader to refuse at its place; only short texts that are not zero skip the check.
    value = float(text)
    if math.isinf(value):
        raise _Flagged
    if value == 0.0 or len(text) > 18:
        return checked_float(text)
    return value


def _int_hook(text: str) -> int:
    return int(text) if len(text) < 19 else checked_int(text)


# A JSON escape of a UTF-16 surrogate: json turns a valid pair into one character and keeps a
# lone one as it is, which no encoder will write; only such texts need the scan for them.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _constant_hook(_text: str) -> float:
    raise _Flagged


# Built once: json.loads with hooks would build a new decoder on every call.
_DECODER = json.JSONDecoder(
    object_pairs_hook=_pairs_hook, parse_float=_float_hook, parse_int=_int_hook, parse_constant=_constant_hook
)
_PLAIN_DECODER = json.JSONDecoder(parse_constant=float)


def _first_wins(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pairs:
        out.setdefault(key, value)
    return out


def _refused_float(text: str) -> float:
    value = float(text)
    return RefusedNumber(value) if math.isinf(value) else _float_hook(text)


# Reads on past what the scan refused: a duplicate key's first value, a non-finite number as a
# RefusedNumber, so the value errors of the same file are found in the same pass.
_LENIENT_DECODER = json.JSONDecoder(
    object_pairs_hook=_first_wins,
    parse_float=_refused_float,
    parse_int=_int_hook,
    parse_constant=lambda text: RefusedNumber(float(text)),
)


def _without_lone_surrogates(value: object) -> object:
    """`value` with lone surrogates replaced (U+FFFD): they are refused already, and no later
    step should meet a string that cannot be encoded."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8") if _LONE_SURROGATE.search(value) else value
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {_without_lone_surrogates(k): _without_lone_surrogates(v) for k, v in value.items()}
    return value


def loads(text: str, file: str, *, first_line: int = 1, problems: ProblemCollector | None = None) -> object:
    """Parse one JSON document; ints stay int and floats stay float.

    `first_line` is the file line the text starts on (JSON Lines passes each line's number).
    Raises InputRefused: E-JSON-SYNTAX, E-DUPLICATE-KEY (at the second key), E-NOT-FINITE
    (NaN, Infinity, or a number that overflows such as 1e400), E-NUMBER-TOO-LONG, E-SURROGATE
    (a string holding a lone surrogate escape such as `\\ud800`). Numbers a float or a 64-bit
    integer cannot hold as written come back marked (see `reviewer.importers.numbers`).
    With `problems`, duplicate keys, non-finite numbers and lone surrogates go there (each at
    its place) and the document is still returned (a duplicate's first value; a RefusedNumber;
    U+FFFD), so the caller adds its value errors and all of them are reported in one pass.
    Syntax errors always raise.
    """
    # The common path is json.loads with cheap hooks; the hooks only raise a marker, and the
    # positions are found by a slower scan of that one text afterwards.
    try:
        value = _DECODER.decode(text)
    except _Flagged:
        # The hooks stop at the first flag, so the rest of the text is not checked yet:
        # a plain parse proves it is well formed before the scan, which relies on that.
        try:
            _PLAIN_DECODER.decode(text)
        except ValueError as exc:
            _refuse_syntax(text, file, first_line, exc)
        except RecursionError:
            raise InputRefused.one(
                file, "E-JSON-SYNTAX", first_line, reason=messages.phrase("reason-nested-too-deeply")
            ) from None
    except ValueError as exc:
        _refuse_syntax(text, file, first_line, exc)
    except RecursionError:
        raise InputRefused.one(
            file, "E-JSON-SYNTAX", first_line, reason=messages.phrase("reason-nested-too-deeply")
        ) from None
    else:
        if _SURROGATE_ESCAPE.search(text) is None:
            return value
        found = ProblemCollector(file)
        _scan(text, found, first_line)
        if not found:
            return value  # the escapes were valid pairs
        return _collected(text, found, problems)
    found = ProblemCollector(file)
    _scan(text, found, first_line)
    if not found:
        raise AssertionError("the JSON hooks flagged a problem that the scan did not find")
    return _collected(text, found, problems)


def _collected(text: str, found: ProblemCollector, into: ProblemCollector | None) -> object:
    """Raise what the scan found, or (with `into`) pass it on and read the document leniently."""
    if into is None:
        found.raise_if_any()
    assert into is not None
    for problem in found.problems:
        into.add(problem.code, problem.line, problem.column, **problem.params)
    into.total += found.total - len(found.problems)
    return _without_lone_surrogates(_LENIENT_DECODER.decode(text))


def _refuse_syntax(text: str, file: str, first_line: int, exc: ValueError) -> NoReturn:
    """Raise the refusal for a json.loads failure."""
    if isinstance(exc, json.JSONDecodeError):
        raise InputRefused.one(
            file, "E-JSON-SYNTAX", first_line + exc.lineno - 1, exc.colno, reason=exc.msg
        ) from None
    # int() refuses digit strings beyond sys.get_int_max_str_digits.
    raise InputRefused.one(file, "E-NUMBER-TOO-LONG", first_line) from None


_TOKEN = re.compile(
    r"""
    (?P<space>[ \t\r\n]+)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<number>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)
  | (?P<constant>-?Infinity|NaN)
  | (?P<literal>true|false|null)
  | (?P<punct>[{}\[\]:,])
    """,
    re.VERBOSE | re.DOTALL,
)


def _scan(text: str, problems: ProblemCollector, first_line: int) -> None:
    """Find every duplicate key and non-finite number in `text`, which json already accepted.

    Only reached when the fast path flagged something, so it favours clarity over speed.
    """
    # One entry per open container: the keys seen so far (None for an array) and whether the
    # next string in an object is a key.
    stack: list[tuple[set[str] | None, list[bool]]] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:  # pragma: no cover - json.loads accepted this text
            return
        kind = match.lastgroup
        token = match.group()
        if kind == "punct":
            if token in "{[":
                stack.append((set() if token == "{" else None, [token == "{"]))
            elif token in "}]":
                stack.pop()
            elif token == "," and stack and stack[-1][0] is not None:
                stack[-1][1][0] = True
        elif kind == "string":
            decoded = json.loads(token)
            lone = _LONE_SURROGATE.search(decoded)
            if lone is not None:
                line, column = _position(text, pos, first_line)
                problems.add("E-SURROGATE", line, column, value=f"\\u{ord(lone.group()):04x}")
            if stack and stack[-1][0] is not None and stack[-1][1][0]:
                keys, expecting = stack[-1]
                expecting[0] = False
                assert keys is not None
                if decoded in keys:
                    line, column = _position(text, pos, first_line)
                    problems.add(
                        "E-DUPLICATE-KEY", line, column, key=decoded.encode("utf-8", "replace").decode()
                    )
                keys.add(decoded)
        elif kind == "constant" or (kind == "number" and math.isinf(float(token))):
            line, column = _position(text, pos, first_line)
            problems.add("E-NOT-FINITE", line, column, value=token)
        pos = match.end()


def _position(text: str, pos: int, first_line: int) -> tuple[int, int]:
    """The 1-based line (offset by first_line) and column of `pos`, as json reports them."""
    line = first_line + text.count("\n", 0, pos)
    column = pos - text.rfind("\n", 0, pos)
    return line, column


def read_text(
    path: Path, file: str, *, given: str | None = None, max_bytes: int = MAX_DOCUMENT_BYTES
) -> tuple[str, str]:
    """Read a whole text document; return (text, encoding): utf-8, utf-8-sig or cp932.

    The encoding is decided once for the whole file as for CSV (SPEC §4), or is `given`
    (`--encoding`). Raises InputRefused: E-ENCODING-UTF16 (-NO-BOM: a UTF-16 or UTF-32 file,
    whatever is given), E-NOT-A-FILE (a device, FIFO, socket or folder),
    E-TOO-LARGE (over `max_bytes`), E-NUL (a NUL byte, at its line), E-ENCODING (neither
    UTF-8 nor clean CP932, at the line of the first byte that is not UTF-8) or E-ENCODING-GIVEN
    (a byte the given encoding does not hold, at its line and column), E-NO-DATA (empty or blank).
    """
    require_regular(path, file)
    size = path.stat().st_size
    if size > max_bytes:
        raise InputRefused.one(file, "E-TOO-LARGE", size=size, limit=max_bytes)
    with path.open("rb") as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:  # the file grew after stat
        raise InputRefused.one(file, "E-TOO-LARGE", size=len(data), limit=max_bytes)
    encoding = textenc.decide(io.BytesIO(data), given, file)
    skipped = 0
    if encoding == "utf-8-sig":
        data = data[len(_BOM) :]
        skipped = len(_BOM)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputRefused.one(file, "E-NUL", data.count(b"\n", 0, nul) + 1)
    try:
        text = textenc.strict_decode(data, "utf-8" if encoding == "utf-8-sig" else encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        code = textenc.refusal_code(given)
        name = "UTF-8" if given is None else encoding.removesuffix("-sig")
        raise InputRefused.one(file, code, line, column, encoding=name, offset=exc.start + skipped) from None
    if not text.strip():
        raise InputRefused.one(file, "E-NO-DATA")
    return text, encoding


def load_file(path: Path, display_name: str) -> object:
    """Read and parse a JSON file of at most 50 MiB (UTF-8, a BOM allowed).

    Raises InputRefused with the codes of `read_text` and `loads`.
    """
    text, _encoding = read_text(path, display_name)
    return loads(text, display_name)


def head_text(head: bytes) -> str:
    """The first bytes of a file as text for sniffing: BOM dropped, a cut last character ignored."""
    if head.startswith(_BOM):
        head = head[len(_BOM) :]
    return head.decode("utf-8", errors="ignore").lstrip()


def head_object(head: bytes) -> dict[str, object] | None:
    """The top-level JSON object when `head` holds the whole of one, else None (never raises).

    Sniffers use it to look at real keys instead of guessing from text when the file is small.
    """
    text = head_text(head)
    if not text.startswith("{"):
        return None
    try:
        value = _PLAIN_DECODER.decode(text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None
