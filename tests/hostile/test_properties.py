"""R10/R20 as properties where the class is open-ended: mixed encodings through each text
importer, lone surrogates in JSON and YAML, numbers a float does not hold.

The encoding rule checked (SPEC §4): a file that is UTF-8 throughout is read as UTF-8; else it
imports only when every text comes back exactly as written (clean CP932); otherwise it is
refused (E-ENCODING) at the first line that is not UTF-8."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reviewer.core.errors import InputRefused
from reviewer.importers import (
    assessment_sheet,
    benchmark_csv,
    fleet_report,
    hf_eval_results,
    jsonstrict,
    lm_eval,
)
from reviewer.importers.base import ParseContext
from reviewer.importers.numbers import MAX_SIGNIFICANT, LossyFloat
from reviewer.importers.textenc import GIVEN_ENCODINGS, choose_encoding, strict_decode
from reviewer.importers.yamlsafe import load_yaml

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# A Latin word joined to a Japanese one, as company names are written ("Acmeロボ"); Japanese
# alone; Latin alone. Every character here exists in both UTF-8 and CP932.
_latin = st.text("AcmeXYZ", min_size=1, max_size=5)
_japanese = st.text("ロボ髙橋①～物流ｶﾅ漢ア", min_size=1, max_size=5)
_name = st.one_of(
    st.builds(lambda a, b: a + b, _latin, _japanese),
    st.builds(lambda a, b: a + b, _japanese, _latin),
    _japanese,
    _latin,
).filter(lambda s: s.strip() == s)


def _first_not_utf8(lines: list[bytes]) -> int | None:
    for number, line in enumerate(lines, start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return number
    return None


FORMATS: dict[
    str, tuple[list[str], Callable[[str, int], list[str]], Callable[..., Iterator[object]], str]
] = {
    "fleet-report": (
        ["period", "industry", "operator", "robots_deployed", "robots_active", "operating_hours"],
        lambda name, i: [f"2027-{1 + i % 12:02d}", "LOG", f"{name}{i}", "10", "8", "1.5"],
        fleet_report.parse,
        "operator",
    ),
    "benchmark-csv": (
        ["model", "benchmark", "metric", "value"],
        lambda name, i: ["acme/robo", f"{name}{i}", "acc", "0.5"],
        benchmark_csv.parse,
        "names",
    ),
    "assessment-sheet": (
        ["reviewer", "fy", "target", "rating", "positive", "issues", "recommendations"],
        lambda name, i: ["R1", "2027", f"T{i}", "", name, "", ""],
        assessment_sheet.parse,
        "positive",
    ),
}


def _text_of(record: object, field: str) -> str:
    value = getattr(record, field)
    return value[0] if field == "names" else value


@SETTINGS
@pytest.mark.parametrize("fmt", list(FORMATS))
@given(
    names=st.lists(_name, min_size=1, max_size=6),
    base=st.sampled_from(["utf-8", "cp932"]),
    other_lines=st.sets(st.integers(0, 5), max_size=3),
)
def test_a_file_of_mixed_encodings_is_read_as_written_or_refused_at_the_first_non_utf8_line(
    tmp_path: Path, fmt: str, names: list[str], base: str, other_lines: set[int]
) -> None:
    header, row, parse, field = FORMATS[fmt]
    other = "cp932" if base == "utf-8" else "utf-8"
    lines: list[bytes] = []
    for index, line in enumerate([header, *(row(name, i) for i, name in enumerate(names))]):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(line)
        lines.append(buffer.getvalue().encode(other if index - 1 in other_lines else base))
    path = tmp_path / "f.csv"
    path.write_bytes(b"".join(lines))
    ctx = ParseContext("f.csv", resolve_industry=lambda text: "LOG" if text == "LOG" else None)
    try:
        records = list(parse(path, ctx))
    except InputRefused as exc:
        first = _first_not_utf8(lines)
        assert first is not None, exc.problems
        assert [(p.code, p.line) for p in exc.problems] == [("E-ENCODING", first)]
        return
    column = header.index(field if field != "names" else "benchmark")
    expected = [row(name, i)[column] for i, name in enumerate(names)]
    if _first_not_utf8(lines) is None:
        # SPEC §4: a file that decodes as UTF-8 throughout is UTF-8, even where its bytes were
        # written as CP932 (`ﾅ①` is also UTF-8 `Ň@`): the import line names the encoding used.
        expected = [r[column] for r in csv.reader(io.StringIO(b"".join(lines).decode("utf-8")))][1:]
        assert ctx.encoding == "utf-8"
    assert [_text_of(r, field) for r in records] == expected
    assert ctx.encoding in {"utf-8", "cp932"}


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.one_of(st.characters(exclude_categories=("Cs",)), st.integers(0xD800, 0xDFFF)), max_size=12)
)
def test_json_strings_with_any_escapes_are_kept_exactly_or_refused_for_a_lone_surrogate(
    parts: list[str | int],
) -> None:
    # Build the JSON text by hand: characters as they are (escaped where JSON needs), surrogate
    # code units as \uXXXX escapes, which may or may not pair up.
    body = "".join(f"\\u{p:04x}" if isinstance(p, int) else json.dumps(p)[1:-1] for p in parts)
    text = '{"key": "' + body + '"}'
    units = "".join(chr(p) if isinstance(p, int) else p for p in parts)
    try:
        meant = units.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        meant = None
    try:
        value = jsonstrict.loads(text, "f.json")
    except InputRefused as exc:
        assert meant is None
        assert {p.code for p in exc.problems} == {"E-SURROGATE"}
        assert exc.problems[0].line == 1
        return
    assert value == {"key": meant}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(list("aé髙 ")), st.integers(0xD800, 0xDFFF)), max_size=10))
def test_yaml_strings_with_surrogate_escapes_are_joined_or_refused(parts: list[str | int]) -> None:
    body = "".join(f"\\u{p:04x}" if isinstance(p, int) else p for p in parts)
    units = "".join(chr(p) if isinstance(p, int) else p for p in parts)
    try:
        meant = units.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        meant = None
    try:
        value = load_yaml(f'key: "{body}"\n', "f.yaml", allow_aliases=False)
    except InputRefused as exc:
        assert meant is None
        assert [(p.code, p.line) for p in exc.problems] == [("E-SURROGATE", 1)]
        return
    assert value == {"key": meant}


@settings(max_examples=200, deadline=None)
@given(
    digits=st.text("0123456789", min_size=1, max_size=40),
    point=st.integers(0, 40),
    exponent=st.integers(-500, 400),
)
def test_a_json_number_is_a_float_as_written_or_marked(digits: str, point: int, exponent: int) -> None:
    point = min(point, len(digits))
    literal = (digits[:point] or "0") + "." + (digits[point:] or "0") + f"e{exponent}"
    literal = literal.lstrip("0") if not literal.startswith("0.") else literal
    assume(literal[0].isdigit() and not (literal[0] == "0" and literal[1:2].isdigit()))
    try:
        value = jsonstrict.loads(literal, "f.json")
    except InputRefused as exc:
        assert {p.code for p in exc.problems} == {"E-NOT-FINITE"}
        return
    significant = (digits.lstrip("0")).rstrip("0")
    if isinstance(value, LossyFloat):
        assert value.text == literal
        assert (value == 0.0 and significant) or len(significant) > MAX_SIGNIFICANT
    else:
        assert len(significant) <= MAX_SIGNIFICANT
        assert not (value == 0.0 and significant)


def _first_not(lines: list[bytes], encoding: str) -> int | None:
    """The first line (1-based) that does not decode strictly in `encoding`, cp932's strays too."""
    for number, line in enumerate(lines, start=1):
        try:
            strict_decode(line, encoding)
        except UnicodeDecodeError:
            return number
    return None


@SETTINGS
@pytest.mark.parametrize("fmt", list(FORMATS))
@given(
    names=st.lists(_name, min_size=1, max_size=6),
    base=st.sampled_from(["utf-8", "cp932"]),
    other_lines=st.sets(st.integers(0, 5), max_size=3),
    given_encoding=st.sampled_from(GIVEN_ENCODINGS),
)
def test_a_named_encoding_reads_every_line_in_it_or_refuses_the_first_line_it_does_not_hold(
    tmp_path: Path, fmt: str, names: list[str], base: str, other_lines: set[int], given_encoding: str
) -> None:
    # SPEC §4: `--encoding` overrides the decision, never the strictness
    header, row, parse, field = FORMATS[fmt]
    other = "cp932" if base == "utf-8" else "utf-8"
    lines: list[bytes] = []
    for index, line in enumerate([header, *(row(name, i) for i, name in enumerate(names))]):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(line)
        lines.append(buffer.getvalue().encode(other if index - 1 in other_lines else base))
    path = tmp_path / "f.csv"
    path.write_bytes(b"".join(lines))
    ctx = ParseContext(
        "f.csv", resolve_industry=lambda text: "LOG" if text == "LOG" else None, given_encoding=given_encoding
    )
    first_bad = _first_not(lines, given_encoding)
    try:
        records = list(parse(path, ctx))
    except InputRefused as exc:
        codes = [(p.code, p.line) for p in exc.problems]
        if first_bad is not None:
            assert codes == [("E-ENCODING-GIVEN", first_bad)]
            return
        # every byte held: only what the text (read as told) says may be refused, never its bytes
        assert all(code not in {"E-ENCODING", "E-ENCODING-GIVEN"} for code, _line in codes), codes
        return
    assert first_bad is None
    assert ctx.encoding == given_encoding
    column = header.index(field if field != "names" else "benchmark")
    decoded = b"".join(lines).decode(given_encoding)
    expected = [r[column] for r in csv.reader(io.StringIO(decoded))][1:]
    assert [_text_of(r, field) for r in records] == expected


def _lm_eval_lines(names: list[str]) -> tuple[list[str], list[int]]:
    """lm-eval results, one task a line: the texts and the lines holding a name."""
    body = [f'  "{name}": {{"alias": "{name}", "acc,none": 0.5}}' for name in names]
    texts = ['{"results": {', *(b + ("," if i < len(body) - 1 else "") for i, b in enumerate(body))]
    return [*texts, '}, "config": {"model_args": "pretrained=acme/robo"}}'], list(range(1, 1 + len(names)))


def _eval_results_lines(names: list[str]) -> tuple[list[str], list[int]]:
    """A Hub `.eval_results` YAML file, one entry a name: the texts and the lines holding one."""
    texts: list[str] = []
    for name in names:
        texts += [f'- dataset: {{id: "{name}", task_id: main}}', "  value: 0.5"]
    return texts, list(range(0, 2 * len(names), 2))


DOCUMENTS: dict[
    str, tuple[Callable[[list[str]], tuple[list[str], list[int]]], Callable[..., Iterator[object]], str]
] = {
    "lm-eval": (_lm_eval_lines, lm_eval.parse, "results.json"),
    "hf-eval-results": (_eval_results_lines, hf_eval_results.parse, "gpqa.yaml"),
}


@SETTINGS
@pytest.mark.parametrize("fmt", list(DOCUMENTS))
@given(
    names=st.lists(_name, min_size=1, max_size=5, unique=True),
    encodings=st.lists(st.sampled_from(["utf-8", "cp932"]), min_size=5, max_size=5),
    given_encoding=st.sampled_from([None, *GIVEN_ENCODINGS]),
)
def test_a_document_of_mixed_encodings_is_read_as_decided_or_named_or_refused_at_its_line(
    tmp_path: Path, fmt: str, names: list[str], encodings: list[str], given_encoding: str | None
) -> None:
    # each line written in its own encoding; read with and without `--encoding`
    build, parse, file = DOCUMENTS[fmt]
    texts, named = build(names)
    lines = [(text + "\n").encode(encodings[i % len(encodings)]) for i, text in enumerate(texts)]
    path = tmp_path / file
    path.write_bytes(b"".join(lines))
    ctx = ParseContext(file, model="acme/robo", given_encoding=given_encoding)
    try:
        records = list(parse(path, ctx))
    except InputRefused as exc:
        [problem] = exc.problems
        if given_encoding is not None:
            assert (problem.code, problem.line) == ("E-ENCODING-GIVEN", _first_not(lines, given_encoding))
        else:
            assert (problem.code, problem.line) == ("E-ENCODING", _first_not(lines, "utf-8"))
            assert choose_encoding(path) == "utf-8"  # neither UTF-8 throughout nor clean CP932
        return
    used = given_encoding or ctx.encoding
    assert used in {"utf-8", "cp932"} and ctx.encoding == used
    if given_encoding is None and used == "cp932":
        assert _first_not(lines, "utf-8") is not None  # CP932 only when UTF-8 does not read it
    expected = [lines[i].decode(used).split('"')[1] for i in named]
    assert sorted(r.names[0] for r in records) == sorted(expected)  # type: ignore[attr-defined]
